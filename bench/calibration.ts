/**
 * `npm run bench:calibration`: false discovery rate and power of each Gi* inference mode on the
 * real study areas (methods.md §11). For each resolution, harm type and window, null maps are made
 * from the observed cell counts (shuffled over the study area, or Poisson at the mean), each mode
 * is run with Benjamini-Hochberg at alpha, and the false discovery proportion is averaged over the
 * replicates; then hot spots of known size are planted on shuffled maps and the share found is the
 * power. Prints a Markdown table; docs/calibration.md records it.
 *
 *   npm run bench:calibration -- [--res 8,9,10] [--harms violence,asb,all] [--windows 6,12]
 *     [--modes normal,randomisation,conditional:999,conditional:9999,poisson] [--replicates 200]
 *     [--power 100] [--lifts 4,8] [--spots 3] [--alpha 0.05] [--json out.json] [--merge a.json,b.json]
 *
 * A mode may carry its own replicate count, `conditional:9999@20`, for modes too slow for the
 * full count at a resolution; the table prints the count used in every row.
 * Store: DB_PATH, else the test store built from ATLAS_TEST_DATA or ../shared/data.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { openStore } from '../server/db/openStore';
import { getCube } from '../server/services/cube';
import { resolveSelection } from '../server/services/selection';
import { studyNeighbours, studyValues } from '../server/services/hotspots';
import { addMonths } from '../geo/month';
import { createRng } from '../geo/random';
import { discoveries, nullFdp, nullMap, plantedScore, plantHotSpots, type NullModel } from '../geo/calibration';
import type { InferenceMode } from '../geo/hotspotInference';
import type { H3Resolution } from '../geo/h3Bin';
import { parseCli } from '../scripts/cli';
import { realStore } from '../tests/setup/realStore';

const USAGE = `usage: npm run bench:calibration -- [--res 8,9,10] [--harms violence,asb,all] [--windows 6,12]
  [--modes normal,randomisation,conditional:999,conditional:9999,poisson] [--replicates 200]
  [--power 100] [--lifts 4,8] [--spots 3] [--alpha 0.05] [--json out.json] [--merge a.json,b.json]`;

const { values: args } = parseCli(
  {
    options: {
      res: { type: 'string', default: '8,9,10' },
      harms: { type: 'string', default: 'violence,asb,all' },
      windows: { type: 'string', default: '6,12' },
      modes: { type: 'string', default: 'normal,randomisation,conditional:999,conditional:9999,poisson' },
      replicates: { type: 'string', default: '200' },
      power: { type: 'string', default: '100' },
      alpha: { type: 'string', default: '0.05' },
      spots: { type: 'string', default: '3' },
      lifts: { type: 'string', default: '4,8' },
      json: { type: 'string' },
      merge: { type: 'string' },
    },
  },
  USAGE,
);

interface Row {
  res: number;
  harm: string;
  window: number;
  cells: number;
  zeroShare: number;
  mode: string;
  draws: number;
  nullModel: NullModel | 'planted';
  replicates: number;
  /** Mean false discovery proportion. */
  fdr: number;
  fdrSe: number;
  meanHot: number;
  meanCold: number;
  power?: number;
  /** Planted rows: extra incidents per planted cell, as a multiple of the mean non-zero cell. */
  lift?: number;
  msPerReplicate: number;
}

interface ModeSpec {
  label: string;
  mode: InferenceMode;
  draws: number;
  replicates?: number;
}

function parseMode(spec: string): ModeSpec {
  const m = /^([a-z]+)(?::(\d+))?(?:@(\d+))?$/.exec(spec.trim());
  if (!m) throw new Error(`--modes: cannot read "${spec}" (write name[:draws][@replicates])`);
  const mode = m[1] as InferenceMode;
  if (!['normal', 'randomisation', 'conditional', 'poisson'].includes(mode)) throw new Error(`--modes: unknown mode "${m[1]}"`);
  const draws = m[2] ? Number(m[2]) : 0;
  return { label: draws ? `${mode} ${draws}` : mode, mode, draws, replicates: m[3] ? Number(m[3]) : undefined };
}

