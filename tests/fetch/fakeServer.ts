/**
 * A local stand-in for data.police.uk (the documented methods the fetcher uses), the ONS Open
 * Geography Portal's ArcGIS query API and plain file downloads. Listens on 127.0.0.1 only.
 *
 * police.uk behaviour played here (data.police.uk/docs): crimes-street-dates, crime-categories,
 * forces/<id>, locate-neighbourhood, crimes-street/all-crime by `poly` + `date` over GET and POST;
 * a GET URL over 4,094 characters gets 400; an area with more than `maxCrimes` crimes gets 503.
 * Faults (429 with or without Retry-After, slow answers, dropped connections, malformed JSON, 500)
 * are injected per crime request by `fault(n)`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection } from 'geojson';
import { categorySlug, POLICE_UK_CATEGORIES } from '../../geo/categories';
import { pointInPolygon } from '../../geo/pointInPolygon';
import { csvRecords } from '../../server/fetch/csvRecords';
import type { ApiCrime } from '../../server/fetch/policeApi';

export const SHARED_DATA = process.env.ATLAS_TEST_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url));

export type Fault =
  { kind: '429'; retryAfter?: string } | { kind: 'slow'; ms: number } | { kind: 'drop' } | { kind: 'malformed' } | { kind: '500' };

export interface LoggedRequest {
  t: number;
  method: string;
  path: string;
  status: number;
  date?: string;
  poly?: string;
  urlLength: number;
  fault?: Fault['kind'];
}

export interface FakeOptions {
  /** Crimes by month; months listed by crimes-street-dates, newest first. */
  crimes: Map<string, ApiCrime[]>;
  /** More crimes than this in a polygon gives 503 (police.uk: 10,000). */
  maxCrimes: number;
  force?: { id: string; name: string };
  /** ONS ward features (WDnnCD ... LADnnCD properties) served as service `wardService`. */
  wards?: FeatureCollection;
  wardService?: string;
  /** Other ArcGIS services by name. */
  services?: Record<string, FeatureCollection>;
  /** Plain files under /files/<name>. */
  files?: Record<string, string>;
  /** Features per ArcGIS page (default 10, small to exercise paging). */
  onsPageSize?: number;
  /** Fault for the n-th crime request (1-based), if any. */
  fault?: (n: number) => Fault | undefined;
  /** Called for each crime request before it is answered. */
  onCrimeRequest?: (n: number) => void;
}

export interface FakeServer {
  url: string;
  policeUrl: string;
  onsUrl: string;
  filesUrl: string;
  log: LoggedRequest[];
  crimeRequests(): LoggedRequest[];
  close(): Promise<void>;
  options: FakeOptions;
}

/** Crimes in API form from a police.uk street CSV (ids numbered from `firstId`). */
export function crimesFromCsv(path: string, firstId = 1, keep: (fields: string[]) => boolean = () => true): ApiCrime[] {
  const records = csvRecords(readFileSync(path, 'utf8'));
  const first = records.next();
  if (first.done) return [];
  const header: string[] = first.value.fields;
  const col = (name: string) => header.indexOf(name);
  const [id, month, lon, lat, location, type, outcome, context] = [
    'Crime ID',
    'Month',
    'Longitude',
    'Latitude',
    'Location',
    'Crime type',
    'Last outcome category',
    'Context',
  ].map(col);
  const out: ApiCrime[] = [];
  let next = firstId;
  let street = 1000;
  for (const { fields } of records) {
    if (!keep(fields)) continue;
    const slug = categorySlug(fields[type]);
    if (!slug) throw new Error(`unknown category ${fields[type]}`);
    out.push({
      id: next++,
      persistent_id: fields[id],
      category: slug,
      month: fields[month],
      context: fields[context] ?? '',
      location_type: 'Force',
      location_subtype: '',
      location: { latitude: fields[lat], longitude: fields[lon], street: { id: street++, name: fields[location] } },
      outcome_status: fields[outcome] ? { category: fields[outcome], date: fields[month] } : null,
    });
  }
  return out;
}

