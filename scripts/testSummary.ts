/**
 * Prints vitest's JSON results as one plain closing line, "N passed, N failed, N skipped", which
 * CI reads whatever the runner. Usage: tsx scripts/testSummary.ts test-output/vitest.json
 */
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-output/vitest.json';
const r = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
