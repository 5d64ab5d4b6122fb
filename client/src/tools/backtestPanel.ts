/**
 * Back-test: for each of the last 12 months, how much of that month's harm fell in the cells our
 * hot spots (Gi* over the 12 months before) flagged, covering 5% of the area at H3 res 9, beside
 * the baseline of last month's raw counts (GET /api/backtest).
 */
import { lineChart } from '../chart';
import { api, plainError, type BacktestResponse as Backtest } from '../api';
import { filterParams } from '../data';
import { h, pct } from '../dom';
import { info, termLabel } from '../glossary';
import { addMonths } from '../../../geo/month';
import { HOT_SPOT_COLOR, NEUTRAL_SERIES_COLOR } from '../../../geo/palette';
import type { AppState } from '../state/url';
import { harmName } from './names';
import type { Tool, ToolDeps } from './toolsPanel';

/** The mean of the months that have a figure (a month with no harm has none); null when none has. */
export function mean(xs: (number | null)[]): number | null {
  const held = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  return held.length ? held.reduce((a, b) => a + b, 0) / held.length : null;
}

export class BacktestPanel implements Tool {
  readonly id = 'backtest';
  readonly label = 'Back-test';
  readonly root = h('section', {});
  private out = h('div', { class: 'tool-out', 'aria-live': 'polite' });
  private key = '';
  private seq = 0;

  constructor(private readonly deps: ToolDeps) {
    this.root.append(
      h(
        'p',
        { class: 'hint' },
        'How good were last month’s hot spots? Each month, the cells our method ranked hottest over the 12 months before, covering 5% of the area (H3 res 9), are scored against what happened that month.',
      ),
      this.out,
    );
  }

  show(s: AppState): void {
    const to = this.deps.meta.lastMonth;
    const from = addMonths(to, -11);
    const key = `${s.harm}|${s.weight}`;
    if (key === this.key) return;
    this.key = key;
    const my = ++this.seq;
    this.root.dataset.state = 'loading';
    this.out.replaceChildren(h('p', { class: 'panel-loading' }, 'Scoring the last 12 months…'));
    api.backtest(filterParams(s), from, to).then(
      (b) => {
        if (my !== this.seq) return;
        this.render(b, harmName(this.deps.meta, s.harm));
        this.root.dataset.state = 'ready';
      },
      (e: unknown) => {
        if (my !== this.seq) return;
        this.key = '';
        this.root.dataset.state = 'error';
        this.out.replaceChildren(h('p', { class: 'tool-error', role: 'alert' }, `The back-test could not be run: ${plainError(e)}.`));
      },
    );
  }

  hide(): void {
    /* nothing on the map */
  }

  private render(b: Backtest, harm: string): void {
    const ms = b.months;
    if (!ms.length) {
      this.out.replaceChildren(h('p', {}, 'Not enough months of data to back-test.'));
      return;
    }
    const months = ms.map((m) => m.month);
    const hit = mean(ms.map((m) => m.hitRate)),
      baseHit = mean(ms.map((m) => m.baseline.hitRate));
    const pai = mean(ms.map((m) => m.pai)),
      basePai = mean(ms.map((m) => m.baseline.pai));
    // Only months where both have a figure can be compared.
    const scored = ms.filter((m) => m.hitRate !== null && m.baseline.hitRate !== null);
    const wins = scored.filter((m) => m.hitRate! > m.baseline.hitRate!).length;
    const r1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
    const paiText = (v: number | null) => (v === null ? '–' : String(r1(v)));
    const pei = mean(ms.map((m) => m.pei)),
      basePei = mean(ms.map((m) => m.baseline.pei));
    const explain = `On average, the ${pct(b.coverage, 0)} of the area our hot spots flag held ${pct(hit, 0)} of the next month’s ${harm.toLowerCase()} (PAI ${paiText(pai)}), against ${pct(baseHit, 0)} (PAI ${paiText(basePai)}) for last month’s busiest cells; ours did better in ${wins} of ${scored.length} months${scored.length < ms.length ? ` (${ms.length - scored.length} had no harm to score)` : ''}.`;
    const peiText =
      pei !== null
        ? `They caught ${pct(pei, 0)} of the most that the same area could have caught (PEI), against ${pct(basePei, 0)} for last month’s busiest cells.`
        : '';
    this.out.replaceChildren(
      h('p', { class: 'tool-summary', id: 'backtest-explain' }, explain, ' ', info('pai')),
      ...(peiText ? [h('p', { class: 'tool-summary', id: 'backtest-pei' }, peiText, ' ', info('pei'))] : []),
      h('h3', {}, termLabel('Hit rate: share of the month’s harm in the flagged cells (%)', 'hitRate')),
      lineChart(
        months,
        [
          { label: 'Our hot spots', color: HOT_SPOT_COLOR, values: ms.map((m) => (m.hitRate === null ? null : r1(m.hitRate * 100))) },
          {
            label: 'Last month’s counts',
            color: NEUTRAL_SERIES_COLOR,
            values: ms.map((m) => (m.baseline.hitRate === null ? null : r1(m.baseline.hitRate * 100))),
            dash: '4 3',
          },
        ],
        `Hit rate by month, ${harm}`,
      ),
      h('h3', {}, termLabel('PAI: hit rate ÷ share of area (higher is better)', 'pai')),
      lineChart(
        months,
        [
          { label: 'Our hot spots', color: HOT_SPOT_COLOR, values: ms.map((m) => r1(m.pai)) },
          { label: 'Last month’s counts', color: NEUTRAL_SERIES_COLOR, values: ms.map((m) => r1(m.baseline.pai)), dash: '4 3' },
        ],
        `Predictive accuracy index by month, ${harm}`,
      ),
      h(
        'p',
        { class: 'hint' },
        'PAI is the predictive accuracy index of Chainey, Tompson & Uhlig (2008, Security Journal): hit rate ÷ share of the area. PEI, the predictive efficiency index (Hunt 2016), compares the hit rate with the best any cells of the same area could have done. These figures use all the months held, not the map’s period.',
      ),
    );
  }
}
