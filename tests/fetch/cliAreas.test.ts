/** `npm run fetch -- --area` takes several areas (repeated or a comma list) and refuses a bad code before any request. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function fetchCli(args: string[]) {
  // No upstream at this address: a request would fail with exit 1, not the usage exit 64.
  const env = { ...process.env, POLICE_API_URL: 'http://127.0.0.1:9/', ONS_GEO_URL: 'http://127.0.0.1:9/' };
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/fetch.ts', ...args], { encoding: 'utf8', env, timeout: 60_000 });
}

describe('fetch --area', () => {
  it('names the bad code in a list and exits 64 before fetching', () => {
    const r = fetchCli(['--area', 'E06000004,E0600', '--no-import']);
    expect(r.status).toBe(64);
    expect(r.stderr.split('\n')[0]).toBe('--area: E0600 is not a local authority code such as E06000004');
  });
  it('refuses one --out folder for several areas', () => {
    const r = fetchCli(['--area', 'E06000004', '--area', 'E06000002', '--out', 'x']);
    expect(r.status).toBe(64);
    expect(r.stderr.split('\n')[0]).toBe('--out names one folder: give it with one --area only');
  });
});
