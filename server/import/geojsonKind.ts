/**
 * What a GeoJSON FeatureCollection holds, from its features' property names. Recognises the
 * tidied shared/data files (ward_code, lsoa_code + vintage, msoa11_code) and ONS Open Geography
 * downloads, whose code/name properties carry the vintage year in their names (WD23CD/WD23NM,
 * LSOA11CD, LSOA21CD, MSOA11CD ...), in either case.
 */
export type BoundaryKind = 'ward' | 'lsoa11' | 'lsoa21' | 'msoa11' | 'msoa21';

export interface BoundaryLayout {
  kind: 'boundary';
  areaKind: BoundaryKind;
  codeKey: string;
  nameKey: string | undefined;
  ladKey: string | undefined;
  /** Year of the boundary vintage when it can be told (WD25 -> 2025), else undefined. */
  year: number | undefined;
  /** Human label of the vintage, e.g. 'WD25' or '2021'. */
  vintage: string;
}

export type GeojsonLayout = BoundaryLayout | { kind: 'pois' } | { kind: 'unknown'; message: string };

interface FeatureLike {
  type?: unknown;
  properties?: Record<string, unknown> | null;
  geometry?: { type?: unknown } | null;
}

function keyMatching(keys: readonly string[], re: RegExp): string | undefined {
  return keys.find((k) => re.test(k));
}

/** Two-digit ONS year in a property name -> full year (WD23CD -> 2023). */
function yearFromKey(key: string): number | undefined {
  const m = /(\d{2})(cd|nm)$/i.exec(key);
  return m ? 2000 + Number(m[1]) : undefined;
}

/** A vintage property such as 'WD25 (May 2025; ...)' or '2021'. */
function yearFromVintage(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const s = String(value);
  const wd = /\bWD(\d{2})\b/i.exec(s);
  if (wd) return 2000 + Number(wd[1]);
  const y = /\b(19|20)(\d{2})\b/.exec(s);
  return y ? Number(y[1] + y[2]) : undefined;
}

export function classifyFeatures(features: readonly FeatureLike[], fileName: string): GeojsonLayout {
  if (features.length === 0) return { kind: 'unknown', message: 'GeoJSON with no features' };
  const first = features[0];
  const props = first.properties ?? {};
  const keys = Object.keys(props);
  const geomType = first.geometry?.type;

  if (geomType === 'Point') {
    if ('kind' in props || 'amenity' in props) return { kind: 'pois' };
    return { kind: 'unknown', message: 'point features without a kind or amenity property' };
  }
  if (geomType !== 'Polygon' && geomType !== 'MultiPolygon') {
    return { kind: 'unknown', message: `features of type ${String(geomType)} are not boundaries or points of interest` };
  }

  const ladKey = keyMatching(keys, /^lad(\d{2})?_?(cd|code)$/i);
  const vintageProp = props.boundary_vintage ?? props.vintage;

  // ONS Open Geography: WDyyCD, LSOAyyCD, MSOAyyCD.
  const ons = keyMatching(keys, /^(wd|lsoa|msoa)\d{2}cd$/i);
  if (ons) {
    const prefix = /^[a-z]+/i.exec(ons)![0].toLowerCase();
    const year = yearFromKey(ons)!;
    const nameKey = keys.find((k) => k.toLowerCase() === ons.toLowerCase().replace(/cd$/, 'nm'));
    const yy = String(year).slice(2);
    if (prefix === 'wd') return { kind: 'boundary', areaKind: 'ward', codeKey: ons, nameKey, ladKey, year, vintage: `WD${yy}` };
    const areaKind = `${prefix}${year < 2021 ? '11' : '21'}` as BoundaryKind;
    return { kind: 'boundary', areaKind, codeKey: ons, nameKey, ladKey, year, vintage: String(year) };
  }

  // shared/data style.
  if ('ward_code' in props) {
    const year = yearFromVintage(vintageProp);
    const wd = /\bWD\d{2}\b/i.exec(String(vintageProp ?? ''));
    return {
      kind: 'boundary',
      areaKind: 'ward',
      codeKey: 'ward_code',
      nameKey: 'ward_name' in props ? 'ward_name' : undefined,
      ladKey,
      year,
      vintage: wd ? wd[0].toUpperCase() : year ? String(year) : 'unknown',
    };
  }
  for (const [key, kind] of [
    ['lsoa11_code', 'lsoa11'],
    ['lsoa21_code', 'lsoa21'],
    ['msoa11_code', 'msoa11'],
    ['msoa21_code', 'msoa21'],
  ] as const) {
    if (key in props) {
      {
        const year = kind.endsWith('11') ? 2011 : 2021;
        return {
          kind: 'boundary',
          areaKind: kind,
          codeKey: key,
          nameKey: keys.find((k) => k === key.replace('_code', '_name')),
          ladKey,
          year,
          vintage: String(year),
        };
      }
    }
  }
  if ('lsoa_code' in props || 'msoa_code' in props) {
    const level = 'lsoa_code' in props ? 'lsoa' : 'msoa';
    // The code (E01...) is the same in both vintages for most areas, so the vintage must be said.
    const fromName = /(?:lsoa|msoa)[_-]?(?:20)?(11|21)(?!\d)/i.exec(fileName);
    const year = yearFromVintage(vintageProp) ?? (fromName ? 2000 + Number(fromName[1]) : undefined);
    if (year === undefined)
      return { kind: 'unknown', message: `${level.toUpperCase()} boundaries of unknown vintage (add a "vintage" property: 2011 or 2021)` };
    const areaKind = `${level}${year < 2021 ? '11' : '21'}` as BoundaryKind;
    return {
      kind: 'boundary',
      areaKind,
      codeKey: `${level}_code`,
      nameKey: `${level}_name` in props ? `${level}_name` : undefined,
      ladKey,
      year,
      vintage: String(year),
    };
  }
  return { kind: 'unknown', message: `polygons without a recognised area code property (saw: ${keys.slice(0, 6).join(', ')})` };
}