/** shared/data wards (ward_code ...) as an ONS download (WD25CD, WD25NM, LAD25CD, LAD25NM). */
export function onsWards(path = join(SHARED_DATA, 'boundaries', 'wards.geojson')): FeatureCollection {
  const fc = JSON.parse(readFileSync(path, 'utf8')) as FeatureCollection;
  return {
    type: 'FeatureCollection',
    features: fc.features.map((f, i) => ({
      type: 'Feature',
      properties: {
        FID: i + 1,
        WD25CD: f.properties!.ward_code,
        WD25NM: f.properties!.ward_name,
        WD25NMW: ' ',
        LAD25CD: f.properties!.lad_code,
        LAD25NM: f.properties!.lad_name,
        LONG: f.properties!.centroid_lon,
        LAT: f.properties!.centroid_lat,
      },
      geometry: f.geometry,
    })),
  };
}

/** shared/data small areas renamed to ONS properties (no LAD field: selected by name). */
export function onsSmallAreas(file: string, codeKey: string, nameKey: string, prefix: string): FeatureCollection {
  const fc = JSON.parse(readFileSync(join(SHARED_DATA, 'boundaries', file), 'utf8')) as FeatureCollection;
  return {
    type: 'FeatureCollection',
    features: fc.features.map((f) => ({
      type: 'Feature',
      properties: { [`${prefix}CD`]: f.properties![codeKey], [`${prefix}NM`]: f.properties![nameKey] },
      geometry: f.geometry,
    })),
  };
}

function parsePoly(poly: string): number[][] {
  return poly.split(':').map((pair) => {
    const [lat, lng] = pair.split(',').map(Number);
    if (!Number.isFinite(lat) || !Number.isFinite(lng)) throw new Error(`bad poly pair ${pair}`);
    return [lng, lat];
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A minimal ArcGIS `where`: `FIELD='value'` or `FIELD LIKE 'prefix%'`. */
function whereFilter(where: string): (props: Record<string, unknown>) => boolean {
  if (where === '1=1') return () => true;
  let m = /^(\w+)\s*=\s*'((?:[^']|'')*)'$/.exec(where);
  if (m) {
    const [, field, value] = m;
    return (p) => p[field] === value.replace(/''/g, "'");
  }
  m = /^(\w+)\s+LIKE\s+'((?:[^']|'')*)'$/i.exec(where);
  if (m) {
    const [, field, pattern] = m;
    const re = new RegExp(
      `^${pattern
        .replace(/''/g, "'")
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*')}$`,
    );
    return (p) => typeof p[field] === 'string' && re.test(p[field] as string);
  }
  throw new Error(`unsupported where ${where}`);
}

