import { realStore } from './realStore';

/**
 * vitest globalSetup: builds the real-data store once, before any test file runs, so that test
 * files (in their own processes) only ever find it ready. Add to vitest.config.ts:
 *   globalSetup: ['./tests/setup/global.ts'],
 */
export default function setup(): void {
  realStore();
}
