import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isInitializeRequest, WebStandardStreamableHTTPServerTransport, type AuthInfo, type McpHandlerRequestOptions, type Server } from '@modelcontextprotocol/server';

// The 2025-11-25 era over HTTP: sessions (Mcp-Session-Id) opened by `initialize`. A session ID here is not a
// key into this process's memory but a signed statement of what the session needs — the protocol version,
// the client's name, who opened it — so that any replica holding the same RUNOS_SESSION_SECRET can take a
// session up where another left it (a replica restarted, a load balancer spreading requests). Each replica
// keeps the sessions it serves in a bounded cache and resumes any other by replaying `initialize` to a
// fresh server instance. A session is never authentication: every request carries its own token, and a
// session opened by one caller is "not found" for any other.

/** What a session ID carries (signed, not encrypted: nothing in it is secret). */
export interface SessionClaims {
  /** Protocol version the client asked for. */
  v: string;
  /** The client's name and version (for the audit log). */
  c: { name: string; version: string };
  /** Hash of the caller key that opened it. */
  u: string;
  /** Issued at, seconds since the epoch. */
  t: number;
  /** A nonce: every initialize opens a session of its own. */
  n: string;
}

/** How long a session ID stays valid; after that the client gets 404 and opens a new one (MCP 2025-11-25). */
export const SESSION_MAX_AGE_SEC = 24 * 60 * 60;
/** Live sessions kept per tier; the least recently used idle one is dropped (and resumed if it comes back). */
const MAX_LIVE = 1000;
/** A session idle this long is dropped from memory. */
const IDLE_MS = 10 * 60 * 1000;
/** Sessions ended by DELETE are remembered (per replica) so they are not resumed here. */
const MAX_ENDED = 10_000;

/** Hash of a caller key as a session records it. */
function callerTag(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 16);
}

/** A signed session ID: `<payload>.<mac>`, both base64url (visible ASCII, as MCP requires). */
export function mintSessionId(secret: Buffer, claims: SessionClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
}

/** The claims of a session ID signed with `secret` and not expired, else undefined. */
export function verifySessionId(secret: Buffer, id: string, nowSec = Math.floor(Date.now() / 1000)): SessionClaims | undefined {
  const dot = id.indexOf('.');
  if (dot <= 0 || id.length > 2048) return undefined;
  const payload = id.slice(0, dot);
  const mac = Buffer.from(id.slice(dot + 1), 'base64url');
  const want = createHmac('sha256', secret).update(payload).digest();
  if (mac.length !== want.length || !timingSafeEqual(mac, want)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionClaims;
    if (typeof claims.v !== 'string' || typeof claims.u !== 'string' || typeof claims.t !== 'number' || typeof claims.c?.name !== 'string') return undefined;
    if (claims.t + SESSION_MAX_AGE_SEC < nowSec) return undefined;
    return claims;
  } catch {
    return undefined;
  }
}

interface LiveSession {
  transport: WebStandardStreamableHTTPServerTransport;
  server: Server;
  callerTag: string;
  inFlight: number;
  lastUsed: number;
}

const clip = (v: unknown, n: number): string => (typeof v === 'string' ? v.slice(0, n) : '');

function jsonRpcError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ jsonrpc: '2.0', error: { code: status === 404 ? -32001 : -32000, message }, id: null }, { status, headers });
}

