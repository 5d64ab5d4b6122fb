/**
 * Prints vitest's JSON results as one plain closing line, "N passed, N failed, N skipped", which
 * CI reads whatever the runner. Usage: tsx scripts/testSummary.ts test-output/vitest.json
 */
import { readFileSync } from 'node:fs';
import { parseCli, usageError } from './cli';

const USAGE = 'usage: tsx scripts/testSummary.ts [vitest.json] (default test-output/vitest.json)';
const { positionals } = parseCli({ options: {}, allowPositionals: true }, USAGE);
if (positionals.length > 1) usageError(`one results file, not ${positionals.length}`, USAGE);
const file = positionals[0] ?? 'test-output/vitest.json';
const r = JSON.parse(readFileSync(file, 'utf8')) as {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
};
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
