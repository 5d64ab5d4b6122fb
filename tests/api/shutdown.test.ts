import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { get } from 'node:http';
import { realStore } from '../setup/realStore';

/**
 * SIGTERM (issue 11): the server stops taking connections, finishes the request in flight, stops
 * its workers and the store, and exits 0.
 */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('graceful shutdown', () => {
  it('finishes the request in flight, refuses new ones and exits 0', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, DB_PATH: realStore(), PORT: String(port), ATLAS_WORKERS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 600 && !out.includes('Hotspot Atlas:'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('Hotspot Atlas:');

    // About two seconds of work on the worker.
    const inFlight = fetch(`${base}/api/hotspots?res=10&k=2&permutations=1200&seed=5`).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as { cells: unknown[] },
    }));
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGTERM');
    for (let i = 0; i < 100 && !out.includes('SIGTERM: no new requests'); i++) await new Promise((r) => setTimeout(r, 20));
    // A fresh connection (fetch might queue on the in-flight one's keep-alive socket).
    const late = await new Promise<string>((resolve) => {
      get(`${base}/api/health`, { agent: false }, (r) => resolve(String(r.statusCode))).on('error', (e: NodeJS.ErrnoException) =>
        resolve(e.code ?? e.message),
      );
    });
    const done = await inFlight;
    expect(done.status).toBe(200);
    expect(done.body.cells).toHaveLength(16205);
    expect(late, out).toBe('ECONNREFUSED');
    expect(await exited).toBe(0);
    expect(out).toMatch(/SIGTERM: no new requests; finishing those in flight/);
    expect(out).toContain('Stopped.');
  });
});
