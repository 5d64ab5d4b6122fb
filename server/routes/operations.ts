import { assertHeldArea } from '../services/areas';
import { z } from 'zod';
import type { Store } from '../db/openStore';
import { defineRoute, HttpError, type AnyRoute } from '../http/route';
import { areaParam, month, selectionQuery } from '../http/params';
import { exportFormatParam, exportSelection, sendExport } from '../http/exportFormat';
import { dataVersion, getCube } from '../services/cube';
import { resolveSelection } from '../services/selection';
import { INSTITUTION_MODES } from '../services/patrol';
import { studyArea } from '../services/studyArea';
import { checkSitingCost } from '../services/requestCost';
import { runJob } from '../workers/pool';
import { parseCameraPoints } from '../services/cameraPoints';
import { checkTestCost, hotspotParams, inferenceOf } from './analytics';

const pointsInput = z.union([z.string(), z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) })]);

/** JSON carries real numbers: `true`, `[1]`, `""` or `"5"` are refused, not read as numbers. */
const bodyNumber = () => z.number({ error: 'must be a number (a JSON number, not text, true or a list)' });

const cctvBody = z
  .object({
    cameras: pointsInput
      .optional()
      .describe('Existing cameras: a GeoJSON FeatureCollection of points, or CSV text with longitude and latitude columns'),
    candidates: pointsInput.optional().describe('Candidate sites (e.g. lamp columns); H3 cell centres by default'),
    radius: bodyNumber()
      .gt(0, { error: 'must be more than 0 metres' })
      .max(2000, { error: 'must be at most 2000 metres' })
      .default(100)
      .describe('Camera coverage radius, metres'),
    count: bodyNumber()
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(100, { error: 'must be at most 100' })
      .default(5)
      .describe('New cameras to site'),
    candidateRes: bodyNumber()
      .int({ error: 'must be a whole number' })
      .min(8, { error: 'must be 8, 9, 10 or 11' })
      .max(11, { error: 'must be 8, 9, 10 or 11' })
      .default(10)
      .describe('H3 resolution of default candidates'),
    from: month.optional(),
    to: month.optional(),
    area: areaParam.optional(),
    harm: z.string({ error: 'must be a harm group id, as text' }).optional(),
    categories: z.string({ error: 'must be comma-separated category slugs, as text' }).optional(),
    weight: z.string({ error: 'must be a weight scheme id, as text' }).optional(),
    asbWeight: bodyNumber().min(0, { error: 'must be 0 or more' }).max(100000, { error: 'must be at most 100000' }).optional(),
    institutions: z
      .enum(INSTITUTION_MODES)
      .default('exclude')
      .describe(
        'exclude (default): incidents police.uk places at prisons, hospitals, police stations and courts are left out of the harm to cover; include: they count',
      ),
  })
  .describe('CCTV siting request');

/**
 * The default candidate grid's size without building it (at res 11 that takes a second): the
 * study area's res-9 cells times seven per resolution step.
 */
function defaultCandidates(db: Store, res: number, area?: string): number {
  return Math.ceil(studyArea(db, 9, area).length * 7 ** (res - 9));
}

