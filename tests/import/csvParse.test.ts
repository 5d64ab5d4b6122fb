import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../server/import/csvParse';
import { csvField } from '../../geo/csvQuote';

function parse(text: string) {
  const records: { fields: string[]; line: number; raw: string }[] = [];
  const end = parseCsv(text, (fields, line, start, stop) => records.push({ fields, line, raw: text.slice(start, stop) }));
  return { records, end };
}

describe('parseCsv', () => {
  it('splits plain lines and reports line numbers and raw text', () => {
    const { records, end } = parse('a,b,c\n1,2,3\n4,,6\n');
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '', '6'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(records[2].raw).toBe('4,,6');
    expect(end).toMatchObject({ records: 3, lastTerminated: true, lastFieldCount: 3 });
  });

  it('handles quotes, doubled quotes, commas and newlines inside quotes, CRLF and a BOM', () => {
    const text = '\uFEFFh1,h2\r\n"a, b","say ""hi"""\r\n"multi\nline",x\r\nplain,"q"\r\n';
    const { records } = parse(text);
    expect(records.map((r) => r.fields)).toEqual([
      ['h1', 'h2'],
      ['a, b', 'say "hi"'],
      ['multi\nline', 'x'],
      ['plain', 'q'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
  });

  it('skips blank lines but counts them', () => {
    const { records } = parse('a\n\n\r\nb\n');
    expect(records.map((r) => [r.fields[0], r.line])).toEqual([
      ['a', 1],
      ['b', 4],
    ]);
  });

  it('says when the last record has no line ending', () => {
    const { end } = parse('a,b\n1,2\n3');
    expect(end).toMatchObject({ lastTerminated: false, lastFieldCount: 1, lastLine: 3 });
  });

  it('says where an unterminated quote began', () => {
    const { records, end } = parse('a,b\n1,2\n3,"unfinished\nmore');
    expect(records).toHaveLength(2);
    expect(end.unterminatedQuoteLine).toBe(3);
  });

  it('quotes output fields only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(csvField(null)).toBe('');
  });
});
