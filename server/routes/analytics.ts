import { z } from 'zod';
import type { Store } from '../db/openStore';
import { defineRoute, type AnyRoute } from '../http/route';
import { alphaParam, areaParam, resParam, selectionQuery, weightFields, windowQuery } from '../http/params';
import { exportFormatParam, exportSelection, exportStemOf, sendExport } from '../http/exportFormat';
import { describeCells, descriptorFields, DESCRIPTOR_NOTES } from '../services/cellDescriptors';
import { dataVersion, getCube } from '../services/cube';
import { studyArea } from '../services/studyArea';
import { checkInferenceCost } from '../services/requestCost';
import { runJob } from '../workers/pool';
import { resolveSelection } from '../services/selection';
import { overlap } from '../services/overlap';
import { concentrationCurve } from '../services/concentrationCurve';
import { wardFigures } from '../services/wards';
import { UnknownWardError, wardSummary } from '../services/wardSummary';
import { childPovertyLayer, deprivationLayer, DEPRIVATION_MEASURES } from '../services/layers';
import type { H3Resolution } from '../../geo/h3Bin';
import { DEFAULT_INFERENCE, INFERENCE_MODES, type InferenceMode } from '../../geo/hotspotInference';
import { HttpError } from '../http/route';

export const hotspotParams = z.object({
  res: resParam,
  k: z.coerce.number().int().min(1).max(3).default(1).describe('Neighbourhood radius in H3 rings'),
  alpha: alphaParam,
  inference: z
    .enum(INFERENCE_MODES)
    .optional()
    .describe(
      'How each cell is tested: randomisation (default; Monte Carlo total randomisation, calibrated), conditional (PySAL permutation), normal (analytic), poisson (counts only). Without it, permutations > 0 means conditional',
    ),
  permutations: z.coerce
    .number()
    .int()
    .min(0)
    .max(99999)
    .default(0)
    .describe('Draws for randomisation (0: enough for the number of cells) or permutations for conditional (0: 999)'),
  seed: z.coerce.number().int().min(0).default(12345).describe('Seed for randomisation draws and permutations'),
  format: exportFormatParam,
});

/** Which cells a hot-spot export holds; JSON always has every cell, since the map needs them. */
export const exportCellsParam = z
  .enum(['all', 'significant'])
  .default('all')
  .describe('csv, geojson and params: every study-area cell (all), or only the significant hot and cold cells (bin not 0)');

/**
 * The inference a request asked for. `permutations` alone kept its old meaning (conditional
 * permutations), so links made before the randomisation default still run the test they named.
 */
export function inferenceOf(q: { inference?: InferenceMode; permutations: number; weight?: string }): InferenceMode {
  const mode = q.inference ?? (q.permutations > 0 ? 'conditional' : DEFAULT_INFERENCE);
  if (mode === 'poisson' && (q.weight ?? 'count') !== 'count')
    throw new HttpError(400, 'inference: poisson tests whole-number counts; use weight=count');
  return mode;
}

/**
 * Refuses a test too costly to run (429) over the study area's grid at `res`; looking the grid up
 * also refuses an area the store does not hold (404) before any work reaches a thread.
 */
export function checkTestCost(
  db: Store,
  q: { res: number; area?: string; permutations?: number; k: number; alpha: number },
  mode: InferenceMode,
  extra: { maps?: number } = {},
): void {
  checkInferenceCost({
    mode,
    permutations: q.permutations ?? 0,
    cells: studyArea(db, q.res, q.area).length,
    k: q.k,
    alpha: q.alpha,
    ...extra,
  });
}