export function operationsRoutes(db: Store): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/patrol-plan',
      summary: 'Patrol plan: the few hot places that fit the minutes available (Koper curve)',
      query: selectionQuery.and(
        hotspotParams.omit({ res: true }).extend({
          res: z.coerce
            .number()
            .int()
            .min(8)
            .max(10)
            .default(9)
            .describe('H3 resolution of the hot-spot test; places are built from the resolution-10 cells inside the hot cells'),
          minutes: z.coerce
            .number()
            .int()
            .min(0)
            .max(24 * 60)
            .default(120)
            .describe('Minutes available for hot-spot visits'),
          visit: z.coerce.number().min(5).max(60).default(15).describe('Minutes per visit (Koper: 10-15)'),
          institutions: z
            .enum(INSTITUTION_MODES)
            .default('exclude')
            .describe(
              'exclude (default): incidents police.uk places at prisons, hospitals, police stations and courts are set aside and reported; include: they count like any other',
            ),
        }),
      ),
      cacheVersion: dataVersion(db),
      handler: async (q, { res, signal }) => {
        const inference = inferenceOf(q);
        checkTestCost(db, q, inference);
        const plan = await runJob('patrol', db, { ...q, inference }, { signal, label: 'patrol plan' });
        const cube = getCube(db);
        const sel = resolveSelection(cube, q);
        if (q.format !== 'json') {
          const rows = plan.places.map((p) => ({
            rank: p.rank,
            id: p.id,
            ward: p.ward,
            wardName: p.wardName,
            lat: p.centre[1],
            lon: p.centre[0],
            streets: p.streets.join('; '),
            visits: p.visits,
            minutes: p.minutes,
            harm: p.harm,
            count: p.count,
            share: p.share,
            acrossMetres: p.acrossMetres,
            cells: p.cells.join(' '),
          }));
          const { guidance, figures, sources, caveats, ...parameters } = plan.method;
          return sendExport(res, q.format, {
            name: 'patrol-plan',
            selection: exportSelection(cube, sel),
            rows,
            columns: [
              'rank',
              'id',
              'ward',
              'wardName',
              'lat',
              'lon',
              'streets',
              'visits',
              'minutes',
              'harm',
              'count',
              'share',
              'acrossMetres',
              'cells',
            ],
            parameters: { ...parameters, coveredShare: plan.coveredShare, setAside: plan.setAside, guidance: guidance.join(' ') },
            geometry: (row) => ({ type: 'Point', coordinates: [row.lon as number, row.lat as number] }),
          });
        }
        return plan;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/cctv/siting',
      summary: 'CCTV siting: new camera sites by marginal harm covered, existing cameras fixed (maximal covering)',
      query: z.object({ format: exportFormatParam }),
      body: cctvBody,
      cacheVersion: dataVersion(db),
      handler: async (q, { res, body, signal }) => {
        const cube = getCube(db);
        const sel = selectionQuery.safeParse({
          from: body.from,
          to: body.to,
          area: body.area,
          harm: body.harm,
          categories: body.categories,
          weight: body.weight,
          asbWeight: body.asbWeight,
        });
        if (!sel.success) throw new HttpError(400, `${sel.error.issues[0].path.join('.') || 'body'}: ${sel.error.issues[0].message}`);
        const cameras = body.cameras === undefined ? [] : parseCameraPoints(body.cameras, 'cameras');
        const candidates = body.candidates === undefined ? undefined : parseCameraPoints(body.candidates, 'candidates');
        assertHeldArea(db, body.area);
        const selection = resolveSelection(cube, sel.data);
        checkSitingCost(candidates?.length ?? defaultCandidates(db, body.candidateRes, body.area), body.radius, candidates !== undefined);
        const result = await runJob(
          'cctv',
          db,
          {
            selection: sel.data,
            cameras,
            candidates,
            radius: body.radius,
            count: body.count,
            candidateRes: body.candidateRes,
            institutions: body.institutions,
          },
          { signal, label: 'CCTV siting' },
        );
        if (q.format !== 'json') {
          const { caveats, sources, ...parameters } = result.method;
          return sendExport(res, q.format, {
            name: 'cctv-sites',
            selection: exportSelection(cube, selection),
            rows: result.sites.map((site) => ({ ...site, streets: site.streets.join('; ') })),
            columns: ['rank', 'ward', 'wardName', 'lat', 'lon', 'streets', 'marginal', 'marginalShare', 'cumulative', 'share'],
            parameters: {
              ...parameters,
              existing: result.existing,
              totalHarm: result.totalHarm,
              setAside: result.setAside && { incidents: result.setAside.incidents, harm: result.setAside.harm },
            },
            geometry: (row) => ({ type: 'Point', coordinates: [row.lon as number, row.lat as number] }),
          });
        }
        return result;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/backtest',
      summary: "How well each month's hot spots were predicted by the preceding window (hit rate, PAI, PEI)",
      query: selectionQuery.and(
        z.object({
          res: hotspotParams.shape.res,
          k: hotspotParams.shape.k,
          // No alpha: cells are flagged by rank of z until the coverage is reached, not by a significance test.
          coverage: z.coerce.number().gt(0).lt(1).default(0.05).describe('Share of the study area flagged'),
          window: z.coerce.number().int().min(1).max(24).default(12).describe('Months before each month used to predict it'),
        }),
      ),
      cacheVersion: dataVersion(db),
      handler: (q, { signal }) => {
        const coverages = [q.coverage, ...[0.01, 0.05, 0.1].filter((c) => c !== q.coverage)];
        assertHeldArea(db, q.area);
        return runJob('backtest', db, { ...q, coverages }, { signal, label: 'back-test' });
      },
    }),
  ];
}
