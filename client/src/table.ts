/**
 * A table view of hotspots and wards, synced with the map: choosing a row selects the place on
 * the map (and flies there); choosing a place on the map selects its row. Sortable by any column;
 * keyboard: Tab to the table, arrow keys between rows, Enter or Space to choose, Home/End.
 */
import { cellSizeWords } from '../../geo/cellSize';
import type { OverlapResponse, WardFeature } from './api';
import type { Loaded } from './data';
import { fmt, h } from './dom';
import { info, type TermKey } from './glossary';
import { BIN_COLORS, OVERLAP_LABELS } from './layers/colors';
import { childPovertyIsShare, childPovertyPct } from './scales';
import type { AppState, TableTab } from './state/url';
import { changeText, wardCountText } from './tooltip';
import { wardOfCell } from './cellWard';

interface Col<T> {
  key: string;
  label: string;
  value: (r: T) => number | string | null;
  text?: (r: T) => string;
  numeric?: boolean;
  /** The glossary term the header explains. */
  term?: TermKey;
  /** A key column: kept within a phone's width (the others may scroll). */
  keyCol?: boolean;
  /** Long text that may wrap on a phone. */
  wrap?: boolean;
}

export interface TableHandlers {
  selectCell(h3: string): void;
  selectWard(code: string): void;
  tab(t: TableTab): void;
}

const MAX_ROWS = 300;

export class TablePanel {
  private sort: Record<'hotspots' | 'wards', { key: string; dir: 1 | -1 }> = {
    hotspots: { key: 'z', dir: -1 },
    wards: { key: 'hot', dir: -1 },
  };
  private last: { s: AppState; d: Loaded; harmLabel: string; overlap: OverlapResponse | null } | null = null;
  private shown = false;
  private started = false;

  constructor(
    private el: HTMLElement,
    private on: TableHandlers,
  ) {}

  update(s: AppState, d: Loaded | null, harmLabel: string, overlap: OverlapResponse | null): void {
    this.el.hidden = s.table === 'none';
    // Opening the table moves focus into it, so a keyboard user lands on the rows; a table that
    // a link opened at start-up leaves focus where the page put it.
    const wasStarted = this.started;
    if (d) this.started = true;
    if (s.table === 'none') {
      this.shown = false;
      return;
    }
    if (!d) return;
    const opening = !this.shown && wasStarted;
    this.shown = true;
    this.last = { s, d, harmLabel, overlap };
    this.render();
    if (opening) this.focusRows();
  }

  private focusRows(): void {
    const target =
      this.el.querySelector<HTMLElement>('tbody button.row-btn[tabindex="0"]') ??
      this.el.querySelector<HTMLElement>('[role=tab][aria-selected=true]');
    target?.focus({ preventScroll: false });
  }

  /** Moves focus to the selected row's button (after a map click, when the table is open). */
  focusSelected(): void {
    (this.el.querySelector('tbody button[aria-current="true"]') as HTMLElement | null)?.scrollIntoView({ block: 'nearest' });
  }

