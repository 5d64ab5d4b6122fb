/**
 * Which ArcGIS-style confidence bins a map can show at a significance level (the rule of
 * confidenceBins in ./confidenceBin): a cell's level is 3 when its FDR-adjusted p is at most 0.01,
 * 2 at most 0.05, 1 at most 0.10, and every cell whose adjusted p exceeds alpha gets 0. So a level
 * can appear only when some adjusted p inside its band is also at most alpha: at alpha 0.05 the
 * ±1 (90%) bin can never appear, at alpha 0.01 only ±3 can. A legend that lists a bin the map
 * cannot draw tells the reader that a weaker class of hot spot exists and was found nowhere.
 */

/** Confidence level (bin magnitude) → the largest adjusted p it takes, as in confidenceBins. */
export const BIN_LEVELS: readonly { level: 1 | 2 | 3; maxP: number; confidence: string }[] = [
  { level: 3, maxP: 0.01, confidence: '99%' },
  { level: 2, maxP: 0.05, confidence: '95%' },
  { level: 1, maxP: 0.1, confidence: '90%' },
];

/** Lower edge (exclusive) of a level's band of adjusted p: the next stricter level's threshold. */
function bandFloor(level: number): number {
  return BIN_LEVELS.find((l) => l.level === level + 1)?.maxP ?? 0;
}

/**
 * The confidence levels (3, 2, 1; strongest first) that can occur at `alpha`. A level is
 * attainable when its band (floor, maxP] holds an adjusted p at most alpha, i.e. alpha > floor.
 * The same rounding slack as confidenceBins keeps alpha = 0.01 from admitting level 2.
 */
export function attainableLevels(alpha: number): (1 | 2 | 3)[] {
  if (!(alpha > 0)) return [];
  const slack = 1 + 1e-12;
  return BIN_LEVELS.filter((l) => alpha * slack > bandFloor(l.level) * slack).map((l) => l.level);
}

/** The non-zero bins (hot 3..1, then cold -1..-3) a map at `alpha` can contain; 0 is always possible. */
export function attainableBins(alpha: number): number[] {
  const levels = attainableLevels(alpha);
  return [
    ...levels,
    ...levels
      .slice()
      .reverse()
      .map((l) => -l),
  ];
}

/** '99% and 95%' for the levels attainable at `alpha`, for legends and method cards. */
export function attainableConfidenceWords(alpha: number): string {
  const words = attainableLevels(alpha).map((l) => BIN_LEVELS.find((b) => b.level === l)!.confidence);
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * One sentence stating the bin rule at `alpha`, so README, method card and legend say the same:
 * which bins can appear and why the others cannot.
 */
export function binRuleSentence(alpha: number): string {
  const levels = attainableLevels(alpha);
  const all = `Bins ±3, ±2 and ±1 mark 99%, 95% and 90% confidence`;
  const missing = BIN_LEVELS.filter((l) => !levels.includes(l.level));
  if (missing.length === 0) return `${all}; at α = ${alpha} all three can appear.`;
  return `${all}; a cell not significant at α = ${alpha} is not coloured, so only ${attainableConfidenceWords(alpha)} can appear (${missing.map((m) => `±${m.level} needs α = ${m.maxP}`).join(', ')}).`;
}
