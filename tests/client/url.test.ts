/**
 * parseLink: every URL parameter a link can carry is either used or reset to its default with one
 * plain sentence saying what is shown instead; never a validation message, never silently.
 */
import { describe, expect, it } from 'vitest';
import {
  ALL_LAYERS,
  ALPHAS,
  areaFromLink,
  chooseArea,
  DEFAULT_LAYERS,
  DEFAULT_PERIOD,
  defaultState,
  parseLink,
  periodWindow,
  presetFor,
  quoteValue,
  serializeState,
  WARD_SHADES,
  type AppState,
  type ParseContext,
} from '../../client/src/state/url';
import { monthFromIndex, monthIndex } from '../../geo/month';
import { createRng } from '../../geo/random';

const ctx: ParseContext = {
  firstMonth: '2023-01',
  lastMonth: '2025-11',
  resolutions: [7, 8, 9, 10],
  harms: ['all', 'violence', 'asb'],
  categories: ['drugs', 'anti-social-behaviour'],
  weights: ['count', 'cchi'],
  wards: ['E05014873'],
  defaultHarmLabel: 'Violence',
};
const parse = (q: string) => parseLink(q, ctx);

describe('parseLink', () => {
  it('reads a link it wrote itself back to the same state, with no notice', () => {
    const q =
      '?harm=asb&weight=cchi&asbWeight=2&period=3&from=2025-09&to=2025-11&res=10&alpha=0.01&layers=hexes,lsoa&shade=imd&v=-1.30000,54.57000,12.50&ward=E05014873&cell=8a194e6a1a1ffff&table=wards&basemap=offline';
    const { state, notices } = parse(q);
    expect(notices).toEqual([]);
    expect(serializeState(state)).toBe(q);
  });

  it('the issue’s link: each bad part gets its own plain sentence and the default', () => {
    const { state, notices } = parse('?harm=banana&weight=zzz&layer=nope&from=2025-13&res=99');
    expect(notices).toEqual([
      'The link asked for a harm type this atlas does not have (“banana”), so the map shows Violence',
      'The link asked for a weighting this atlas does not have (“zzz”), so the map counts every incident once',
      'The link asked for a start month that is not a month written like 2025-06 (“2025-13”), so the map shows the last 6 months',
      'The link asked for a cell size this atlas does not have (“99”), so the map uses the standard 400 m cells',
      'The link asked for a map layer this atlas does not have (“nope”), so the map shows the hotspots and ward boundaries',
    ]);
    expect(state.harm).toBe('violence');
    expect(state.weight).toBe('count');
    expect([state.period, state.from, state.to]).toEqual(['6', '2025-06', '2025-11']);
    expect(state.res).toBe('auto');
    expect([...state.layers]).toEqual(['hotspots', 'wardLines']);
    for (const n of notices) expect(n).not.toMatch(/Invalid|expected|undefined|NaN/);
  });

  it('an unknown category names the default harm type', () => {
    const { state, notices } = parse('?cat=banana-split');
    expect(state.harm).toBe('violence');
    expect(notices).toEqual(['The link asked for a crime category this atlas does not hold (“banana-split”), so the map shows Violence']);
    expect(parse('?cat=drugs').state.harm).toBe('cat:drugs');
  });

  it('keeps the known layers of a list and says which were left out; an empty list is a choice', () => {
    const mixed = parse('?layers=hexes,nope,lsoa,zzz');
    expect([...mixed.state.layers]).toEqual(['hexes', 'lsoa']);
    expect(mixed.notices).toEqual(['The link asked for map layers this atlas does not have (“nope, zzz”), so it is left out']);
    const none = parse('?layers=');
    expect(none.state.layers.size).toBe(0);
    expect(none.notices).toEqual([]);
  });

  it('a start after the end, or months outside the data, fall back to the preset or the default', () => {
    expect(parse('?from=2025-06&to=2025-03').notices).toEqual([
      'The link’s start month (Jun 2025) is after its end month (Mar 2025), so the map shows the last 6 months',
    ]);
    const withPreset = parse('?period=3&from=2025-06&to=2025-03');
    expect([withPreset.state.period, withPreset.state.from, withPreset.state.to]).toEqual(['3', '2025-09', '2025-11']);
    expect(withPreset.notices).toEqual([
      'The link’s start month (Jun 2025) is after its end month (Mar 2025), so the map shows the last 3 months',
    ]);
    const outside = parse('?from=2020-01&to=2020-06');
    expect([outside.state.from, outside.state.to]).toEqual(['2025-06', '2025-11']);
    expect(outside.notices).toEqual([
      'The link asked for Jan–Jun 2020, but the data held run from Jan 2023 to Nov 2025, so the map shows the last 6 months',
    ]);
  });

  it('a window partly outside the data is trimmed to it, and says so', () => {
    const { state, notices } = parse('?from=2022-10&to=2023-03');
    expect([state.from, state.to, state.period]).toEqual(['2023-01', '2023-03', 'custom']);
    expect(notices).toEqual([
      'The link asked for Oct 2022–Mar 2023, but the data held run from Jan 2023 to Nov 2025, so the map shows Jan–Mar 2023',
    ]);
    const fy = parse('?period=fy2022');
    expect([fy.state.from, fy.state.to, fy.state.period]).toEqual(['2023-01', '2023-03', 'fy2022']);
    expect(fy.notices).toEqual([
      'The link asked for financial year 2022/23, but the data held run from Jan 2023 to Nov 2025, so the map shows Jan–Mar 2023',
    ]);
  });

  it('one month of a pair, an unknown period, a year with no data', () => {
    expect(parse('?to=2025-03').notices).toEqual(['The link gave an end month but no start month, so the map shows the last 6 months']);
    expect(parse('?period=week').notices).toEqual([
      'The link asked for a period this atlas does not offer (“week”), so the map shows the last 6 months',
    ]);
    const old = parse('?period=fy2015');
    expect(old.state.period).toBe('6');
    expect(old.notices).toEqual([
      'The link asked for financial year 2015/16, but the data held run from Jan 2023 to Nov 2025, so the map shows the last 6 months',
    ]);
    const fine = parse('?period=12');
    expect([fine.state.from, fine.state.to, fine.notices]).toEqual(['2024-12', '2025-11', []]);
  });

  it('significance level, ASB weight, shading, view, ward, cell, table and basemap', () => {
    const { state, notices } = parse('?alpha=0.2&asbWeight=-3&shade=pink&v=1,2&ward=E05099999&cell=zz&table=chairs&basemap=ftp://x');
    expect(notices).toEqual([
      'The link asked for an ASB weight that is not a number of 0 or more (“-3”), so the weighting’s own ASB weight is used',
      'The link asked for a significance level this atlas does not offer (“0.2”), so the map uses 95% confidence',
      'The link asked for a ward shading this atlas does not have (“pink”), so the wards are not shaded',
      'The link’s map position could not be read, so the map shows the whole area',
      'The link asked for a ward this atlas does not hold (“E05099999”), so no ward is open',
      'The link asked for a map cell that does not exist (“zz”), so no cell is picked',
      'The link asked for a table this atlas does not have (“chairs”), so the table stays closed',
      'The link asked for a basemap this atlas cannot use (“ftp://x”), so the map uses the standard one',
    ]);
    expect([state.alpha, state.asbWeight, state.shade, state.view, state.ward, state.cell, state.table, state.basemap]).toEqual([
      0.05,
      null,
      'none',
      null,
      null,
      null,
      'none',
      'auto',
    ]);
  });

  it('names settings it does not know, once each, and quotes values safely', () => {
    expect(parse('?foo=1&foo=2&bar=').notices).toEqual([
      'The link has settings this atlas does not know (“foo”, “bar”), so they are ignored',
    ]);
    expect(quoteValue('<script>alert(1)</script>')).toBe('“script alert(1) /script”');
    expect(quoteValue('x'.repeat(50))).toBe(`“${'x'.repeat(40)}…”`);
  });
});

