/**
 * The plain-language headline that answers the first question a user brings: where are the
 * hotspots, where do they overlap ASB, and how deprived are those wards.
 */
import { cellSizeWords } from '../../geo/cellSize';
import type { OverlapResponse, WardFeature } from './api';
import type { Loaded } from './data';
import { fmt, h } from './dom';
import { info, type TermKey } from './glossary';
import { rangeLabel } from '../../geo/month';
import type { AppState } from './state/url';
import { wardOfCell } from './cellWard';

export function periodWords(s: AppState): string {
  if (/^(1)$/.test(s.period)) return 'last month';
  if (/^\d+$/.test(s.period)) return `last ${s.period} months`;
  if (s.period.startsWith('fy')) return `financial year ${s.period.slice(2)}/${String(Number(s.period.slice(2)) + 1).slice(2)}`;
  return 'chosen months';
}

export interface HotWard {
  ward: WardFeature;
  hot: number;
}

export function hotWards(d: Loaded): HotWard[] {
  const wards = (d.wards?.features ?? []) as WardFeature[];
  const counts = new Map<WardFeature, number>();
  for (const c of d.hotspots?.cells ?? []) {
    if (c.bin <= 0) continue;
    const w = wardOfCell(c, wards);
    if (w) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return [...counts].map(([ward, hot]) => ({ ward, hot })).sort((a, b) => b.hot - a.hot);
}

export function headline(s: AppState, d: Loaded | null, harmLabel: string, overlap: OverlapResponse | null, frame: string | null): string {
  if (!d) return 'Loading the map…';
  const when = frame ? rangeLabel(frame, frame) : `${periodWords(s)} (${rangeLabel(s.from, s.to)})`;
  if (!d.hotspots) return `${harmLabel}, ${when}. Hotspot analysis not available${d.errors.hotspots ? `: ${d.errors.hotspots}` : ''}.`;
  const cells = d.hotspots.cells;
  const hot = cells.filter((c) => c.bin > 0);
  const conf = Math.round((1 - s.alpha) * 100);
  // The count of hot cells depends on the cell size, so the headline always says which cells.
  const size = cellSizeWords(d.res);
  const parts: string[] = [];
  const anyWeight = cells.some((c) => (c.value ?? 0) > 0);
  if (hot.length === 0 && !anyWeight && cells.some((c) => (c.count ?? 0) > 0)) {
    // Incidents, but all weighed at zero: "no hot cells" would read as a finding.
    parts.push(`**${harmLabel} hotspots, ${when}:** nothing to test, because this weighting gives every incident a weight of 0 (${size}).`);
  } else if (hot.length === 0) {
    parts.push(`**${harmLabel} hotspots, ${when}:** no significant hot cells at ${conf}% confidence (${size}).`);
  } else {
    const total = cells.reduce((a, c) => a + (c.value ?? 0), 0);
    const inHot = hot.reduce((a, c) => a + (c.value ?? 0), 0);
    const share = total > 0 ? Math.round((inHot / total) * 100) : null;
    const area = cells.length ? Math.max(1, Math.round((hot.length / cells.length) * 100)) : null;
    parts.push(
      `**${harmLabel} hotspots, ${when}:** **${fmt(hot.length)} significant hot cell${hot.length === 1 ? '' : 's'}** (${conf}% confidence; ${size})` +
        (share !== null && area !== null
          ? ` hold **${share}%** of the ${harmLabel.toLowerCase()}${s.weight === 'count' ? '' : ' harm (weighted)'} on ${area}% of the area.`
          : '.'),
    );
  }
  const otherLayer = overlap ? (s.harm === 'violence' ? overlap.asb : overlap.violence) : null;
  if (overlap && otherLayer && otherLayer.weighted === false && (s.harm === 'violence' || s.harm === 'asb')) {
    // An overlap of 0 with a layer that has no weight is no finding: say why there is none.
    parts.push(
      `${s.harm === 'violence' ? 'ASB' : 'Violence'} has no weight in this weighting, so its overlap with these hotspots cannot be measured.`,
    );
  } else if (overlap && hot.length > 0 && (s.harm === 'violence' || s.harm === 'asb')) {
    const other = s.harm === 'violence' ? 'ASB' : 'violence';
    const otherHot = s.harm === 'violence' ? overlap.asb.hot : overlap.violence.hot;
    parts.push(
      `**${fmt(overlap.both)}** of them ${overlap.both === 1 ? 'is' : 'are'} also ${other} hotspots (${fmt(otherHot)} ${other} hot cells in all).`,
    );
  }
  const top = hotWards(d).slice(0, 3);
  if (top.length) {
    parts.push(
      `Most lie in ${top
        .map((t) => {
          return `**${t.ward.properties.name}**${decileWords(t.ward.properties.imdDecile)}`;
        })
        .join(', ')}.`,
    );
  }
  return parts.join(' ');
}

/** ' (among the 10% most deprived in England)' for decile 1; '' when unknown. */
export function decileWords(decile: number | null | undefined): string {
  if (!decile || !Number.isFinite(decile)) return '';
  const d = Math.round(decile);
  return d <= 5 ? ` (England's ${d * 10}% most deprived)` : ` (IMD decile ${d} of 10)`;
}

/** Renders '**bold**' segments of a headline as <strong>. */
export function renderHeadline(el: HTMLElement, text: string): void {
  // The explanation sits beside the headline, not in it: the headline is a live region, and
  // re-announcing a button's name with every new figure would be noise.
  const want: TermKey[] = [];
  if (/hot cell/.test(text)) want.push('hotCell');
  if (/\bIMD\b/.test(text)) want.push('imd');
  const next = el.nextElementSibling as HTMLElement | null;
  const group = next?.classList.contains('gloss-group') ? next : null;
  if (group?.dataset.terms !== want.join(',')) {
    group?.remove();
    if (want.length)
      el.after(
        h(
          'span',
          { class: 'gloss-group', 'data-terms': want.join(',') },
          want.map((k) => info(k)),
        ),
      );
  }
  const parts = text.split('**');
  el.replaceChildren(
    ...parts.map((p, i) => {
      if (i % 2 === 0) return document.createTextNode(p);
      const b = document.createElement('strong');
      b.textContent = p;
      return b;
    }),
  );
}
