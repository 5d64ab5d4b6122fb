/**
 * Boundaries from the ONS Open Geography Portal through its ArcGIS REST FeatureServer query API:
 *   <ONS_GEO_URL>/<service>/FeatureServer/0/query?where=...&outFields=*&outSR=4326&f=geojson
 * The portal answers errors as HTTP 200 with an `error` member; these are reported by service.
 * Results are paged with resultOffset / resultRecordCount while the server says
 * exceededTransferLimit. Features keep the ONS property names (WD25CD, WD25NM, LAD25CD, LSOA21CD,
 * ...), which the importer recognises.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { type HttpClient } from './http';
import type { SourceUrls } from './settings';

export type BoundaryKind = 'ward' | 'lsoa21' | 'lsoa11' | 'msoa11';

export interface BoundaryDownload {
  kind: BoundaryKind;
  service: string;
  /** The query URL of the first page. */
  url: string;
  collection: FeatureCollection & { name: string };
  /** The area's name as the portal gives it (LADnnNM), when present. */
  ladName?: string;
}

export class OnsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnsError';
  }
}

const PAGE_SIZE = 1000;

function serviceQueryUrl(urls: SourceUrls, service: string): string {
  return `${urls.onsGeo}/${service}/FeatureServer/0/query`;
}

function query(base: string, params: Record<string, string>): string {
  return `${base}?${new URLSearchParams(params).toString()}`;
}

interface ArcgisError {
  error?: { code?: number; message?: string; details?: unknown };
}

/** The attribute names of a service, from one feature (no geometry). */
export async function serviceFields(http: HttpClient, urls: SourceUrls, service: string): Promise<string[]> {
  const url = query(serviceQueryUrl(urls, service), {
    where: '1=1',
    outFields: '*',
    returnGeometry: 'false',
    resultRecordCount: '1',
    f: 'json',
  });
  const { data } = await http.json<ArcgisError & { features?: { attributes?: Record<string, unknown> }[]; fields?: { name: string }[] }>({
    url,
  });
  if (!data || data.error)
    throw new OnsError(`ONS service ${service}: ${data?.error?.message ?? 'no answer'} (${data?.error?.code ?? ''})`);
  const attributes = data.features?.[0]?.attributes;
  if (attributes) return Object.keys(attributes);
  return (data.fields ?? []).map((f) => f.name);
}

/** All features matching `where`, as one GeoJSON FeatureCollection in WGS84. */
export async function queryGeojson(
  http: HttpClient,
  urls: SourceUrls,
  service: string,
  where: string,
  orderBy?: string,
): Promise<{ url: string; features: Feature<Geometry>[] }> {
  const base = serviceQueryUrl(urls, service);
  const features: Feature<Geometry>[] = [];
  let firstUrl = '';
  for (let offset = 0, page = 0; page < 1000; page++) {
    const params: Record<string, string> = {
      where,
      outFields: '*',
      outSR: '4326',
      f: 'geojson',
      resultOffset: String(offset),
      resultRecordCount: String(PAGE_SIZE),
    };
    if (orderBy) params.orderByFields = orderBy;
    const url = query(base, params);
    if (page === 0) firstUrl = url;
    const { data } = await http.json<
      ArcgisError & { features?: Feature<Geometry>[]; exceededTransferLimit?: boolean; properties?: { exceededTransferLimit?: boolean } }
    >({ url });
    if (!data || data.error) throw new OnsError(`ONS service ${service}: ${data?.error?.message ?? 'no answer'} for where=${where}`);
    const batch = data.features ?? [];
    features.push(...batch);
    offset += batch.length;
    const more = data.exceededTransferLimit === true || data.properties?.exceededTransferLimit === true;
    if (!more || batch.length === 0) break;
  }
  return { url: firstUrl, features };
}

function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function findField(fields: string[], pattern: RegExp): string | undefined {
  return fields.find((f) => pattern.test(f));
}

/**
 * The area's current wards: the first service in `urls.wardServices` that has a LADnnCD field
 * and holds features for the area.
 */