describe('serializeState and parseLink over many generated states', () => {
  const rng = createRng(1234567);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
  const lastMonth = ctx.lastMonth;
  const first = monthIndex(ctx.firstMonth);
  const last = monthIndex(lastMonth);

  /** A state a user can reach: every field valid for ctx, the period named as parseLink names it. */
  function randomState(): AppState {
    let period: string;
    let from: string;
    let to: string;
    const kind = rng.int(3);
    if (kind === 0) {
      period = pick(['1', '3', '6', '12']);
      ({ from, to } = periodWindow(period, lastMonth)!);
    } else if (kind === 1) {
      // Only the financial years the data hold whole: a trimmed one is a custom window once reloaded.
      period = pick(['fy2023', 'fy2024']);
      ({ from, to } = periodWindow(period, lastMonth)!);
    } else {
      const a = first + rng.int(last - first + 1);
      const b = a + rng.int(last - a + 1);
      from = monthFromIndex(a);
      to = monthFromIndex(b);
      period = presetFor(from, to, lastMonth);
    }
    const round = (x: number, dp: number) => Math.round(x * 10 ** dp) / 10 ** dp;
    return {
      harm: rng.next() < 0.3 ? `cat:${pick(ctx.categories!)}` : pick(ctx.harms!),
      weight: pick(ctx.weights!),
      asbWeight: pick([null, 0, 1, 2.5, round(rng.next() * 100, 3)]),
      period,
      from,
      to,
      res: rng.next() < 0.4 ? 'auto' : pick(ctx.resolutions),
      alpha: pick(ALPHAS),
      layers: new Set(ALL_LAYERS.filter(() => rng.next() < 0.5)),
      shade: pick(WARD_SHADES),
      view:
        rng.next() < 0.3
          ? null
          : { lon: round(rng.next() * 360 - 180, 5), lat: round(rng.next() * 168 - 84, 5), zoom: round(rng.next() * 22, 2) },
      ward: rng.next() < 0.5 ? null : pick(ctx.wards!),
      cell: rng.next() < 0.5 ? null : Array.from({ length: 15 }, () => '0123456789abcdef'[rng.int(16)]).join(''),
      table: pick(['none', 'hotspots', 'wards'] as const),
      // URLs with characters a query string must escape.
      basemap: pick(['auto', 'offline', 'https://tiles.example/style.json?key=a&b=c,d', 'http://localhost:8080/s p#x']),
      area: null,
    };
  }

  it('parse(serialize(s)) is s, with no notice, for 500 generated states', () => {
    for (let i = 0; i < 500; i++) {
      const s = randomState();
      const q = serializeState(s);
      const back = parse(q);
      expect(back.notices, q).toEqual([]);
      expect(back.state, q).toEqual(s);
      // Written once more, the link is the same text: a reload does not drift.
      expect(serializeState(back.state)).toBe(q);
    }
  });

  it('ignores parameters it does not know: the state is unchanged and one notice names them', () => {
    for (let i = 0; i < 100; i++) {
      const s = randomState();
      const extra = `utm_source=x${i}&fbclid=${rng.uint32()}`;
      const q = rng.next() < 0.5 ? `${serializeState(s)}&${extra}` : `?${extra}&${serializeState(s).slice(1)}`;
      const back = parse(q);
      expect(back.state).toEqual(s);
      expect(back.notices).toEqual(['The link has settings this atlas does not know (“utm_source”, “fbclid”), so they are ignored']);
    }
  });

  /** One parameter made invalid, and what that field must fall back to; every other field stays as linked. */
  const BAD: [param: string, value: string, reset: (s: AppState) => Partial<AppState>][] = [
    ['weight', 'zzz', () => ({ weight: 'count' })],
    ['asbWeight', '-1', () => ({ asbWeight: null })],
    ['asbWeight', 'many', () => ({ asbWeight: null })],
    ['res', '99', () => ({ res: 'auto' })],
    ['res', '9.5', () => ({ res: 'auto' })],
    ['alpha', '0.5', () => ({ alpha: 0.05 })],
    ['alpha', '', () => ({ alpha: 0.05 })],
    ['layers', 'nope', () => ({ layers: new Set(DEFAULT_LAYERS) })],
    ['shade', 'pink', () => ({ shade: 'none' })],
    ['v', '1,2', () => ({ view: null })],
    ['v', '0,89,3', () => ({ view: null })],
    ['v', '0,50,23', () => ({ view: null })],
    ['ward', 'e05014873', () => ({ ward: null })],
    ['ward', 'E05000000', () => ({ ward: null })],
    ['cell', '8A194E6A1A1FFFF', () => ({ cell: null })],
    ['cell', '8a194e6a1a1fff', () => ({ cell: null })],
    ['table', 'chairs', () => ({ table: 'none' })],
    ['basemap', 'javascript:alert(1)', () => ({ basemap: 'auto' })],
    // A bad month keeps the preset the link names, else falls back to the last 6 months.
    [
      'from',
      '2025-13',
      (s) => {
        const w = s.period === 'custom' ? periodWindow(DEFAULT_PERIOD, lastMonth)! : periodWindow(s.period, lastMonth)!;
        return { period: s.period === 'custom' ? DEFAULT_PERIOD : s.period, ...w };
      },
    ],
  ];

  it('an invalid value resets exactly its own field to the default', () => {
    for (const [param, value, reset] of BAD) {
      for (let i = 0; i < 20; i++) {
        const s = randomState();
        const q = new URLSearchParams(serializeState(s));
        q.set(param, value);
        const back = parse(`?${q.toString()}`);
        expect(back.state, `${param}=${value}`).toEqual({ ...s, ...reset(s) });
        expect(back.notices, `${param}=${value}`).toHaveLength(1);
      }
    }
  });

  it('an invalid harm or category resets the harm, whichever of the two the link used', () => {
    for (let i = 0; i < 40; i++) {
      const s = randomState();
      const q = new URLSearchParams(serializeState(s));
      q.set(s.harm.startsWith('cat:') ? 'cat' : 'harm', pick(['banana', 'Violence', 'cat:drugs', '']));
      expect(parse(`?${q.toString()}`).state).toEqual({ ...s, harm: 'violence' });
    }
  });

  it('a bare query, or none, is the default state', () => {
    const d = defaultState(lastMonth);
    expect(parse('').state).toEqual(d);
    expect(parse('?').state).toEqual(d);
    expect(d).toEqual({
      harm: 'violence',
      weight: 'count',
      asbWeight: null,
      period: '6',
      from: '2025-06',
      to: '2025-11',
      res: 'auto',
      alpha: 0.05,
      layers: new Set(['hotspots', 'wardLines']),
      shade: 'none',
      view: null,
      ward: null,
      cell: null,
      table: 'none',
      basemap: 'auto',
      area: null,
    });
  });
});

