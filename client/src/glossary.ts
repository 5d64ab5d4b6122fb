/**
 * One-line plain-English explanations of the statistical terms on screen, and the small info
 * button that shows them. The atlas is read by community safety officers, councillors and
 * residents, not statisticians: every term of art gets its meaning where it appears.
 *
 * The button works by mouse (hover), keyboard (focus; Escape closes) and touch (tap toggles);
 * the explanation is the button's accessible description, so a screen reader hears it too.
 */
import './glossary.css';
import { h } from './dom';

export interface Term {
  label: string;
  text: string;
}

export const GLOSSARY = {
  gi: {
    label: 'Gi*',
    text: 'Gi* (Getis-Ord) compares the harm in a cell and its neighbours with the whole area: a high value means more harm is clustered there than chance would give.',
  },
  z: {
    label: 'Gi* z-score',
    text: 'The Gi* z-score compares the harm in a cell and its neighbours with the whole area’s average, in standard units: above about +2 means more harm is clustered there than chance would give, below −2 less.',
  },
  pFdr: {
    label: 'FDR-adjusted p',
    text: 'The chance of a cluster this strong arising by luck, raised to allow for testing thousands of cells at once (the false discovery rate): smaller is stronger evidence.',
  },
  hotCell: {
    label: 'significant hot cell',
    text: 'A cell whose cluster of harm is too strong to be chance at the confidence chosen (after allowing for testing every cell), not just a busy cell.',
  },
  alpha: {
    label: 'α',
    text: 'α (alpha) is the significance level: the risk of calling a cluster real when it is chance that the map accepts; α = 0.05 means 95% confidence.',
  },
  confidence: {
    label: 'confidence',
    text: 'How sure the test is that a cluster is not chance: 99% confidence means a cluster this strong would arise by luck in about 1 test in 100.',
  },
  pai: {
    label: 'PAI',
    text: 'Predictive accuracy index: the share of the month’s harm in the flagged cells divided by the share of the area they cover; 1 is no better than picking places at random.',
  },
  pei: {
    label: 'PEI',
    text: 'Predictive efficiency index: the harm the flagged cells caught as a share of the most that the same amount of area could have caught; 100% is perfect.',
  },
  hitRate: { label: 'hit rate', text: 'The share of the next month’s harm that happened inside the flagged cells.' },
  imd: {
    label: 'IMD',
    text: 'Index of Multiple Deprivation 2019: ranks every neighbourhood in England on income, jobs, health, education, crime, housing and surroundings; decile 1 is the most deprived tenth.',
  },
  idaci: {
    label: 'IDACI',
    text: 'Income Deprivation Affecting Children Index 2025: the share of children aged 0–15 in families on low incomes or out-of-work benefits, by the Indices of Deprivation’s own measure.',
  },
  cilif: {
    label: 'children in low-income families',
    text: 'Government count (DWP and HMRC) of children under 16 in families that claim benefits and have less than 60% of the typical UK income before housing costs.',
  },
  indirect: {
    label: 'indirect standardisation',
    text: 'Indirect standardisation: the harm a ward would have at the average rate of wards as deprived as it; 2× means twice what its deprivation alone predicts.',
  },
  trend: {
    label: 'Mann-Kendall',
    text: 'The Mann-Kendall test asks whether the months rise (or fall) more steadily than chance would give; p below 0.05 is a clear trend.',
  },
  smoothed: {
    label: 'smoothed rate',
    text: 'A small ward’s rate pulled towards the borough average, so that a few incidents among few residents do not look like a crisis (empirical Bayes).',
  },
  jaccard: {
    label: 'Jaccard index',
    text: 'The cells hot for both violence and ASB as a share of the cells hot for either: 0 is no overlap, 1 is the same places.',
  },
  overlapCoefficient: {
    label: 'overlap coefficient',
    text: 'The cells hot for both as a share of the smaller of the two sets of hot cells: 1 means one set lies wholly inside the other.',
  },
  clq: {
    label: 'co-location quotient',
    text: 'How often a violence incident’s nearest neighbour is ASB, against what chance would give: 1 is as expected, above 1 means they occur together.',
  },
  h3: {
    label: 'H3 cells',
    text: 'The map is divided into equal hexagons (Uber’s H3 grid) so every place is compared on the same size of area; a higher resolution number means smaller cells.',
  },
} as const satisfies Record<string, Term>;

export type TermKey = keyof typeof GLOSSARY;

let uid = 0;
let openTip: { tip: HTMLElement; btn: HTMLButtonElement } | null = null;

function place(btn: HTMLElement, tip: HTMLElement): void {
  // Fixed positioning: the button often sits in a scrolling table or panel that would clip it.
  const r = btn.getBoundingClientRect();
  const vw = document.documentElement.clientWidth,
    vh = document.documentElement.clientHeight;
  const w = Math.min(300, vw - 16);
  tip.style.width = `${w}px`;
  const left = Math.max(8, Math.min(vw - w - 8, r.left + r.width / 2 - w / 2));
  tip.style.left = `${Math.round(left)}px`;
  const below = r.bottom + 6;
  tip.style.top = `${Math.round(below)}px`;
  const hgt = tip.offsetHeight;
  if (below + hgt > vh - 8 && r.top - hgt - 6 > 8) tip.style.top = `${Math.round(r.top - hgt - 6)}px`;
}

