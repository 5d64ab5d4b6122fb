/**
 * Patrol plan: the few walkable places to patrol in the minutes available (GET /api/patrol-plan
 * with the current harm and window), their streets, ward, share of harm and visits, what was set
 * aside as institutional, Koper-curve guidance, the places on the map, and a printable A4 sheet.
 */
import { api, patrolPath, plainError, type InstitutionMode, type PatrolPlanResponse as PatrolPlan, type SetAside } from '../api';
import { filterParams } from '../data';
import { fmt, h, pct } from '../dom';
import { rangeLabel } from '../../../geo/month';
import type { AppState } from '../state/url';
import { harmName } from './names';
import { printPatrolSheet } from './patrolSheet';
import { downloadWithParams } from './exportButtons';
import { boxOf, institutionLayers, patrolLayers } from './toolLayers';
import type { Tool, ToolDeps } from './toolsPanel';

export const DEFAULT_GUIDANCE = [
  'Short visits: stay about 10–15 minutes at each place (Koper 1995); longer stops add little.',
  'Random and repeated: come back at unpredictable times rather than on a fixed round.',
];

export class PatrolPanel implements Tool {
  readonly id = 'patrol';
  readonly label = 'Patrol plan';
  readonly root = h('section', {});
  private minutes = h('input', {
    type: 'number',
    id: 'patrol-minutes',
    min: '15',
    max: '1440',
    step: '15',
    value: '120',
    inputmode: 'numeric',
  });
  private visit = h('input', { type: 'number', id: 'patrol-visit', min: '5', max: '60', step: '5', value: '15', inputmode: 'numeric' });
  private institutions = h('input', { type: 'checkbox', id: 'patrol-institutions' });
  private out = h('div', { class: 'tool-out', 'aria-live': 'polite' });
  private plan: PatrolPlan | null = null;
  private planState: AppState | null = null;
  private key = '';
  private shown = false;
  private seq = 0;

