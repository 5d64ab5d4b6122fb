import { describe, expect, it } from 'vitest';
import { exportFileName, exportStem, fileSlug, harmPart, paramsFileName } from '../../geo/exportName';

const ALL = ['anti-social-behaviour', 'burglary', 'drugs', 'violent-crime'];

describe('harmPart', () => {
  it('names the harm group when there is one', () => {
    expect(harmPart({ harm: 'violence', categories: ['violent-crime', 'robbery'] })).toBe('violence');
  });
  it('reads no list, an empty list or the full list as all crime', () => {
    expect(harmPart({})).toBe('all-crime');
    expect(harmPart({ categories: [] })).toBe('all-crime');
    expect(harmPart({ categories: [...ALL].reverse(), allCategories: ALL })).toBe('all-crime');
  });
  it('names a single category and calls any other list custom', () => {
    expect(harmPart({ categories: ['burglary'], allCategories: ALL })).toBe('burglary');
    expect(harmPart({ categories: ['burglary', 'drugs'], allCategories: ALL })).toBe('custom');
    // All but one is still a hand-picked list.
    expect(harmPart({ categories: ALL.slice(1), allCategories: ALL })).toBe('custom');
  });
});

describe('exportStem and exportFileName', () => {
  it('builds <harm>-<kind>-<from>-to-<to>', () => {
    const input = { kind: 'hotspots', harm: 'violence', from: '2025-06', to: '2025-11', weight: 'count' };
    expect(exportStem(input)).toBe('violence-hotspots-2025-06-to-2025-11');
    expect(exportFileName(input, 'csv')).toBe('violence-hotspots-2025-06-to-2025-11.csv');
    expect(exportFileName(input, 'geojson')).toBe('violence-hotspots-2025-06-to-2025-11.geojson');
  });
  it('adds qualifiers and a non-count weighting before the period', () => {
    expect(exportStem({ kind: 'hotspots', harm: 'asb', from: '2024-12', to: '2025-11', weight: 'cost', qualifiers: ['significant'] })).toBe(
      'asb-hotspots-significant-cost-weighted-2024-12-to-2025-11',
    );
    expect(exportStem({ kind: 'cells', categories: ['burglary', 'drugs'], from: '2025-01', to: '2025-01' })).toBe(
      'custom-cells-2025-01-to-2025-01',
    );
  });
  it('keeps names to lower-case letters, digits and hyphens', () => {
    expect(fileSlug(' Patrol Plan (120 min)/"x" ')).toBe('patrol-plan-120-min-x');
    expect(exportStem({ kind: 'CCTV sites', harm: 'violence', from: '2025-06', to: '2025-11', qualifiers: ['', 'Top 5'] })).toBe(
      'violence-cctv-sites-top-5-2025-06-to-2025-11',
    );
  });
  it('names the parameters file after the data file', () => {
    expect(paramsFileName('violence-hotspots-2025-06-to-2025-11')).toBe('violence-hotspots-2025-06-to-2025-11.params.json');
  });
});
