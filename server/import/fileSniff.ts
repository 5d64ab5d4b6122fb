/**
 * A first look at a file's bytes: is it text at all, and what kind of text? Saved error pages and
 * half-finished downloads are common in folders of downloaded data, so they are named plainly
 * instead of being parsed as if they were data.
 */
export type Sniffed = { kind: 'empty' } | { kind: 'binary'; what: string } | { kind: 'html' } | { kind: 'json' } | { kind: 'text' };

const MAGIC: readonly [number[], string][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (unzip it first)'],
  [[0x1f, 0x8b], 'a gzip file (decompress it first)'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'an SQLite database'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel/Office document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
];

export function sniff(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return { kind: 'empty' };
  for (const [magic, what] of MAGIC) if (magic.every((b, i) => bytes[i] === b)) return { kind: 'binary', what };
  const head = bytes.subarray(0, 8192);
  let controls = 0;
  for (const b of head) {
    if (b === 0) return { kind: 'binary', what: 'binary data' };
    if (b < 9 || (b > 13 && b < 32)) controls++;
  }
  if (controls > head.length / 100) return { kind: 'binary', what: 'binary data' };
  const start = new TextDecoder()
    .decode(head.subarray(0, 512))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (start.length === 0) return { kind: 'empty' };
  if (/^<(!doctype html|html|head|body|\?xml)/i.test(start)) return { kind: 'html' };
  if (start[0] === '{' || start[0] === '[') return { kind: 'json' };
  return { kind: 'text' };
}

/** A description for a refusal message: "is a ZIP archive", "is an HTML page", ... */
export function describeNonCsv(s: Sniffed): string {
  switch (s.kind) {
    case 'empty':
      return 'is empty';
    case 'binary':
      return `is not CSV: it is ${s.what}`;
    case 'html':
      return 'is not CSV: it is an HTML/XML page (an error page saved instead of the download?)';
    case 'json':
      return 'is not CSV: it is JSON';
    case 'text':
      return 'is text';
  }
}