  constructor(private readonly deps: ToolDeps) {
    const form = h(
      'form',
      {
        class: 'tool-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          this.key = '';
          this.show(this.deps.store.state);
        },
      },
      h('div', { class: 'field' }, h('label', { for: 'patrol-minutes' }, 'Minutes available'), this.minutes),
      h('div', { class: 'field' }, h('label', { for: 'patrol-visit' }, 'Minutes per visit'), this.visit),
      h(
        'div',
        { class: 'field field-wide field-check' },
        this.institutions,
        h('label', { for: 'patrol-institutions' }, 'Include prisons, hospitals, police stations and courts'),
      ),
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Plan patrols'),
    );
    this.institutions.addEventListener('change', () => {
      this.key = '';
      this.show(this.deps.store.state);
    });
    this.root.append(
      h(
        'p',
        { class: 'hint' },
        'Which few places to patrol in the time you have: significant hot spots of the current harm and period, cut into places one visit can cover on foot, with the visits shared out where the harm is.',
      ),
      form,
      this.out,
    );
  }

  show(s: AppState): void {
    this.shown = true;
    const minutes = clampInt(this.minutes.value, 15, 1440, 120);
    const visit = clampInt(this.visit.value, 5, 60, 15);
    const institutions: InstitutionMode = this.institutions.checked ? 'include' : 'exclude';
    const key = `${s.harm}|${s.from}|${s.to}|${s.weight}|${s.asbWeight}|${minutes}|${visit}|${institutions}`;
    if (key === this.key) {
      this.draw();
      return;
    }
    this.key = key;
    const my = ++this.seq;
    this.out.replaceChildren(h('p', { class: 'panel-loading' }, 'Planning patrols…'));
    this.root.dataset.state = 'loading';
    api.patrol(filterParams(s), minutes, visit, institutions).then(
      (plan) => {
        if (my !== this.seq) return;
        this.plan = plan;
        this.planState = s;
        this.render(plan, s, minutes, visit, institutions);
        this.root.dataset.state = 'ready';
        this.draw(true);
      },
      (e: Error) => {
        if (my !== this.seq) return;
        this.key = '';
        this.plan = null;
        this.root.dataset.state = 'error';
        this.out.replaceChildren(h('p', { class: 'tool-error', role: 'alert' }, `The patrol plan could not be made: ${plainError(e)}.`));
        this.deps.overlay.set('patrol', []);
      },
    );
  }

  hide(): void {
    this.shown = false;
    this.deps.overlay.set('patrol', []);
  }

  private draw(fit = false): void {
    if (!this.shown || !this.plan) return;
    // The set-aside institutions stay visible, so the reader sees what was left out and where.
    const aside = (this.plan.setAside?.places ?? []).map((p) => ({
      position: [p.lon, p.lat] as [number, number],
      name: p.name,
      kind: p.kind,
      count: p.count,
    }));
    this.deps.overlay.set('patrol', [...patrolLayers(this.plan.places), ...institutionLayers('tools-patrol', aside)]);
    if (fit) {
      const b = boxOf(this.plan.places.map((p) => p.centre));
      if (b) this.deps.overlay.fit([b[0] - 0.01, b[1] - 0.006, b[2] + 0.01, b[3] + 0.006], 14);
    }
  }

  private render(plan: PatrolPlan, s: AppState, minutes: number, visit: number, institutions: InstitutionMode): void {
    const harm = harmName(this.deps.meta, s.harm);
    const guidance = plan.method.guidance?.length ? plan.method.guidance : DEFAULT_GUIDANCE;
    const rows = plan.places.map((p) =>
      h(
        'tr',
        {},
        h('td', { class: 'num' }, String(p.rank)),
        h(
          'td',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'row-btn',
              onclick: () =>
                this.deps.overlay.fit([p.centre[0] - 0.004, p.centre[1] - 0.0025, p.centre[0] + 0.004, p.centre[1] + 0.0025], 16),
            },
            streetsText(p.streets),
          ),
          p.institutional.length
            ? h(
                'span',
                { class: 'badge badge-institution', title: 'police.uk records crimes inside this institution at its map point' },
                ` institution: ${p.institutional.join(', ')}`,
              )
            : null,
        ),
        h('td', {}, p.wardName ?? '–'),
        h('td', { class: 'num' }, pct(p.share, 1)),
        h('td', { class: 'num' }, String(p.visits)),
      ),
    );
    const print = h('button', { type: 'button', class: 'btn', id: 'patrol-print' }, 'Print patrol sheet');
    print.addEventListener('click', () => void printPatrolSheet(this.deps, plan, s, { minutes, visit, harm, guidance }));
    const visits = plan.places.reduce((n, p) => n + p.visits, 0);
    this.out.replaceChildren(
      ...[
        h(
          'p',
          { class: 'tool-summary' },
          plan.places.length
            ? h(
                'span',
                {},
                `${plan.places.length} place${plan.places.length === 1 ? '' : 's'}, ${visits} visit${visits === 1 ? '' : 's'} of ${visit} minutes in ${minutes} minutes, cover `,
                h('strong', { id: 'patrol-covered' }, pct(plan.coveredShare, 0)),
                ` of ${harm.toLowerCase()} harm in ${rangeLabel(s.from, s.to)}.`,
              )
            : 'No significant hot spots to patrol for this harm and period.',
        ),
        plan.warnings?.length
          ? h(
              'ul',
              { class: 'tool-warnings' },
              plan.warnings.map((w) => h('li', {}, w)),
            )
          : null,
        plan.places.length
          ? h(
              'table',
              { class: 'data-table compact tool-table', id: 'patrol-table' },
              h('caption', {}, 'Places to patrol, most harm first'),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', { scope: 'col', class: 'num' }, '#'),
                  h('th', { scope: 'col' }, 'Streets (on or near)'),
                  h('th', { scope: 'col' }, 'Ward'),
                  h('th', { scope: 'col', class: 'num' }, 'Share of harm'),
                  h('th', { scope: 'col', class: 'num', title: 'Visits in each round of the minutes available' }, 'Visits'),
                ),
              ),
              h('tbody', {}, rows),
            )
          : null,
        setAsideNote(plan.setAside, institutions),
        h(
          'section',
          { class: 'tool-guidance' },
          h('h3', {}, 'How to patrol'),
          h(
            'ul',
            {},
            guidance.map((g) => h('li', {}, g)),
          ),
        ),
        methodNote(plan),
        h(
          'div',
          { class: 'tool-actions' },
          print,
          csvButton(
            patrolPath(filterParams(s), minutes, visit, institutions, 'csv'),
            patrolPath(filterParams(s), minutes, visit, institutions, 'params'),
            `${s.harm || 'selected'}-patrol-plan-${s.from}-to-${s.to}.csv`,
          ),
        ),
        h(
          'p',
          { class: 'hint' },
          `Places are significant hot spots (Gi*, FDR) cut into pieces no more than ${fmtMetres(plan.method.maxAcrossMetres)} across, so one ${visit}-minute visit covers a place on foot; ${fmt(plan.candidatePlaces ?? plan.places.length)} candidate places in all. A place with more harm gets more visits (each next visit goes to the place with the most harm per visit). Streets are the police.uk “on or near” points, which are snapped and approximate.`,
        ),
      ].filter((x): x is HTMLElement => x !== null),
    );
  }
}

