import { open } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManifestError } from '../core/errors.js';

/** Options for reading a manifest from a path or URL. */
export interface FetchSourceOptions {
  fetchImpl?: typeof fetch;
  headers?: Record<string, string>;
  /** Give up on a URL after this long (default 30 s). */
  timeoutMs?: number;
  /** Refuse documents larger than this (default 64 MiB): a manifest is data, not a download. */
  maxBytes?: number;
}

/** The raw bytes of a document and where they came from. */
export interface SourceBytes {
  bytes: Buffer;
  /** Absolute file path, or the URL as fetched. */
  location: string;
  /** True when fetched over http(s): relative `$ref`s would then be network fetches. */
  remote: boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** The largest document runos reads (and the most its referenced files may hold together). */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** True for `http:` / `https:` sources. */
export function isHttpUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** Read a manifest's bytes from a file path, a `file:` URL or an http(s) URL, with clear errors. */
export async function readSource(source: string, opts: FetchSourceOptions = {}): Promise<SourceBytes> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (isHttpUrl(source)) return { bytes: await fetchBytes(source, opts, maxBytes), location: source, remote: true };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source) && !/^file:/i.test(source)) {
    throw new ManifestError('unsupported URL scheme; give a file path or an http(s) URL', source);
  }
  const location = /^file:/i.test(source) ? fileURLToPath(source) : resolvePath(source);
  return { bytes: await readFileBounded(location, source, maxBytes), location, remote: false };
}

/**
 * Read a file, never more than `maxBytes`: a device such as `/dev/zero` ends in a clear error rather
 * than exhausting memory. A pipe (`--from /dev/stdin`) is read to its end; other devices are refused.
 */
async function readFileBounded(location: string, source: string, maxBytes: number): Promise<Buffer> {
  let file: Awaited<ReturnType<typeof open>> | undefined;
  try {
    file = await open(location, 'r');
    const stat = await file.stat();
    if (stat.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    if (!stat.isFile() && !stat.isFIFO()) throw new ManifestError('not a regular file', source);
    if (stat.size > maxBytes) throw new ManifestError(`document is larger than ${maxBytes} bytes`, source);
    const chunks: Buffer[] = [];
    let total = 0;
    // A regular file in one read of its size (the next read finds its end); a pipe in chunks.
    let chunk = stat.isFile() ? stat.size + 1 : 1 << 20;
    for (;;) {
      const { bytesRead, buffer } = await file.read({ buffer: Buffer.allocUnsafe(chunk) });
      if (bytesRead === 0) break;
      chunk = 1 << 16;
      total += bytesRead;
      if (total > maxBytes) throw new ManifestError(`document is larger than ${maxBytes} bytes`, source);
      chunks.push(buffer.subarray(0, bytesRead));
    }
    // One chunk (a regular file) needs no copy: Buffer.concat of 4 MB costs GitHub's load ~50 ms.
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } catch (err) {
    if (err instanceof ManifestError) throw err;
    throw new ManifestError(describeFsError(err), source);
  } finally {
    await file?.close();
  }
}

/** A one-line reason for a failed file read, without a stack. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot read (${code ?? (err as Error).message})`;
}

async function fetchBytes(url: string, opts: FetchSourceOptions, maxBytes: number): Promise<Buffer> {
  const fetchImpl = opts.fetchImpl ?? fetch;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let res: Response;
  try {
    res = await fetchImpl(url, {
      headers: { accept: 'application/json, application/yaml;q=0.9, */*;q=0.5', ...opts.headers },
      signal,
    });
  } catch (err) {
    throw new ManifestError(fetchFailure(err, timeoutMs), url);
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    throw new ManifestError(`could not fetch: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`, url);
  }
  const declared = Number(res.headers.get('content-length'));
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new ManifestError(`document is larger than ${maxBytes} bytes (Content-Length ${declared})`, url);
  }
  // Count while streaming: Content-Length can be absent or wrong.
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        total += chunk.length;
        if (total > maxBytes) throw new ManifestError(`document is larger than ${maxBytes} bytes`, url);
        chunks.push(chunk);
      }
    }
  } catch (err) {
    if (err instanceof ManifestError) throw err;
    throw new ManifestError(fetchFailure(err, timeoutMs), url);
  }
  return Buffer.concat(chunks, total);
}

function fetchFailure(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `could not fetch: no complete answer within ${timeoutMs / 1000} s`;
  const why = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
  return `could not fetch (${why}); check the URL and your network`;
}
