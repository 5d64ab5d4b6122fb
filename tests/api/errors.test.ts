import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realStore } from '../setup/realStore';
import { startServer, type RunningServer } from './server';
import { closeInferencePool } from '../../server/workers/inferencePool';

/**
 * Errors that tell and do not leak (issue 11): every refusal is JSON naming the parameter or the
 * body, never Express's HTML page with a stack trace and the server's paths; numbers must be
 * written as plain decimals; a camera file cut short inside quotes is refused, not half-read.
 */
let server: RunningServer;
beforeAll(async () => {
  server = await startServer(realStore());
});
afterAll(async () => {
  await server?.close();
  await closeInferencePool();
});

async function call(path: string, init?: RequestInit) {
  const res = await fetch(server.url + path, init);
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text };
}

function expectCleanJson(r: { type: string; text: string }) {
  expect(r.type).toMatch(/^application\/json/);
  expect(r.text).not.toMatch(/<html|<pre|at [A-Za-z.]+ \(|node_modules|\/work\/|\.ts:\d+/i);
}

describe('strict numbers in the query', () => {
  const cases: [string, RegExp][] = [
    ['asbWeight=', /^asbWeight: is empty/],
    ['res=0x9', /^res: write numbers as plain decimals .*"0x9"/],
    ['k=1e0', /^k: write numbers as plain decimals .*"1e0"/],
    ['alpha=%2B0.05', /^alpha: write numbers as plain decimals/],
    ['alpha=+0.05', /^alpha: has a space \(or a '\+'\)/],
    ['res=Infinity', /^res: write numbers as plain decimals/],
  ];
  for (const [q, message] of cases) {
    it(`refuses ${q} naming the parameter`, async () => {
      const r = await call(`/api/hotspots?harm=violence&${q}`);
      expect(r.status).toBe(400);
      expectCleanJson(r);
      expect(JSON.parse(r.text).error).toMatch(message);
    });
  }
  it('still reads plain decimals', async () => {
    const r = await call('/api/hexes?res=9&asbWeight=0.5&harm=asb');
    expect(r.status).toBe(200);
  });
});

describe('bodies the parser refuses', () => {
  const post = (body: BodyInit, type = 'application/json') =>
    call('/api/cctv/siting', { method: 'POST', headers: { 'content-type': type }, body });
  it('malformed JSON: 400 in JSON, no stack trace', async () => {
    const r = await post('{"cameras": [');
    expect(r.status).toBe(400);
    expectCleanJson(r);
    expect(JSON.parse(r.text).error).toBe('body: is not valid JSON; send a JSON object with content-type application/json');
  });
  it('an unknown charset: 415 in JSON', async () => {
    const r = await post('{}', 'application/json; charset=latin-9');
    expect(r.status).toBe(415);
    expectCleanJson(r);
    expect(JSON.parse(r.text).error).toMatch(/^body: charset "latin-9" is not supported; send UTF-8/);
  });
  it('an oversized body: 413 in JSON', async () => {
    const r = await post(JSON.stringify({ cameras: 'x'.repeat(6 * 1024 * 1024) }));
    expect(r.status).toBe(413);
    expectCleanJson(r);
    expect(JSON.parse(r.text).error).toMatch(/^body: is larger than the 5MB limit/);
  });
  it('a camera CSV cut short inside quotes names the line and sites nothing', async () => {
    const cameras = 'longitude,latitude\n-1.31,54.56\n"-1.32,54.57\n-1.30,54.55\n';
    const r = await post(JSON.stringify({ cameras, count: 2, harm: 'violence' }));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).error).toBe(
      'cameras: line 3: a quoted field is never closed (a " without its closing "), so the file cannot be read past it',
    );
  });
  it('a camera CSV whose text ends in a newline is still read', async () => {
    const r = await post(JSON.stringify({ cameras: 'longitude,latitude\n-1.31,54.56\n', count: 1, harm: 'violence' }));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text).existing.cameras).toBe(1);
  });
});

describe('/api/health by subsystem', () => {
  it('stays 200 while incidents can be served, marking what is missing, and 503 when they cannot', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { join } = await import('node:path');
    const { tempDir, removeDir } = await import('../helpers/tempDir');
    const dir = tempDir('health');
    try {
      const copy = join(dir, 'atlas.db');
      const src = new Database(realStore(), { readonly: true });
      src.exec(`VACUUM INTO '${copy.replace(/'/g, "''")}'`);
      src.close();
      const broken = new Database(copy);
      broken.exec('DROP TABLE settings');
      broken.close();
      const s = await startServer(copy);
      try {
        const r = await fetch(`${s.url}/api/health`);
        expect(r.status).toBe(200);
        const body = await r.json();
        expect(body).toMatchObject({
          status: 'ok',
          incidents: 196296,
          lastMonth: '2025-11',
          checks: { store: 'ok', incidents: 'ok', imports: 'ok', fetch: 'unavailable' },
        });
        expect(body.dataVersion).toMatch(/^\d+:[0-9a-f]{16}$/);
        s.db.exec('DROP TABLE incidents_shadowed; DROP VIEW incidents; DROP TABLE incident_rows');
        const down = await fetch(`${s.url}/api/health`);
        expect(down.status).toBe(503);
        const d = await down.json();
        expect(d).toMatchObject({ status: 'unavailable', incidents: null, checks: { store: 'ok', incidents: 'unavailable' } });
        expect(JSON.stringify(d)).not.toMatch(/no such table|SqliteError/);
      } finally {
        await s.close();
      }
    } finally {
      removeDir(dir);
    }
  });
});