/** Saves the plan's CSV under the server's name, with its parameters file beside it. */
function csvButton(url: string, paramsUrl: string, fallback: string): HTMLElement {
  const b = h('button', { type: 'button', class: 'btn', id: 'patrol-csv' }, 'Download CSV');
  b.addEventListener(
    'click',
    () =>
      void downloadWithParams(url, fallback, paramsUrl).catch(() => {
        b.textContent = 'Download failed: try again';
      }),
  );
  return b;
}

/** The plan's rules in the server's own words, so the panel and the export say the same. */
function methodNote(plan: PatrolPlan): HTMLElement {
  const m = plan.method as Record<string, unknown>;
  const lines = ['places', 'ranking', 'visits', 'institutions'].map((k) => m[k]).filter((v): v is string => typeof v === 'string');
  return h(
    'details',
    { class: 'tool-method', id: 'patrol-method' },
    h('summary', {}, 'How this plan was made'),
    h(
      'ul',
      {},
      lines.map((l) => h('li', {}, l)),
    ),
  );
}

function fmtMetres(v: unknown): string {
  return typeof v === 'number' ? `${fmt(v)} m` : '300 m';
}

/** What the institution rule left out, in plain words, or null when nothing was. */
export function setAsideNote(aside: SetAside | null, institutions: InstitutionMode): HTMLElement | null {
  if (institutions === 'include') {
    return h(
      'p',
      { class: 'hint', id: 'patrol-set-aside' },
      'Prisons, hospitals, police stations and courts are included: places named after one are marked “institution”.',
    );
  }
  if (!aside || aside.incidents === 0) return null;
  const top = aside.places
    .slice(0, 5)
    .map((p) => `${p.name} (${fmt(p.count)})`)
    .join(', ');
  return h(
    'p',
    { class: 'hint set-aside', id: 'patrol-set-aside' },
    `Set aside: ${fmt(aside.incidents)} incident${aside.incidents === 1 ? '' : 's'}${aside.share != null ? ` (${pct(aside.share, 1)} of the harm)` : ''} that police.uk places at institutions: ${top}${aside.places.length > 5 ? ` and ${aside.places.length - 5} more` : ''}. Crimes recorded inside a prison, hospital, police station or court are mapped to the institution’s own point, and no foot patrol can address them. They stay on the map and in every count. Tick the box above to include them.`,
  );
}

export function streetsText(streets: string[]): string {
  return streets.length ? streets.slice(0, 3).join(', ') : 'Unnamed place';
}

function clampInt(v: string, min: number, max: number, dflt: number): number {
  const n = Math.round(Number(v));
  return Number.isFinite(n) && n > 0 ? Math.max(min, Math.min(max, n)) : dflt;
}
