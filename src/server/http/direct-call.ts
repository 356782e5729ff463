import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/server';
import type { TierServerFactory } from '../create-server.js';
import { CLIENT_CAPABILITIES_KEY, CLIENT_INFO_KEY, PROTOCOL_VERSION_KEY, SERVER_INFO_KEY } from '../envelope.js';

/**
 * The HTTP fast path for the one request a stateless 2026-07-28 client sends most: a complete, well-formed
 * `tools/call` of a tool this tier serves. The SDK's per-request machinery (a server instance, a web
 * `Request` and `Response`, zod validation of the message and its envelope, a transport) cost about half of
 * a replica's CPU per call (npm run bench, remote); here such a call goes straight to the same `callTool`
 * the SDK handler calls, with the same audit, redaction and identity, and is answered as the SDK answers it.
 * Anything else — another method, a batch, a missing or mismatched standard header, an envelope with more
 * than the three keys every request carries, an unknown tool — is left to the SDK, which owns every
 * validation and error answer of the protocol.
 */

/** The revision this path answers: the SDK's path answers every other (and says which it supports). */
const DIRECT_REVISION = '2026-07-28';
const ENVELOPE_KEYS = new Set([PROTOCOL_VERSION_KEY, CLIENT_INFO_KEY, CLIENT_CAPABILITIES_KEY]);

/** A `tools/call` the fast path may answer. */
export interface DirectCall {
  id: string | number;
  name: string;
  args: Record<string, unknown>;
  client: string;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * The call, when the request is exactly what the fast path answers: a POST of JSON (`Content-Type`
 * application/json, `Accept` both JSON and an event stream, as the SDK requires), the standard headers
 * present and naming what the body names (`MCP-Protocol-Version`, `Mcp-Method`, a plain `Mcp-Name`), no
 * session header, and a body that is one JSON-RPC request `tools/call` with a string or integer id, a string
 * name, object arguments (or none) and the per-request envelope of this revision and nothing else in
 * `_meta` or `params` (no progress token: progress needs the SDK's event stream). Otherwise undefined.
 */
export function directCallOf(req: IncomingMessage, body: unknown): DirectCall | undefined {
  if (req.method !== 'POST' || !isPlainObject(body)) return undefined;
  const type = header(req, 'content-type')?.split(';', 1)[0]!.trim().toLowerCase();
  const accept = header(req, 'accept') ?? '';
  if (type !== 'application/json' || !accept.includes('application/json') || !accept.includes('text/event-stream')) return undefined;
  if (header(req, 'mcp-protocol-version') !== DIRECT_REVISION || header(req, 'mcp-method') !== 'tools/call' || req.headers['mcp-session-id'] !== undefined) return undefined;
  const { jsonrpc, id, method, params } = body;
  if (jsonrpc !== '2.0' || method !== 'tools/call' || Object.keys(body).length !== 4 || !isPlainObject(params)) return undefined;
  if (!(typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id)))) return undefined;
  const { name, arguments: args, _meta: meta } = params;
  if (typeof name !== 'string' || header(req, 'mcp-name') !== name) return undefined;
  if (Object.keys(params).some((k) => k !== 'name' && k !== 'arguments' && k !== '_meta')) return undefined;
  if (args !== undefined && !isPlainObject(args)) return undefined;
  if (!isPlainObject(meta) || Object.keys(meta).some((k) => !ENVELOPE_KEYS.has(k)) || meta[PROTOCOL_VERSION_KEY] !== DIRECT_REVISION) return undefined;
  // Only envelopes whose every part is plainly valid (the SDK's schema decides the rest, and its error answers).
  const info = meta[CLIENT_INFO_KEY];
  if (!isPlainObject(info) || typeof info.name !== 'string' || typeof info.version !== 'string' || !Object.values(info).every((v) => typeof v === 'string')) return undefined;
  const capabilities = meta[CLIENT_CAPABILITIES_KEY];
  if (!isPlainObject(capabilities) || !Object.values(capabilities).every(isPlainObject)) return undefined;
  return { id, name, args: args ?? {}, client: info.name };
}

/** Serve a direct call, or return false (nothing done, nothing written) when the tier has no such tool. */
export async function serveDirectCall(
  req: IncomingMessage & { auth?: AuthInfo },
  res: ServerResponse,
  call: DirectCall,
  o: {
    callDirect: TierServerFactory['callDirect'];
    serverInfo: { name: string; version: string };
    auditFlushed: () => Promise<void>;
  },
): Promise<boolean> {
  // The client going away aborts the platform request, as the SDK's request signal does.
  const abort = new AbortController();
  const onClose = (): void => {
    if (!res.writableFinished) abort.abort();
  };
  res.once('close', onClose);
  const pending = o.callDirect(call.name, call.args, { signal: abort.signal, client: call.client, ...(req.auth && { authInfo: req.auth }) });
  if (!pending) {
    res.off('close', onClose);
    return false;
  }
  let answer: unknown;
  let status = 200;
  try {
    const result = await pending;
    // What the SDK adds to a 2026-07-28 result: its type, and the server's identity in `_meta`.
    const meta = result._meta as Record<string, unknown> | undefined;
    answer = { result: { ...result, resultType: 'complete', _meta: { ...meta, [SERVER_INFO_KEY]: meta?.[SERVER_INFO_KEY] ?? o.serverInfo } }, jsonrpc: '2.0', id: call.id };
  } catch {
    // callTool throws only on a bug (after auditing it): an internal error, as the SDK answers a throwing handler.
    status = 500;
    answer = { jsonrpc: '2.0', id: call.id, error: { code: -32603, message: 'Internal error' } };
  }
  await o.auditFlushed();
  const bytes = Buffer.from(JSON.stringify(answer));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
  res.end(bytes);
  return true;
}