describe('the study area in the link', () => {
  const held = [
    { code: 'E06000002', name: 'Middlesbrough' },
    { code: 'E06000004', name: 'Stockton-on-Tees' },
  ];
  it('reads a well-formed code only', () => {
    expect(areaFromLink('?area=E06000002&harm=asb')).toBe('E06000002');
    expect(areaFromLink('?area=E0600000')).toBeNull();
    expect(areaFromLink('?area=<script>')).toBeNull();
    expect(areaFromLink('?harm=asb')).toBeNull();
  });
  it('opens the linked area when held, else Stockton-on-Tees, else the first held', () => {
    expect(chooseArea('E06000002', held)).toBe('E06000002');
    expect(chooseArea(null, held)).toBe('E06000004');
    expect(chooseArea('E06000099', held)).toBe('E06000004');
    expect(chooseArea(null, [held[0], { code: 'E06000001', name: 'Hartlepool' }])).toBe('E06000002');
  });
  it('sends no area for a store of one area, so single-area links stay as they were', () => {
    expect(chooseArea(null, [held[1]])).toBeNull();
    expect(chooseArea('E06000004', [held[1]])).toBe('E06000004');
    expect(chooseArea(null, [])).toBeNull();
  });
  it('is written into the link and survives a round trip', () => {
    const ctx = { firstMonth: '2023-01', lastMonth: '2025-11', resolutions: [7, 8, 9, 10], area: 'E06000002' };
    const state = parseLink('?harm=asb', ctx).state;
    expect(state.area).toBe('E06000002');
    const link = serializeState(state);
    expect(new URLSearchParams(link).get('area')).toBe('E06000002');
    expect(parseLink(link, ctx)).toEqual({ state, notices: [] });
    expect(new URLSearchParams(serializeState({ ...state, area: null })).has('area')).toBe(false);
  });
});
