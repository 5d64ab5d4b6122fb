/** A small inline SVG line chart (no chart library): monthly counts, one line per series. */
import { h, svg } from './dom';
import { monthLabel } from '../../geo/month';

/** A null value has no figure (a back-test month with no harm): a gap in the line, '–' in the table. */
export interface Series {
  label: string;
  color: string;
  values: (number | null)[];
  dash?: string;
}

export function lineChart(months: string[], series: Series[], title: string): HTMLElement {
  const W = 320,
    H = 150,
    L = 34,
    R = 8,
    T = 10,
    B = 24;
  const max = Math.max(1, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const niceMax = niceCeil(max);
  const x = (i: number) => L + (months.length <= 1 ? (W - L - R) / 2 : (i / (months.length - 1)) * (W - L - R));
  const y = (v: number) => T + (1 - v / niceMax) * (H - T - B);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': title });
  root.append(svg('title', {}, title));
  for (const t of [0, niceMax / 2, niceMax]) {
    root.append(svg('line', { x1: L, x2: W - R, y1: y(t), y2: y(t), class: 'grid' }));
    root.append(svg('text', { x: L - 4, y: y(t) + 3, 'text-anchor': 'end', class: 'axis' }, fmtTick(t)));
  }
  const step = Math.max(1, Math.ceil(months.length / 4));
  months.forEach((m, i) => {
    if (i % step !== 0 && i !== months.length - 1) return;
    root.append(
      svg(
        'text',
        { x: x(i), y: H - 6, 'text-anchor': i === 0 ? 'start' : i === months.length - 1 ? 'end' : 'middle', class: 'axis' },
        monthLabel(m).replace(' 20', " '"),
      ),
    );
  });
  for (const s of series) {
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    root.append(svg('path', { d, fill: 'none', stroke: s.color, 'stroke-width': 2, ...(s.dash ? { 'stroke-dasharray': s.dash } : {}) }));
    s.values.forEach((v, i) => {
      if (v !== null && months.length <= 13) root.append(svg('circle', { cx: x(i), cy: y(v), r: 2.2, fill: s.color }));
    });
  }
  const key = h(
    'ul',
    { class: 'chart-key' },
    series.map((s) =>
      h(
        'li',
        {},
        h('span', {
          class: 'swatch swatch-line',
          style: { borderColor: s.color, borderTopStyle: s.dash ? 'dashed' : 'solid' },
          'aria-hidden': 'true',
        }),
        s.label,
      ),
    ),
  );
  // The same numbers as a table, for screen readers and anyone who wants them.
  const table = h(
    'details',
    { class: 'chart-data' },
    h('summary', {}, 'Show the numbers'),
    h(
      'table',
      { class: 'data-table compact' },
      h('caption', { class: 'visually-hidden' }, title),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Month'),
          series.map((s) => h('th', { scope: 'col', class: 'num' }, s.label)),
        ),
      ),
      h(
        'tbody',
        {},
        months.map((m, i) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, monthLabel(m)),
            series.map((s) => h('td', { class: 'num' }, s.values[i] === null ? '–' : String(s.values[i]))),
          ),
        ),
      ),
    ),
  );
  const fig = h('figure', { class: 'chart-fig' });
  fig.append(root as unknown as Node, key, table);
  return fig;
}

function niceCeil(v: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
function fmtTick(v: number): string {
  return v >= 1000 ? `${(v / 1000).toFixed(v % 1000 ? 1 : 0)}k` : String(Math.round(v * 10) / 10);
}
