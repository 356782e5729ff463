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
 * as the bytes read pass the limit (chunked bodies), so an oversized body is never held in memory.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) throw new BodyTooLarge(`the request body (${declared} bytes) is over the ${limit}-byte limit`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge(`the request body is over the ${limit}-byte limit`);
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
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
