import type { IncomingMessage, ServerResponse } from 'node:http';
import { createMcpHandler, isLegacyRequest, type AuthInfo, type McpHandlerRequestOptions, type Server } from '@modelcontextprotocol/server';
import type { TierServerFactory } from '../create-server.js';
import { PROTOCOL_VERSION_KEY } from '../envelope.js';
import { directCallOf, serveDirectCall } from './direct-call.js';
import { createLegacySessions } from './sessions.js';

/** One tier's MCP endpoint (`/mcp/<tier>`), both protocol eras, behind the server's own checks. */
export interface TierEndpoint {
  /** Answer one authenticated, authorised request; `parsedBody` is the POST body already read and parsed. */
  handle(req: IncomingMessage & { auth?: AuthInfo }, res: ServerResponse, parsedBody: unknown): Promise<void>;
  /** Live 2025-era sessions held by this replica. */
  sessions(): number;
  close(): Promise<void>;
}

/**
 * Whether a body carries the per-request envelope claim: then the SDK's own classification
 * (`isLegacyRequest`) would route it to the modern handler whatever else it holds, so it need not run.
 */
export function claimsModernEra(body: unknown): boolean {
  const meta = (body as { params?: { _meta?: unknown } } | null)?.params?._meta;
  return !Array.isArray(body) && typeof meta === 'object' && meta !== null && PROTOCOL_VERSION_KEY in meta;
}

/**
 * The web `Request` the SDK handlers take, without a body: the body was read and parsed already and goes
 * alongside as `parsedBody` (never read twice, never re-serialised). The client going away aborts it.
 */
function toFetchRequest(req: IncomingMessage, res: ServerResponse): Request {
  const abort = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return new Request(`http://${req.headers.host}${req.url ?? '/'}`, { method: req.method, headers, signal: abort.signal });
}

/** Write a web `Response` to Node: a JSON answer in one write with its length; an event stream as it comes. */
async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  if (!response.body || !headers['content-type']?.startsWith('text/event-stream')) {
    const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
    res.writeHead(response.status, { ...headers, 'content-length': String(body?.length ?? 0) });
    res.end(body);
    return;
  }
  res.writeHead(response.status, headers);
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      if (!res.write(value)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
    }
  } finally {
    reader.cancel().catch(() => {});
    res.end();
  }
}

/**
 * Serve one tier over Streamable HTTP through the SDK: the 2026-07-28 era by `createMcpHandler` (stateless:
 * a fresh server instance per request, so any replica answers any request) and the 2025-11-25 era by
 * sessionful transports (sessions.ts), routed as the SDK's `isLegacyRequest` routes. `auditFlushed` is
 * awaited before any answer leaves: a call is on the audit log before its caller can see the result (so a
 * replica killed right after answering lost no audit line). The Node side is done here rather than by
 * `toNodeHandler` from @modelcontextprotocol/node, which re-serialises the parsed body into the request and
 * streams every answer chunked: this server reads each body once, under its own limit, and answers JSON in
 * one write (npm run bench: calls per second through one replica).
 */
export function createTierEndpoint(opts: {
  factory: () => Server;
  sessionSecret: Buffer;
  maxBodyBytes: number;
  auditFlushed: () => Promise<void>;
  onerror: (err: Error) => void;
  /** The fast path for complete stateless `tools/call`s (direct-call.ts); without it every request goes through the SDK. */
  direct?: { callDirect: TierServerFactory['callDirect']; serverInfo: { name: string; version: string } };
}): TierEndpoint {
  const modern = createMcpHandler(opts.factory, { legacy: 'reject', onerror: opts.onerror, maxRequestBodySize: opts.maxBodyBytes });
  const legacy = createLegacySessions({ factory: opts.factory, secret: opts.sessionSecret });
  return {
    async handle(req, res, parsedBody) {
      const call = opts.direct && directCallOf(req, parsedBody);
      if (call && (await serveDirectCall(req, res, call, { ...opts.direct!, auditFlushed: opts.auditFlushed }))) return;
      const request = toFetchRequest(req, res);
      const options: McpHandlerRequestOptions = { ...(req.auth ? { authInfo: req.auth } : {}), ...(parsedBody !== undefined ? { parsedBody } : {}) };
      const isLegacy = !claimsModernEra(parsedBody) && (await isLegacyRequest(request, parsedBody, { maxRequestBodySize: opts.maxBodyBytes }));
      const response = isLegacy ? await legacy.handle(request, options) : await modern.fetch(request, options);
      await opts.auditFlushed();
      await writeResponse(res, response);
    },
    sessions: () => legacy.size(),
    close: async () => {
      await Promise.all([modern.close(), legacy.close()]);
    },
  };
}