function show(btn: HTMLButtonElement, tip: HTMLElement): void {
  if (openTip && openTip.tip !== tip) hide(openTip.btn, openTip.tip);
  tip.hidden = false;
  btn.setAttribute('aria-expanded', 'true');
  place(btn, tip);
  openTip = { tip, btn };
}

function hide(btn: HTMLButtonElement, tip: HTMLElement): void {
  tip.hidden = true;
  btn.setAttribute('aria-expanded', 'false');
  if (openTip?.tip === tip) openTip = null;
}

// A tap elsewhere closes an open explanation (touch has no "mouse leaves").
if (typeof document !== 'undefined') {
  document.addEventListener(
    'pointerdown',
    (e) => {
      if (openTip && !openTip.btn.parentElement?.contains(e.target as Node)) hide(openTip.btn, openTip.tip);
    },
    true,
  );
  window.addEventListener(
    'scroll',
    () => {
      if (openTip) hide(openTip.btn, openTip.tip);
    },
    true,
  );
}

/**
 * An info button for one term: "ⓘ" with the label "What is PAI?", and its explanation as a
 * tooltip that is also the button's accessible description.
 */
export function info(key: TermKey): HTMLSpanElement {
  const t: Term = GLOSSARY[key];
  const tipId = `gloss-tip-${++uid}`;
  const tip = h('span', { id: tipId, role: 'tooltip', class: 'gloss-tip', hidden: true }, t.text);
  let pinned = false;
  const btn = h(
    'button',
    {
      type: 'button',
      class: 'gloss-btn',
      'data-term': key,
      'aria-label': `What is ${t.label}?`,
      'aria-describedby': tipId,
      'aria-expanded': 'false',
      onclick: (e: MouseEvent) => {
        // Inside a sortable header or a row button, the tap is for the explanation only.
        e.stopPropagation();
        e.preventDefault();
        pinned = tip.hidden || !pinned;
        if (pinned) show(btn, tip);
        else hide(btn, tip);
      },
      onmouseenter: () => show(btn, tip),
      onmouseleave: () => {
        if (!pinned) hide(btn, tip);
      },
      onfocus: () => show(btn, tip),
      onblur: () => {
        pinned = false;
        hide(btn, tip);
      },
      onkeydown: (e: KeyboardEvent) => {
        if (e.key === 'Escape' && !tip.hidden) {
          e.stopPropagation();
          e.preventDefault();
          pinned = false;
          hide(btn, tip);
        }
        // Enter and Space belong to this button, not to the header or row around it.
        if (e.key === 'Enter' || e.key === ' ') e.stopPropagation();
      },
    },
    h('span', { 'aria-hidden': 'true' }, 'i'),
  );
  return h('span', { class: 'gloss' }, btn, tip);
}

/** A label followed by its info button: label('Gi* z', 'z'). */
export function termLabel(text: string, key: TermKey): HTMLSpanElement {
  return h('span', { class: 'gloss-label' }, text, info(key));
}

/**
 * Patterns that find a term in text someone else rendered (the legend, the method card's rows
 * from the server), so the explanation follows the term wherever it is printed.
 */
export const TERM_PATTERNS: readonly [TermKey, RegExp][] = [
  ['gi', /\bGi\*/],
  ['z', /\bz-score\b|\bGi\* z\b/],
  ['pFdr', /\bFDR\b|false discovery rate/i],
  ['pai', /\bPAI\b/],
  ['pei', /\bPEI\b/],
  ['alpha', /α\s*=/],
  ['imd', /\bIMD\b|Index of Multiple Deprivation/],
  ['idaci', /\bIDACI\b/],
  ['indirect', /indirect standardisation|what deprivation predicts/i],
  ['trend', /Mann-Kendall/],
  ['smoothed', /smoothed rate|empirical-Bayes/i],
  ['jaccard', /\bJaccard\b/],
  ['overlapCoefficient', /overlap coefficient/i],
  ['clq', /co-location quotient/i],
  ['h3', /\bH3\b/],
];

/**
 * Adds an info button after the first element (heading, term, header) in `root` that names each
 * term, once per term. Safe to call after every re-render.
 */
export function annotateTerms(root: HTMLElement, selector = 'h3, dt, th, .lbl, li'): void {
  const done = new Set<string>([...root.querySelectorAll<HTMLElement>('.gloss-btn')].map((b) => b.dataset.term ?? ''));
  for (const el of root.querySelectorAll<HTMLElement>(selector)) {
    const text = [...el.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent)
      .join('');
    for (const [key, re] of TERM_PATTERNS) {
      if (done.has(key) || !re.test(text)) continue;
      el.append(' ', info(key));
      done.add(key);
    }
  }
}
