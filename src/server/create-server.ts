import { ProtocolError, ProtocolErrorCode, Server } from '@modelcontextprotocol/server';
import { isSensitiveTier, serverName, type Tier } from '../core/tiers.js';
import { selectTier, type ToolEntry, type ToolTable } from '../core/tool-table.js';
import type { Credentials } from '../credentials/resolve.js';
import type { AuditLog } from './audit.js';
import { callTool, type CallRuntime } from './call-tool.js';
import { createRequestGuard } from './guard.js';
import { createRedactor, redactionMarker } from './redact.js';
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
}

/** How long one request to the platform may take by default (RUNOS_TIMEOUT_MS overrides). */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** How much of a response the model is shown by default (RUNOS_MAX_RESPONSE_BYTES overrides). */
export const DEFAULT_MAX_BYTES = 100_000;

const CLIENT_INFO_KEY = 'io.modelcontextprotocol/clientInfo';

/**
 * Build a factory of MCP servers for one tier. The tier's tools are selected once (`selectTier`), and the
 * call map is built from that list only, so another tier's tool is simply unknown here (-32602). The
 * factory is what `serveStdio` asks for: it serves the 2025-11-25 and 2026-07-28 eras from the same code.
 */
export function createTierServerFactory(opts: TierServerOptions): { factory: () => Server; tools: ToolEntry[]; name: string; flushAudit: () => Promise<void> } {
  const { table, tier } = opts;
  const tools = selectTier(table, tier);
  const byName = new Map(tools.map((t) => [t.name, t]));
  // Only to name what a refused call was (audit); never to serve it.
  const others = new Map(table.tools.filter((t) => t.tier !== tier).map((t) => [t.name, t]));
  // The table's inputSchema roots are `type: "object"` (validateToolTable checks it), as tools/list requires.
  const listed = tools.map((t) => ({ name: t.name, title: t.title, description: t.description, inputSchema: t.inputSchema as { type: 'object' }, annotations: t.annotations }));
  const name = serverName(tier, table.platform);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const runtime: CallRuntime = {
    tier,
    basePath: table.basePath,
    guard: createRequestGuard(tools, table.basePath, table.tools.filter((t) => t.tier !== tier)),
    redactor: isSensitiveTier(tier) ? undefined : createRedactor(table.redactFields, redactionMarker(serverName('sensitive-read', table.platform))),
    auditRedactor: createRedactor(table.redactFields, '[redacted]'),
    validate: createArgsValidator(),
    credentials: opts.credentials,
    audit: opts.audit,
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBytes,
    // The raw read is bounded too: far above what is shown (truncation needs the whole JSON), far below memory trouble.
    maxRawBytes: Math.max(maxBytes * 100, 10_000_000),
  };

  let warming: Promise<unknown> | undefined;
  const factory = (): Server => {
    // The low-level Server: tools/list answers one precomputed page, tools/call looks the name up in this
    // tier's map only, and argument validation stays ours (Ajv, compiled per tool on its first call).
    const server = new Server({ name, version: opts.version }, { capabilities: { tools: {} } });
    server.setRequestHandler('tools/list', () => {
      // After the answer is written: the first tools/call then finds Ajv loaded and the credentials read.
      if (!warming) warming = new Promise((resolve) => setImmediate(resolve)).then(() => opts.warmUp?.()).catch(() => {});
      return { tools: listed };
    });
    server.setRequestHandler('tools/call', async (request, ctx) => {
      const tool = byName.get(request.params.name);
      const envelope = ctx.mcpReq.envelope as Record<string, { name?: string } | undefined> | undefined;
      const client = envelope?.[CLIENT_INFO_KEY]?.name ?? server.getClientVersion()?.name;
      if (!tool) {
        // A refusal is a decision too: audited with its reason before the protocol error goes out.
        const known = others.get(request.params.name);
        runtime.auditQueue = opts.audit.append({
          time: new Date().toISOString(),
          tier,
          tool: request.params.name.slice(0, 200),
          args: runtime.auditRedactor.value(request.params.arguments ?? {}),
          method: known?.method.toUpperCase() ?? '',
          path: known ? `${table.basePath}${known.path}` : '',
          status: null,
          durationMs: 0,
          bytes: 0,
          ...(client ? { client } : {}),
          error: `refused: ${request.params.name.slice(0, 200)} is not a tool of ${name} (it is not in the ${tier} tier${known ? `; it is a ${known.tier} tool` : ''})`,
        });
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${request.params.name} (not a tool of ${name})`);
      }
      const result = await callTool(runtime, tool, request.params.arguments ?? {}, { signal: ctx.mcpReq.signal, client });
      return server.projectCallToolResult(result, undefined);
    });
    return server;
  };
  return { factory, tools, name, flushAudit: async () => void (await runtime.auditQueue) };
}
