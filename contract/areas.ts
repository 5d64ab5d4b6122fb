/** The national (or force-wide) overview: one row per study area held. */
import { z } from 'zod';
import { monthString, selectionParameters } from './common';

export const areaOverviewRow = z.object({
  code: z.string().describe('Local authority (ONS code)'),
  name: z.string(),
  wards: z.number().int(),
  count: z.number().int().describe('Selected incidents in the area’s current wards over the window'),
  harm: z.number(),
  population: z.number().nullable().describe('Residents of its wards (ONS mid-2022 best fit); null when any ward has none held'),
  ratePer1000: z.number().nullable().describe('Incidents per 1,000 residents per year (the window’s count scaled to 12 months)'),
});

export const areaOverviewResponse = z.object({
  areas: z.array(areaOverviewRow),
  metadata: z.object({
    ...selectionParameters,
    months: z.number().int().describe('Months of the window the data hold'),
    used: z.object({ from: monthString, to: monthString }).nullable(),
    notes: z.array(z.string()),
  }),
});
