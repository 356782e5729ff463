import { UsageError } from '../../core/errors.js';
import { isTier, TIERS, type Tier } from '../../core/tiers.js';

/** Flags of `runos mcp serve --http` as yargs passes them (camelCase). */
export interface ServeHttpFlags {
  tier?: unknown;
  tiers?: unknown;
  host?: unknown;
  port?: unknown;
  publicUrl?: unknown;
  allowedHosts?: unknown;
  allowedOrigins?: unknown;
  trustProxy?: unknown;
  issuer?: unknown;
  audience?: unknown;
  jwksUri?: unknown;
  tokens?: unknown;
  maxBody?: unknown;
  maxInFlight?: unknown;
  otlpEndpoint?: unknown;
}

/** The HTTP front's settings, checked. */
export interface HttpSettings {
  tiers: Tier[];
  host: string;
  port: number;
  publicUrl?: string;
  allowedHosts: string[];
  allowedOrigins: string[];
  trustProxy: boolean;
  issuer?: string;
  audiences?: string[];
  jwksUri?: string;
  tokensFile?: string;
  maxBodyBytes: number;
  maxInFlightPerCaller: number;
  otlpEndpoint?: string;
}

/** The default port of `serve --http`. */
export const DEFAULT_PORT = 8808;
/** Request bodies above this are refused (413): tool arguments are small. */
export const DEFAULT_MAX_BODY = 1024 * 1024;
/** Requests one caller may have in flight on one replica (429 above). */
export const DEFAULT_MAX_IN_FLIGHT = 32;

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** Whether a bind address or host name is the loopback interface. */
export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.includes(host) || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function list(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value];
  return items.flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter(Boolean);
}

/** `1048576`, `512k`, `1m` (binary units) → bytes. */
export function parseSize(value: unknown, flag: string): number {
  const m = /^(\d+)\s*([km]?)i?b?$/i.exec(String(value).trim());
  const n = m ? Number(m[1]) * (m[2]?.toLowerCase() === 'm' ? 1024 * 1024 : m[2]?.toLowerCase() === 'k' ? 1024 : 1) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${flag} takes a size such as 1048576, 512k or 1m, not ${JSON.stringify(value)}`);
  return n;
}

function wholeNumber(value: unknown, flag: string, min: number, max: number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
  return n;
}

/** A public URL: an origin only (`https://mcp.example.com`); tier paths are added to it. */
function parsePublicUrl(value: unknown): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new UsageError(`--public-url ${JSON.stringify(value)} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError('--public-url must be an http(s) URL');
  if (url.pathname !== '/' || url.search || url.hash) throw new UsageError(`--public-url is the server's origin only (${url.origin}); the tiers are served at /mcp/<tier> under it`);
  return url.origin;
}

/**
 * Check the flags of `serve --http`. Binding anything but loopback requires naming the host names clients
 * use (`--public-url` or `--allowed-hosts`): the Host check is what stops DNS rebinding, and a server that
 * accepted any Host would have none.
 */
export function parseHttpFlags(f: ServeHttpFlags): HttpSettings {
  const named = list(f.tiers);
  const bad = named.filter((t) => !isTier(t));
  if (bad.length) throw new UsageError(`unknown tier ${bad.join(', ')} in --tiers; use a comma-separated list of ${TIERS.join(', ')}`);
  if (f.tier !== undefined && !isTier(f.tier)) throw new UsageError(`unknown tier ${String(f.tier)}; use ${TIERS.join(', ')}`);
  const wanted = [...named, ...(isTier(f.tier) ? [f.tier] : [])];
  const tiers = wanted.length ? TIERS.filter((t) => wanted.includes(t)) : [...TIERS];

  const host = f.host === undefined || f.host === '' ? '127.0.0.1' : String(f.host);
  const port = f.port === undefined ? DEFAULT_PORT : wholeNumber(f.port, '--port', 0, 65535);
  const publicUrl = f.publicUrl ? parsePublicUrl(f.publicUrl) : undefined;
  const extraHosts = list(f.allowedHosts).map((h) => h.toLowerCase());
  if (!isLoopback(host) && !publicUrl && extraHosts.length === 0)
    throw new UsageError(`serving on ${host} (not loopback) needs the host names clients use: pass --public-url https://<name> or --allowed-hosts <names>`);
  const publicHost = publicUrl ? new URL(publicUrl).hostname : undefined;
  const allowedHosts = [...new Set([...LOOPBACK_NAMES, ...(publicHost ? [publicHost] : []), ...extraHosts])];
  const allowedOrigins = [...new Set([...LOOPBACK_NAMES, ...(publicHost ? [publicHost] : []), ...list(f.allowedOrigins).map((o) => originHost(o))])];

  const audiences = list(f.audience);
  if ((audiences.length || f.jwksUri) && !f.issuer) throw new UsageError('--audience and --jwks-uri go with --issuer (the identity provider whose tokens are accepted)');
  return {
    tiers,
    host,
    port,
    publicUrl,
    allowedHosts,
    allowedOrigins,
    trustProxy: f.trustProxy === true,
    issuer: f.issuer ? String(f.issuer) : undefined,
    audiences: audiences.length ? audiences : undefined,
    jwksUri: f.jwksUri ? String(f.jwksUri) : undefined,
    tokensFile: f.tokens ? String(f.tokens) : undefined,
    maxBodyBytes: f.maxBody === undefined ? DEFAULT_MAX_BODY : parseSize(f.maxBody, '--max-body'),
    maxInFlightPerCaller: f.maxInFlight === undefined ? DEFAULT_MAX_IN_FLIGHT : wholeNumber(f.maxInFlight, '--max-in-flight', 1, 100_000),
    otlpEndpoint: f.otlpEndpoint ? String(f.otlpEndpoint) : undefined,
  };
}

/** An allowed origin as the Origin check compares it: its host name (`https://app.example.com` → `app.example.com`). */
function originHost(origin: string): string {
  try {
    return new URL(origin).hostname; // IPv6 keeps its brackets, as the check expects
  } catch {
    return origin.toLowerCase();
  }
}
