import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { csvField } from '../../geo/csvQuote';
import type { Reject } from './types';

/** Writes rejected rows as CSV: file,line,reason,raw (raw is the row's original text, quoted). */
export function writeRejects(path: string, rejects: readonly Reject[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const lines = ['file,line,reason,raw'];
  for (const r of rejects) lines.push([csvField(r.file), r.line, csvField(r.reason), csvField(r.raw)].join(','));
  writeFileSync(path, lines.join('\n') + '\n');
}
