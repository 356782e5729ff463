import type { ToolEntry } from '../core/tool-table.js';
import type { Credentials } from '../credentials/resolve.js';
import type { AuditEntry, AuditLog } from './audit.js';
import { buildRequest } from './build-request.js';
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
  /** Calls under way, not yet audited: a server stopped now still records them (auditInterrupted). */
  pending: Set<PendingCall>;
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

/** What is known of a call under way: enough for its audit line. */
export interface PendingCall {
  /** The runtime it runs on (a live table switch builds a new one; the call keeps its own). */
  rt: CallRuntime;
  started: number;
  tool: ToolEntry;
  /** The arguments as received, then as validated. */
  args: unknown;
  /** The request as built; the path is then the one that answered (after redirects). */
  method?: string;
  path?: string;
  client?: string;
  caller?: string;
  address?: string;
}

function auditEntry(call: PendingCall, outcome: { status: number | null; bytes: number; error?: string }): AuditEntry {
  const { rt } = call;
  return {
    time: new Date().toISOString(),
    tier: rt.tier,
    tool: call.tool.name,
    args: rt.auditRedactor.value(call.args),
    method: call.method ?? call.tool.method.toUpperCase(),
    path: call.path ?? `${rt.basePath}${call.tool.path}`,
    status: outcome.status,
    durationMs: Math.round((performance.now() - call.started) * 100) / 100,
    bytes: outcome.bytes,
    ...(call.client ? { client: call.client } : {}),
    ...(call.caller ? { caller: call.caller } : {}),
    ...(call.address ? { address: call.address } : {}),
    ...(outcome.error ? { error: rt.auditRedactor.text(outcome.error).slice(0, 500) } : {}),
  };
}

/**
 * Carry out one tool call: validate → build → guard → send → map (redact, bound) → audit. Every failure a
 * model can act on becomes an `isError` result; the audit line is written whatever happened.
 */
export async function callTool(rt: CallRuntime, tool: ToolEntry, rawArgs: unknown, info: CallInfo = {}): Promise<ToolResult> {
  const call: PendingCall = { rt, started: performance.now(), tool, args: rawArgs, client: info.client, caller: info.caller, address: info.address };
  rt.pending.add(call);
  let status: number | null = null;
  let bytes = 0;
  let error: string | undefined;
  let result: ToolResult | undefined;
  let bug: unknown;
  try {
    const check = await rt.validate(tool, rawArgs);
    if (!check.ok) {
      result = errorResult(`${tool.name}: ${check.message}`);
      error = check.message;
    } else {
      call.args = check.args;
      const sent = await send(rt, tool, check.args, info, call);
      ({ result, status, bytes } = sent);
      if (result.isError) error = result.content[0]?.text;
    }
  } catch (err) {
    error = (err as Error)?.message ?? String(err);
    // Anything else is a bug: it is audited too, then surfaces as a JSON-RPC internal error.
    if (err instanceof ArgumentError || err instanceof SendError) result = errorResult(`${tool.name}: ${error}`);
    else bug = err;
  }
  // Queued in call order and written right after the answer goes out (audit.ts): the write is not part of
  // the latency a call adds. A queued line keeps the process alive until it is written. A call already
  // recorded as interrupted (the server is stopping) is not recorded twice.
  if (rt.pending.delete(call)) rt.auditQueue = rt.audit.append(auditEntry(call, { status, bytes, error }));
  if (bug !== undefined || !result) throw bug;
  return result;
}

/**
 * Record every call still under way as interrupted (`reason`: why the server is stopping) and write all
 * queued audit lines now: a request may already have reached the platform, so it must not go unrecorded.
 */
export function auditInterrupted(pending: Set<PendingCall>, audit: AuditLog, reason: string): void {
  for (const call of pending) call.rt.audit.append(auditEntry(call, { status: null, bytes: 0, error: `interrupted: ${reason} before the call finished` }));
  pending.clear();
  audit.flush();
}

interface Sent {
  result: ToolResult;
  status: number | null;
  bytes: number;
}

async function send(rt: CallRuntime, tool: ToolEntry, args: Record<string, unknown>, info: CallInfo, call: PendingCall): Promise<Sent> {
  const req = buildRequest(tool, args, rt.basePath);
  call.method = req.method;
  call.path = req.path;
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
  // The audit names the path that answered: after a redirect, not the one first asked for.
  call.path = res.path;
  const result = mapResponse(res, { method: req.method, maxBytes: rt.maxBytes, redactor: rt.redactor, apiKey: creds.apiKey });
  return { result, status: res.status, bytes: res.body.length };
}