export async function startFakeServer(options: FakeOptions): Promise<FakeServer> {
  const log: LoggedRequest[] = [];
  const started = performance.now();
  let crimeCount = 0;
  let baseLength = 0;
  const force = options.force ?? { id: 'cleveland', name: 'Cleveland Police' };
  const services: Record<string, FeatureCollection> = { ...(options.services ?? {}) };
  if (options.wards) services[options.wardService ?? 'WD_DEC_2025_UK_BGC'] = options.wards;
  // Bounding boxes of crimes, for a quick pre-filter.
  const points = new Map<string, { crime: ApiCrime; lon: number; lat: number }[]>();
  for (const [month, crimes] of options.crimes) {
    points.set(
      month,
      crimes.map((c) => ({ crime: c, lon: Number(c.location!.longitude), lat: Number(c.location!.latitude) })),
    );
  }

  const send = (res: ServerResponse, entry: LoggedRequest, status: number, body: string, headers: Record<string, string> = {}) => {
    entry.status = status;
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const entry: LoggedRequest = {
      t: performance.now() - started,
      method: req.method ?? 'GET',
      path: url.pathname,
      status: 0,
      urlLength: 0,
    };
    log.push(entry);
    const path = url.pathname;

    if (path.startsWith('/files/')) {
      const name = decodeURIComponent(path.slice('/files/'.length));
      const content = options.files?.[name];
      if (content === undefined) return send(res, entry, 404, 'not found');
      return send(res, entry, 200, content, { 'content-type': 'text/csv' });
    }

    if (path.startsWith('/ons/')) {
      const m = /^\/ons\/([^/]+)\/FeatureServer\/0\/query$/.exec(path);
      const service = m ? services[m[1]] : undefined;
      if (!service)
        return send(res, entry, 200, JSON.stringify({ error: { code: 400, message: 'Invalid URL', details: ['Invalid URL'] } }));
      const where = url.searchParams.get('where') ?? '1=1';
      const features = service.features.filter((f) => whereFilter(where)((f.properties ?? {}) as Record<string, unknown>));
      const offset = Number(url.searchParams.get('resultOffset') ?? 0);
      const count = Math.min(Number(url.searchParams.get('resultRecordCount') ?? 2000), options.onsPageSize ?? 10);
      const page = features.slice(offset, offset + count);
      const more = offset + count < features.length;
      if (url.searchParams.get('f') === 'geojson') {
        return send(
          res,
          entry,
          200,
          JSON.stringify({ type: 'FeatureCollection', features: page, ...(more ? { properties: { exceededTransferLimit: true } } : {}) }),
        );
      }
      const outFields = url.searchParams.get('outFields') ?? '*';
      return send(
        res,
        entry,
        200,
        JSON.stringify({
          features: page.map((f) => ({
            attributes:
              outFields === '*' ? f.properties : Object.fromEntries(outFields.split(',').map((k) => [k, (f.properties ?? {})[k]])),
          })),
          ...(more ? { exceededTransferLimit: true } : {}),
        }),
      );
    }

    if (!path.startsWith('/api/')) return send(res, entry, 404, JSON.stringify({ error: 'not found' }));
    const method = path.slice('/api/'.length);

    if (method === 'crimes-street-dates') {
      const months = [...options.crimes.keys()].sort().reverse();
      return send(res, entry, 200, JSON.stringify(months.map((date) => ({ date, 'stop-and-search': [force.id] }))));
    }
    if (method === 'crime-categories') {
      const date = url.searchParams.get('date');
      if (!date || !options.crimes.has(date)) return send(res, entry, 404, '');
      const list = [
        { url: 'all-crime', name: 'All crime' },
        ...POLICE_UK_CATEGORIES.filter((c) => c.slug !== 'public-disorder-weapons').map((c) => ({ url: c.slug, name: c.name })),
      ];
      return send(res, entry, 200, JSON.stringify(list));
    }
    if (method === `forces/${force.id}`) {
      return send(
        res,
        entry,
        200,
        JSON.stringify({ id: force.id, name: force.name, url: 'https://www.cleveland.police.uk', telephone: '101' }),
      );
    }
    if (method === 'locate-neighbourhood') {
      return send(res, entry, 200, JSON.stringify({ force: force.id, neighbourhood: 'NPT1' }));
    }
    if (method === 'crimes-street/all-crime') {
      const n = ++crimeCount;
      options.onCrimeRequest?.(n);
      let params = url.searchParams;
      entry.urlLength = (req.url ?? '').length + baseLength;
      if (req.method === 'POST') params = new URLSearchParams(await readBody(req));
      else if (entry.urlLength > 4094) return send(res, entry, 400, '');
      const date = params.get('date') ?? '';
      const poly = params.get('poly') ?? '';
      entry.date = date;
      entry.poly = poly;
      const fault = options.fault?.(n);
      if (fault) entry.fault = fault.kind;
      if (fault?.kind === 'drop') {
        entry.status = -1;
        req.socket.destroy();
        return;
      }
      if (fault?.kind === '429')
        return send(res, entry, 429, '', fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {});
      if (fault?.kind === '500') return send(res, entry, 500, '<html>Internal Server Error</html>', { 'content-type': 'text/html' });
      if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
      if (fault?.kind === 'malformed')
        return send(res, entry, 200, '[{"category":"burglary","location_type":"Force","location":{"latitude":"54.5');
      const monthPoints = points.get(date);
      if (!monthPoints) return send(res, entry, 404, '');
      const ring = parsePoly(poly);
      const geometry = { type: 'Polygon' as const, coordinates: [[...ring, ring[0]]] };
      const xs = ring.map((p) => p[0]);
      const ys = ring.map((p) => p[1]);
      const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      const inside = monthPoints.filter(
        (p) => p.lon >= minX && p.lon <= maxX && p.lat >= minY && p.lat <= maxY && pointInPolygon(p.lon, p.lat, geometry),
      );
      if (inside.length > options.maxCrimes) return send(res, entry, 503, '');
      return send(res, entry, 200, JSON.stringify(inside.map((p) => p.crime)));
    }
    return send(res, entry, 404, JSON.stringify({ error: 'unknown method' }));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500);
        res.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  baseLength = url.length;
  return {
    url,
    policeUrl: `${url}/api`,
    onsUrl: `${url}/ons`,
    filesUrl: `${url}/files`,
    log,
    options,
    crimeRequests: () => log.filter((e) => e.path === '/api/crimes-street/all-crime'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
