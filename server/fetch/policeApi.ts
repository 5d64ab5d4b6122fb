/**
 * The data.police.uk API methods the fetcher uses (https://data.police.uk/docs/):
 * crimes-street-dates, crime-categories, forces/<id>, locate-neighbourhood and
 * crimes-street/all-crime with a custom polygon. Responses are checked with zod so a changed or
 * broken answer is reported by name instead of surfacing as a type error later.
 */
import { z } from 'zod';
import { type HttpClient } from './http';
import { polyParam, type Ring } from './polygons';

/** GET requests longer than this get HTTP 400 from police.uk; longer polygons are POSTed. */
export const MAX_GET_URL_LENGTH = 4094;

const crimeSchema = z.object({
  id: z.union([z.number(), z.string()]),
  persistent_id: z.string().nullish(),
  category: z.string(),
  month: z.string(),
  context: z.string().nullish(),
  location_type: z.string().nullish(),
  location_subtype: z.string().nullish(),
  location: z
    .object({
      latitude: z.union([z.string(), z.number()]),
      longitude: z.union([z.string(), z.number()]),
      street: z.object({ id: z.union([z.number(), z.string()]).nullish(), name: z.string().nullish() }).nullish(),
    })
    .nullish(),
  outcome_status: z.object({ category: z.string().nullish(), date: z.string().nullish() }).nullish(),
});

export type ApiCrime = z.infer<typeof crimeSchema>;

const crimesSchema = z.array(crimeSchema);
const datesSchema = z.array(z.object({ date: z.string() }).loose());
const categoriesSchema = z.array(z.object({ url: z.string(), name: z.string() }));
const forceSchema = z.object({ id: z.string(), name: z.string() }).loose();
const neighbourhoodSchema = z.object({ force: z.string(), neighbourhood: z.string().nullish() }).loose();

export class ApiShapeError extends Error {
  constructor(method: string, url: string, detail: string) {
    super(`police.uk ${method} answered with an unexpected shape (${url}): ${detail}`);
    this.name = 'ApiShapeError';
  }
}

export type PolygonResult = { tooMany: true; method: 'GET' | 'POST' } | { tooMany: false; method: 'GET' | 'POST'; crimes: ApiCrime[] };

export class PoliceApi {
  /** Requests for crimes (not dates, categories or forces), by HTTP method. */
  readonly crimeRequests = { GET: 0, POST: 0, tooMany: 0 };

  constructor(
    readonly baseUrl: string,
    readonly http: HttpClient,
    readonly maxGetUrlLength = MAX_GET_URL_LENGTH,
  ) {}

  private async get<T>(method: string, path: string, schema: z.ZodType<T>): Promise<T> {
    const url = `${this.baseUrl}/${path}`;
    const { data } = await this.http.json<unknown>({ url });
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new ApiShapeError(method, url, parsed.error.message.slice(0, 300));
    return parsed.data;
  }

  /** Months with street-level crime, newest first as published. */
  async crimeDates(): Promise<string[]> {
    const rows = await this.get('crimes-street-dates', 'crimes-street-dates', datesSchema);
    return rows.map((r) => r.date).filter((d) => /^\d{4}-\d{2}$/.test(d));
  }

  /** Category slug -> name for one month (`all-crime` excluded). */
  async crimeCategories(month: string): Promise<Record<string, string>> {
    const rows = await this.get('crime-categories', `crime-categories?date=${month}`, categoriesSchema);
    const out: Record<string, string> = {};
    for (const r of rows) if (r.url !== 'all-crime') out[r.url] = r.name;
    return out;
  }

  async force(id: string): Promise<{ id: string; name: string }> {
    const f = await this.get('forces', `forces/${encodeURIComponent(id)}`, forceSchema);
    return { id: f.id, name: f.name };
  }

  async locateNeighbourhood(lat: number, lon: number): Promise<{ force: string; neighbourhood: string | null }> {
    const n = await this.get('locate-neighbourhood', `locate-neighbourhood?q=${lat},${lon}`, neighbourhoodSchema);
    return { force: n.force, neighbourhood: n.neighbourhood ?? null };
  }

  /**
   * Street-level crimes of every category inside `ring` for `month`. GET while the URL fits in
   * 4,094 characters, POST (form body) beyond. `tooMany` reports police.uk's 503 for an area
   * with more than 10,000 crimes: the caller splits the polygon.
   */
  async crimesInPolygon(ring: Ring, month: string): Promise<PolygonResult> {
    const poly = polyParam(ring);
    const path = `${this.baseUrl}/crimes-street/all-crime`;
    const getUrl = `${path}?poly=${poly}&date=${month}`;
    const method = getUrl.length <= this.maxGetUrlLength ? 'GET' : 'POST';
    this.crimeRequests[method]++;
    const request =
      method === 'GET'
        ? { url: getUrl }
        : { method: 'POST' as const, url: path, form: new URLSearchParams({ poly, date: month }).toString() };
    const { status, data } = await this.http.json<unknown>(request, [503]);
    if (status === 503) {
      this.crimeRequests.tooMany++;
      return { tooMany: true, method };
    }
    const parsed = crimesSchema.safeParse(data);
    if (!parsed.success) throw new ApiShapeError('crimes-street', getUrl.slice(0, 120), parsed.error.message.slice(0, 300));
    return { tooMany: false, method, crimes: parsed.data };
  }
}
