import { readFileSync } from 'node:fs';
import {
  DEFAULT_INSTITUTION_RULES,
  institutionClassifier,
  parseInstitutionRules,
  type InstitutionMatch,
  type InstitutionRule,
} from '../../geo/institutions';
import { streetName } from '../../geo/streetName';
import { selectedRows, type IncidentCube } from './cube';
import { inStudyWards, isSelected, type Selection } from './selection';
import type { H3Resolution } from '../../geo/h3Bin';

/**
 * The institution list in force: ATLAS_INSTITUTIONS names a JSON file of the same shape as
 * geo/institutionRules.json to replace the default. Read once; a bad file stops the server with
 * a message naming it rather than silently patrolling prisons.
 */
let rules: readonly InstitutionRule[] | undefined;
export function institutionRules(): readonly InstitutionRule[] {
  if (rules) return rules;
  const path = process.env.ATLAS_INSTITUTIONS;
  if (!path) return (rules = DEFAULT_INSTITUTION_RULES);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`ATLAS_INSTITUTIONS ${path}: ${(e as Error).message}`);
  }
  return (rules = parseInstitutionRules(parsed, path));
}

export interface LocationClasses {
  /** Per cube location: 1 for an institution. */
  mask: Uint8Array;
  /** Per cube location: the rule that matched, or null. */
  match: readonly (InstitutionMatch | null)[];
}

const classesCache = new WeakMap<IncidentCube, LocationClasses>();

/** Which of the cube's location texts stand for institutions (cached with the cube). */
export function locationClasses(cube: IncidentCube): LocationClasses {
  let c = classesCache.get(cube);
  if (!c) {
    const classify = institutionClassifier(institutionRules());
    const match = cube.locations.map(classify);
    c = { mask: Uint8Array.from(match, (m) => (m ? 1 : 0)), match };
    classesCache.set(cube, c);
  }
  return c;
}

/** The selection with institutional incidents left out. */
export function withoutInstitutions(cube: IncidentCube, sel: Selection): Selection {
  return { ...sel, excludedLocations: locationClasses(cube).mask };
}

/** Harm to 4 decimals, as every figure the API serves (kept here: hexes.ts imports this module). */
const round = (x: number) => Math.round(x * 1e4) / 1e4;

export interface SetAsidePlace {
  /** Location name without "On or near ". */
  name: string;
  kind: string;
  lon: number;
  lat: number;
  ward: string | null;
  count: number;
  harm: number;
}

export interface SetAside {
  incidents: number;
  harm: number;
  places: SetAsidePlace[];
  why: string[];
}

/**
 * What the institution rule takes out of a selection, per police.uk map point, largest first.
 * Incidents outside every ward are left out, as the borough's tools leave them out.
 */
export function setAside(cube: IncidentCube, sel: Selection): SetAside {
  const { match } = locationClasses(cube);
  const base: Selection = { ...sel, excludedLocations: undefined };
  const byPoint = new Map<string, SetAsidePlace>();
  const why = new Set<string>();
  let incidents = 0;
  let harm = 0;
  const { rows, start, end } = selectedRows(cube, base);
  for (let j = start; j < end; j++) {
    const i = rows === null ? j : rows[j];
    const m = match[cube.locationOf[i]];
    if (!m || !inStudyWards(cube, base, i) || !isSelected(cube, base, i)) continue;
    const w = sel.weight[cube.categoryOf[i]];
    incidents++;
    harm += w;
    why.add(`${m.kind}: ${m.why}`);
    const key = `${cube.lon[i]},${cube.lat[i]}`;
    const p = byPoint.get(key);
    if (p) {
      p.count++;
      p.harm += w;
    } else {
      byPoint.set(key, {
        name: streetName(cube.locations[cube.locationOf[i]]),
        kind: m.kind,
        lon: cube.lon[i],
        lat: cube.lat[i],
        ward: cube.wards[cube.wardOf[i]] ?? null,
        count: 1,
        harm: w,
      });
    }
  }
  const places = [...byPoint.values()]
    .sort((a, b) => b.harm - a.harm || b.count - a.count || a.name.localeCompare(b.name))
    .map((p) => ({ ...p, harm: round(p.harm) }));
  return { incidents, harm: round(harm), places, why: [...why].sort() };
}

/** Selected incidents at institutions per cube cell index at `res` (the map marks such cells). */
export function institutionalByCell(cube: IncidentCube, res: H3Resolution, sel: Selection): Float64Array {
  const { mask } = locationClasses(cube);
  const of = cube.cells[res].of;
  const out = new Float64Array(cube.cells[res].ids.length);
  const { rows, start, end } = selectedRows(cube, sel);
  for (let j = start; j < end; j++) {
    const i = rows === null ? j : rows[j];
    if (mask[cube.locationOf[i]] === 1 && isSelected(cube, sel, i)) out[of[i]] += 1;
  }
  return out;
}
