import { describe, expect, it } from 'vitest';
import { csvField } from '../../geo/csvQuote';
import { parseCsv } from '../../geo/csvParse';

describe('csvField: the one quoting rule, read back by the one parser', () => {
  it('round-trips awkward text through geo/csvParse', () => {
    const values = ['plain', 'On or near High Street, North', 'say "hi"', 'two\nlines', 'cr\r\nlf', '"', '', ' padded ', '=SUM(A1)'];
    const text = values.map((v) => csvField(v)).join(',') + '\r\n';
    const records: string[][] = [];
    parseCsv(text, (fields) => records.push([...fields]));
    expect(records).toEqual([values]);
  });

  it('guards formulas only when asked, and never numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"=HYPERLINK(""x"")"');
    expect(csvField('=HYPERLINK("x")', { guardFormulas: true })).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@user', { guardFormulas: true })).toBe("'@user");
    expect(csvField(-3, { guardFormulas: true })).toBe('-3');
  });

  it('writes empty for null, undefined and non-finite numbers; JSON for lists', () => {
    expect([null, undefined, NaN, Infinity].map((v) => csvField(v))).toEqual(['', '', '', '']);
    expect(csvField(['A Street', 'B Road'])).toBe('"[""A Street"",""B Road""]"');
    expect(csvField(12)).toBe('12');
  });
});
