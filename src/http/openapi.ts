// The OpenAPI 3.1 document, generated from the same operation list that is mounted, and a
// self-contained interactive docs page (no third-party scripts: it works offline and on Workers).
import { z } from 'zod';
import type { AnyOperation } from './op';

type Json = Record<string, unknown>;

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details', 'requestId'],
      properties: {
        code: { type: 'string', examples: ['VALIDATION_FAILED', 'NOT_FOUND', 'BATCH_SEALED'] },
        message: { type: 'string' },
        details: {},
        requestId: { type: 'string' },
      },
    },
  },
};

function jsonSchema(s: z.ZodType): Json {
  const out = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Json;
  delete out.$schema;
  return out;
}

export function openApiDocument(ops: readonly AnyOperation[], baseUrl: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const o of ops) {
    const path = `/api/v1${o.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    const parameters: Json[] = [...o.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: /id$/i.test(m[1]!) ? { type: 'string', format: 'uuid' } : { type: 'string' },
    }));
    if (o.query) {
      const qs = jsonSchema(o.query) as { properties?: Record<string, Json>; required?: string[] };
      for (const [name, schema] of Object.entries(qs.properties ?? {})) {
        parameters.push({ name, in: 'query', required: qs.required?.includes(name) ?? false, schema });
      }
    }
    if (o.idempotent) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Retries with the same key return the first answer and change nothing.',
        schema: { type: 'string', maxLength: 200 },
      });
    }
    const status = String(o.status ?? (o.method === 'post' ? 201 : 200));
    const entry: Json = {
      tags: [o.tag],
      summary: o.summary,
      description: [o.description, o.public ? 'Public: no key needed.' : `Roles: ${o.roles.join(', ')}.`]
        .filter(Boolean)
        .join('\n\n'),
      operationId: `${o.method}${o.path.replace(/[/:](\w)/g, (_, ch: string) => ch.toUpperCase())}`,
      security: o.public ? [] : [{ apiKey: [] }],
      parameters,
      responses: {
        [status]: {
          description: 'Success',
          content: { 'application/json': { schema: o.response ? jsonSchema(o.response) : {} } },
        },
        default: {
          description: 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
    if (o.requestBody) entry.requestBody = o.requestBody;
    else if (o.body)
      entry.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(o.body) } } };
    paths[path] ??= {};
    paths[path][o.method] = entry;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'ocop-trace API',
      version: '1',
      description:
        'Traceability and QR stamps for OCOP value chains. Every error has the shape {"error":{"code","message","details","requestId"}}.',
    },
    servers: [{ url: baseUrl }],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: ocop_<prefix>_<secret>' },
      },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** The docs page's only script, allowed by its hash in the page's Content-Security-Policy (src/app.ts). */
export const DOCS_SCRIPT = `document.querySelectorAll('form').forEach(f=>f.addEventListener('submit',async e=>{e.preventDefault();
const m=f.dataset.method.toUpperCase(),out=f.querySelector('.out'),b=f.querySelector('textarea');
const h={authorization:'Bearer '+document.getElementById('key').value};if(b)h['content-type']='application/json';
try{const r=await fetch(f.elements.url.value,{method:m,headers:h,body:b&&m!=='GET'?b.value:undefined});
out.textContent=r.status+'\\n'+JSON.stringify(await r.json(),null,2)}catch(err){out.textContent=String(err)}}))`;

export function docsPage(doc: Json): string {
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const rows: string[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, o] of Object.entries(methods)) {
      const body = (o.requestBody as Json | undefined)?.content as Record<string, { schema: Json }> | undefined;
      const params = (o.parameters as Json[]).filter((p) => p.in === 'query').map((p) => String(p.name));
      rows.push(`<details><summary><b class="m ${method}">${method.toUpperCase()}</b> <code>${esc(path)}</code> — ${esc(String(o.summary))}</summary>
<p>${esc(String(o.description ?? ''))}</p>
${params.length ? `<p>Query: <code>${esc(params.join(', '))}</code></p>` : ''}
${body ? `<p>Body schema:</p><pre>${esc(JSON.stringify((body['application/json'] ?? Object.values(body)[0])!.schema, null, 2))}</pre>` : ''}
<form data-method="${method}" data-path="${esc(path)}"><label>Path/query <input name="url" value="${esc(path)}" size="60"></label>
${body || method !== 'get' ? '<label>Body<textarea name="body" rows="6" cols="70">{}</textarea></label>' : ''}
<button>Send</button><pre class="out" aria-live="polite"></pre></form></details>`);
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>ocop-trace API</title><style>body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}
details{border-bottom:1px solid #ddd;padding:.4rem 0}pre{background:#f5f5f5;padding:.5rem;overflow:auto;max-height:24rem}
.m{display:inline-block;min-width:4.5rem}.get{color:#05689b}.post{color:#0a7a32}.patch{color:#8a5a00}.delete{color:#a01818}
label{display:block;margin:.3rem 0}textarea,input{font:13px monospace;max-width:100%}</style></head><body>
<h1>ocop-trace API</h1><p>OpenAPI 3.1 document: <a href="/openapi.json">/openapi.json</a>. Paste an API key to try requests from this page.</p>
<label>API key <input id="key" type="password" size="70" autocomplete="off"></label>
${rows.join('\n')}
<script>${DOCS_SCRIPT}</script>
</body></html>`;
}
