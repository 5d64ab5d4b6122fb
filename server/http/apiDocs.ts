/**
 * GET /api/docs: the OpenAPI document as a page an analyst or a council developer can read
 * without tools. Rendered on the server from the same document /api/openapi.json serves, so the
 * two never disagree; no script, so the page works under the strictest Content-Security-Policy.
 */

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}

interface Operation {
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}

interface Document {
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
}

const escape = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** A schema in a few words: "integer 7–10, default 9", "one of violence, asb", "array of object". */
export function describeSchema(s: Schema | undefined): string {
  if (!s) return 'any';
  if (s.$ref) return s.$ref.split('/').pop() ?? 'object';
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return alternatives.map(describeSchema).join(' or ');
  if (s.allOf) return s.allOf.map(describeSchema).join(' and ');
  const parts: string[] = [];
  if (s.enum) parts.push(`one of ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  else if (s.const !== undefined) parts.push(JSON.stringify(s.const));
  else {
    const type = Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'any');
    parts.push(type === 'array' ? `array of ${describeSchema(s.items)}` : type);
    if (s.minimum !== undefined && s.maximum !== undefined) parts.push(`${s.minimum}–${s.maximum}`);
    else if (s.minimum !== undefined) parts.push(`≥ ${s.minimum}`);
    else if (s.maximum !== undefined) parts.push(`≤ ${s.maximum}`);
    if (s.pattern) parts.push(`matching ${s.pattern}`);
  }
  if (s.default !== undefined) parts.push(`default ${JSON.stringify(s.default)}`);
  return parts.join(', ');
}

function fieldRows(schema: Schema | undefined, prefix = '', depth = 0): string[] {
  if (!schema || depth > 3) return [];
  const target = schema.type === 'array' && schema.items ? schema.items : schema;
  if (!target.properties) return [];
  const rows: string[] = [];
  for (const [name, field] of Object.entries(target.properties)) {
    const path = `${prefix}${schema.type === 'array' ? '[]' : ''}${prefix || schema.type === 'array' ? '.' : ''}${name}`;
    const required = target.required?.includes(name) ? '' : ' <span class="opt">optional</span>';
    rows.push(
      `<tr><td><code>${escape(path)}</code>${required}</td><td>${escape(describeSchema(field))}</td><td>${escape(field.description ?? '')}</td></tr>`,
    );
    rows.push(...fieldRows(field, path, depth + 1));
  }
  return rows;
}

function operationHtml(method: string, path: string, op: Operation): string {
  const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-');
  const params = (op.parameters ?? [])
    .map(
      (p) =>
        `<tr><td><code>${escape(p.name)}</code>${p.required ? ' <span class="req">required</span>' : ''}</td><td>${escape(p.in)}</td><td>${escape(describeSchema(p.schema))}</td><td>${escape(p.description ?? p.schema?.description ?? '')}</td></tr>`,
    )
    .join('');
  const body = op.requestBody?.content?.['application/json']?.schema;
  const responses = Object.entries(op.responses ?? {})
    .map(([status, r]) => {
      const types = Object.keys(r.content ?? {});
      const json = r.content?.['application/json']?.schema;
      const fields = fieldRows(json);
      return `<li><strong>${escape(status)}</strong> ${escape(r.description ?? '')}${types.length ? ` <span class="ct">${escape(types.join(', '))}</span>` : ''}${fields.length ? `<details><summary>Fields</summary><table><thead><tr><th>Field</th><th>Type</th><th>Meaning</th></tr></thead><tbody>${fields.join('')}</tbody></table></details>` : ''}</li>`;
    })
    .join('');
  return `<section id="${escape(id)}"><h2><span class="method">${escape(method.toUpperCase())}</span> <code>${escape(path)}</code></h2>
<p>${escape(op.summary ?? '')}</p>
${params ? `<h3>Parameters</h3><table><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Meaning</th></tr></thead><tbody>${params}</tbody></table>` : ''}
${body ? `<h3>Body (JSON)</h3><table><thead><tr><th>Field</th><th>Type</th><th>Meaning</th></tr></thead><tbody>${fieldRows(body).join('')}</tbody></table>` : ''}
${responses ? `<h3>Responses</h3><ul>${responses}</ul>` : ''}</section>`;
}

/** The whole page for one OpenAPI document. */
export function renderApiDocs(document: unknown): string {
  const doc = document as Document;
  const ops = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method, path, op })),
  );
  const toc = ops
    .map(
      ({ method, path, op }) =>
        `<li><a href="#${escape(`${method}-${path}`.replace(/[^a-z0-9]+/gi, '-'))}">${escape(method.toUpperCase())} ${escape(path)}</a> — ${escape(op.summary ?? '')}</li>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.info?.title ?? 'API')} — reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:0 auto;padding:1rem 1.5rem;color:#1b1b1b}
h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2rem;border-top:1px solid #ccc;padding-top:1rem}h3{font-size:1rem;margin-bottom:.3rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;vertical-align:top;border-bottom:1px solid #e3e3e3;padding:.25rem .5rem}
code{font-family:ui-monospace,monospace;font-size:.9em}.method{background:#1d3f72;color:#fff;border-radius:3px;padding:0 .35rem;font-size:.85rem}
.req{color:#a4001d;font-size:.8rem}.opt,.ct{color:#555;font-size:.8rem}
</style></head><body>
<h1>${escape(doc.info?.title ?? 'API')} <small>${escape(doc.info?.version ?? '')}</small></h1>
<p>${escape(doc.info?.description ?? '')} The machine-readable document is at <a href="/api/openapi.json">/api/openapi.json</a>. Every error is JSON <code>{"error": "parameter: what is wrong and how to fix it"}</code>.</p>
<nav><h2>Endpoints</h2><ul>${toc}</ul></nav>
${ops.map(({ method, path, op }) => operationHtml(method, path, op)).join('\n')}
</body></html>`;
}
