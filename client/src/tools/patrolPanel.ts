/**
 * Patrol plan: the few places to patrol in the minutes available (GET /api/patrol-plan with the
 * current harm and window), their streets and share of harm, Koper-curve guidance, the places on
 * the map, and a printable A4 patrol sheet.
 */
import { fmt, h, pct } from '../dom';
import { rangeLabel } from '../state/month';
import type { AppState } from '../state/url';
import { harmName } from './names';
import { printPatrolSheet } from './patrolSheet';
import { boxOf, patrolLayers } from './toolLayers';
import type { Tool, ToolDeps } from './toolsPanel';
import { patrolUrl, toolsApi, type PatrolPlan } from './toolsApi';

export const DEFAULT_GUIDANCE = [
  'Short visits: stay about 10–15 minutes at each place (Koper 1995); longer stops add little.',
  'Random and repeated: come back at unpredictable times rather than on a fixed round.',
];

export class PatrolPanel implements Tool {
  readonly id = 'patrol';
  readonly label = 'Patrol plan';
  readonly root = h('section', {});
  private minutes = h('input', { type: 'number', id: 'patrol-minutes', min: '15', max: '1440', step: '15', value: '120', inputmode: 'numeric' });
  private visit = h('input', { type: 'number', id: 'patrol-visit', min: '5', max: '60', step: '5', value: '15', inputmode: 'numeric' });
  private out = h('div', { class: 'tool-out', 'aria-live': 'polite' });
  private plan: PatrolPlan | null = null;
  private planState: AppState | null = null;
  private key = '';
  private shown = false;
  private seq = 0;

  constructor(private readonly deps: ToolDeps) {
    const form = h('form', { class: 'tool-form', onsubmit: (e: Event) => { e.preventDefault(); this.key = ''; this.show(this.deps.store.state); } },
      h('div', { class: 'field' }, h('label', { for: 'patrol-minutes' }, 'Minutes available'), this.minutes),
      h('div', { class: 'field' }, h('label', { for: 'patrol-visit' }, 'Minutes per visit'), this.visit),
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Plan patrols'));
    this.root.append(
      h('p', { class: 'hint' }, 'Which few places to patrol in the time you have: significant hot spots of the current harm and period, merged into places and ranked by harm per km².'),
      form, this.out);
  }

  show(s: AppState): void {
    this.shown = true;
    const minutes = clampInt(this.minutes.value, 15, 1440, 120);
    const visit = clampInt(this.visit.value, 5, 60, 15);
    const key = `${s.harm}|${s.from}|${s.to}|${s.weight}|${s.asbWeight}|${minutes}|${visit}`;
    if (key === this.key) { this.draw(); return; }
    this.key = key;
    const my = ++this.seq;
    this.out.replaceChildren(h('p', { class: 'panel-loading' }, 'Planning patrols…'));
    this.root.dataset.state = 'loading';
    toolsApi.patrol(s, minutes, visit).then((plan) => {
      if (my !== this.seq) return;
      this.plan = plan;
      this.planState = s;
      this.render(plan, s, minutes, visit);
      this.root.dataset.state = 'ready';
      this.draw(true);
    }, (e: Error) => {
      if (my !== this.seq) return;
      this.key = '';
      this.plan = null;
      this.root.dataset.state = 'error';
      this.out.replaceChildren(h('p', { class: 'tool-error', role: 'alert' }, `The patrol plan could not be made: ${e.message}`));
      this.deps.overlay.set('patrol', []);
    });
  }

  hide(): void {
    this.shown = false;
    this.deps.overlay.set('patrol', []);
  }

  private draw(fit = false): void {
    if (!this.shown || !this.plan) return;
    this.deps.overlay.set('patrol', patrolLayers(this.plan.places));
    if (fit) {
      const b = boxOf(this.plan.places.map((p) => p.centre));
      if (b) this.deps.overlay.fit([b[0] - 0.01, b[1] - 0.006, b[2] + 0.01, b[3] + 0.006], 14);
    }
  }

  private render(plan: PatrolPlan, s: AppState, minutes: number, visit: number): void {
    const harm = harmName(this.deps.meta, s.harm);
    const guidance = plan.method.guidance?.length ? plan.method.guidance : DEFAULT_GUIDANCE;
    const rows = plan.places.map((p) => h('tr', {},
      h('td', { class: 'num' }, String(p.rank)),
      h('td', {}, h('button', { type: 'button', class: 'row-btn', onclick: () => this.deps.overlay.fit(
        [p.centre[0] - 0.004, p.centre[1] - 0.0025, p.centre[0] + 0.004, p.centre[1] + 0.0025], 16) }, streetsText(p.streets))),
      h('td', { class: 'num' }, pct(p.share, 1)),
      h('td', { class: 'num' }, '1')));
    const print = h('button', { type: 'button', class: 'btn', id: 'patrol-print' }, 'Print patrol sheet');
    print.addEventListener('click', () => void printPatrolSheet(this.deps, plan, s, { minutes, visit, harm, guidance }));
    this.out.replaceChildren(...[
      h('p', { class: 'tool-summary' }, plan.places.length
        ? h('span', {}, `${plan.places.length} place${plan.places.length === 1 ? '' : 's'} for ${minutes} minutes at ${visit} minutes a visit cover `,
          h('strong', { id: 'patrol-covered' }, pct(plan.coveredShare, 0)), ` of ${harm.toLowerCase()} harm in ${rangeLabel(s.from, s.to)}.`)
        : 'No significant hot spots to patrol for this harm and period.'),
      plan.warnings?.length ? h('ul', { class: 'tool-warnings' }, plan.warnings.map((w) => h('li', {}, w))) : null,
      plan.places.length ? h('table', { class: 'data-table compact tool-table', id: 'patrol-table' },
        h('caption', {}, 'Places to patrol, most harm per km² first'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'num' }, '#'), h('th', { scope: 'col' }, 'Streets (on or near)'),
          h('th', { scope: 'col', class: 'num' }, 'Share of harm'), h('th', { scope: 'col', class: 'num' }, 'Visits'))),
        h('tbody', {}, rows)) : null,
      h('section', { class: 'tool-guidance' }, h('h3', {}, 'How to patrol'), h('ul', {}, guidance.map((g) => h('li', {}, g)))),
      h('div', { class: 'tool-actions' }, print,
        h('a', { class: 'btn', href: patrolUrl(s, minutes, visit, 'csv'), download: 'patrol-plan.csv' }, 'Download CSV')),
      h('p', { class: 'hint' }, `Places are significant hot cells (Gi*, FDR) at street scale (H3 res 10); ${fmt(plan.candidatePlaces ?? plan.places.length)} candidate places in all. Streets are the police.uk “on or near” points, which are snapped and approximate.`)].filter((x): x is HTMLElement => x !== null));
  }
}

export function streetsText(streets: string[]): string {
  return streets.length ? streets.slice(0, 3).join(', ') : 'Unnamed place';
}

function clampInt(v: string, min: number, max: number, dflt: number): number {
  const n = Math.round(Number(v));
  return Number.isFinite(n) && n > 0 ? Math.max(min, Math.min(max, n)) : dflt;
}
