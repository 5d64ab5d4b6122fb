import { z } from 'zod';
import type { Store } from '../db/openStore';
import { defineRoute, type AnyRoute } from '../http/route';
import { alphaParam, formatParam, resParam, selectionQuery } from '../http/params';
import { sendExport } from '../http/exportFormat';
import { getCube } from '../services/cube';
import { resolveSelection } from '../services/selection';
import { hotspots } from '../services/hotspots';
import type { H3Resolution } from '../../geo/h3Bin';

export const hotspotParams = z.object({
  res: resParam,
  k: z.coerce.number().int().min(1).max(3).default(1).describe('Neighbourhood radius in H3 rings'),
  alpha: alphaParam,
  permutations: z.coerce.number().int().min(0).max(9999).default(0).describe('Conditional permutations (0: analytic p only)'),
  seed: z.coerce.number().int().min(0).default(12345).describe('Seed for permutations'),
  format: formatParam,
});

export function analyticsRoutes(db: Store): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/hotspots',
      summary: 'Getis-Ord Gi* hot and cold spots over every study-area cell, with FDR and confidence bins',
      query: selectionQuery.and(hotspotParams),
      handler: (q, { res }) => {
        const cube = getCube(db);
        const sel = resolveSelection(cube, q);
        const result = hotspots(db, cube, q.res as H3Resolution, sel, q);
        if (q.format !== 'json') {
          const { caveats, ...parameters } = result.method;
          return sendExport(res, q.format, {
            name: 'hotspots',
            rows: result.cells as never,
            columns: ['h3', 'value', 'count', 'z', 'p', ...(q.permutations > 0 ? ['pSim'] : []), 'pFdr', 'bin'],
            parameters: { ...parameters, caveats: caveats.join(' ') },
          });
        }
        return result;
      },
    }),
  ];
}
