import type { ClientId } from '../core/clients.js';
import { serverName, type Tier } from '../core/tiers.js';
import { countToolsets, isNarrowed, selectTools, type ToolSelection } from '../core/tool-selection.js';
import type { ToolTable } from '../core/tool-table.js';

/** Documented tool-count limits of clients (REFERENCE.md, Client limits that shape the tool table). */
export const TOOL_LIMITS: Partial<Record<ClientId, { max: number; what: string }>> = {
  cursor: { max: 40, what: 'Cursor has historically sent only the first ~40 tools to the model' },
  vscode: { max: 128, what: 'VS Code Copilot accepts at most 128 tools per request' },
};

// Above this many tools one server costs every session of any client a large tools/list in its context.
const LARGE_SERVER = 100;

/** The `--toolsets` / `--tools` / `--exclude-tools` flags a server launch carries (passed through as given). */
export function selectionArgs(sel: ToolSelection): string[] {
  return [
    ...(sel.toolsets?.length ? ['--toolsets', sel.toolsets.join(',')] : []),
    ...(sel.tools?.length ? ['--tools', sel.tools.join(',')] : []),
    ...(sel.excludeTools?.length ? ['--exclude-tools', sel.excludeTools.join(',')] : []),
  ];
}

/**
 * Warnings for servers too large for a client: over its documented limit (all configured servers together,
 * as the client sends them), or, for any client, a server above 100 tools; each suggests the largest toolsets.
 */
export function toolCountWarnings(client: ClientId, table: ToolTable, tiers: readonly Tier[], sel: ToolSelection): string[] {
  const counts = tiers.map((tier) => ({ tier, n: selectTools(table, tier, sel).tools.length }));
  const total = counts.reduce((s, c) => s + c.n, 0);
  const each = counts.map((c) => `${serverName(c.tier, table.platform)} ${c.n}`).join(', ');
  const largest = [...countToolsets(table, tiers)]
    .map(([set, row]) => [set, [...row.values()].reduce((a, b) => a + b, 0)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([set, n]) => `${set} ${n}`)
    .join(', ');
  const hint = `narrow them with --toolsets a,b (largest toolsets: ${largest}; all: \`runos mcp tools --toolsets\`), --tools or --tiers`;
  const limit = TOOL_LIMITS[client];
  if (limit && total > limit.max) return [`these servers expose ${total} tools (${each}): ${limit.what}; ${hint}`];
  const large = counts.filter((c) => c.n > LARGE_SERVER);
  if (large.length > 0 && !isNarrowed(sel)) {
    return [`${large.map((c) => `${serverName(c.tier, table.platform)} has ${c.n} tools`).join(', ')}: a large tool list costs context in every session; ${hint}`];
  }
  return [];
}
