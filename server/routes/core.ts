import { z } from 'zod';
import type { Store } from '../db/openStore';
import { defineRoute, type AnyRoute } from '../http/route';
import { areaParam, bboxParam, filterQuery, overviewQuery, resParam, selectionQuery } from '../http/params';
import { areaOverview } from '../services/areaOverview';
import { exportFormatParam, exportSelection, sendExport } from '../http/exportFormat';
import { describeCells, descriptorFields, DESCRIPTOR_NOTES } from '../services/cellDescriptors';
import { dataVersion, getCube } from '../services/cube';
import { poolState } from '../workers/pool';
import { responseCache } from '../http/responseCache';
import { resolveSelection } from '../services/selection';
import { health, meta } from '../services/meta';
import { hexesResponse } from '../services/hexes';
import { incidentsInBox } from '../services/incidents';
import type { H3Resolution } from '../../geo/h3Bin';

export function coreRoutes(db: Store): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/health',
      summary:
        'Each subsystem (store, incidents, imports, fetch), the data version and the months held; 503 only when incidents cannot be served',
      query: z.object({}),
      handler: (_q, { res }) => {
        const h = health(db);
        if (h.status !== 'ok') res.status(503);
        // What the heavy-work pool and the answer cache are doing: what an operator checks first under load.
        return { ...h, work: poolState(), cache: responseCache.stats() };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/meta',
      summary: 'Categories, months, wards, resolutions, harm groups and weight schemes',
      query: z.object({ area: areaParam.optional() }),
      cacheVersion: dataVersion(db),
      handler: (q) => meta(db, q.area),
    }),
    defineRoute({
      method: 'get',
      path: '/api/areas',
      summary: 'Every held study area side by side: incidents, harm and rate per 1,000 residents a year (force-wide or national overview)',
      query: overviewQuery,
      cacheVersion: dataVersion(db),
      handler: (q) => {
        const cube = getCube(db);
        return areaOverview(db, cube, resolveSelection(cube, q));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/hexes',
      summary: 'Incident counts and harm per H3 cell',
      query: selectionQuery.and(z.object({ res: resParam, format: exportFormatParam })),
      cacheVersion: dataVersion(db),
      handler: (q, { res }) => {
        const cube = getCube(db);
        const sel = resolveSelection(cube, q);
        const body = hexesResponse(db, cube, q.res as H3Resolution, sel);
        if (q.format !== 'json') {
          const { warnings, ...parameters } = body.method;
          const described = describeCells(
            db,
            cube,
            q.res as H3Resolution,
            sel,
            body.cells.map((c) => c.h3),
          );
          return sendExport(res, q.format, {
            name: 'cells',
            rows: body.cells.map((c) => ({ ...c, ...descriptorFields(described.get(c.h3)) })),
            columns: ['h3', 'ward', 'wardName', 'lat', 'lon', 'count', 'harm', 'topStreets'],
            parameters: {
              ...parameters,
              cells: 'cells with at least one selected incident',
              columns: Object.values(DESCRIPTOR_NOTES).join(' '),
              warnings: warnings.join(' '),
            },
            selection: exportSelection(cube, sel),
          });
        }
        return body;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/incidents',
      summary: 'Incidents in a bounding box for drill-down (capped; no crime IDs)',
      // No weight or asbWeight: a weighting changes how much an incident counts, not which
      // incidents are in the box, and this lists incidents.
      query: filterQuery.and(
        z.object({
          bbox: bboxParam,
          limit: z.coerce.number().int().min(1).max(5000).default(500).describe('Most incidents listed, newest first'),
        }),
      ),
      handler: (q) => {
        const cube = getCube(db);
        return incidentsInBox(cube, resolveSelection(cube, { ...q, weight: 'count' }), q.bbox as [number, number, number, number], q.limit);
      },
    }),
  ];
}
