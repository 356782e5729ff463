import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { BuiltRequest } from './build-request.js';
import type { RequestGuard } from './guard.js';

/** A failure before a usable response arrived; `message` is safe to show to the model. */
export class SendError extends Error {
  override name = 'SendError';
  constructor(
    message: string,
    readonly kind: 'refused' | 'timeout' | 'cancelled' | 'network' | 'too-large',
  ) {
    super(message);
  }
}

/** What came back: status, type and the raw bytes (bounded). */
export interface RawResponse {
  status: number;
  statusText: string;
  contentType: string;
  body: Buffer;
  /** The final request path after same-origin redirects. */
  path: string;
}

/** How to reach the platform. */
export interface SendOptions {
  apiUrl: string;
  apiKey: string;
  timeoutMs: number;
  /** Bytes read from the platform at most; more is refused (the model sees at most maxBytes anyway). */
  maxRawBytes: number;
  guard: RequestGuard;
  signal?: AbortSignal;
}

const MAX_REDIRECTS = 5;

// node:http with keep-alive rather than fetch: fetch (undici) costs ~60 MB of resident memory once loaded
// and several times the per-request CPU, and a tier server's whole job is forwarding requests (PRODUCT.md,
// Performance: ≤ 0.3 ms added per call, ≤ 80 MB resident).
const AGENTS = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };

/** The API origin as node:http wants it, parsed once per URL rather than once per call. */
interface Base {
  origin: string;
  protocol: 'http:' | 'https:';
  /** Without IPv6 brackets, as `http.request` takes it. */
  hostname: string;
  port: string;
  /** The URL's path without its trailing slash: every operation path is appended to it. */
  prefix: string;
}

let lastBase: { apiUrl: string; base: Base } | undefined;

function parseBase(apiUrl: string): Base {
  if (lastBase?.apiUrl === apiUrl) return lastBase.base;
  let url: URL;
  try {
    url = new URL(apiUrl);
    if (!(url.protocol in AGENTS)) throw new Error('not http(s)');
  } catch {
    throw new SendError(`the API URL ${JSON.stringify(apiUrl)} is not an http(s) URL: run \`runos login --url <API URL>\` or fix RUNOS_API_URL`, 'refused');
  }
  const base: Base = {
    origin: url.origin,
    protocol: url.protocol as Base['protocol'],
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port,
    prefix: url.pathname.replace(/\/+$/, ''),
  };
  lastBase = { apiUrl, base };
  return base;
}

/**
 * One call's stop switch: a single timer for the whole exchange (redirects and body included) and the
 * client's cancellation both destroy whatever request or response is in flight. Cheaper per call than
 * `AbortSignal.timeout` + `AbortSignal.any`, which were a measurable part of the added latency.
 */
class Stop {
  reason: 'timeout' | 'cancelled' | undefined;
  private current: { destroy(err?: Error): unknown } | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly onAbort = (): void => this.stop('cancelled');

