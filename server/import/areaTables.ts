import { findColumn, normaliseHeader, snakeCase } from './headers';
import { iodMeasureName, isImdHeader } from './iodMeasures';

/**
 * The area statistics tables the importer knows, recognised by their header row. Each becomes one
 * dataset in area_values (long format: dataset, area_kind, area_code, measure, value) plus a
 * datasets row naming its source and licence. Dataset keys and measures are a contract with the
 * services that read them:
 *
 * | dataset                 | area_kind | measures                                                    |
 * |-------------------------|-----------|-------------------------------------------------------------|
 * | imd2019                 | lsoa11    | <domain>_score/_rank/_decile (see iodMeasures.ts), *_score_exp, pop_* |
 * | iod2025                 | lsoa21    | <domain>_score/_rank/_decile, pop_*_mid2022, crime_ind_*     |
 * | population-mid2022      | lsoa21    | total, age_0_15, age_60_plus, working_age_18_66              |
 * | population-mid2022-ward | ward      | total, age_0_15, age_60_plus, working_age_18_66, lsoa21_count |
 * | cilif-relative          | msoa11    | fye2015 ... fye2022 (children under 16 in relative low income, BHC) |
 * | idaci2025-ward          | ward      | idaci_rate, children_0_15, est_children_income_deprived, lsoa21_count |
 *
 * Empty cells are not stored (the source suppressed or lacked them); text columns are not measures.
 */
export type AreaKind = 'lsoa11' | 'lsoa21' | 'msoa11' | 'ward';

export interface AreaTableSpec {
  readonly dataset: string;
  readonly title: string;
  readonly source: string;
  readonly licence: string;
  readonly areaKind: AreaKind;
  readonly codeColumn: number;
  readonly nameColumn: number;
  /** Candidate measure columns; the importer drops any that turn out to hold text. */
  readonly measures: readonly { column: number; measure: string }[];
}

const OGL = 'Open Government Licence v3.0';

const CODE_ALIASES: Record<AreaKind, (string | RegExp)[]> = {
  lsoa11: ['lsoa11_code', 'lsoa11cd', 'lsoa code (2011)', 'lsoa 2011 code', 'lsoa11 code', 'lsoa_code_2011'],
  lsoa21: ['lsoa21_code', 'lsoa21cd', 'lsoa code (2021)', 'lsoa 2021 code', 'lsoa21 code', 'lsoa_code_2021'],
  msoa11: ['msoa11_code', 'msoa11cd', 'msoa code (2011)', 'msoa 2011 code', 'msoa code', 'msoa11 code'],
  ward: ['ward_current_code', 'ward_code', /^wd\d{2}cd$/, /^ward code/, 'electoral ward code'],
};
const NAME_ALIASES: Record<AreaKind, (string | RegExp)[]> = {
  lsoa11: ['lsoa11_name', 'lsoa11nm', 'lsoa name (2011)', 'lsoa 2011 name', 'lsoa11 name'],
  lsoa21: ['lsoa21_name', 'lsoa21nm', 'lsoa name (2021)', 'lsoa 2021 name', 'lsoa21 name'],
  msoa11: ['msoa11_name', 'msoa11nm', 'msoa name (2011)', 'msoa 2011 name', 'msoa name', 'msoa11 name'],
  ward: ['ward_current_name', 'ward_name', /^wd\d{2}nm$/, /^ward name/, 'electoral ward name'],
};

/** Columns that describe the area rather than measure it (codes and names of any geography). */
function isDescriptive(header: string): boolean {
  const tokens = normaliseHeader(header)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return tokens.some((t) => t === 'code' || t === 'name' || /^[a-z]{2,5}\d{2}(cd|nm)$/.test(t));
}

function measuresOf(header: readonly string[], skip: readonly number[], name: (h: string) => string | undefined) {
  const out: { column: number; measure: string }[] = [];
  header.forEach((h, column) => {
    if (skip.includes(column) || isDescriptive(h)) return;
    const measure = name(h);
    if (measure) out.push({ column, measure });
  });
  return out;
}

type Detector = (header: readonly string[], fileName: string) => AreaTableSpec | undefined;

const iod: Detector = (header) => {
  if (!header.some(isImdHeader)) return undefined;
  for (const [kind, dataset, edition] of [
    ['lsoa11', 'imd2019', '2019'],
    ['lsoa21', 'iod2025', '2025'],
  ] as const) {
    const codeColumn = findColumn(header, CODE_ALIASES[kind]);
    if (codeColumn === -1) continue;
    const nameColumn = findColumn(header, NAME_ALIASES[kind]);
    return {
      dataset,
      title: `English Indices of Deprivation ${edition}, by LSOA ${kind === 'lsoa11' ? 2011 : 2021}`,
      source: `Ministry of Housing, Communities and Local Government (MHCLG), English Indices of Deprivation ${edition}`,
      licence: OGL,
      areaKind: kind,
      codeColumn,
      nameColumn,
      measures: measuresOf(header, [codeColumn, nameColumn], iodMeasureName),
    };
  }
  return undefined;
};

