import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_DATA_DIR } from '../setup/realStore';
import { removeDir, tempDir } from '../helpers/tempDir';

/** `npm run import` as a user runs it: exit status, summary table, rejects file, DB_PATH. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'import.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = tempDir('cli');
  const good = join(dir, 'good', 'police-uk');
  mkdirSync(good, { recursive: true });
  copyFileSync(join(REAL_DATA_DIR, 'police-uk', '2023-01-cleveland-street.csv'), join(good, '2023-01-cleveland-street.csv'));
  const lines = readFileSync(join(REAL_DATA_DIR, 'police-uk', '2023-02-cleveland-street.csv'), 'utf8').split('\n');
  lines[4] = lines[4].replace(/,-1\.\d+,54\.\d+,/, ',,,');
  writeFileSync(join(good, '2023-02-cleveland-street.csv'), lines.join('\n'));
  const bad = join(dir, 'bad');
  mkdirSync(bad, { recursive: true });
  writeFileSync(join(bad, '2023-03-cleveland-street.csv'), '<html><body>Service unavailable</body></html>');
});
afterAll(() => removeDir(dir));

describe('import CLI', () => {
  it('imports a folder, prints the summary table, writes rejects, and exits 0', () => {
    const db = join(dir, 'a.db');
    const rejects = join(dir, 'rejects.csv');
    const r = cli(['--data', join(dir, 'good'), '--db', db, '--rejects', rejects]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/rows read\s+stored\s+replaced\s+rejected\s+time/);
    expect(r.stdout).toMatch(/street crimes\s+2\s+2\s+0\s+0\s+11,530\s+11,529\s+0\s+1/);
    expect(r.stdout).toMatch(/missing coordinates\s+1/);
    expect(r.stderr).toMatch(/imported police-uk\/2023-01-cleveland-street.csv: street cleveland 2023-01: read 5633, stored 5633/);
    expect(readFileSync(rejects, 'utf8').split('\n')[1]).toMatch(/^police-uk\/2023-02-cleveland-street.csv,5,missing coordinates,/);

    const again = cli(['--data', join(dir, 'good'), '--db', db]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/street crimes\s+2\s+0\s+2\s+0\s+0\s+0\s+0\s+0/);
  });

  it('exits non-zero and names the file when a file is refused', () => {
    const r = cli(['--data', join(dir, 'bad'), '--db', join(dir, 'b.db')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /REFUSED files \(1; nothing of them was stored\):\n\s+2023-03-cleveland-street.csv: is not CSV: it is an HTML/,
    );
  });

  it('uses DB_PATH when --db is absent, and explains bad usage', () => {
    const db = join(dir, 'env.db');
    expect(cli(['--data', join(dir, 'good')], { DB_PATH: db }).status).toBe(0);
    expect(existsSync(db)).toBe(true);
    const usage = cli([]);
    expect(usage.status).toBe(64);
    expect(usage.stderr).toMatch(/--data is required/);
    expect(cli(['--data', join(dir, 'missing')], { DB_PATH: db }).stderr).toMatch(/data folder not found/);
  });
});
