/**
 * Published statistics files, downloaded in their official formats:
 * - IoD 2019 and IoD 2025 File 7 (MHCLG, CSV, one row per LSOA in England): cut down to the
 *   area's rows by the "Local Authority District code (...)" column; the header and the kept
 *   records are the publisher's bytes.
 * - Mid-year population (ONS small-area estimates through the Nomis API, CSV): the query selects
 *   the area already (`{area}` in the URL); the rows are pivoted into ONS's table layout
 *   (see nomisToWide).
 * - Children in Low Income Families (DWP): DWP publishes it through Stat-Xplore (API key) and
 *   spreadsheets; set CILIF_URL to a CSV (e.g. a Stat-Xplore table export) to have it fetched. The
 *   file is saved unchanged.
 */
import { csvField } from '../../geo/csvQuote';
import { csvRecords, filterCsvByColumn } from './csvRecords';
import { type HttpClient } from './http';
import { withArea, type SourceUrls } from './settings';

export type StatSource = 'iod2019' | 'iod2025' | 'population' | 'cilif';

export interface StatFile {
  source: StatSource;
  url: string;
  /** Relative path in the out dir. */
  file: string;
  content: string;
  detail: string;
}

const LAD_COLUMN = /^Local Authority District code/i;

/** The file name a download is saved under, relative to the out dir. */
export function statFileName(source: StatSource, url: string, area: string): string {
  if (source === 'population') return `population/mid-year-population-lsoa21-${area}.csv`;
  const base = decodeURIComponent(new URL(url).pathname.split('/').pop() || `${source}.csv`);
  const safe = base.replace(/[^A-Za-z0-9._-]+/g, '_');
  const dir = source === 'cilif' ? 'child-poverty' : 'iod';
  return `${dir}/${safe.endsWith('.csv') ? safe : `${safe}.csv`}`;
}

export function statUrl(urls: SourceUrls, source: StatSource, area: string): string {
  const url =
    source === 'iod2019' ? urls.iod2019 : source === 'iod2025' ? urls.iod2025 : source === 'population' ? urls.population : urls.cilif;
  return url ? withArea(url, area) : '';
}

export async function downloadStatFile(http: HttpClient, urls: SourceUrls, source: StatSource, area: string): Promise<StatFile> {
  const url = statUrl(urls, source, area);
  if (!url) throw new Error(`${source}: no URL set`);
  const response = await http.send({ url, accept: 'text/csv, */*' });
  const text = response.text;
  const file = statFileName(source, url, area);
  if (text.trim() === '') throw new Error(`${source}: empty file from ${url}`);
  if (/^\s*</.test(text)) throw new Error(`${source}: ${url} answered with HTML, not CSV`);
  if (source === 'iod2019' || source === 'iod2025') {
    const filtered = filterCsvByColumn(text, LAD_COLUMN, area);
    if (filtered === null) return { source, url, file, content: text, detail: 'no LAD code column: kept whole' };
    if (filtered.kept === 0) throw new Error(`${source}: no rows for ${area} among ${filtered.read} in ${url}`);
    return { source, url, file, content: filtered.text, detail: `${filtered.kept} of ${filtered.read} LSOA rows` };
  }
  if (source === 'population') {
    const wide = nomisToWide(text);
    if (wide) {
      if (wide.areas === 0) throw new Error(`population: no areas in ${url}`);
      return {
        source,
        url,
        file,
        content: wide.text,
        detail: `${wide.areas} LSOAs${wide.date ? `, mid-${wide.date}` : ''} (Nomis rows pivoted to the ONS table layout)`,
      };
    }
  }
  const rows = text.trim().split(/\r?\n/).length - 1;
  if (rows < 1) throw new Error(`${source}: no data rows in ${url}`);
  return { source, url, file, content: text, detail: `${rows} rows` };
}

/**
 * Nomis answers in long form (one row per area and age band: GEOGRAPHY_CODE, GEOGRAPHY_NAME,
 * C_AGE_NAME, OBS_VALUE). The importer reads the wide layout of ONS's own small-area population
 * tables ("LSOA 2021 Code", "LSOA 2021 Name", "Total", ...), so the rows are pivoted into it:
 * "All Ages" becomes "Total", an age band 0 to 15 becomes "Aged 0-15", other bands keep their
 * Nomis label. Returns null when the text is not a Nomis extract.
 */
export function nomisToWide(text: string): { text: string; areas: number; date: string } | null {
  const records = [...csvRecordsOf(text)];
  if (records.length < 2) return null;
  const header = records[0].map((h) => h.trim().toUpperCase());
  const code = header.indexOf('GEOGRAPHY_CODE');
  const name = header.indexOf('GEOGRAPHY_NAME');
  const age = header.indexOf('C_AGE_NAME');
  const value = header.indexOf('OBS_VALUE');
  const date = header.indexOf('DATE_NAME');
  if (code < 0 || value < 0) return null;
  const columns: string[] = [];
  const rows = new Map<string, { name: string; values: Map<string, string> }>();
  let dateName = '';
  for (const r of records.slice(1)) {
    const areaCode = r[code]?.trim();
    if (!areaCode) continue;
    const label = age >= 0 ? ageColumn(r[age] ?? '') : 'Total';
    if (!columns.includes(label)) columns.push(label);
    const row = rows.get(areaCode) ?? { name: name >= 0 ? (r[name] ?? '') : '', values: new Map() };
    row.values.set(label, (r[value] ?? '').trim());
    rows.set(areaCode, row);
    if (date >= 0 && r[date]) dateName = r[date];
  }
  columns.sort((a, b) => (a === 'Total' ? -1 : b === 'Total' ? 1 : 0));
  const out = [['LSOA 2021 Code', 'LSOA 2021 Name', ...columns].map((c) => csvField(c)).join(',')];
  for (const [areaCode, row] of [...rows].sort((a, b) => a[0].localeCompare(b[0]))) {
    out.push([areaCode, row.name, ...columns.map((c) => row.values.get(c) ?? '')].map((c) => csvField(c)).join(','));
  }
  return { text: out.join('\n') + '\n', areas: rows.size, date: dateName };
}

function ageColumn(label: string): string {
  const l = label.trim();
  if (/^all ages$/i.test(l) || /^total$/i.test(l)) return 'Total';
  if (/^aged\s*0\D+15$/i.test(l)) return 'Aged 0-15';
  return l;
}

function* csvRecordsOf(text: string): Generator<string[]> {
  for (const record of csvRecords(text)) yield record.fields;
}