  private render(): void {
    if (!this.last) return;
    const { s, d, harmLabel, overlap } = this.last;
    const tab = s.table as 'hotspots' | 'wards';
    const tabs = (['hotspots', 'wards'] as const).map((t) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `tab-${t}`,
          'aria-selected': String(t === tab),
          'aria-controls': 'table-body',
          tabindex: t === tab ? '0' : '-1',
          onclick: () => this.on.tab(t),
          onkeydown: (e: KeyboardEvent) => {
            if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
              e.preventDefault();
              this.on.tab(t === 'hotspots' ? 'wards' : 'hotspots');
              queueMicrotask(() => (this.el.querySelector('[role=tab][aria-selected=true]') as HTMLElement)?.focus());
            }
          },
        },
        t === 'hotspots' ? 'Hotspots' : 'Wards',
      ),
    );
    const head = h(
      'div',
      { class: 'table-head' },
      h('h2', { id: 'table-title' }, 'Table'),
      h('div', { role: 'tablist', 'aria-label': 'Table of' }, tabs),
      h('button', { type: 'button', class: 'btn btn-icon', 'aria-label': 'Close table', onclick: () => this.on.tab('none') }, '×'),
    );
    const body = tab === 'hotspots' ? this.hotspotTable(s, d, harmLabel) : this.wardTable(s, d, harmLabel, overlap);
    const wrap = h('div', { id: 'table-body', role: 'tabpanel', 'aria-labelledby': `tab-${tab}`, class: 'table-scroll' }, body);
    // A re-render (new data, another tab) must not drop focus out of the table to the page.
    const hadFocus = this.el.contains(document.activeElement);
    this.el.replaceChildren(head, wrap);
    if (hadFocus && !this.el.contains(document.activeElement))
      (this.el.querySelector('[role=tab][aria-selected=true]') as HTMLElement | null)?.focus();
  }

  private table<T>(
    kind: 'hotspots' | 'wards',
    caption: string,
    cols: Col<T>[],
    rows: T[],
    label: (r: T) => string,
    keyOf: (r: T) => string,
    selected: string | null,
    choose: (r: T) => void,
    note?: string,
  ): HTMLElement {
    const sort = this.sort[kind];
    const col = cols.find((c) => c.key === sort.key) ?? cols[0];
    const sorted = rows
      .slice()
      .sort((a, b) => {
        const va = col.value(a),
          vb = col.value(b);
        if (va === null || va === undefined) return 1;
        if (vb === null || vb === undefined) return -1;
        return (typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb))) * sort.dir;
      })
      .slice(0, MAX_ROWS);
    const ths = cols.map((c) => {
      const active = c.key === sort.key;
      return h(
        'th',
        {
          scope: 'col',
          'aria-sort': active ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none',
          class: [c.numeric ? 'num' : '', c.wrap ? 'wrap' : ''].join(' ').trim(),
          'data-col': c.key,
          'data-key-col': c.keyCol ? 'true' : undefined,
        },
        h(
          'button',
          {
            type: 'button',
            class: 'sort',
            onclick: () => {
              this.sort[kind] = { key: c.key, dir: active ? (-sort.dir as 1 | -1) : c.numeric ? -1 : 1 };
              this.render();
              (this.el.querySelector(`th button[data-key="${c.key}"]`) as HTMLElement | null)?.focus();
            },
            'data-key': c.key,
          },
          c.label,
          h('span', { 'aria-hidden': 'true', class: 'sort-icon' }, active ? (sort.dir === 1 ? ' ▲' : ' ▼') : ' ↕'),
        ),
        c.term ? info(c.term) : null,
      );
    });
    const anySelected = sorted.some((r) => keyOf(r) === selected);
    const trs = sorted.map((r, i) => {
      const k = keyOf(r);
      const isSel = k === selected;
      const btn = h(
        'button',
        {
          type: 'button',
          class: 'row-btn',
          'data-key': k,
          'aria-current': isSel ? 'true' : undefined,
          tabindex: isSel || (!anySelected && i === 0) ? '0' : '-1',
          onclick: () => choose(r),
        },
        label(r),
      );
      return h(
        'tr',
        { class: isSel ? 'selected' : '' },
        h('th', { scope: 'row' }, btn),
        cols
          .slice(1)
          .map((c) =>
            h(
              'td',
              { class: [c.numeric ? 'num' : '', c.wrap ? 'wrap' : ''].join(' ').trim() },
              c.text ? c.text(r) : String(c.value(r) ?? '–'),
            ),
          ),
      );
    });
    const tbody = h(
      'tbody',
      {
        onkeydown: (e: KeyboardEvent) => {
          const btns = [...tbody.querySelectorAll<HTMLButtonElement>('button.row-btn')];
          const i = btns.indexOf(document.activeElement as HTMLButtonElement);
          if (i < 0) return;
          let j = i;
          if (e.key === 'ArrowDown') j = Math.min(btns.length - 1, i + 1);
          else if (e.key === 'ArrowUp') j = Math.max(0, i - 1);
          else if (e.key === 'Home') j = 0;
          else if (e.key === 'End') j = btns.length - 1;
          else return;
          e.preventDefault();
          btns[i].tabIndex = -1;
          btns[j].tabIndex = 0;
          btns[j].focus();
        },
      },
      trs,
    );
    return h(
      'div',
      {},
      h('table', { class: `data-table table-${kind}` }, h('caption', {}, caption), h('thead', {}, h('tr', {}, ths)), tbody),
      note ? h('p', { class: 'hint' }, note) : null,
      rows.length === 0 ? h('p', { class: 'hint' }, 'Nothing to list for these filters.') : null,
    );
  }

  private hotspotTable(s: AppState, d: Loaded, harmLabel: string): HTMLElement {
    const wards = (d.wards?.features ?? []) as WardFeature[];
    const cells = (d.hotspots?.cells ?? []).filter((c) => c.bin > 0);
    const ranked = cells.slice().sort((a, b) => b.z - a.z);
    const rank = new Map(ranked.map((c, i) => [c.h3, i + 1]));
    const overlap = new Map((d.overlap?.cells ?? []).map((c) => [c.h3, c.class]));
    type R = (typeof cells)[number] & { ward: string; rank: number };
    const rows: R[] = cells.map((c) => ({
      ...c,
      ward: wardOfCell(c, wards)?.properties.name ?? 'Outside the wards',
      rank: rank.get(c.h3) ?? 0,
    }));
    const weighted = s.weight !== 'count';
    const cols: Col<R>[] = [
      { key: 'rank', label: 'Hotspot', value: (r) => r.rank, numeric: true, keyCol: true },
      { key: 'ward', label: 'Ward', value: (r) => r.ward, keyCol: true, wrap: true },
      {
        key: 'bin',
        label: 'Confidence',
        value: (r) => r.bin,
        text: (r) => `${r.bin === 3 ? 99 : r.bin === 2 ? 95 : 90}%`,
        term: 'confidence',
        keyCol: true,
      },
      { key: 'z', label: 'Gi* z', value: (r) => r.z, text: (r) => fmt(r.z, 2), numeric: true, term: 'z', keyCol: true },
      { key: 'count', label: 'Incidents', value: (r) => r.count ?? null, text: (r) => fmt(r.count), numeric: true },
    ];
    if (weighted) cols.push({ key: 'value', label: 'Harm', value: (r) => r.value, text: (r) => fmt(r.value, 1), numeric: true });
    // Cells holding incidents police.uk places at a prison, hospital, police station or court.
    const inst = new Map(
      (d.hexes && d.hexes.res === d.res ? d.hexes.cells : []).filter((c) => c.institutional).map((c) => [c.h3, c.institutional!]),
    );
    if (rows.some((r) => inst.has(r.h3))) {
      cols.push({
        key: 'institutional',
        label: 'At an institution',
        value: (r) => inst.get(r.h3) ?? 0,
        text: (r) => (inst.has(r.h3) ? `${fmt(inst.get(r.h3)!)} (prison, hospital, police station or court)` : '–'),
        numeric: true,
        wrap: true,
      });
    }
    if (d.overlap)
      cols.push({
        key: 'overlap',
        label: 'Overlap',
        value: (r) => overlap.get(r.h3) ?? '',
        text: (r) => OVERLAP_LABELS[overlap.get(r.h3) ?? ''] ?? '–',
      });
    const el = this.table<R>(
      'hotspots',
      `${harmLabel} hot cells (${cellSizeWords(d.res)}), highest z first by default (${rows.length})`,
      cols,
      rows,
      (r) => `#${r.rank}`,
      (r) => r.h3,
      s.cell,
      (r) => this.on.selectCell(r.h3),
      rows.length > MAX_ROWS ? `Showing ${MAX_ROWS} of ${rows.length}.` : undefined,
    );
    // Colour keys for the confidence column.
    el.querySelectorAll('tbody tr').forEach((tr) => {
      const key = (tr.querySelector('button') as HTMLElement).dataset.key;
      const r = rows.find((x) => x.h3 === key);
      const td = tr.children[2] as HTMLElement | undefined;
      if (r && td) td.prepend(h('span', { class: 'swatch', style: { background: BIN_COLORS[r.bin] }, 'aria-hidden': 'true' }));
    });
    return el;
  }

  private wardTable(s: AppState, d: Loaded, harmLabel: string, overlap: OverlapResponse | null): HTMLElement {
    const wards = (d.wards?.features ?? []) as WardFeature[];
    const hot = new Map<string, number>();
    for (const c of d.hotspots?.cells ?? []) {
      if (c.bin <= 0) continue;
      const w = wardOfCell(c, wards);
      if (w) hot.set(w.properties.code, (hot.get(w.properties.code) ?? 0) + 1);
    }
    const both = new Map((overlap?.wards ?? []).map((w) => [w.code, w.both]));
    const share = childPovertyIsShare(wards.map((w) => w.properties));
    type R = WardFeature['properties'] & { hot: number };
    const rows: R[] = wards.map((w) => ({ ...w.properties, hot: hot.get(w.properties.code) ?? 0 }));
    const cols: Col<R>[] = [
      { key: 'name', label: 'Ward', value: (r) => r.name, keyCol: true, wrap: true },
      { key: 'count', label: harmLabel, value: (r) => r.count, text: (r) => wardCountText(r), numeric: true, keyCol: true },
      { key: 'rate', label: 'Per 1,000 a month', value: (r) => r.rate, text: (r) => fmt(r.rate, 2), numeric: true, keyCol: true },
      { key: 'change', label: 'Change', value: (r) => r.change, text: (r) => changeText(r), numeric: true },
      { key: 'hot', label: `Hot cells (res ${d.res})`, value: (r) => r.hot, numeric: true, term: 'hotCell', keyCol: true },
    ];
    if (overlap) cols.push({ key: 'both', label: 'Hot for both', value: (r) => both.get(r.code) ?? 0, numeric: true });
    cols.push(
      {
        key: 'imd',
        label: 'IMD decile',
        value: (r) => r.imdDecile ?? null,
        text: (r) => fmt(r.imdDecile, r.imdDecile && r.imdDecile % 1 ? 1 : 0),
        numeric: true,
        term: 'imd',
      },
      {
        key: 'cp',
        label: 'Child poverty',
        value: (r) => childPovertyPct(r, share),
        text: (r) => {
          const v = childPovertyPct(r, share);
          return v === null ? '–' : `${fmt(v, 1)}%`;
        },
        numeric: true,
        term: 'cilif',
      },
    );
    return this.table<R>(
      'wards',
      `Wards: ${harmLabel.toLowerCase()}, hot cells (${cellSizeWords(d.res)}) and deprivation (IMD decile 1 = most deprived)`,
      cols,
      rows,
      (r) => r.name,
      (r) => r.code,
      s.ward,
      (r) => this.on.selectWard(r.code),
    );
  }
}
