import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bundledManifestPath } from '../core/paths.js';
import { ApiError, type Handler } from './api.js';
import { appHandlers } from './handlers/apps.js';
import { infraHandlers } from './handlers/infra.js';
import { serviceHandlers } from './handlers/services.js';
import { sqlHandlers } from './handlers/sql.js';
import { storageHandlers } from './handlers/storage.js';
import { compileRoutes, describeAjvError, type Route } from './routes.js';
import { createRandomness, generateApiKey } from './secrets.js';
import { openStateStore } from './state-store.js';

/** One request the sandbox received, as received (for tests that assert what reached the platform). */
export interface ReceivedRequest {
  method: string;
  /** Raw request target, including the query string. */
  path: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

/** A running sandbox. */
export interface Sandbox {
  url: string;
  key: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Options of startSandbox. */
export interface SandboxOptions {
  /** Port on 127.0.0.1; 0 or absent: any free port. */
  port?: number;
  /** Bearer key clients must send; default a generated `runos_sk_…`. */
  key?: string;
  /** Share the world with other sandbox processes through this file. */
  stateFile?: string;
  /** Make generated secrets (and the default key) reproducible. */
  seed?: number;
  /** No per-request log lines on stderr. */
  quiet?: boolean;
}

/** Every operation's implementation, keyed by operationId. */
export const HANDLERS: Record<string, Handler> = { ...infraHandlers, ...serviceHandlers, ...sqlHandlers, ...storageHandlers, ...appHandlers };

const MAX_BODY = 1 << 20;
// A long-running sandbox must not grow without bound: keep the newest requests only (tests see far fewer).
const MAX_RECORDED = 10_000;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => (size > MAX_BODY ? reject(new ApiError(413, 'payload_too_large', `request body over ${MAX_BODY} bytes`)) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function sameKey(header: string | undefined, key: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]!);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

function match(routes: Route[], method: string, pathname: string): { route: Route; values: string[] } {
  let pathKnown = false;
  for (const route of routes) {
    const m = route.re.exec(pathname);
    if (!m) continue;
    pathKnown = true;
    if (route.method === method) return { route, values: m.slice(1) };
  }
  if (pathKnown) throw new ApiError(405, 'method_not_allowed', `${method} is not allowed on ${pathname}`);
  throw new ApiError(404, 'not_found', `no such endpoint: ${method} ${pathname}`);
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ApiError(400, 'invalid_request', `path segment '${raw}' is not valid percent-encoding`);
  }
}

/** Start the RunOS-compatible sandbox API on 127.0.0.1. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const manifestText = await readFile(bundledManifestPath(), 'utf8');
  const routes = compileRoutes(JSON.parse(manifestText));
  const unimplemented = routes.filter((r) => !HANDLERS[r.operationId]).map((r) => r.operationId);
  if (unimplemented.length) throw new Error(`sandbox: no handler for ${unimplemented.join(', ')}`);
  const rng = createRandomness(opts.seed);
  const key = opts.key ?? generateApiKey(opts.seed === undefined ? rng : createRandomness(opts.seed + 1));
  const store = await openStateStore(rng, opts.stateFile);
  const requests: ReceivedRequest[] = [];

  async function answer(req: IncomingMessage, body: string): Promise<{ status: number; json?: unknown; text?: string; type?: string }> {
    const method = (req.method ?? 'GET').toUpperCase();
    // The raw target, not `new URL()`: WHATWG parsing would fold `%2e%2e` segments away before the check below.
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const pathname = q < 0 ? target : target.slice(0, q);
    const searchParams = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
    if (pathname === '/openapi.json' && (method === 'GET' || method === 'HEAD')) return { status: 200, text: manifestText, type: 'application/json' };
    if (!sameKey(req.headers.authorization, key)) throw new ApiError(401, 'unauthorized', 'missing or invalid API key: send Authorization: Bearer <key>');
    const { route, values } = match(routes, method, pathname);
    const path = Object.fromEntries(route.pathNames.map((n, i) => [n, decodeSegment(values[i]!)]));
    for (const v of Object.values(path)) if (v === '.' || v === '..' || v.includes('/')) throw new ApiError(400, 'invalid_request', `path parameter '${v}' is not a valid name`);
    const validate = route.validators();
    if (!validate.path(path)) throw new ApiError(400, 'invalid_request', describeAjvError('path', validate.path.errors?.[0]));
    const query: Record<string, unknown> = {};
    for (const [k, v] of searchParams) query[k] = Object.hasOwn(query, k) ? [query[k], v].flat() : v;
    if (!validate.query(query)) throw new ApiError(400, 'invalid_request', describeAjvError('query', validate.query.errors?.[0]));
    let parsed: unknown;
    if (validate.body) {
      if (body.trim() === '') {
        if (route.bodyRequired) throw new ApiError(400, 'invalid_request', 'a JSON request body is required');
        parsed = {};
      } else {
        if (!/^application\/(.+\+)?json\b/i.test(req.headers['content-type'] ?? '')) throw new ApiError(415, 'unsupported_media_type', 'send the body as Content-Type: application/json');
        try {
          parsed = JSON.parse(body);
        } catch {
          throw new ApiError(400, 'invalid_json', 'the request body is not valid JSON');
        }
      }
      if (!validate.body(parsed)) throw new ApiError(400, 'invalid_request', describeAjvError('body', validate.body.errors?.[0]));
    } else if (body.trim() !== '') {
      throw new ApiError(400, 'invalid_request', `${route.operationId} takes no request body`);
    }
    const handler = HANDLERS[route.operationId]!;
    const result = await store.run(method !== 'GET', (state) => handler({ state, path, query, body: parsed, rng }));
    return { status: result.status, json: result.body };
  }

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    let body = '';
    let out: { status: number; json?: unknown; text?: string; type?: string };
    try {
      body = await readBody(req);
      out = await answer(req, body);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(500, 'internal', `sandbox bug: ${(err as Error).message}`);
      out = { status: e.status, json: { error: { code: e.code, message: e.message } } };
      if (!(err instanceof ApiError)) process.stderr.write(`runos sandbox: ${(err as Error).stack}\n`);
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers, body, status: out.status });
    if (requests.length > MAX_RECORDED) requests.splice(0, requests.length - MAX_RECORDED);
    const payload = out.text ?? (out.json === undefined ? '' : JSON.stringify(out.json));
    res.writeHead(out.status, payload ? { 'content-type': out.type ?? 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) } : {});
    res.end(req.method === 'HEAD' ? undefined : payload);
    if (!opts.quiet) process.stderr.write(`runos sandbox: ${req.method} ${req.url} ${out.status} ${(performance.now() - started).toFixed(1)}ms\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    key,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
