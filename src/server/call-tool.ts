import type { ToolEntry } from '../core/tool-table.js';
import type { Credentials } from '../credentials/resolve.js';
import type { AuditEntry, AuditLog } from './audit.js';
import { buildRequest, type BuiltRequest } from './build-request.js';
import type { RequestGuard } from './guard.js';
import { errorResult, mapResponse, type ToolResult } from './map-response.js';
import type { Redactor } from './redact.js';
import { sendRequest, SendError } from './send.js';
import { ArgumentError } from './serialize.js';
import type { Tier } from '../core/tiers.js';
import type { ArgsCheck } from './validate-args.js';

/** Everything a tier server needs to carry out calls; built once at start-up. */
export interface CallRuntime {
  tier: Tier;
  basePath: string;
  guard: RequestGuard;
  /** Present on the non-sensitive tiers only. */
  redactor?: Redactor;
  /** Masks secrets in the arguments written to the audit log (every tier: a password set through sensitive-write must not land in a log). */
  auditRedactor: Redactor;
  validate: (tool: ToolEntry, args: unknown) => Promise<ArgsCheck>;
  credentials: () => Promise<Credentials>;
  audit: AuditLog;
  /** The audit lines still being written (await it to be sure every call so far is on disk). */
  auditQueue?: Promise<void>;
  timeoutMs: number;
  maxBytes: number;
  maxRawBytes: number;
}

/** Who called and how to cancel. */
export interface CallInfo {
  signal?: AbortSignal;
  client?: string;
  /** Over HTTP: the authenticated caller and their address (src/server/identity/caller.ts). */
  caller?: string;
  address?: string;
}

/**
 * Carry out one tool call: validate → build → guard → send → map (redact, bound) → audit. Every failure a
 * model can act on becomes an `isError` result; the audit line is written whatever happened.
 */
export async function callTool(rt: CallRuntime, tool: ToolEntry, rawArgs: unknown, info: CallInfo = {}): Promise<ToolResult> {
  const started = performance.now();
  let status: number | null = null;
  let bytes = 0;
  let error: string | undefined;
  let built: BuiltRequest | undefined;
  let loggedArgs: unknown = rawArgs;
  let result: ToolResult | undefined;
  let bug: unknown;
  try {
    const check = await rt.validate(tool, rawArgs);
    if (!check.ok) {
      result = errorResult(`${tool.name}: ${check.message}`);
      error = check.message;
    } else {
      loggedArgs = check.args;
      const sent = await send(rt, tool, check.args, info, (req) => (built = req));
      ({ result, status, bytes } = sent);
      if (result.isError) error = result.content[0]?.text;
    }
  } catch (err) {
    error = (err as Error)?.message ?? String(err);
    // Anything else is a bug: it is audited too, then surfaces as a JSON-RPC internal error.
    if (err instanceof ArgumentError || err instanceof SendError) result = errorResult(`${tool.name}: ${error}`);
    else bug = err;
  }
  const entry: AuditEntry = {
    time: new Date().toISOString(),
    tier: rt.tier,
    tool: tool.name,
    args: rt.auditRedactor.value(loggedArgs),
    method: tool.method.toUpperCase(),
    path: (built as BuiltRequest | undefined)?.path ?? `${rt.basePath}${tool.path}`,
    status,
    durationMs: Math.round((performance.now() - started) * 100) / 100,
    bytes,
    ...(info.client ? { client: info.client } : {}),
    ...(info.caller ? { caller: info.caller } : {}),
    ...(info.address ? { address: info.address } : {}),
    ...(error ? { error: rt.auditRedactor.text(error).slice(0, 500) } : {}),
  };
  // Queued in call order and written right after the answer goes out (audit.ts): the write is not part of
  // the latency a call adds. A queued line keeps the process alive until it is written.
  rt.auditQueue = rt.audit.append(entry);
  if (bug !== undefined || !result) throw bug;
  return result;
}

interface Sent {
  result: ToolResult;
  status: number | null;
  bytes: number;
}

async function send(rt: CallRuntime, tool: ToolEntry, args: Record<string, unknown>, info: CallInfo, onBuilt: (req: BuiltRequest) => void): Promise<Sent> {
  const req = buildRequest(tool, args, rt.basePath);
  onBuilt(req);
  // The guard sees the request exactly as it will be sent: a template it does not match is never sent.
  if (!rt.guard(req.method, req.path)) throw new SendError(`refused: ${req.method} ${req.path} is not an operation of this server`, 'refused');
  let creds: Credentials;
  try {
    creds = await rt.credentials();
  } catch (err) {
    // A broken profiles file or RUNOS_API_URL: the model can tell the user what to fix.
    return { result: errorResult(`cannot read the runos credentials: ${(err as Error).message}`), status: null, bytes: 0 };
  }
  if (!creds.apiKey) {
    const login = `runos login${creds.apiUrl ? ` --url ${creds.apiUrl}` : ' --url <API URL>'}${creds.profile && creds.profile !== 'default' ? ` --profile ${creds.profile}` : ''}`;
    const text = `No API key for profile "${creds.profile}": run \`${login}\` (or set RUNOS_API_KEY in the server's environment), then call the tool again.`;
    return { result: errorResult(text), status: null, bytes: 0 };
  }
  if (!creds.apiUrl) return { result: errorResult('No API URL: run `runos login --url <API URL>` or set RUNOS_API_URL.'), status: null, bytes: 0 };
  const res = await sendRequest(req, {
    apiUrl: creds.apiUrl,
    apiKey: creds.apiKey,
    timeoutMs: rt.timeoutMs,
    maxRawBytes: rt.maxRawBytes,
    guard: rt.guard,
    signal: info.signal,
  });
  const result = mapResponse(res, { method: req.method, maxBytes: rt.maxBytes, redactor: rt.redactor, apiKey: creds.apiKey });
  return { result, status: res.status, bytes: res.body.length };
}
