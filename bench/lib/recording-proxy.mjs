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

/**
 * Prism's verdict on one request. Prism reports a violation in one of two ways:
 *  - the `sl-violations` header when the document has a response to answer an invalid request with
 *    (a 422/400/default), listing request- and response-side findings (only request Errors count);
 *  - otherwise a problem+json body it makes up, `type: https://stoplight.io/prism/errors#<CODE>`, with
 *    a `validation` array for UNPROCESSABLE_ENTITY and a title for routing (NO_PATH_MATCHED_ERROR,
 *    NO_METHOD_MATCHED_ERROR), security (UNAUTHORIZED), media type (NOT_ACCEPTABLE, INVALID_CONTENT_TYPE).
 * A Prism 5xx problem is Prism failing to mock a response, not a verdict on the request.
 */
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
  const type = status >= 400 && status < 500 ? /"type"\s*:\s*"https:\/\/stoplight\.io\/prism\/errors#([A-Z_]+)"/.exec(text)?.[1] : undefined;
  if (type && !out.length) {
    let problem = {};
    try {
      problem = JSON.parse(text);
    } catch {
      // keep the bare type
    }
    const validation = Array.isArray(problem.validation) ? problem.validation.filter((v) => v?.severity === 'Error') : [];
    if (validation.length) for (const v of validation) out.push({ ...v, location: ['request', ...(v.location ?? [])] });
    else {
      const where = /PATH|METHOD|SERVER/.test(type) ? 'path' : type === 'UNAUTHORIZED' ? 'security' : /ACCEPT|CONTENT_TYPE/.test(type) ? 'header' : 'request';
      out.push({ location: ['request', where], severity: 'Error', code: type, message: `${problem.title ?? ''}: ${problem.detail ?? ''}`.slice(0, 400) });
    }
  }
  return out;
}

function flatHeaders(h) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
