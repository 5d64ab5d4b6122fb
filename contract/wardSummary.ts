/** GET /api/wards/:code/summary: everything the ward panel shows for one ward, in one answer. */
import { z } from 'zod';
import { BASELINES, type Baseline } from '../geo/comparisonWindow';
import { monthString, wardCode } from './common';

const sourceRef = z
  .object({ dataset: z.string(), title: z.string(), source: z.string(), licence: z.string() })
  .nullable()
  .describe('The dataset as imported; null when it is not in the store');

const counts = z.array(z.number().int().min(0));

export const wardSummaryResponse = z.object({
  code: wardCode,
  name: z.string(),
  from: monthString,
  to: monthString,
  used: z
    .object({ from: monthString, to: monthString })
    .nullable()
    .describe('The window clipped to the months held; null when none is held'),
  months: z.array(monthString).describe('The months every series below runs over'),
  series: z
    .record(z.string(), counts)
    .describe('Incidents per month: violence, asb, the chosen harm group, and cat:<slugs> for a category filter'),
  groups: z.record(z.string(), counts).describe('Incidents per month for every harm group'),
  categories: z.array(
    z.object({
      slug: z.string(),
      name: z.string(),
      count: z.number().int().min(0),
      previousCount: z.number().int().min(0).nullable().describe('In the comparison window; null when its months are not all held'),
      selected: z.boolean(),
    }),
  ),
  current: z.object({ count: z.number().int().min(0), harm: z.number(), monthly: counts, monthlyHarm: z.array(z.number()) }),
  previous: z.object({ from: monthString, to: monthString, count: z.number(), harm: z.number() }).nullable(),
  baseline: z.enum(BASELINES as [Baseline, ...Baseline[]]),
  comparison: z.string(),
  weight: z.string(),
  population: z.object({ total: z.number().nullable(), children: z.number().nullable(), year: z.literal(2022), source: sourceRef }),
  deprivation: z.object({
    imd2019: z.object({
      score: z.number().nullable(),
      rank: z.number().nullable(),
      decile: z.number().nullable(),
      of: z.number().int(),
      method: z.string(),
      source: sourceRef,
    }),
    iod2025: z.object({ decile: z.number().nullable(), of: z.number().int(), method: z.string(), source: sourceRef }),
    idaci2025: z.object({ rate: z.number().nullable(), method: z.string(), source: sourceRef }),
  }),
  childPoverty: z.object({
    children: z.number().nullable(),
    childrenLowIncome: z.number().nullable(),
    rate: z.number().nullable(),
    year: z.string(),
    measure: z.string(),
    method: z.string(),
    source: sourceRef,
  }),
  sources: z.record(z.string(), z.string()),
  suppressed: z.literal(false),
  suppression: z.string(),
});
