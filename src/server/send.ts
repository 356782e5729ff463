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
  fetchImpl?: typeof fetch;
}

const MAX_REDIRECTS = 5;

/**
 * Send a built request to the configured API origin only. Redirects are followed by hand
 * (`redirect: 'manual'`) and only within the same origin and the tier's own paths, so the key never
 * leaves for another host and a redirect cannot reach another tier's operation. The timeout and the
 * client's cancellation both abort the fetch and the body read.
 */
export async function sendRequest(req: BuiltRequest, opts: SendOptions): Promise<RawResponse> {
  let base: URL;
  try {
    base = new URL(opts.apiUrl);
  } catch {
    throw new SendError(`the API URL ${JSON.stringify(opts.apiUrl)} is not a URL: run \`runos login --url <API URL>\` or fix RUNOS_API_URL`, 'refused');
  }
  const prefix = base.pathname.replace(/\/+$/, '');
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const doFetch = opts.fetchImpl ?? fetch;
  let url = new URL(`${base.origin}${prefix}${req.path}${req.query ? `?${req.query}` : ''}`);
  let method = req.method;
  let body = req.body;
  let path = req.path;
  try {
    for (let hop = 0; ; hop++) {
      if (url.origin !== base.origin) throw new SendError(`refused: the request would leave the API origin ${base.origin}`, 'refused');
      const headers: Record<string, string> = { ...req.headers, accept: 'application/json, */*;q=0.5', authorization: `Bearer ${opts.apiKey}` };
      if (body === undefined) delete headers['content-type'];
      const res = await doFetch(url, { method, headers, body, redirect: 'manual', signal });
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        if (hop >= MAX_REDIRECTS) throw new SendError(`refused: more than ${MAX_REDIRECTS} redirects`, 'refused');
        const next = new URL(location, url);
        if (next.origin !== base.origin) throw new SendError(`refused to follow a redirect to another origin (${next.origin}); the API key is only sent to ${base.origin}`, 'refused');
        const nextPath = next.pathname.startsWith(prefix) ? next.pathname.slice(prefix.length) : next.pathname;
        // Fetch standard, HTTP-redirect fetch step 12: 303 (and 301/302 after POST) continue as GET without a body.
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        if (!opts.guard(method, nextPath)) throw new SendError(`refused to follow a redirect to ${method} ${nextPath}: it is not an operation of this server`, 'refused');
        url = next;
        path = nextPath;
        continue;
      }
      const data = await readBounded(res, opts.maxRawBytes);
      return { status: res.status, statusText: res.statusText, contentType: res.headers.get('content-type') ?? '', body: data, path };
    }
  } catch (err) {
    if (err instanceof SendError) throw err;
    if (timeout.aborted) throw new SendError(`the platform did not answer within ${opts.timeoutMs} ms (timeout; set RUNOS_TIMEOUT_MS to change it)`, 'timeout');
    if (opts.signal?.aborted) throw new SendError('the call was cancelled by the client', 'cancelled');
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new SendError(`cannot reach the platform at ${base.origin} (${why})`, 'network');
  }
}

async function readBounded(res: Response, max: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > max) {
    await res.body?.cancel();
    throw new SendError(`the response is ${declared} bytes, above the ${max}-byte limit; ask for less (filters, pagination)`, 'too-large');
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > max) {
      throw new SendError(`the response is larger than ${max} bytes; ask for less (filters, pagination)`, 'too-large');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
