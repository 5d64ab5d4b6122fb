import { z } from 'zod';
import { isMonth } from '../../geo/month';
import { isCategorySlug } from '../../geo/categories';
import { HARM_GROUPS } from '../../geo/harmGroups';
import { WEIGHT_SCHEMES } from '../../geo/harmWeights';
import { H3_RESOLUTIONS } from '../../geo/h3Bin';

/** Query-string schemas shared by the routes; the OpenAPI document is generated from them. */
export const month = z
  .string()
  .refine(isMonth, { message: 'must be a month written YYYY-MM' })
  .describe('Month, YYYY-MM (inclusive)');

export const categoriesParam = z
  .string()
  .transform((s) => s.split(',').map((c) => c.trim()).filter(Boolean))
  .refine((list) => list.length > 0, { message: 'must list at least one police.uk category slug' })
  .refine((list) => list.every(isCategorySlug), {
    message: 'holds a value that is not a police.uk category slug (e.g. violent-crime, anti-social-behaviour)',
  })
  .describe('Comma-separated police.uk category slugs; all when absent');

export const harmParam = z
  .enum(HARM_GROUPS.map((g) => g.id) as [string, ...string[]])
  .describe('A harm group (alternative to categories)');

export const weightParam = z
  .enum(WEIGHT_SCHEMES.map((s) => s.id) as [string, ...string[]])
  .default('count')
  .describe('Weighting: count, or a harm-weight scheme');

export const resParam = z.coerce
  .number()
  .int()
  .refine((r) => (H3_RESOLUTIONS as readonly number[]).includes(r), { message: 'must be one of 7, 8, 9, 10' })
  .default(9)
  .describe('H3 resolution');

export const asbWeightParam = z.coerce
  .number()
  .min(0)
  .max(100000)
  .optional()
  .describe('Weight of one ASB incident in harm schemes (no published value exists)');

export const alphaParam = z.coerce.number().gt(0).lt(1).default(0.05).describe('Significance level (after FDR)');

/** The filter every analytic endpoint takes. */
export const selectionQuery = z
  .object({
    from: month.optional(),
    to: month.optional(),
    categories: categoriesParam.optional(),
    harm: harmParam.optional(),
    weight: weightParam,
    asbWeight: asbWeightParam,
  })
  .refine((q) => !(q.categories && q.harm), { message: 'give harm or categories, not both', path: ['harm'] })
  .refine((q) => !(q.from && q.to) || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

export type SelectionQuery = z.infer<typeof selectionQuery>;

export const formatParam = z.enum(['json', 'csv', 'geojson']).default('json').describe('Response format');