/** The 2025-era endpoint of one tier: opens, resumes and ends sessions; answers in JSON (never SSE). */
export function createLegacySessions(opts: { factory: () => Server; secret: Buffer; onerror?: (err: Error) => void }): {
  handle(request: Request, options?: McpHandlerRequestOptions): Promise<Response>;
  close(): Promise<void>;
  size(): number;
} {
  const live = new Map<string, LiveSession>();
  const ended = new Set<string>();

  const open = async (id: string, authInfo: AuthInfo | undefined): Promise<LiveSession> => {
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: () => id, enableJsonResponse: true });
    if (opts.onerror) transport.onerror = opts.onerror;
    const server = opts.factory();
    await server.connect(transport);
    const session: LiveSession = { transport, server, callerTag: callerTag(authInfo?.clientId ?? ''), inFlight: 0, lastUsed: Date.now() };
    live.set(id, session);
    evict();
    return session;
  };

  /** Take up a session another replica (or this one, before a restart or eviction) opened. */
  const resume = async (id: string, claims: SessionClaims, authInfo: AuthInfo | undefined): Promise<LiveSession> => {
    const session = await open(id, authInfo);
    const replay = (body: unknown): Promise<Response> =>
      session.transport.handleRequest(
        new Request('http://runos.invalid/resume', { method: 'POST', headers: { accept: 'application/json, text/event-stream', 'content-type': 'application/json' } }),
        { parsedBody: body, authInfo },
      );
    const init = await replay({ jsonrpc: '2.0', id: 'runos-resume', method: 'initialize', params: { protocolVersion: claims.v, capabilities: {}, clientInfo: claims.c } });
    if (!init.ok) throw new Error(`resuming a session failed: HTTP ${init.status}`);
    await replay({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return session;
  };

  const drop = (id: string, session: LiveSession): void => {
    live.delete(id);
    void session.transport.close().catch(() => {});
  };

  const evict = (): void => {
    const now = Date.now();
    for (const [id, s] of live) {
      if (live.size <= MAX_LIVE && now - s.lastUsed < IDLE_MS) break; // oldest first: the rest are newer
      if (s.inFlight === 0) drop(id, s);
    }
  };
  const sweep = setInterval(evict, 60_000);
  sweep.unref();

  return {
    size: () => live.size,
    async handle(request, options) {
      const body = options?.parsedBody;
      const authInfo = options?.authInfo;
      const tag = callerTag(authInfo?.clientId ?? '');
      // No standalone SSE stream: these tools never notify, and 405 is the answer MCP allows for it.
      if (request.method === 'GET') return jsonRpcError(405, 'Method not allowed: this server offers no SSE stream', { allow: 'POST, DELETE' });

      if (request.method === 'POST' && isInitializeRequest(body)) {
        const params = (body as { params: { protocolVersion: string; clientInfo?: { name?: string; version?: string } } }).params;
        const claims: SessionClaims = {
          v: clip(params.protocolVersion, 40),
          c: { name: clip(params.clientInfo?.name, 100), version: clip(params.clientInfo?.version, 40) },
          u: tag,
          t: Math.floor(Date.now() / 1000),
          n: randomBytes(9).toString('base64url'),
        };
        const id = mintSessionId(opts.secret, claims);
        const session = await open(id, authInfo);
        return session.transport.handleRequest(request, options);
      }

      const id = request.headers.get('mcp-session-id');
      if (!id) return jsonRpcError(400, 'Bad Request: Mcp-Session-Id header is required (send initialize first)');
      let session = live.get(id);
      if (!session) {
        const claims = ended.has(id) ? undefined : verifySessionId(opts.secret, id);
        if (!claims || claims.u !== tag) return jsonRpcError(404, 'Session not found');
        session = await resume(id, claims, authInfo);
      }
      if (session.callerTag !== tag) return jsonRpcError(404, 'Session not found');
      live.delete(id);
      live.set(id, session); // most recently used last
      session.inFlight++;
      try {
        return await session.transport.handleRequest(request, options);
      } finally {
        session.inFlight--;
        session.lastUsed = Date.now();
        if (request.method === 'DELETE') {
          live.delete(id);
          ended.add(id);
          if (ended.size > MAX_ENDED) ended.delete(ended.values().next().value as string);
        }
      }
    },
    async close() {
      clearInterval(sweep);
      await Promise.all([...live.values()].map((s) => s.transport.close().catch(() => {})));
      live.clear();
    },
  };
}