function seedOf(...parts: (string | number)[]): number {
  let h = 2166136261;
  for (const c of parts.join('|')) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

function run(): Row[] {
  const db = openStore(process.env.DB_PATH ?? realStore(), { readonly: true });
  const cube = getCube(db);
  const last = cube.months[cube.months.length - 1];
  const alpha = Number(args.alpha);
  const replicates = Number(args.replicates);
  const powerReps = Number(args.power);
  const modes = args.modes!.split(',').map(parseMode);
  const rows: Row[] = [];
  for (const res of args.res!.split(',').map(Number) as H3Resolution[]) {
    for (const harm of args.harms!.split(',')) {
      for (const window of args.windows!.split(',').map(Number)) {
        const sel = resolveSelection(cube, {
          from: addMonths(last, -(window - 1)),
          to: last,
          harm: harm === 'all' ? undefined : harm,
          weight: 'count',
        } as never);
        const { cells, value } = studyValues(db, cube, res, sel);
        const nb = studyNeighbours(cells, 1);
        let zeros = 0;
        let nonZeroSum = 0;
        for (const v of value) {
          if (v === 0) zeros++;
          else nonZeroSum += v;
        }
        const meanNonZero = nonZeroSum / Math.max(1, value.length - zeros);
        const base = { res, harm, window, cells: cells.length, zeroShare: zeros / cells.length };
        for (const spec of modes) {
          const reps = spec.replicates ?? replicates;
          for (const model of ['shuffle', 'poisson'] as NullModel[]) {
            const fdp: number[] = [];
            let hot = 0;
            let cold = 0;
            const t0 = performance.now();
            for (let r = 0; r < reps; r++) {
              const rng = createRng(seedOf(res, harm, window, model, r));
              const map = nullMap(value, model, rng);
              const d = discoveries(map, nb, spec.mode, alpha, spec.draws, r + 1);
              fdp.push(nullFdp(d));
              hot += d.hot;
              cold += d.cold;
            }
            const ms = (performance.now() - t0) / reps;
            const mean = fdp.reduce((a, b) => a + b, 0) / reps;
            rows.push({
              ...base,
              mode: spec.label,
              draws: spec.draws,
              nullModel: model,
              replicates: reps,
              fdr: mean,
              fdrSe: Math.sqrt((mean * (1 - mean)) / reps),
              meanHot: hot / reps,
              meanCold: cold / reps,
              msPerReplicate: ms,
            });
            progress(rows[rows.length - 1]);
          }
          for (const lift of args.lifts!.split(',').map(Number)) {
            const pReps = Math.min(powerReps, reps);
            let power = 0;
            let fdpSum = 0;
            let fdpSq = 0;
            let hot = 0;
            let cold = 0;
            const t0 = performance.now();
            for (let r = 0; r < pReps; r++) {
              const rng = createRng(seedOf(res, harm, window, 'planted', lift, r));
              const planted = plantHotSpots(
                nullMap(value, 'shuffle', rng),
                nb,
                { spots: Number(args.spots), extraPerCell: lift * meanNonZero },
                rng,
              );
              const d = discoveries(planted.values, nb, spec.mode, alpha, spec.draws, r + 1);
              const s = plantedScore(d, planted);
              power += s.power;
              fdpSum += s.fdp;
              fdpSq += s.fdp * s.fdp;
              hot += d.hot;
              cold += d.cold;
            }
            const fdrMean = fdpSum / pReps;
            rows.push({
              ...base,
              mode: spec.label,
              draws: spec.draws,
              nullModel: 'planted',
              lift,
              replicates: pReps,
              fdr: fdrMean,
              fdrSe: Math.sqrt(Math.max(0, fdpSq / pReps - fdrMean * fdrMean) / pReps),
              meanHot: hot / pReps,
              meanCold: cold / pReps,
              power: power / pReps,
              msPerReplicate: (performance.now() - t0) / pReps,
            });
            progress(rows[rows.length - 1]);
          }
        }
      }
    }
  }
  db.close();
  return rows;
}

function progress(r: Row): void {
  process.stderr.write(
    `res ${r.res} ${r.harm} ${r.window}m ${r.mode} ${r.nullModel}${r.lift ? ` ×${r.lift}` : ''}: FDR ${r.fdr.toFixed(3)}${r.power !== undefined ? ` power ${r.power.toFixed(3)}` : ''} (${r.replicates} reps, ${r.msPerReplicate.toFixed(0)} ms each)\n`,
  );
}

function table(rows: Row[], alpha: number): string {
  const out: string[] = [];
  const lifts = [...new Set(rows.filter((r) => r.lift !== undefined).map((r) => r.lift!))].sort((a, b) => a - b);
  out.push(
    `| res | harm | window | cells | zero cells | mode | FDR, shuffled null | FDR, Poisson null | ${lifts.map((l) => `power ×${l}`).join(' | ')} | FDP, planted ×${lifts[lifts.length - 1]} | replicates | ms / map |`,
  );
  out.push(`|---:|---|---:|---:|---:|---|---:|---:|${lifts.map(() => '---:|').join('')}---:|---:|---:|`);
  const key = (r: Row) => `${r.res}|${r.harm}|${r.window}|${r.mode}`;
  const groups = new Map<string, Row[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  const fmt = (r: Row | undefined, withSe = true) => {
    if (!r) return '';
    const flag = r.nullModel !== 'planted' && r.fdr - 2 * r.fdrSe > alpha ? ' **over**' : '';
    return `${r.fdr.toFixed(3)}${withSe ? ` ± ${r.fdrSe.toFixed(3)}` : ''}${flag}`;
  };
  for (const g of groups.values()) {
    const s = g.find((r) => r.nullModel === 'shuffle');
    const p = g.find((r) => r.nullModel === 'poisson');
    const planted = lifts.map((l) => g.find((r) => r.nullModel === 'planted' && r.lift === l));
    const pl = planted[planted.length - 1];
    const any = g[0];
    const reps = [...new Set(g.map((r) => r.replicates))].join(' / ');
    const ms = Math.max(...g.map((r) => r.msPerReplicate));
    out.push(
      `| ${any.res} | ${any.harm} | ${any.window} | ${any.cells.toLocaleString('en-GB')} | ${(any.zeroShare * 100).toFixed(0)}% | ${any.mode} | ${fmt(s)} | ${fmt(p)} | ${planted.map((r) => r?.power?.toFixed(3) ?? '').join(' | ')} | ${fmt(pl, false)} | ${reps} | ${ms.toFixed(0)} |`,
    );
  }
  return out.join('\n');
}

const alpha = Number(args.alpha);
const rows = args.merge ? args.merge.split(',').flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as Row[]) : run();
if (args.json) writeFileSync(args.json, JSON.stringify(rows, null, 1));
console.log(`Alpha ${alpha}; FDR ± one Monte Carlo standard error; **over**: more than two standard errors above alpha.\n`);
console.log(table(rows, alpha));