/** Population column names: shared/data's pop_*_mid2022 and official "All Ages"/"Total". */
function populationMeasure(header: string): string | undefined {
  const h = normaliseHeader(header);
  if (/^pop_total|^total( population)?$|^all ages$/.test(h)) return 'total';
  if (/^pop_0_15/.test(h) || /^(aged )?0-15$/.test(h)) return 'age_0_15';
  if (/^pop_60plus/.test(h)) return 'age_60_plus';
  if (/^pop_working_age_18_66/.test(h)) return 'working_age_18_66';
  if (h === 'lsoa21_count') return 'lsoa21_count';
  return undefined;
}

const population: Detector = (header) => {
  if (!header.some((h) => populationMeasure(h) === 'total')) return undefined;
  if (header.some((h) => /idaci/i.test(h))) return undefined;
  for (const [kind, dataset, title] of [
    ['lsoa21', 'population-mid2022', 'Population mid-2022 by LSOA 2021'],
    ['ward', 'population-mid2022-ward', 'Population mid-2022 by current ward (LSOA 2021 best fit)'],
  ] as const) {
    const codeColumn = findColumn(header, CODE_ALIASES[kind]);
    if (codeColumn === -1) continue;
    const nameColumn = findColumn(header, NAME_ALIASES[kind]);
    return {
      dataset,
      title,
      source:
        kind === 'lsoa21'
          ? 'ONS small area population estimates mid-2022, as published in MHCLG IoD 2025 File 7 (excluding prisoners)'
          : 'Derived: sum of ONS mid-2022 LSOA 2021 populations by the current ward holding each LSOA centroid',
      licence: OGL,
      areaKind: kind,
      codeColumn,
      nameColumn,
      measures: measuresOf(header, [codeColumn, nameColumn], populationMeasure),
    };
  }
  return undefined;
};

/** A financial-year column -> 'fyeYYYY' (the year the financial year ends). */
export function fyeMeasure(header: string): string | undefined {
  const h = normaliseHeader(header);
  let m = /(\d{4})[_/-](\d{2})(?![0-9])/.exec(h);
  if (m) return `fye${m[1].slice(0, 2)}${m[2]}`;
  m = /fye\s*_?(\d{4})(?![0-9])/.exec(h);
  if (m) return `fye${m[1]}`;
  return undefined;
}

const childLowIncome: Detector = (header) => {
  const codeColumn = findColumn(header, CODE_ALIASES.msoa11);
  if (codeColumn === -1) return undefined;
  const years = header.filter((h) => fyeMeasure(h) !== undefined);
  if (years.length === 0) return undefined;
  const nameColumn = findColumn(header, NAME_ALIASES.msoa11);
  return {
    dataset: 'cilif-relative',
    title: 'Children (under 16) in relative low income families (before housing costs), by MSOA 2011',
    source: 'Department for Work and Pensions, Children in Low Income Families (Stat-Xplore); latest year provisional',
    licence: OGL,
    areaKind: 'msoa11',
    codeColumn,
    nameColumn,
    measures: measuresOf(header, [codeColumn, nameColumn], fyeMeasure),
  };
};

const IDACI_WARD_NAMES: Record<string, string> = {
  idaci_rate_child_weighted: 'idaci_rate',
  pop_0_15_mid2022: 'children_0_15',
};

const idaciWard: Detector = (header) => {
  const codeColumn = findColumn(header, CODE_ALIASES.ward);
  if (codeColumn === -1 || !header.some((h) => /idaci/i.test(h))) return undefined;
  const nameColumn = findColumn(header, NAME_ALIASES.ward);
  return {
    dataset: 'idaci2025-ward',
    title:
      'IDACI 2025 by current ward: child-weighted rate and estimated income-deprived children (LSOA 2021 best fit); a proxy for child poverty',
    source: 'Derived from MHCLG English Indices of Deprivation 2025 (IDACI) and mid-2022 child populations',
    licence: OGL,
    areaKind: 'ward',
    codeColumn,
    nameColumn,
    measures: measuresOf(header, [codeColumn, nameColumn], (h) => IDACI_WARD_NAMES[snakeCase(h)] ?? snakeCase(h)),
  };
};

const DETECTORS: readonly Detector[] = [iod, idaciWard, population, childLowIncome];

export function recogniseAreaTable(header: readonly string[], fileName: string): AreaTableSpec | undefined {
  for (const detect of DETECTORS) {
    const spec = detect(header, fileName);
    if (spec && spec.measures.length > 0) return spec;
  }
  return undefined;
}
