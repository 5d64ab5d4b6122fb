import { z } from 'zod';
import { isMonth } from '../../geo/month';
import { isCategorySlug } from '../../geo/categories';
import { HARM_GROUPS } from '../../geo/harmGroups';
import { WEIGHT_SCHEMES } from '../../geo/harmWeights';
import { H3_RESOLUTIONS } from '../../geo/h3Bin';

/** Query-string schemas shared by the routes; the OpenAPI document is generated from them. */
// The pattern is for the OpenAPI document; isMonth also bounds the year.
export const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month written YYYY-MM' })
  .refine(isMonth, { message: 'must be a month between 1990-01 and 2099-12' })
  .describe('Month, YYYY-MM (inclusive)');

export const categoriesParam = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean),
  )
  .refine((list) => list.length > 0, { message: 'must list at least one police.uk category slug' })
  .refine((list) => list.every(isCategorySlug), {
    message: 'holds a value that is not a police.uk category slug (e.g. violent-crime, anti-social-behaviour)',
  })
  .describe('Comma-separated police.uk category slugs; all when absent');

export const harmParam = z.enum(HARM_GROUPS.map((g) => g.id) as [string, ...string[]]).describe('A harm group (alternative to categories)');

export const weightParam = z
  .enum(WEIGHT_SCHEMES.map((s) => s.id) as [string, ...string[]])
  .default('count')
  .describe('Weighting: count, or a harm-weight scheme');

export const resParam = z.coerce
  .number()
  .int()
  .refine((r) => (H3_RESOLUTIONS as readonly number[]).includes(r), { message: `must be one of ${H3_RESOLUTIONS.join(', ')}` })
  .meta({ enum: [...H3_RESOLUTIONS] })
  .default(9)
  .describe('H3 resolution');

export const asbWeightParam = z.coerce
  .number()
  .min(0)
  .max(100000)
  .optional()
  .describe('Weight of one ASB incident in harm schemes (no published value exists)');

export const alphaParam = z.coerce.number().gt(0).lt(1).default(0.05).describe('Significance level (after FDR)');

/** The window alone: for endpoints whose layers are fixed (overlap) or whose incidents are not weighed. */
export const areaParam = z
  .string()
  .regex(/^[EWSN]\d{8}$/, 'must be a local authority code such as E06000004')
  .describe('Study area: a local authority (ONS code) held by the store, e.g. E06000004 for Stockton-on-Tees; every held ward when absent');
export const windowFields = z.object({ from: month.optional(), to: month.optional(), area: areaParam.optional() });

const fromNotAfterTo = (q: { from?: string; to?: string }) => !(q.from && q.to) || q.from <= q.to;
export const windowQuery = windowFields.refine(fromNotAfterTo, { message: 'must not be after to', path: ['from'] });

/** The weighting alone: how much one incident counts. */
export const weightFields = z.object({ weight: weightParam, asbWeight: asbWeightParam });

/** Which incidents are selected: window and categories (or a harm group), not how they are weighed. */
export const filterFields = windowFields.extend({ categories: categoriesParam.optional(), harm: harmParam.optional() });
const oneOfHarmOrCategories = (q: { categories?: unknown; harm?: unknown }) => !(q.categories && q.harm);
/** The drill-down's filter: its box is the place, so it takes no study area (a cell's incidents are all of them). */
export const filterQuery = filterFields
  .omit({ area: true })
  .refine(oneOfHarmOrCategories, { message: 'give harm or categories, not both', path: ['harm'] })
  .refine(fromNotAfterTo, { message: 'must not be after to', path: ['from'] });

/** The filter every analytic endpoint takes. */
export const selectionQuery = filterFields
  .extend(weightFields.shape)
  .refine(oneOfHarmOrCategories, { message: 'give harm or categories, not both', path: ['harm'] })
  .refine(fromNotAfterTo, { message: 'must not be after to', path: ['from'] });

export type SelectionQuery = z.infer<typeof selectionQuery>;

/** The overview's filter: every held area side by side, so no one study area. */
export const overviewQuery = filterFields
  .omit({ area: true })
  .extend(weightFields.shape)
  .refine(oneOfHarmOrCategories, { message: 'give harm or categories, not both', path: ['harm'] })
  .refine(fromNotAfterTo, { message: 'must not be after to', path: ['from'] });

/** Each part a plain decimal: Number() would also read '0x10', '1e1' and '' (as 0). */
const DECIMAL = /^-?\d+(\.\d+)?$/;
export const bboxParam = z
  .string({
    error: (issue) =>
      issue.input === undefined ? 'is required: minLon,minLat,maxLon,maxLat' : 'must be given once, as minLon,minLat,maxLon,maxLat',
  })
  .refine((s) => s.split(',').every((part) => DECIMAL.test(part)), {
    message: 'must be four plain decimals minLon,minLat,maxLon,maxLat (such as -1.32,54.55,-1.30,54.57)',
  })
  .transform((s) => s.split(',').map(Number))
  .refine((b) => b.length === 4, { message: 'must be four numbers minLon,minLat,maxLon,maxLat' })
  .refine((b) => b[0] >= -180 && b[2] <= 180 && b[1] >= -90 && b[3] <= 90, {
    message: 'must lie within longitude -180..180 and latitude -90..90',
  })
  .refine((b) => b[0] <= b[2] && b[1] <= b[3], { message: 'minLon must not exceed maxLon, nor minLat maxLat' })
  .describe('Bounding box minLon,minLat,maxLon,maxLat, plain decimals');

export const formatParam = z.enum(['json', 'csv', 'geojson']).default('json').describe('Response format');
