// A loopback HTTP proxy between a runos tier server and Prism: it records every request exactly as the
// server sent it (method, raw path and query, headers, body) together with Prism's verdict, so a
// violation can be reported with the request that caused it. It also strips the document's base path,
// because Prism routes a mock on the bare operation path while runos (rightly) sends basePath + path.
import { createServer } from 'node:http';

/**
 * @typedef {{ location: string[]; severity: string; code: string | number; message: string }} Violation
 * @typedef {{ method: string; url: string; headers: Record<string, string>; body: string; status: number;
 *   violations: Violation[] }} RecordedRequest
 */

/** Prism's problem types for a request that matches no operation (prism-http router errors). */
const ROUTING_PROBLEMS = ['NO_PATH_MATCHED_ERROR', 'NO_METHOD_MATCHED_ERROR', 'NO_SERVER_MATCHED_ERROR', 'NO_RESOURCE_PROVIDED_ERROR'];

/**
 * Start the proxy on 127.0.0.1:0.
 * @param {{ target: string; basePath?: string; rewriteAuth?: (value: string | undefined) => string | undefined }} opts
 *   `rewriteAuth` adapts the Authorization header for documents whose security scheme is not bearer
 *   (runos sends `Bearer <key>`); the record keeps what runos sent.
 */
export async function startRecordingProxy(opts) {
  /** @type {RecordedRequest[]} */
  const records = [];
  const basePath = opts.basePath && opts.basePath !== '/' ? opts.basePath.replace(/\/$/, '') : '';
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const url = req.url ?? '/';
    /** @type {RecordedRequest} */
    const rec = { method: req.method ?? 'GET', url, headers: flatHeaders(req.headers), body: body.toString('utf8'), status: 0, violations: [] };
    records.push(rec);
    let forwardUrl = url;
    if (basePath) {
      if (url === basePath || url.startsWith(basePath + '/') || url.startsWith(basePath + '?')) forwardUrl = url.slice(basePath.length) || '/';
      else rec.violations.push({ location: ['request', 'path'], severity: 'Error', code: 'basePath', message: `path does not start with the document's base path ${basePath}` });
    }
    const headers = { ...rec.headers };
    delete headers.host;
    delete headers.connection;
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    if (opts.rewriteAuth) {
      const v = opts.rewriteAuth(headers.authorization);
      if (v === undefined) delete headers.authorization;
      else headers.authorization = v;
    }
    try {
      const upstream = await fetch(opts.target + forwardUrl, {
        method: rec.method,
        headers,
        body: body.length ? body : undefined,
        redirect: 'manual',
      });
      const text = await upstream.text();
      rec.status = upstream.status;
      rec.violations.push(...readViolations(upstream.status, upstream.headers, text));
      const out = {};
      upstream.headers.forEach((v, k) => {
        if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(k)) out[k] = v;
      });
      res.writeHead(upstream.status, out);
      res.end(text);
    } catch (err) {
      rec.status = 502;
      rec.violations.push({ location: ['proxy'], severity: 'Error', code: 'proxy', message: String(err) });
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(err));
    }
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    records,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}

/** Prism's verdict on one request: the request-side entries of `sl-violations`, or a routing problem. */
export function readViolations(status, headers, text) {
  /** @type {Violation[]} */
  const out = [];
  const raw = headers.get('sl-violations');
  if (raw) {
    try {
      for (const v of JSON.parse(raw)) if (v?.location?.[0] === 'request' && v.severity === 'Error') out.push(v);
    } catch {
      out.push({ location: ['request'], severity: 'Error', code: 'unparsable', message: `sl-violations: ${raw}` });
    }
  }
  if ((status === 404 || status === 405) && !out.length) {
    const type = /"type"\s*:\s*"[^"]*#([A-Z_]+)"/.exec(text)?.[1];
    if (type && ROUTING_PROBLEMS.includes(type)) out.push({ location: ['request', 'path'], severity: 'Error', code: type, message: text.slice(0, 300) });
  }
  return out;
}

function flatHeaders(h) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
