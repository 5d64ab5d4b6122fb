/**
 * Base URLs of every service the fetcher talks to. Each is a setting read from the environment,
 * so a mirror or a test server can stand in. `{area}` in a URL is replaced by the area code.
 * docs/fetch.md lists the defaults and where they come from.
 */
export interface SourceUrls {
  /** data.police.uk API root (no trailing slash). */
  police: string;
  /** ONS Open Geography Portal ArcGIS REST `services` root. */
  onsGeo: string;
  /** Ward boundary FeatureServer service names, tried in order until one holds the area's wards. */
  wardServices: string[];
  lsoa21Service: string;
  lsoa11Service: string;
  msoa11Service: string;
  /** English Indices of Deprivation 2019, File 7 (CSV, LSOA 2011). */
  iod2019: string;
  /** English Indices of Deprivation 2025, File 7 (CSV, LSOA 2021). */
  iod2025: string;
  /** Nomis small-area mid-year population estimates (CSV API). */
  population: string;
  /** Children in Low Income Families: a CSV URL (DWP publishes it through Stat-Xplore; no keyless default). */
  cilif: string;
}

export const DEFAULT_URLS: Readonly<SourceUrls> = {
  police: 'https://data.police.uk/api',
  onsGeo: 'https://services1.arcgis.com/ESMARspQHYMw9BZ9/arcgis/rest/services',
  wardServices: [
    'WD_DEC_2025_UK_BGC',
    'WD_MAY_2025_UK_BGC',
    'WD_DEC_2024_UK_BGC',
    'WD_MAY_2024_UK_BGC',
    'WD_MAY_2023_UK_BGC',
    'WD_DEC_2025_UK_BSC',
  ],
  lsoa21Service: 'Lower_layer_Super_Output_Areas_December_2021_Boundaries_EW_BGC_V5',
  lsoa11Service: 'LSOA_Dec_2011_Boundaries_Generalised_Clipped_BGC_EW_V3_2022',
  msoa11Service: 'MSOA_Dec_2011_Boundaries_Generalised_Clipped_BGC_EW_V3_2022',
  iod2019:
    'https://assets.publishing.service.gov.uk/media/5dc407b440f0b6379a7acc8d/File_7_-_All_IoD2019_Scores__Ranks__Deciles_and_Population_Denominators_3.csv',
  iod2025:
    'https://assets.publishing.service.gov.uk/media/691ded56d140bbbaa59a2a7d/File_7_IoD2025_All_Ranks_Scores_Deciles_Population_Denominators.csv',
  population:
    'https://www.nomisweb.co.uk/api/v01/dataset/NM_2014_1.data.csv?geography={area}TYPE151&date=2022&gender=0&c_age=200,201&measures=20100&select=date_name,geography_code,geography_name,c_age_name,obs_value',
  cilif: '',
};

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The URLs in force: environment variables over the defaults. */
export function sourceUrls(env: NodeJS.ProcessEnv = process.env): SourceUrls {
  const d = DEFAULT_URLS;
  return {
    police: trimSlash(env.POLICE_API_URL || d.police),
    onsGeo: trimSlash(env.ONS_GEO_URL || d.onsGeo),
    wardServices: list(env.ONS_WARD_SERVICES) ?? [...d.wardServices],
    lsoa21Service: env.ONS_LSOA21_SERVICE || d.lsoa21Service,
    lsoa11Service: env.ONS_LSOA11_SERVICE || d.lsoa11Service,
    msoa11Service: env.ONS_MSOA11_SERVICE || d.msoa11Service,
    iod2019: env.IOD_URL || env.IOD2019_URL || d.iod2019,
    iod2025: env.IOD2025_URL || d.iod2025,
    population: env.POPULATION_URL || d.population,
    cilif: env.CILIF_URL ?? d.cilif,
  };
}

/** Substitutes `{area}` in a configured URL. */
export function withArea(url: string, area: string): string {
  return url.replace(/\{area\}/g, encodeURIComponent(area));
}
