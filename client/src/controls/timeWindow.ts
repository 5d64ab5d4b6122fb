/**
 * Time window: presets (last month, 3, 6, 12 months, a financial year), a custom month range,
 * and a play button that steps through the window month by month. While playing, colour scales
 * are held fixed across frames (main.ts computes them from every frame before the first one).
 */
import { h } from '../dom';
import { monthLabel, rangeLabel } from '../state/month';
import { latestFinancialYear, periodWindow } from '../state/url';
import type { Store } from '../state/store';

export interface PlayHooks {
  start(): void;
  stop(): void;
  playing(): boolean;
  frame(): string | null;
}

export function mountTimeWindow(parent: HTMLElement, store: Store, play: PlayHooks) {
  const meta = store.meta;
  const months = meta.months.length ? meta.months : [meta.firstMonth, meta.lastMonth];
  const presets: [string, string][] = [['1', 'Last month'], ['3', '3 months'], ['6', '6 months'], ['12', '12 months']];
  const fyYears: number[] = [];
  for (let y = latestFinancialYear(meta.lastMonth); `${y}-04` >= meta.firstMonth; y--) fyYears.push(y);

  const choose = (period: string) => {
    const w = periodWindow(period, meta.lastMonth);
    if (!w) return;
    play.stop();
    store.set({ period, from: w.from, to: w.to, cell: null });
  };
  const buttons = presets.map(([p, label]) =>
    h('button', { type: 'button', class: 'chip', 'data-period': p, onclick: () => choose(p) }, label));
  const fySelect = h('select', {
    id: 'fy', 'aria-label': 'Financial year',
    onchange: () => { if (fySelect.value) choose(`fy${fySelect.value}`); },
  }, h('option', { value: '' }, 'Financial year…'),
  fyYears.map((y) => h('option', { value: String(y) }, `April ${y} – March ${y + 1}`)));

  const monthOptions = () => months.map((m) => h('option', { value: m }, monthLabel(m)));
  const fromSel = h('select', { id: 'from', onchange: () => setRange(fromSel.value, toSel.value, 'from') }, monthOptions());
  const toSel = h('select', { id: 'to', onchange: () => setRange(fromSel.value, toSel.value, 'to') }, monthOptions());
  function setRange(from: string, to: string, moved: 'from' | 'to') {
    if (from > to) { if (moved === 'from') to = from; else from = to; }
    play.stop();
    store.set({ period: 'custom', from, to, cell: null });
  }

  const playBtn = h('button', {
    type: 'button', id: 'play', class: 'btn btn-play', 'aria-pressed': 'false',
    onclick: () => (play.playing() ? play.stop() : play.start()),
  }, '▶ Play month by month');
  const frameOut = h('output', { id: 'play-frame', class: 'play-frame', 'aria-live': 'polite', for: 'play' });
  const summary = h('p', { class: 'hint', id: 'window-summary' });

  parent.append(
    h('fieldset', { class: 'field' },
      h('legend', {}, 'Time window'),
      h('div', { class: 'chips', role: 'group', 'aria-label': 'Quick time windows' }, buttons),
      h('div', { class: 'field-inline' }, fySelect),
      h('div', { class: 'range' },
        h('label', { for: 'from' }, 'From'), fromSel,
        h('label', { for: 'to' }, 'To'), toSel),
      summary,
      h('div', { class: 'play-row' }, playBtn, frameOut)),
  );

  return {
    update() {
      const s = store.state;
      for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.period === s.period));
      const fy = /^fy(\d{4})$/.exec(s.period);
      fySelect.value = fy ? fy[1] : '';
      if (fromSel.value !== s.from) fromSel.value = s.from;
      if (toSel.value !== s.to) toSel.value = s.to;
      const n = months.indexOf(s.to) - months.indexOf(s.from) + 1;
      summary.textContent = `${rangeLabel(s.from, s.to)} (${n} month${n === 1 ? '' : 's'}). Data held: ${monthLabel(meta.firstMonth)} to ${monthLabel(meta.lastMonth)}.`;
      const playing = play.playing();
      playBtn.setAttribute('aria-pressed', String(playing));
      playBtn.textContent = playing ? '■ Stop' : '▶ Play month by month';
      playBtn.disabled = n < 2 && !playing;
      const f = play.frame();
      frameOut.textContent = playing && f ? `Showing ${monthLabel(f, true)} (colours held fixed)` : '';
    },
  };
}
