// Shared set-up for the HTTP serving tests: the built CLI's `mcp serve --http` as a real process, tokens
// made with the real `mcp token create`, a loopback platform that counts what reaches it, a loopback
// OAuth issuer with a real JWKS, and a raw HTTP client that shows status and headers as they are.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import type { AuditEntry } from '../../../src/server/audit.js';
import { CLI, runosTableDir } from '../../e2e/helpers.js';

export { CLI, HAS_CLI, NO_CLI_MESSAGE, ROOT, isolatedEnv, runosTableDir } from '../../e2e/helpers.js';

/** A running `runos mcp serve --http`. */
export interface ServeProcess {
  url: string;
  child: ChildProcess;
  stderr(): string;
  /** Send a signal and wait for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Start the built CLI's `mcp serve --http --port 0` with the RunOS table; resolves once it listens. */
export function startServe(args: string[], env: Record<string, string>, opts: { timeoutMs?: number } = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'mcp', 'serve', '--http', '--port', '0', '--table', runosTableDir(), ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve --http did not start in time; stderr:\n${err}`)), opts.timeoutMs ?? 15_000);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          child,
          stderr: () => err,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then((r) => {
      clearTimeout(timer);
      reject(new Error(`serve --http exited (${r.signal ?? r.code}) before listening; stderr:\n${err}`));
    });
  });
}

/** Make a token with the real CLI; returns the token printed once on stdout. */
export function createToken(env: Record<string, string>, name: string, tiers: string, extra: string[] = []): string {
  return execFileSync(process.execPath, [CLI, 'mcp', 'token', 'create', '--name', name, '--tiers', tiers, ...extra], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Revoke a token with the real CLI. */
export function revokeToken(env: Record<string, string>, nameOrId: string): void {
  execFileSync(process.execPath, [CLI, 'mcp', 'token', 'revoke', nameOrId], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The audit log's entries (one JSON object per line). */
export function readAudit(env: Record<string, string>): AuditEntry[] {
  const path = env.RUNOS_AUDIT_LOG ?? join(env.RUNOS_STATE_DIR!, 'audit.jsonl');
  try {
    return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditEntry);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** A loopback platform: counts every request, keeps its Authorization header, answers `/v1/clusters/<id>` with that id. */
export interface Upstream {
  url: string;
  requests: { method: string; url: string; authorization?: string }[];
  close(): Promise<void>;
}

/** Start it. `/v1/clusters/slow-<ms>` answers after that many milliseconds. */
export async function startUpstream(): Promise<Upstream> {
  const requests: Upstream['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    req.resume();
    const id = decodeURIComponent((req.url ?? '').split('?', 1)[0]!.split('/').pop() ?? '');
    const body = JSON.stringify({ id, name: `cluster ${id}`, status: 'running' });
    const answer = (): void => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    const slow = /^slow-(\d+)$/.exec(id);
    if (slow) setTimeout(answer, Number(slow[1])).unref();
    else answer();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A loopback OAuth authorization server: RFC 8414 metadata and a JWKS, and a way to sign access tokens. */
export interface Issuer {
  issuer: string;
  /** Sign with the published key (or `forge: true`: a key the issuer never published, same kid). */
  sign(claims: JWTPayload, opts?: { forge?: boolean; expiresIn?: string | number; alg?: string }): Promise<string>;
  close(): Promise<void>;
}

/** Start it on 127.0.0.1. */
export async function startIssuer(): Promise<Issuer> {
  const real = await generateKeyPair('RS256');
  const forged = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(real.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  let issuer = '';
  const server = createServer((req, res) => {
    const json = (v: unknown): void => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(v));
    };
    if (req.url === '/.well-known/oauth-authorization-server') return json({ issuer, jwks_uri: `${issuer}/jwks`, token_endpoint: `${issuer}/token`, response_types_supported: ['code'] });
    if (req.url === '/jwks') return json({ keys: [jwk] });
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    async sign(claims, opts = {}) {
      const jwt = new SignJWT(claims).setProtectedHeader({ alg: opts.alg ?? 'RS256', kid: 'k1', typ: 'at+jwt' }).setIssuedAt();
      if (claims.iss === undefined) jwt.setIssuer(issuer);
      if (claims.exp === undefined) jwt.setExpirationTime(opts.expiresIn ?? '5m');
      return jwt.sign(opts.forge ? forged.privateKey : real.privateKey);
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** What a raw request got back. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** One HTTP request with exactly the given headers (node:http: Host and Origin can be anything). */
export function rawRequest(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: opts.method ?? 'POST', headers: opts.headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Headers of a 2025-11-25 JSON-RPC POST, with a bearer token when given. */
export function mcpHeaders(token?: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

/**
 * A complete 2026-07-28 (stateless) `tools/call` as raw HTTP: headers and body. Admitted, it reaches the
 * platform at once (no handshake first), which is what makes it the probe of choice for refusals.
 */
export function modernCall(tool: string, args: Record<string, unknown>, token?: string, extra: Record<string, string> = {}): { headers: Record<string, string>; body: string } {
  return {
    headers: mcpHeaders(token, { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': tool, ...extra }),
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: {
        name: tool,
        arguments: args,
        _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'raw-http', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} },
      },
    }),
  };
}

/** A 2025-11-25 `initialize` body. */
export const INITIALIZE = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'http-test', version: '1' } } });

/** An SDK client on one tier's endpoint: the 2025-11-25 session handshake, or `modern` (2026-07-28, stateless). */
export async function connectHttp(url: string, token: string, opts: { modern?: boolean; clientName?: string; headers?: Record<string, string> } = {}): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}`, ...opts.headers } } });
  const client = new Client({ name: opts.clientName ?? 'http-test', version: '1.0.0' }, opts.modern ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {});
  await client.connect(transport);
  return client;
}

/**
 * A loopback reverse proxy that adds `Authorization: Bearer <token>` and passes everything else through
 * unchanged (Host and Origin included, streamed both ways): for clients that cannot send a token, such
 * as the MCP conformance suite.
 */
export async function startTokenProxy(target: string, token: string): Promise<{ url: string; close(): Promise<void> }> {
  const to = new URL(target);
  const server = createServer((req, res) => {
    const up = httpRequest(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, authorization: `Bearer ${token}` } },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
