import { z } from 'zod';
import { selectionQuery } from '../http/params';
import { hotspotParams } from '../routes/analytics';
import { BASELINES } from '../../geo/comparisonWindow';

/**
 * The pack's query: the same selection and hot-spot parameters as /api/hotspots (so a pack printed
 * from the app describes what the app showed), plus the ward, the baseline and the output format.
 */
export const reportQuery = selectionQuery.and(hotspotParams.omit({ format: true })).and(
  z.object({
    ward: z
      .string()
      .regex(/^[A-Z]\d{8}$/, { message: 'must be a current ward code such as E05012345' })
      .optional()
      .describe('Current ward code; the borough when absent'),
    baseline: z
      .enum(BASELINES as unknown as [string, ...string[]])
      .default('previous')
      .describe(
        'Comparison: previous (the previous period of equal length, as /api/wards) or average3 (the average of the three periods of equal length before)',
      ),
    format: z.enum(['pdf', 'html']).default('pdf').describe('pdf (A4, printed by headless chromium) or html'),
  }),
);

export type ReportQuery = z.infer<typeof reportQuery>;
