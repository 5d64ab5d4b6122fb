import { describe, expect, it } from 'vitest';
import { describeSchema, renderApiDocs } from '../../server/http/apiDocs';

describe('the API reference page', () => {
  const doc = {
    info: { title: 'Hotspot Atlas API', version: '0.1.0', description: 'Hot spots.' },
    paths: {
      '/api/hexes': {
        get: {
          summary: 'Counts per cell <b>',
          parameters: [
            {
              name: 'res',
              in: 'query',
              required: false,
              schema: { type: 'integer', enum: [7, 8, 9, 10], default: 9, description: 'H3 resolution' },
            },
            { name: 'from', in: 'query', required: true, schema: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' } },
          ],
          responses: {
            '200': {
              description: 'Cells',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['cells'],
                    properties: {
                      cells: {
                        type: 'array',
                        items: {
                          type: 'object',
                          required: ['h3'],
                          properties: { h3: { type: 'string' }, count: { type: 'integer', minimum: 0 } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
  const html = renderApiDocs(doc);

  it('lists each parameter with its type, default and whether it is required', () => {
    expect(html).toContain('<code>res</code></td><td>query</td><td>one of 7, 8, 9, 10, default 9</td><td>H3 resolution</td>');
    expect(html).toContain('<code>from</code> <span class="req">required</span>');
  });

  it('lists response fields down into arrays, marking optional ones', () => {
    expect(html).toContain('<code>cells[].h3</code></td><td>string</td>');
    expect(html).toContain('<code>cells[].count</code> <span class="opt">optional</span></td><td>integer, ≥ 0</td>');
  });

  it('escapes text from the document and carries no script', () => {
    expect(html).toContain('Counts per cell &lt;b&gt;');
    expect(html).not.toMatch(/<script/i);
  });

  it('describes unions and arrays in words', () => {
    expect(describeSchema({ anyOf: [{ type: 'number' }, { type: 'null' }] })).toBe('number or null');
    expect(describeSchema({ type: 'array', items: { type: 'string', enum: ['violence', 'asb'] } })).toBe(
      'array of one of "violence", "asb"',
    );
  });
});

describe('GET /api/docs on the real server', () => {
  it('serves every endpoint of /api/openapi.json as HTML under a script-free policy', async () => {
    const { startServer } = await import('./server');
    const { realStore } = await import('../setup/realStore');
    const server = await startServer(realStore());
    try {
      const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
      const res = await fetch(`${server.url}/api/docs`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      const html = await res.text();
      const ops = Object.entries(doc.paths).flatMap(([path, m]) => Object.keys(m).map((method) => `${method.toUpperCase()} ${path}`));
      expect(ops.length).toBeGreaterThanOrEqual(15);
      for (const op of ops) expect(html).toContain(op.replace(/&/g, '&amp;'));
    } finally {
      await server.close();
    }
  });
});
