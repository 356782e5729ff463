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

function exchange(url: URL, method: string, headers: Record<string, string>, body: Buffer | undefined, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method, headers, agent: AGENTS[url.protocol as keyof typeof AGENTS], signal }, resolve);
    req.on('error', reject);
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
 * the same origin and the tier's own paths, so the key never leaves for another host and a redirect cannot
 * reach another tier's operation. The timeout and the client's cancellation both abort the request and
 * the body read.
 */
export async function sendRequest(req: BuiltRequest, opts: SendOptions): Promise<RawResponse> {
  let base: URL;
  try {
    base = new URL(opts.apiUrl);
    if (!(base.protocol in AGENTS)) throw new Error('not http(s)');
  } catch {
    throw new SendError(`the API URL ${JSON.stringify(opts.apiUrl)} is not an http(s) URL: run \`runos login --url <API URL>\` or fix RUNOS_API_URL`, 'refused');
  }
  const prefix = base.pathname.replace(/\/+$/, '');
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let url = new URL(`${base.origin}${prefix}${req.path}${req.query ? `?${req.query}` : ''}`);
  let method = req.method;
  let path = req.path;
  const headers: Record<string, string> = { ...req.headers, accept: 'application/json, */*;q=0.5', authorization: `Bearer ${opts.apiKey}` };
  try {
    let body = await bodyBytes(req.body, headers);
    for (let hop = 0; ; hop++) {
      if (url.origin !== base.origin) throw new SendError(`refused: the request would leave the API origin ${base.origin}`, 'refused');
      if (body === undefined) delete headers['content-type'];
      headers['content-length'] = String(body?.length ?? 0);
      const res = await exchange(url, method, headers, body, signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location) {
        res.resume();
        if (hop >= MAX_REDIRECTS) throw new SendError(`refused: more than ${MAX_REDIRECTS} redirects`, 'refused');
        const next = new URL(location, url);
        if (next.origin !== base.origin) throw new SendError(`refused to follow a redirect to another origin (${next.origin}); the API key is only sent to ${base.origin}`, 'refused');
        const nextPath = next.pathname.startsWith(prefix) ? next.pathname.slice(prefix.length) : next.pathname;
        // Fetch standard, HTTP-redirect fetch step 12: 303 (and 301/302 after POST) continue as GET without a body.
        if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        if (!opts.guard(method, nextPath)) throw new SendError(`refused to follow a redirect to ${method} ${nextPath}: it is not an operation of this server`, 'refused');
        url = next;
        path = nextPath;
        continue;
      }
      const data = await readBounded(res, opts.maxRawBytes);
      return { status, statusText: res.statusMessage ?? '', contentType: String(res.headers['content-type'] ?? ''), body: data, path };
    }
  } catch (err) {
    if (err instanceof SendError) throw err;
    if (timeout.aborted) throw new SendError(`the platform did not answer within ${opts.timeoutMs} ms (timeout; set RUNOS_TIMEOUT_MS to change it)`, 'timeout');
    if (opts.signal?.aborted) throw new SendError('the call was cancelled by the client', 'cancelled');
    const e = err as NodeJS.ErrnoException;
    throw new SendError(`cannot reach the platform at ${base.origin} (${e.code ?? e.message})`, 'network');
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
