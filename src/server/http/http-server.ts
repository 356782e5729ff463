import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isTier, type Tier } from '../../core/tiers.js';
import type { AuditEntry } from '../audit.js';
import { authorize, type Authenticator } from '../identity/authenticate.js';
import { AuthFailure, toAuthInfo, type Caller } from '../identity/caller.js';
import { buildChallenge, buildResourceMetadata, tierUrl, type ResourceInfo } from './oauth.js';
import { BodyTooLarge, clientAddress, createLimiter, dropRest, isAllowedHost, isAllowedOrigin, readBody, rpcError, sendJson } from './request-checks.js';
import type { TierEndpoint } from './tier-endpoint.js';

/** How the HTTP front of the tier servers behaves (serve-http.ts builds it from flags and environment). */
export interface HttpFrontOptions extends Omit<ResourceInfo, 'publicUrl'> {
  /** The origin clients reach the server at; default the address it listens on. */
  publicUrl?: string;
  host: string;
  port: number;
  /** Host names (no port) the `Host` header may carry. */
  allowedHosts: string[];
  /** Host names a browser `Origin` may carry; requests without Origin pass. */
  allowedOrigins: string[];
  trustProxy: boolean;
  maxBodyBytes: number;
  maxInFlightPerCaller: number;
  /** The tiers served; the others answer 404. */
  endpoints: Map<Tier, TierEndpoint>;
  authenticator: Authenticator;
  audit: { append(entry: AuditEntry): Promise<void>; flushed(): Promise<void> };
}

/** The running front: its URL, and a graceful stop. */
export interface HttpFront {
  url: string;
  server: Server;
  /** Refuse new requests, let in-flight ones finish (up to `timeoutMs`), flush the audit log, close. */
  shutdown(timeoutMs: number): Promise<{ unfinished: number }>;
}

const TIER_PATH = /^\/mcp\/([a-z-]+)\/?$/;
const METADATA_PREFIX = '/.well-known/oauth-protected-resource';

/**
 * Start the HTTP front on `host:port`. Each request to `/mcp/<tier>` passes, in order and before its body
 * or token is read: shutdown (503), Host (403), Origin (403), tier served (404); then the bearer token
 * (401), the tier grant (403 insufficient_scope), the caller's in-flight limit (429) and the body size
 * (413; the rest of such a body is read and dropped first, within a bound, so the client sees the answer
 * rather than a reset). Every refusal is audited with its reason before it is answered; nothing refused reaches a tier
 * server, so nothing refused reaches the platform.
 */