  constructor(
    timeoutMs: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.timer = setTimeout(() => this.stop('timeout'), timeoutMs);
    if (signal?.aborted) this.reason = 'cancelled';
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Track what is in flight now; a call already stopped destroys it at once (it then errors). */
  watch(stream: { destroy(err?: Error): unknown }): void {
    this.current = stream;
    if (this.reason) stream.destroy(new Error(this.reason));
  }

  stop(reason: 'timeout' | 'cancelled'): void {
    if (this.reason) return;
    this.reason = reason;
    this.current?.destroy(new Error(reason));
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}

/**
 * The request-target as sent: arguments arrive percent-encoded (serialize.ts), but a template's or base
 * path's own text may hold a space or a non-ASCII character, which node:http refuses outright. Those bytes
 * are percent-encoded as UTF-8, as a WHATWG URL would; everything else, escapes included, stays as it is.
 */
function requestTarget(path: string): string {
  if (!/[^\x21-\x7e]/.test(path)) return path;
  return path.replace(/[^\x21-\x7e]/gu, (c) => [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}

/** One request to the API origin; `path` is the encoded request-target (path and query). */
function exchange(base: Base, path: string, method: string, headers: Record<string, string>, body: Buffer | undefined, stop: Stop): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const send = base.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send({ protocol: base.protocol, hostname: base.hostname, port: base.port, path, method, headers, agent: AGENTS[base.protocol] }, resolve);
    req.on('error', reject);
    stop.watch(req);
    req.end(body);
  });
}

/** Multipart bodies are serialised by the WHATWG Response (boundary and all); only they pay for loading it. */
async function bodyBytes(body: BuiltRequest['body'], headers: Record<string, string>): Promise<Buffer | undefined> {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  const encoded = new Response(body);
  headers['content-type'] = encoded.headers.get('content-type') ?? 'multipart/form-data';
  return Buffer.from(await encoded.arrayBuffer());
}

/**
 * Send a built request to the configured API origin only. Redirects are followed by hand and only within
 * the same origin, the API URL's path and the tier's own paths, so the key never leaves for another host
 * or another service on the same host, and a redirect cannot reach another tier's operation. The timeout
 * and the client's cancellation both abort the request and the body read.
 */
export async function sendRequest(req: BuiltRequest, opts: SendOptions): Promise<RawResponse> {
  const base = parseBase(opts.apiUrl);
  const { prefix } = base;
  const stop = new Stop(opts.timeoutMs, opts.signal);
  let wirePath = requestTarget(`${prefix}${req.path}${req.query ? `?${req.query}` : ''}`);
  let method = req.method;
  let path = req.path;
  const headers: Record<string, string> = { ...req.headers, accept: 'application/json, */*;q=0.5', authorization: `Bearer ${opts.apiKey}` };
  try {
    let body = await bodyBytes(req.body, headers);
    for (let hop = 0; ; hop++) {
      if (body === undefined) delete headers['content-type'];
      headers['content-length'] = String(body?.length ?? 0);
      const res = await exchange(base, wirePath, method, headers, body, stop);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location) {
        res.resume();
        if (hop >= MAX_REDIRECTS) throw new SendError(`refused: more than ${MAX_REDIRECTS} redirects`, 'refused');
        const next = new URL(location, `${base.origin}${wirePath}`);
        if (next.origin !== base.origin) throw new SendError(`refused to follow a redirect to another origin (${next.origin}); the API key is only sent to ${base.origin}`, 'refused');
        // The API URL's path is part of where the key may go: another service can live on the same host.
        if (prefix && !next.pathname.startsWith(`${prefix}/`)) throw new SendError(`refused to follow a redirect to ${next.pathname}: it is outside the API URL ${base.origin}${prefix}, the only place the API key is sent`, 'refused');
        const nextPath = next.pathname.slice(prefix.length);
        // Fetch standard, HTTP-redirect fetch step 12: 303 (and 301/302 after POST) continue as GET without a body.
        if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        if (!opts.guard(method, nextPath)) throw new SendError(`refused to follow a redirect to ${method} ${nextPath}: it is not an operation of this server`, 'refused');
        wirePath = `${next.pathname}${next.search}`;
        path = nextPath;
        continue;
      }
      stop.watch(res);
      const data = await readBounded(res, opts.maxRawBytes);
      return { status, statusText: res.statusMessage ?? '', contentType: String(res.headers['content-type'] ?? ''), body: data, path };
    }
  } catch (err) {
    if (err instanceof SendError) throw err;
    if (stop.reason === 'timeout') throw new SendError(`the platform did not answer within ${opts.timeoutMs} ms (timeout; set RUNOS_TIMEOUT_MS to change it)`, 'timeout');
    if (stop.reason === 'cancelled') throw new SendError('the call was cancelled by the client', 'cancelled');
    const e = err as NodeJS.ErrnoException;
    throw new SendError(`cannot reach the platform at ${base.origin} (${e.code ?? e.message})`, 'network');
  } finally {
    stop.dispose();
  }
}

async function readBounded(res: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(res.headers['content-length'] ?? NaN);
  if (declared > max) {
    res.destroy();
    throw new SendError(`the response is ${declared} bytes, above the ${max}-byte limit; ask for less (filters, pagination)`, 'too-large');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      res.destroy();
      throw new SendError(`the response is larger than ${max} bytes; ask for less (filters, pagination)`, 'too-large');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
