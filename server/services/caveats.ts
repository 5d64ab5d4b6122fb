/** Caveats every analytic figure carries; the client's method card shows them. */
export const DATA_CAVEATS: readonly string[] = [
  'police.uk points are snapped to about 750,000 anonymous map points (street centres, public places or premises with at least 8 addresses), so many incidents share one point and a point is not an address.',
  'police.uk dates incidents by month only: no day, time or day of week.',
  'Counts show the volume of recorded incidents at places, not the risk to any person; recording practice and reporting rates vary.',
  'Incidents are police-recorded crime and ASB as published by police.uk; local logs are added where imported.',
];

export const HOTSPOT_CAVEATS: readonly string[] = [
  'Getis-Ord Gi* tests each cell with its neighbours (H3 gridDisk of radius k, binary weights, the cell itself included) against the study area mean.',
  'The study area is every H3 cell overlapping the current wards, empty cells included; border cells also count incidents just outside the wards.',
  'p-values are corrected for multiple testing with Benjamini-Hochberg; neighbouring tests share cells, so the false discovery rate control is approximate.',
  'Harm weights are averages for whole police.uk categories: a weight is not the harm of any one incident.',
];
