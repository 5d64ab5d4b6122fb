import { normaliseHeader, snakeCase } from './headers';

/**
 * Canonical measure names for the English Indices of Deprivation, so that 2019 and 2025, the
 * official MHCLG files and the tidied shared/data copies all land on the same names:
 *
 *   <domain>_<score|rank|decile>, domain one of
 *   imd, income, employment, education, health, crime, barriers, living, idaci, idaopi
 *   (sub-domains: cyp, adult_skills, geographical_barriers, wider_barriers, indoors, outdoors).
 *
 * Ranks count from 1 = most deprived; deciles 1 = most deprived 10%. Other columns keep their
 * snake_case header (e.g. income_score_exp, crime_ind_burglary_rate_...); population denominators
 * are pop_total_midYYYY, pop_0_15_midYYYY, pop_60plus_midYYYY, ... in both editions.
 */

/** Official MHCLG header prefixes -> domain. Order matters: IDACI/IDAOPI before Income. */
const OFFICIAL_DOMAINS: readonly [string, string][] = [
  ['index of multiple deprivation', 'imd'],
  ['income deprivation affecting children index', 'idaci'],
  ['income deprivation affecting older people', 'idaopi'],
  ['income', 'income'],
  ['employment', 'employment'],
  ['education, skills and training', 'education'],
  ['health deprivation and disability', 'health'],
  ['crime', 'crime'],
  ['barriers to housing and services', 'barriers'],
  ['living environment', 'living'],
  ['children and young people sub-domain', 'cyp'],
  ['adult skills sub-domain', 'adult_skills'],
  ['geographical barriers sub-domain', 'geographical_barriers'],
  ['wider barriers sub-domain', 'wider_barriers'],
  ['indoors sub-domain', 'indoors'],
  ['outdoors sub-domain', 'outdoors'],
];

/** Official population denominator headers -> names (the year is appended: pop_total_mid2015). */
const OFFICIAL_POPULATION: readonly [RegExp, string][] = [
  [/^total population/, 'pop_total'],
  [/^dependent children aged 0-15/, 'pop_0_15'],
  [/^population aged 16-59/, 'pop_16_59'],
  [/^older population aged 60 and over/, 'pop_60plus'],
  [/^working age population/, 'pop_working_age'],
];

/** Renames of the shared/data snake_case columns onto the canonical domain names. */
const SNAKE_RENAMES: readonly [RegExp, string][] = [
  [/^imd_score_derived$/, 'imd_score'],
  [/^(income|employment|idaci|idaopi)_score_rate_derived$/, '$1_score'],
  [/^barriers_housing_services_/, 'barriers_'],
  [/^housing_and_services_/, 'barriers_'],
  [/^living_environment_/, 'living_'],
  [/^environment_/, 'living_'],
  [/^pop_children_0_15_/, 'pop_0_15_'],
];

export function iodMeasureName(header: string): string {
  const h = normaliseHeader(header);
  for (const [prefix, domain] of OFFICIAL_DOMAINS) {
    if (!h.startsWith(prefix)) continue;
    const kind = / decile\b/.test(h) ? 'decile' : / rank\b/.test(h) ? 'rank' : / score\b/.test(h) ? 'score' : undefined;
    if (kind) return `${domain}_${kind}`;
  }
  for (const [re, name] of OFFICIAL_POPULATION) {
    if (!re.test(h)) continue;
    const year = /mid[- ]?(\d{4})/.exec(h);
    return year ? `${name}_mid${year[1]}` : name;
  }
  let snake = snakeCase(header);
  for (const [re, to] of SNAKE_RENAMES) snake = snake.replace(re, to);
  return snake;
}

/** True for headers that name the deprivation index itself: what makes a table an IoD table. */
export function isImdHeader(header: string): boolean {
  const h = normaliseHeader(header);
  return h.startsWith('index of multiple deprivation') || /^imd_(score|rank|decile)/.test(h);
}
