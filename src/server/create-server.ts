import { ProtocolError, ProtocolErrorCode, Server, type AuthInfo, type JSONRPCRequest, type Result, type ServerContext } from '@modelcontextprotocol/server';
import { serverName, type Tier } from '../core/tiers.js';
import { selectTools, type SelectedTools, type ToolSelection } from '../core/tool-selection.js';
import type { ToolEntry, ToolTable } from '../core/tool-table.js';
import type { Credentials } from '../credentials/resolve.js';
import type { AuditLog } from './audit.js';
import { auditInterrupted, callTool, type CallRuntime, type PendingCall } from './call-tool.js';
import { CLIENT_INFO_KEY } from './envelope.js';
import { createRequestGuard } from './guard.js';
import { auditIdentity } from './identity/caller.js';
import type { ToolResult } from './map-response.js';
import { createRedactor, tierRedactor } from './redact.js';
import { createArgsValidator } from './validate-args.js';

/** What a tier server is made of; everything else is derived once at start-up. */
export interface TierServerOptions {
  table: ToolTable;
  tier: Tier;
  version: string;
  credentials: () => Promise<Credentials>;
  audit: AuditLog;
  timeoutMs?: number;
  maxBytes?: number;
  /** Work worth doing before the first call but not before the first tools/list (loading Ajv, the key). */
  warmUp?: () => Promise<unknown>;
  /** `--toolsets` / `--tools` / `--exclude-tools`: narrow the tier (never widen it). */
  selection?: ToolSelection;
}

/** How long one request to the platform may take by default (RUNOS_TIMEOUT_MS overrides). */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** How much of a response the model is shown by default (RUNOS_MAX_RESPONSE_BYTES overrides). */
export const DEFAULT_MAX_BYTES = 100_000;

/** What the server serves from one table: built once per table, swapped whole on a live update. */
interface Served {
  table: ToolTable;
  tools: ToolEntry[];
  byName: Map<string, ToolEntry>;
  listed: { name: string; title: string; description: string; inputSchema: { type: 'object' }; annotations: ToolEntry['annotations'] }[];
  runtime: CallRuntime;
  selected: SelectedTools;
}

/** A tier server factory, and how to switch it to a newer table. */
export interface TierServerFactory {
  factory: () => Server;
  /** The tools served now. */
  readonly tools: ToolEntry[];
  name: string;
  flushAudit: () => Promise<void>;
  /** Serve another table from the next call on; tells connected clients when the tool list changed. */
  replaceTable: (table: ToolTable) => TableSwitch;
  /** What the selection did not match in the table served now (for warnings). */
  readonly selected: SelectedTools;
  /** For a process about to exit: record the calls under way as interrupted and write every audit line now. */
  stopAudit: (reason: string) => void;
  /**
   * Call a tool of this tier as `tools/call` would, without an MCP server instance (the HTTP fast path of
   * direct-call.ts); undefined, with nothing done, when the tier has no such tool (the SDK path then refuses it).
   */
  callDirect: (name: string, args: Record<string, unknown>, info: { signal: AbortSignal; client?: string; authInfo?: AuthInfo }) => Promise<ToolResult> | undefined;
}

/** The outcome of `replaceTable`. */
export type TableSwitch = { switched: true; listChanged: boolean } | { switched: false; why: string };

/**
 * Build a factory of MCP servers for one tier. The tier's tools are selected once per table
 * (`selectTools`, which starts from `selectTier` and only narrows it), and the call map is built from
 * that list only, so another tier's tool, or one the selection left out, is simply unknown here (-32602)
 * and its path fails the request guard. The factory is what `serveStdio` asks for: it serves the
 * 2025-11-25 and 2026-07-28 eras from the same code. `replaceTable` switches every connected instance
 * to a newer table between calls: a call in flight finishes on the table it started with.
 */
