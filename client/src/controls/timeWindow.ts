/**
 * Time window: presets (last month, 3, 6, 12 months, a financial year), a custom month range,
 * and a play button that steps through the window month by month, with pause and a month
 * scrubber. While playing, From and To show the month on the map, and colour scales are held
 * fixed across frames (app/player.ts computes them from every frame before the first one).
 */
import { h } from '../dom';
import { monthLabel, rangeLabel } from '../../../geo/month';
import { latestFinancialYear, periodWindow } from '../state/url';
import type { Store } from '../state/store';

export interface PlayHooks {
  start(): void;
  stop(): void;
  playing(): boolean;
  frame(): string | null;
  /** Holds the month shown (true) or carries on from it (false). */
  pause(paused: boolean): void;
  paused(): boolean;
  /** The months being played, once every frame is ready (empty while they are prepared). */
  months(): string[];
  /** Shows the i-th month of the played window. */
  seek(i: number): void;
}

export function mountTimeWindow(parent: HTMLElement, store: Store, play: PlayHooks) {
  const meta = store.meta;
  const months = meta.months.length ? meta.months : [meta.firstMonth, meta.lastMonth];
  const presets: [string, string][] = [
    ['1', 'Last month'],
    ['3', '3 months'],
    ['6', '6 months'],
    ['12', '12 months'],
  ];
  const fyYears: number[] = [];
  for (let y = latestFinancialYear(meta.lastMonth); `${y}-04` >= meta.firstMonth; y--) fyYears.push(y);

  const choose = (period: string) => {
    const w = periodWindow(period, meta.lastMonth);
    if (!w) return;
    play.stop();
    store.set({ period, from: w.from, to: w.to, cell: null });
  };
  const buttons = presets.map(([p, label]) =>
    h('button', { type: 'button', class: 'chip', 'data-period': p, onclick: () => choose(p) }, label),
  );
  const fySelect = h(
    'select',
    {
      id: 'fy',
      'aria-label': 'Financial year',
      onchange: () => {
        if (fySelect.value) choose(`fy${fySelect.value}`);
      },
    },
    h('option', { value: '' }, 'Financial year…'),
    fyYears.map((y) => h('option', { value: String(y) }, `April ${y} – March ${y + 1}`)),
  );

  const monthOptions = () => months.map((m) => h('option', { value: m }, monthLabel(m)));
  // While playing the fields show the month on the map, so the other end comes from the state.
  const fromSel = h('select', { id: 'from', onchange: () => setRange(fromSel.value, store.state.to) }, monthOptions());
  const toSel = h('select', { id: 'to', onchange: () => setRange(store.state.from, toSel.value) }, monthOptions());
  const rangeNote = h('p', { class: 'range-note', id: 'range-note', role: 'status', 'aria-live': 'polite', hidden: true });
  let note = '';
  let noteFor = '';
  function setRange(from: string, to: string) {
    // A From after To is read as the two ends given the wrong way round, and said so: silently
    // moving the other end would change a month the user had already chosen.
    note = '';
    if (from > to) {
      [from, to] = [to, from];
      note = `From was after To, so the two were swapped: the window is now ${monthLabel(from)} to ${monthLabel(to)}.`;
    }
    noteFor = `${from}|${to}`;
    play.stop();
    store.set({ period: 'custom', from, to, cell: null });
    showNote();
  }
  function showNote() {
    rangeNote.textContent = note;
    rangeNote.hidden = !note;
  }

  const playBtn = h(
    'button',
    {
      type: 'button',
      id: 'play',
      class: 'btn btn-play',
      'aria-pressed': 'false',
      onclick: () => (play.playing() ? play.stop() : play.start()),
    },
    '▶ Play month by month',
  );
  const pauseBtn = h(
    'button',
    {
      type: 'button',
      id: 'play-pause',
      class: 'btn',
      'aria-pressed': 'false',
      hidden: true,
      onclick: () => play.pause(!play.paused()),
    },
    '❚❚ Pause',
  );
  const scrub = h('input', {
    type: 'range',
    id: 'play-scrub',
    class: 'play-scrub',
    min: '0',
    max: '0',
    step: '1',
    value: '0',
    'aria-label': 'Month shown',
    hidden: true,
    oninput: () => play.seek(Number(scrub.value)),
  });
  const frameOut = h('output', { id: 'play-frame', class: 'play-frame', 'aria-live': 'polite', for: 'play' });
  const summary = h('p', { class: 'hint', id: 'window-summary' });

  parent.append(
    h(
      'fieldset',
      { class: 'field' },
      h('legend', {}, 'Time window'),
      h('div', { class: 'chips', role: 'group', 'aria-label': 'Quick time windows' }, buttons),
      h('div', { class: 'field-inline' }, fySelect),
      h('div', { class: 'range' }, h('label', { for: 'from' }, 'From'), fromSel, h('label', { for: 'to' }, 'To'), toSel),
      rangeNote,
      summary,
      h('div', { class: 'play-row' }, playBtn, pauseBtn, frameOut),
      scrub,
    ),
  );

  return {
    update() {
      const s = store.state;
      for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.period === s.period));
      const fy = /^fy(\d{4})$/.exec(s.period);
      fySelect.value = fy ? fy[1] : '';
      const playing = play.playing();
      const f = play.frame();
      const shownFrom = playing && f ? f : s.from;
      const shownTo = playing && f ? f : s.to;
      if (fromSel.value !== shownFrom) fromSel.value = shownFrom;
      if (toSel.value !== shownTo) toSel.value = shownTo;
      // The note belongs to the window the swap made; any other window clears it.
      if (note && noteFor !== `${s.from}|${s.to}`) {
        note = '';
        showNote();
      }
      const n = months.indexOf(s.to) - months.indexOf(s.from) + 1;
      summary.textContent = `${rangeLabel(s.from, s.to)} (${n} month${n === 1 ? '' : 's'}). Data held: ${monthLabel(meta.firstMonth)} to ${monthLabel(meta.lastMonth)}.`;
      playBtn.setAttribute('aria-pressed', String(playing));
      playBtn.textContent = playing ? '■ Stop' : '▶ Play month by month';
      playBtn.disabled = n < 2 && !playing;
      const held = play.months();
      const ready = playing && held.length > 0 && f !== null;
      pauseBtn.hidden = !playing;
      pauseBtn.disabled = !ready;
      pauseBtn.setAttribute('aria-pressed', String(play.paused()));
      pauseBtn.textContent = play.paused() ? '▶ Resume' : '❚❚ Pause';
      scrub.hidden = !playing;
      scrub.disabled = !ready;
      scrub.max = String(Math.max(0, held.length - 1));
      const at = f ? held.indexOf(f) : -1;
      if (at >= 0 && Number(scrub.value) !== at) scrub.value = String(at);
      scrub.setAttribute('aria-valuetext', f ? monthLabel(f, true) : 'Preparing the months');
      frameOut.textContent = playing && f ? `Showing ${monthLabel(f, true)}${play.paused() ? ', paused' : ''} (colours held fixed)` : '';
    },
  };
}