export async function downloadWards(
  http: HttpClient,
  urls: SourceUrls,
  area: string,
  log?: (line: string) => void,
): Promise<BoundaryDownload> {
  const problems: string[] = [];
  for (const service of urls.wardServices) {
    try {
      const fields = await serviceFields(http, urls, service);
      const lad = findField(fields, /^LAD\d{2}CD$/i);
      const code = findField(fields, /^WD\d{2}CD$/i);
      if (!lad || !code) {
        problems.push(`${service}: no LADnnCD/WDnnCD fields`);
        continue;
      }
      const { url, features } = await queryGeojson(http, urls, service, `${lad}=${quote(area)}`, code);
      if (features.length === 0) {
        problems.push(`${service}: no wards for ${area}`);
        continue;
      }
      const ladNameField = findField(fields, /^LAD\d{2}NM$/i);
      const ladName = ladNameField ? String(features[0].properties?.[ladNameField] ?? '') || undefined : undefined;
      return { kind: 'ward', service, url, ladName, collection: { type: 'FeatureCollection', name: service, features } };
    } catch (error) {
      problems.push(`${service}: ${(error as Error).message}`);
      log?.(`wards: ${service} not used (${(error as Error).message})`);
    }
  }
  throw new OnsError(`no ONS ward service gave wards for ${area}: ${problems.join('; ')}`);
}

/** The area's name (LADnnNM) from the first ward service that has it. */
export async function ladName(http: HttpClient, urls: SourceUrls, area: string): Promise<string | undefined> {
  for (const service of urls.wardServices) {
    try {
      const fields = await serviceFields(http, urls, service);
      const lad = findField(fields, /^LAD\d{2}CD$/i);
      const name = findField(fields, /^LAD\d{2}NM$/i);
      if (!lad || !name) continue;
      const url = query(serviceQueryUrl(urls, service), {
        where: `${lad}=${quote(area)}`,
        outFields: name,
        returnGeometry: 'false',
        resultRecordCount: '1',
        f: 'json',
      });
      const { data } = await http.json<ArcgisError & { features?: { attributes?: Record<string, unknown> }[] }>({ url });
      const value = data?.features?.[0]?.attributes?.[name];
      if (typeof value === 'string' && value) return value;
    } catch {
      // try the next service
    }
  }
  return undefined;
}

const SMALL_AREA: Record<Exclude<BoundaryKind, 'ward'>, { service: (u: SourceUrls) => string; prefix: string }> = {
  lsoa21: { service: (u) => u.lsoa21Service, prefix: 'LSOA' },
  lsoa11: { service: (u) => u.lsoa11Service, prefix: 'LSOA' },
  msoa11: { service: (u) => u.msoa11Service, prefix: 'MSOA' },
};

/**
 * LSOA or MSOA boundaries for the area: by a LADnnCD field when the service has one, else by
 * name, since ONS names small areas "<area name> 011A".
 */
export async function downloadSmallAreas(
  http: HttpClient,
  urls: SourceUrls,
  kind: Exclude<BoundaryKind, 'ward'>,
  area: string,
  areaName: string | undefined,
): Promise<BoundaryDownload> {
  const { service: pick, prefix } = SMALL_AREA[kind];
  const service = pick(urls);
  const fields = await serviceFields(http, urls, service);
  const code = findField(fields, new RegExp(`^${prefix}\\d{2}CD$`, 'i'));
  const name = findField(fields, new RegExp(`^${prefix}\\d{2}NM$`, 'i'));
  const lad = findField(fields, /^LAD\d{2}CD$/i);
  if (!code) throw new OnsError(`ONS service ${service} has no ${prefix}nnCD field`);
  let where: string;
  if (lad) where = `${lad}=${quote(area)}`;
  else if (name && areaName) where = `${name} LIKE ${quote(`${areaName} %`)}`;
  else throw new OnsError(`ONS service ${service}: cannot select ${area} (no LAD field, and the area's name is unknown)`);
  const { url, features } = await queryGeojson(http, urls, service, where, code);
  if (features.length === 0) throw new OnsError(`ONS service ${service}: no ${kind} areas for ${area} (where ${where})`);
  // Chosen by name, the features do not say their district: stamp it, so that the importer adds
  // this area's small areas to a store of several areas instead of replacing the others'.
  if (!lad) for (const f of features) f.properties = { ...f.properties, lad_code: area, ...(areaName ? { lad_name: areaName } : {}) };
  return { kind, service, url, collection: { type: 'FeatureCollection', name: service, features } };
}
