import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateHostHeader, validateOriginHeader } from '@modelcontextprotocol/server';

// The checks a request passes before anything reads its body or its token: Host and Origin (DNS rebinding,
// MCP Streamable HTTP "Security Warning"), the client's address, and the body's size.

/** Whether the `Host` header names this server (port-agnostic); a missing Host fails. */
export function isAllowedHost(req: IncomingMessage, allowed: string[]): boolean {
  return validateHostHeader(req.headers.host, allowed).ok;
}

/** Whether the `Origin` header, when present, is allowed; absent passes (non-browser clients send none). */
export function isAllowedOrigin(req: IncomingMessage, allowed: string[]): boolean {
  return validateOriginHeader(req.headers.origin, allowed).ok;
}

/**
 * The caller's address: the socket's peer, or with `trustProxy` the last `X-Forwarded-For` entry — the one
 * the trusted proxy appended. Earlier entries are whatever the client claimed and are never believed.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const xff = req.headers['x-forwarded-for'];
    const last = (Array.isArray(xff) ? xff.join(',') : xff)?.split(',').pop()?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress;
}

/** A body over the limit: what was declared or read so far. */
export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
}

/**
 * Read a request body of at most `limit` bytes: refused from `Content-Length` before reading, or as soon
 * as the bytes read pass the limit (chunked bodies), so an oversized body is never held in memory. A
 * refused body is left paused where it stands, for {@link dropRest}.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(new BodyTooLarge(`the request body (${declared} bytes) is over the ${limit}-byte limit`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (): void => {
      req.off('data', onData).off('end', onEnd).off('error', reject);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      stop();
      req.pause();
      reject(new BodyTooLarge(`the request body is over the ${limit}-byte limit`));
    };
    const onEnd = (): void => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    };
    req.on('data', onData).on('end', onEnd).on('error', reject);
  });
}

/** How much more of a refused body the server reads and drops before it cuts the connection instead. */
export const DROP_AT_MOST = 16 * 1024 * 1024;

/**
 * Before refusing a body: read the rest of it and drop it, at most {@link DROP_AT_MOST} more bytes as far
 * as the request declares; true once it has all arrived. A server that closes with bytes unread answers
 * them with a reset, and the client loses the refusal it had not read yet; read to the end, the client
 * sees the answer. False when the body is past the bound or the client went away: the caller then
 * answers with `close`, and the connection is cut.
 */
export function dropRest(req: IncomingMessage): Promise<boolean> {
  if (req.complete) return Promise.resolve(true);
  if (Number(req.headers['content-length']) > DROP_AT_MOST) return Promise.resolve(false);
  return new Promise((resolve) => {
    let dropped = 0;
    req.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped <= DROP_AT_MOST) return;
      req.pause();
      resolve(false);
    });
    req.once('end', () => resolve(true)).once('close', () => resolve(req.complete));
    req.resume();
  });
}

/** Answer with JSON (a JSON-RPC error or an OAuth error body); `close` ends the connection afterwards. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, close = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers, ...(close ? { connection: 'close' } : {}) });
  res.end(text);
}

/** A JSON-RPC error body with no id (the request was not read, or not a request). */
export function rpcError(message: string, code = -32000): unknown {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}

/** Per-caller in-flight limit: at most `max` requests of one caller at a time on this replica. */
export function createLimiter(max: number): { acquire(key: string): boolean; release(key: string): void } {
  const inFlight = new Map<string, number>();
  return {
    acquire(key) {
      const n = inFlight.get(key) ?? 0;
      if (n >= max) return false;
      inFlight.set(key, n + 1);
      return true;
    },
    release(key) {
      const n = (inFlight.get(key) ?? 1) - 1;
      if (n <= 0) inFlight.delete(key);
      else inFlight.set(key, n);
    },
  };
}
