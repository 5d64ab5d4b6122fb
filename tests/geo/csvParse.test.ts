import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../geo/csvParse';
import { csvField } from '../../geo/csvQuote';
import { parseCameraPoints } from '../../server/services/cameraPoints';
import { cameraPoints } from '../../client/src/tools/cctvPanel';

function records(text: string) {
  const out: { fields: string[]; line: number }[] = [];
  const end = parseCsv(text, (fields, line) => out.push({ fields, line }));
  return { out, end };
}

describe('one RFC 4180 parser for the importer, the server and the client', () => {
  it('keeps a quoted comma, a doubled quote and a quoted newline inside their fields, over CRLF', () => {
    const { out, end } = records(
      'name,lon,lat\r\n"Camera 3, High St",-1.31,54.56\r\n"The ""Square""",-1.32,54.57\r\n"two\nlines",-1.3,54.5\r\n',
    );
    expect(out.map((r) => r.fields)).toEqual([
      ['name', 'lon', 'lat'],
      ['Camera 3, High St', '-1.31', '54.56'],
      ['The "Square"', '-1.32', '54.57'],
      ['two\nlines', '-1.3', '54.5'],
    ]);
    expect(out.map((r) => r.line)).toEqual([1, 2, 3, 4]);
    expect(end.unterminatedQuoteLine).toBeUndefined();
  });

  it('names the line where an unterminated quote starts', () => {
    const { end } = records('name,lon,lat\n"ok",-1.3,54.5\n"never closed,-1.3,54.5\n-1.2,54.4\n');
    expect(end.unterminatedQuoteLine).toBe(3);
    expect(() => parseCameraPoints('name,lon,lat\n"ok",-1.3,54.5\n"never closed,-1.3,54.5\n', 'cameras')).toThrow(
      'cameras: line 3: a quoted field is never closed',
    );
  });

  it('quotes what the parser reads back unchanged', () => {
    const values = ['plain', 'a, b', 'say "hi"', 'x\r\ny', ''];
    const { out } = records(values.map((v) => csvField(v)).join(',') + '\n');
    expect(out[0].fields).toEqual(values);
  });

  it('the CCTV panel draws the cameras the server sites from, quoted commas and all', () => {
    const csv = 'name,longitude,latitude\r\n"Camera 3, High St",-1.31,54.56\r\n"Bus station, stand ""B""",-1.32,54.57\r\n';
    expect(cameraPoints(csv)).toEqual([
      [-1.31, 54.56],
      [-1.32, 54.57],
    ]);
    expect(parseCameraPoints(csv, 'cameras')).toEqual([
      [-1.31, 54.56],
      [-1.32, 54.57],
    ]);
    expect(cameraPoints('name,lon,lat\n"never closed,-1.3,54.5\n')).toEqual([]);
  });
});