export function createTierServerFactory(opts: TierServerOptions): TierServerFactory {
  const { tier } = opts;
  const name = serverName(tier, opts.table.platform);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  let lastAudit: Promise<void> | undefined;
  const audit: AuditLog = { ...opts.audit, append: (entry) => (lastAudit = opts.audit.append(entry)) };
  // One set for every table served: a call in flight on the previous table is still under way.
  const pending = new Set<PendingCall>();
  const build = (table: ToolTable): Served => {
    const selected = selectTools(table, tier, opts.selection ?? {});
    const tools = selected.tools;
    const served = new Set(tools);
    // The table's inputSchema roots are `type: "object"` (validateToolTable checks it), as tools/list requires.
    const listed = tools.map((t) => ({ name: t.name, title: t.title, description: t.description, inputSchema: t.inputSchema as { type: 'object' }, annotations: t.annotations }));
    const runtime: CallRuntime = {
      tier,
      basePath: table.basePath,
      // Every tool not served here (other tiers, hidden ones, those the selection left out) counts against a path.
      guard: createRequestGuard(tools, table.basePath, table.tools.filter((t) => !served.has(t))),
      redactor: tierRedactor(table, tier),
      auditRedactor: createRedactor(table.redactFields, '[redacted]'),
      validate: createArgsValidator(),
      credentials: opts.credentials,
      audit,
      pending,
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxBytes,
      // The raw read is bounded too: far above what is shown (truncation needs the whole JSON), far below memory trouble.
      maxRawBytes: Math.max(maxBytes * 100, 10_000_000),
    };
    return { table, tools, byName: new Map(tools.map((t) => [t.name, t])), listed, runtime, selected };
  };
  let current = build(opts.table);
  const live = new Set<Server>();

  let warming: Promise<unknown> | undefined;
  const factory = (): Server => {
    // The low-level Server: tools/list answers one precomputed page, tools/call looks the name up in this
    // tier's map only, and argument validation stays ours (Ajv, compiled per tool on its first call).
    const server = new AuditedServer({ name, version: opts.version }, { capabilities: { tools: { listChanged: true } } });
    // A tools/call the SDK refuses before our handler sees it (`arguments` not an object, `name` not a string)
    // is a refused call too: audited with the SDK's reason, then answered -32602 as before.
    server.onMalformedCall = (params, reason, ctx) => {
      const p = (typeof params === 'object' && params !== null ? params : {}) as { name?: unknown; arguments?: unknown };
      const tool = typeof p.name === 'string' ? p.name : String(JSON.stringify(p.name ?? null));
      const envelope = ctx.mcpReq.envelope as Record<string, { name?: string } | undefined> | undefined;
      const client = envelope?.[CLIENT_INFO_KEY]?.name ?? server.getClientVersion()?.name;
      auditMalformed(current, tool, p.arguments, reason, { tier, ...(client && { client }), ...auditIdentity(ctx.http?.authInfo) });
    };
    server.setRequestHandler('tools/list', () => {
      requireSession(server);
      // After the answer is written: the first tools/call then finds Ajv loaded and the credentials read.
      if (!warming) warming = new Promise((resolve) => setImmediate(resolve)).then(() => opts.warmUp?.()).catch(() => {});
      return { tools: current.listed };
    });
    server.setRequestHandler('tools/call', async (request, ctx) => {
      requireSession(server);
      // The call keeps the table it started on, whatever replaceTable does meanwhile.
      const served = current;
      const tool = served.byName.get(request.params.name);
      const envelope = ctx.mcpReq.envelope as Record<string, { name?: string } | undefined> | undefined;
      const client = envelope?.[CLIENT_INFO_KEY]?.name ?? server.getClientVersion()?.name;
      const identity = auditIdentity(ctx.http?.authInfo);
      if (!tool) {
        // A refusal is a decision too: audited with its reason before the protocol error goes out.
        auditRefusal(served, request.params.name, request.params.arguments ?? {}, { tier, name, ...(client && { client }), ...identity });
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${request.params.name} (not a tool of ${name})`);
      }
      const result = await callTool(served.runtime, tool, request.params.arguments ?? {}, { signal: ctx.mcpReq.signal, client, ...identity });
      return server.projectCallToolResult(result, undefined);
    });
    live.add(server);
    server.onclose = () => live.delete(server);
    return server;
  };

  const replaceTable = (table: ToolTable): TableSwitch => {
    if (table.platform !== current.table.platform) {
      return { switched: false, why: `the new table is for platform ${table.platform}, this server (${name}) serves ${current.table.platform}` };
    }
    const next = build(table);
    // A new table that lists the same tools (say, only a reason changed) is no change to the client.
    const listChanged = JSON.stringify(next.listed) !== JSON.stringify(current.listed);
    current = next;
    // MCP: notifications/tools/list_changed. On a 2025-era connection it goes out as is; on a 2026-07-28
    // one the stdio entry delivers it on the client's subscriptions/listen stream (or drops it if none).
    if (listChanged) for (const server of live) void server.sendToolListChanged().catch(() => {});
    return { switched: true, listChanged };
  };

  return {
    factory,
    get tools() {
      return current.tools;
    },
    name,
    flushAudit: async () => void (await lastAudit),
    replaceTable,
    get selected() {
      return current.selected;
    },
    stopAudit: (reason) => auditInterrupted(pending, opts.audit, reason),
    callDirect: (toolName, args, info) => {
      const served = current;
      const tool = served.byName.get(toolName);
      if (!tool) return undefined;
      return callTool(served.runtime, tool, args, { signal: info.signal, ...(info.client && { client: info.client }), ...auditIdentity(info.authInfo) });
    },
  };
}

type Handler = (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result>;

/** The SDK's Server, told when a tools/call request fails the SDK's own checks before our handler runs. */
class AuditedServer extends Server {
  onMalformedCall?: (params: unknown, reason: string, ctx: ServerContext) => void;

  protected override _wrapHandler(method: string, handler: Handler): Handler {
    if (method !== 'tools/call') return super._wrapHandler(method, handler);
    const reached = new WeakSet<object>();
    const wrapped = super._wrapHandler(method, (request, ctx) => {
      reached.add(request);
      return handler(request, ctx);
    });
    return async (request, ctx) => {
      try {
        return await wrapped(request, ctx);
      } catch (err) {
        if (!reached.has(request)) this.onMalformedCall?.(request.params, err instanceof Error ? err.message : String(err), ctx);
        throw err;
      }
    };
  }
}

/** The audit line of a tools/call refused as malformed (its arguments shown only if they are an object). */
function auditMalformed(served: Served, tool: string, args: unknown, reason: string, who: { tier: Tier; client?: string } & ReturnType<typeof auditIdentity>): void {
  const { tier, ...identity } = who;
  const shown = tool.slice(0, 200);
  served.runtime.audit.append({
    time: new Date().toISOString(),
    tier,
    tool: shown,
    args: served.runtime.auditRedactor.value(typeof args === 'object' && args !== null && !Array.isArray(args) ? args : {}),
    method: '',
    path: '',
    status: null,
    durationMs: 0,
    bytes: 0,
    ...identity,
    error: served.runtime.auditRedactor.text(`refused: malformed tools/call request: ${reason}`).slice(0, 500),
  });
}

/** Audit a call of a tool this server does not serve (another tier's, one the selection left out, or none). */
function auditRefusal(served: Served, tool: string, args: unknown, who: { tier: Tier; name: string; client?: string } & ReturnType<typeof auditIdentity>): void {
  const { tier, name, ...identity } = who;
  const shown = tool.slice(0, 200);
  // Only to name what a refused call was; never to serve it.
  const known = served.table.tools.find((t) => t.name === tool);
  served.runtime.audit.append({
    time: new Date().toISOString(),
    tier,
    tool: shown,
    args: served.runtime.auditRedactor.value(args),
    method: known?.method.toUpperCase() ?? '',
    path: known ? `${served.table.basePath}${known.path}` : '',
    status: null,
    durationMs: 0,
    bytes: 0,
    ...identity,
    error: `refused: ${shown} is not a tool of ${name} (it is not served by the ${tier} tier${known ? `; it is a ${known.tier} tool${known.tier === tier ? ' left out by --toolsets/--tools/--exclude-tools' : ''}` : ''})`,
  });
}

/**
 * On the 2025-11-25 era a session starts with `initialize` (MCP 2025-11-25, Lifecycle: "The initialization
 * phase MUST be the first interaction between client and server"); until then only `ping` is served. A
 * 2026-07-28 instance has its revision from the first request's envelope, so it is never refused here.
 */
function requireSession(server: Server): void {
  if (server.getNegotiatedProtocolVersion() === undefined) {
    throw new ProtocolError(ProtocolErrorCode.InvalidRequest, 'Invalid Request: the session is not initialized: send initialize first (MCP 2025-11-25), or name the revision in each request\'s _meta (2026-07-28)');
  }
}