export async function startHttpFront(o: HttpFrontOptions): Promise<HttpFront> {
  const limiter = createLimiter(o.maxInFlightPerCaller);
  // Known once listening when no --public-url was given (say --port 0).
  const info: ResourceInfo = { publicUrl: o.publicUrl ?? '', platform: o.platform, issuer: o.issuer };
  let draining = false;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  const refuse = async (
    req: IncomingMessage,
    res: ServerResponse,
    r: { tier: Tier; started: number; status: number; reason: string; caller?: Caller; address?: string; headers?: Record<string, string>; body?: unknown; close?: boolean },
  ): Promise<void> => {
    await o.audit.append({
      time: new Date().toISOString(),
      tier: r.tier,
      tool: '-',
      args: null,
      method: req.method ?? '',
      path: (req.url ?? '').split('?', 1)[0]!,
      status: r.status,
      durationMs: Math.round((performance.now() - r.started) * 100) / 100,
      bytes: 0,
      ...(r.caller ? { caller: `${r.caller.kind}:${r.caller.name}` } : {}),
      ...(r.address ? { address: r.address } : {}),
      refusal: r.reason,
    });
    sendJson(res, r.status, r.body ?? rpcError(r.reason), r.headers, r.close);
  };

  const serveTier = async (req: IncomingMessage & { auth?: ReturnType<typeof toAuthInfo> }, res: ServerResponse, tier: Tier): Promise<void> => {
    const started = performance.now();
    const address = clientAddress(req, o.trustProxy);
    const base = { tier, started, address };
    if (draining) return refuse(req, res, { ...base, status: 503, reason: 'the server is shutting down', headers: { 'retry-after': '1' }, close: true });
    if (!isAllowedHost(req, o.allowedHosts)) return refuse(req, res, { ...base, status: 403, reason: `Host header not allowed: ${String(req.headers.host).slice(0, 100)}` });
    if (!isAllowedOrigin(req, o.allowedOrigins)) return refuse(req, res, { ...base, status: 403, reason: `Origin not allowed: ${String(req.headers.origin).slice(0, 100)}` });
    const endpoint = o.endpoints.get(tier);
    if (!endpoint) return refuse(req, res, { ...base, status: 404, reason: `the ${tier} tier is not served here` });

    let caller: Caller | undefined;
    try {
      caller = await o.authenticator.authenticate(req.headers.authorization, tierUrl(info.publicUrl, tier), info.publicUrl);
      authorize(caller, tier, o.platform);
    } catch (err) {
      if (!(err instanceof AuthFailure)) throw err;
      const headers: Record<string, string> = err.status === 503 ? { 'retry-after': '5' } : { 'www-authenticate': buildChallenge(info, tier, err) };
      const body = err.code ? { error: err.code, error_description: err.message } : rpcError(err.message);
      return refuse(req, res, { ...base, caller, status: err.status, reason: err.message, headers, body });
    }
    const who = { ...base, caller };
    if (!limiter.acquire(caller.key))
      return refuse(req, res, { ...who, status: 429, reason: `more than ${o.maxInFlightPerCaller} requests in flight for this caller`, headers: { 'retry-after': '1' } });
    inFlight++;
    try {
      let parsed: unknown;
      if (req.method === 'POST') {
        let text: string;
        try {
          text = await readBody(req, o.maxBodyBytes);
        } catch (err) {
          if (err instanceof BodyTooLarge) return await refuse(req, res, { ...who, status: 413, reason: err.message, close: !(await dropRest(req)) });
          throw err;
        }
        try {
          parsed = JSON.parse(text);
        } catch {
          return await refuse(req, res, { ...who, status: 400, reason: 'the request body is not JSON', body: rpcError('Parse error: the body is not JSON', -32700) });
        }
      }
      req.auth = toAuthInfo(caller, address, o.platform);
      await endpoint.handle(req, res, parsed);
    } finally {
      limiter.release(caller.key);
      if (--inFlight === 0) idle?.();
    }
  };

  const serveMetadata = (res: ServerResponse, path: string): void => {
    const rest = path.slice(METADATA_PREFIX.length);
    const tier = TIER_PATH.exec(rest)?.[1];
    if (!info.issuer || (rest !== '' && rest !== '/' && !(isTier(tier) && o.endpoints.has(tier)))) {
      return sendJson(res, 404, { error: 'not_found', error_description: info.issuer ? 'no such resource' : 'this server accepts runos tokens only (no identity provider configured)' });
    }
    const doc = buildResourceMetadata({ ...info, issuer: info.issuer }, [...o.endpoints.keys()], isTier(tier) ? tier : undefined);
    sendJson(res, 200, doc, { 'access-control-allow-origin': '*', 'cache-control': 'max-age=300' });
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    const tier = TIER_PATH.exec(path)?.[1];
    let work: Promise<void> | void;
    if (isTier(tier)) work = serveTier(req, res, tier);
    else if (path === '/healthz') work = sendJson(res, draining ? 503 : 200, { status: draining ? 'draining' : 'ok' });
    else if (path === METADATA_PREFIX || path.startsWith(`${METADATA_PREFIX}/`)) work = serveMetadata(res, path);
    else work = sendJson(res, 404, rpcError('not found: the MCP endpoints are /mcp/<tier>'));
    void Promise.resolve(work).catch((err: unknown) => {
      process.stderr.write(`runos: internal error serving ${req.method} ${path}: ${(err as Error)?.stack ?? String(err)}\n`);
      if (!res.headersSent) sendJson(res, 500, rpcError('internal error'), {}, true);
      else res.destroy();
    });
  });
  // Slow clients may not hold a request open for long: headers within 10 s, the whole request within 60 s.
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 65_000; // above common proxies' idle timeouts (nginx upstream keepalive_timeout 60 s)

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${host}:${addr.port}`;
  info.publicUrl ||= url;

  return {
    url,
    server,
    async shutdown(timeoutMs) {
      draining = true;
      // No new connections; idle keep-alive ones close now, busy ones after their answer (503 + close).
      server.close();
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          idle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      const unfinished = inFlight;
      await Promise.all([...o.endpoints.values()].map((e) => e.close()));
      await o.audit.flushed();
      server.closeAllConnections();
      return { unfinished };
    },
  };
}