export function analyticsRoutes(db: Store): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/hotspots',
      summary: 'Getis-Ord Gi* hot and cold spots over every study-area cell, with FDR and confidence bins',
      query: selectionQuery.and(hotspotParams).and(z.object({ cells: exportCellsParam })),
      cacheVersion: dataVersion(db),
      handler: async (q, { res, signal }) => {
        const inference = inferenceOf(q);
        checkTestCost(db, q, inference);
        const result = await runJob('hotspots', db, { ...q, inference }, { signal, label: 'hotspots' });
        const cube = getCube(db);
        const sel = resolveSelection(cube, q);
        if (q.format !== 'json') {
          const { caveats, ...parameters } = result.method;
          const kept = q.cells === 'significant' ? result.cells.filter((c) => c.bin !== 0) : result.cells;
          const described = describeCells(
            db,
            cube,
            q.res as H3Resolution,
            sel,
            kept.map((c) => c.h3),
          );
          const rows = kept.map((c) => ({ ...c, ...descriptorFields(described.get(c.h3)) }));
          return sendExport(res, q.format, {
            name: 'hotspots',
            rows,
            columns: [
              'h3',
              'ward',
              'wardName',
              'lat',
              'lon',
              'value',
              'count',
              'z',
              'p',
              ...(result.cells[0]?.pSim !== undefined ? ['pSim'] : []),
              'pFdr',
              'bin',
              'topStreets',
            ],
            parameters: {
              ...parameters,
              cells: q.cells === 'significant' ? 'significant cells only (bin not 0)' : 'all study-area cells',
              columns: Object.values(DESCRIPTOR_NOTES).join(' '),
              caveats: caveats.join(' '),
            },
            selection: exportSelection(cube, sel),
            qualifiers: q.cells === 'significant' ? ['significant'] : [],
          });
        }
        return result;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/overlap',
      summary: 'Violence and ASB hot spots: where they coincide, Jaccard and overlap coefficients, co-location quotients',
      // No harm or categories: the two layers are always violence and ASB.
      query: windowQuery
        .and(weightFields)
        .and(hotspotParams)
        .and(
          z.object({
            overlapPermutations: z.coerce
              .number()
              .int()
              .min(0)
              .max(9999)
              .default(999)
              .describe('Relabellings for the Jaccard permutation test'),
          }),
        ),
      cacheVersion: dataVersion(db),
      handler: async (q, { res }) => {
        const inference = inferenceOf(q);
        // The same limit as /api/hotspots: the two layers' tests run side by side in the pool.
        checkTestCost(db, q, inference);
        const cube = getCube(db);
        const sel = resolveSelection(cube, q);
        const result = await overlap(db, cube, q.res as H3Resolution, sel, { ...q, inference });
        if (q.format !== 'json') {
          const { cells, wards, method, ...summary } = result;
          return sendExport(res, q.format, {
            name: 'overlap',
            rows: cells as never,
            columns: ['h3', 'class', 'ward', 'violence', 'asb', 'violenceZ', 'asbZ'],
            parameters: { ...summary, method: method.hotCells },
            // Always the two layers, whatever harm was asked for.
            selection: { ...exportSelection(cube, sel), harm: 'violence-asb' },
          });
        }
        return result;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/trends',
      summary: 'Emerging hot spot classes per cell from monthly Gi* and Mann-Kendall',
      query: selectionQuery.and(hotspotParams.pick({ res: true, k: true, alpha: true, inference: true, seed: true })),
      cacheVersion: dataVersion(db),
      handler: async (q, { signal }) => {
        const inference = inferenceOf({ ...q, permutations: 0 });
        const cube = getCube(db);
        const sel = resolveSelection(cube, q);
        const months = cube.months.filter((m) => m >= sel.from && m <= sel.to).length;
        checkTestCost(db, { ...q, permutations: 0 }, inference, { maps: Math.max(1, months) });
        return runJob('trends', db, { ...q, inference }, { signal, label: 'trends' });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/concentration',
      summary: 'Share of harm in the top 1%, 5% and 10% of cells, and the concentration curve',
      query: selectionQuery.and(z.object({ res: resParam })),
      cacheVersion: dataVersion(db),
      handler: (q) => {
        const cube = getCube(db);
        return concentrationCurve(db, cube, q.res as H3Resolution, resolveSelection(cube, q));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/wards',
      summary: 'Current wards with counts, harm, rates, change, trend, deprivation and child poverty (GeoJSON)',
      query: selectionQuery.and(z.object({ format: exportFormatParam })),
      cacheVersion: dataVersion(db),
      handler: (q, { res }) => {
        const cube = getCube(db);
        const sel = resolveSelection(cube, q);
        const fc = wardFigures(db, cube, sel);
        const named = { name: 'wards', selection: exportSelection(cube, sel) };
        if (q.format === 'csv' || q.format === 'params') {
          const rows = fc.features.map((f) => {
            const { monthly, trend, ...rest } = f.properties;
            return { ...rest, trendS: trend.s, trendZ: trend.z, trendP: trend.p, trendDirection: trend.direction };
          });
          const { caveats, ...parameters } = fc.metadata;
          return sendExport(res, q.format, {
            ...named,
            rows,
            columns: Object.keys(rows[0] ?? { code: '' }),
            parameters: { ...parameters, caveats: caveats.join(' ') },
          });
        }
        // Ward GeoJSON keeps its own shape (monthly series, trend objects), already with `metadata` inside.
        if (q.format === 'geojson') res.setHeader('Content-Disposition', `attachment; filename="${exportStemOf(named)}.geojson"`);
        return fc;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/wards/:code/summary',
      summary:
        "One ward's monthly series by harm group, categories against the comparison window, deprivation and child poverty with sources",
      query: selectionQuery,
      cacheVersion: dataVersion(db),
      handler: (q, { req }) => {
        const code = String(req.params.code);
        if (!/^[EW]05\d{6}$/.test(code))
          throw new HttpError(400, `code: must be a current ward code such as E05012345 (got ${JSON.stringify(code.slice(0, 20))})`);
        const cube = getCube(db);
        try {
          return wardSummary(db, cube, code, resolveSelection(cube, q));
        } catch (err) {
          if (err instanceof UnknownWardError) throw new HttpError(404, `code: ${err.message}; GET /api/meta lists the wards`);
          throw err;
        }
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/layers/deprivation',
      summary: 'IMD 2019 (LSOA 2011) or IoD 2025 (LSOA 2021) scores, ranks and deciles by LSOA, ward or H3 cell',
      query: z.object({
        level: z.enum(['lsoa', 'ward', 'hex']).default('lsoa'),
        measure: z.enum(DEPRIVATION_MEASURES).default('imd').describe('Domain'),
        edition: z.enum(['2019', '2025']).default('2019').describe('IoD edition'),
        res: resParam,
        area: areaParam.optional(),
      }),
      cacheVersion: dataVersion(db),
      handler: (q) => deprivationLayer(db, q),
    }),
    defineRoute({
      method: 'get',
      path: '/api/layers/child-poverty',
      summary: 'DWP children in relative low income (MSOA) and IDACI, by MSOA, LSOA or ward',
      query: z.object({
        level: z.enum(['msoa', 'lsoa', 'ward']).default('ward'),
        year: z.coerce.number().int().min(2015).max(2022).default(2022).describe('Financial year ending (2015-2022)'),
        area: areaParam.optional(),
      }),
      cacheVersion: dataVersion(db),
      handler: (q) => childPovertyLayer(db, q),
    }),
  ];
}
