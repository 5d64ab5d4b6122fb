import { describe, expect, it } from 'vitest';
import { cellToBoundary, latLngToCell } from 'h3-js';
import { booleanClockwise } from '@turf/boolean-clockwise';
import { csvField } from '../../geo/csvQuote';
import { h3CellPolygon, h3RowsToFeatureCollection, inferColumns, parametersToCsv, toCsv, toFeatureCollection } from '../../geo/geojsonCsv';

describe('csvField (RFC 4180 quoting)', () => {
  it('leaves plain fields bare and quotes only when needed', () => {
    expect(csvField('Middlesbrough')).toBe('Middlesbrough');
    expect(csvField('On or near High Street, North')).toBe('"On or near High Street, North"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('"')).toBe('""""');
  });

  it('writes empty fields for missing and non-finite values', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(Number.POSITIVE_INFINITY)).toBe('');
    expect(csvField(0)).toBe('0');
    expect(csvField(-1.5)).toBe('-1.5');
    expect(csvField(true)).toBe('true');
  });

  it('JSON-encodes arrays and quotes the result', () => {
    expect(csvField(['A Street', 'B Road'])).toBe('"[""A Street"",""B Road""]"');
  });

  it('guards formula-like strings only when asked, and never numbers', () => {
    expect(csvField('=SUM(A1)')).toBe('=SUM(A1)');
    expect(csvField('=SUM(A1)', { guardFormulas: true })).toBe("'=SUM(A1)");
    expect(csvField('@x', { guardFormulas: true })).toBe("'@x");
    expect(csvField(-3, { guardFormulas: true })).toBe('-3');
    expect(csvField('=1,2', { guardFormulas: true })).toBe(`"'=1,2"`);
  });
});

describe('toCsv', () => {
  const rows = [
    { harm: 12.5, h3: '8a195da49a6ffff', name: 'Linthorpe, Road' },
    { name: 'Albert "Park"', h3: '8a195da49a4ffff', harm: 0 },
  ];

  it('uses the given column order with CRLF records and a trailing CRLF', () => {
    expect(toCsv(rows, ['h3', 'harm', 'name'])).toBe(
      'h3,harm,name\r\n' + '8a195da49a6ffff,12.5,"Linthorpe, Road"\r\n' + '8a195da49a4ffff,0,"Albert ""Park"""\r\n',
    );
  });

  it('writes only the chosen columns and blanks absent keys', () => {
    expect(toCsv(rows, ['h3', 'missing'], { eol: '\n' })).toBe('h3,missing\n8a195da49a6ffff,\n8a195da49a4ffff,\n');
  });

  it('infers columns in first-seen order when none are given', () => {
    expect(inferColumns([{ b: 1 }, { a: 2, b: 3 }])).toEqual(['b', 'a']);
    expect(toCsv([{ b: 1 }, { a: 2, b: 3 }], undefined, { eol: '\n' })).toBe('b,a\n1,\n3,2\n');
  });

  it('writes a header-only file for no rows, and rejects duplicate columns', () => {
    expect(toCsv([], ['h3', 'harm'])).toBe('h3,harm\r\n');
    expect(() => toCsv(rows, ['h3', 'h3'])).toThrow(/duplicate/);
    expect(() => toCsv([], [])).toThrow(/no columns/);
  });

  it('writes parameters as a parameter,value table', () => {
    expect(parametersToCsv({ alpha: 0.05, window: '2024-01..2024-12', cats: ['a', 'b'] }, { eol: '\n' })).toBe(
      'parameter,value\nalpha,0.05\nwindow,2024-01..2024-12\ncats,"[""a"",""b""]"\n',
    );
  });
});

describe('GeoJSON', () => {
  const cell = latLngToCell(54.5742, -1.2349, 10);

  it('closes the H3 ring, keeps [lng, lat] order and counter-clockwise winding', () => {
    const polygon = h3CellPolygon(cell);
    const ring = polygon.coordinates[0];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(ring.length).toBe(7); // hexagon: 6 vertices + closing vertex
    // Longitude near -1.23, latitude near 54.57: the order is [lng, lat].
    expect(ring[0][0]).toBeCloseTo(-1.23, 1);
    expect(ring[0][1]).toBeCloseTo(54.57, 1);
    // Same vertices as h3-js's [lat, lng] boundary, swapped.
    const latLng = cellToBoundary(cell);
    for (let i = 0; i < 6; i++) expect(ring.slice(0, 6)).toContainEqual([latLng[i][1], latLng[i][0]]);
    expect(booleanClockwise(ring)).toBe(false); // RFC 7946 §3.1.6: exterior rings counter-clockwise
  });

  it('rejects invalid cells', () => {
    expect(() => h3CellPolygon('not-a-cell')).toThrow(/invalid H3/);
  });

  it('builds a FeatureCollection with top-level metadata, ids and selected properties', () => {
    const metadata = { resolution: 10, alpha: 0.05, months: ['2024-01', '2024-02'] };
    const fc = h3RowsToFeatureCollection([{ h3: cell, harm: 3, note: undefined }], metadata, { columns: ['h3', 'harm', 'note'] });
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.metadata).toEqual(metadata);
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0].id).toBe(cell);
    expect(fc.features[0].properties).toEqual({ h3: cell, harm: 3, note: null });
    expect(fc.features[0].geometry).toEqual(h3CellPolygon(cell));
    // Round-trips through JSON unchanged (no undefined, no functions).
    expect(JSON.parse(JSON.stringify(fc))).toEqual(fc);
  });

  it('allows null geometry for unlocated rows and a custom id key', () => {
    const fc = toFeatureCollection([{ ward: 'E05013686', value: 1 }], { source: 'x' }, () => null, { idKey: 'ward' });
    expect(fc.features[0]).toEqual({ type: 'Feature', id: 'E05013686', geometry: null, properties: { ward: 'E05013686', value: 1 } });
  });

  it('fails loudly when a row lacks its H3 key', () => {
    expect(() => h3RowsToFeatureCollection([{ cell }], {})).toThrow(/no string "h3"/);
    expect(h3RowsToFeatureCollection([{ cell }], {}, { h3Key: 'cell' }).features[0].id).toBe(cell);
  });
});
