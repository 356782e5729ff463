import { loadServedTable } from '../core/table-source.js';
import { TIERS, serverName, type Tier } from '../core/tiers.js';
import { selectTier, type ToolEntry } from '../core/tool-table.js';

/** The options `runos mcp tools` is called with (src/cli.ts). */
export interface ToolsArgs {
  tier?: Tier;
  json?: boolean;
  table?: string;
  env?: NodeJS.ProcessEnv;
}

/** Pad a column for the text listing. */
const pad = (s: string, n: number) => s.padEnd(n);

/**
 * `runos mcp tools`: the tools the servers would expose (the same table `serve` picks), with tier and
 * reason; `--json` for scripts. Never prints a secret: the table holds none.
 */
export async function runMcpTools(argv: ToolsArgs): Promise<number> {
  const { table, dir, origin } = await loadServedTable(argv.table, argv.env ?? process.env);
  const tiers = argv.tier ? [argv.tier] : TIERS;
  // Each tool once, under its own tier (selectTier would list a redacting read twice: sensitive-read serves it too).
  const tools: ToolEntry[] = table.tools.filter((t) => tiers.includes(t.tier));

  if (argv.json) {
    const rows = tools.map((t) => ({ name: t.name, tier: t.tier, server: serverName(t.tier, table.platform), method: t.method, path: t.path, operationId: t.operationId, title: t.title, reason: t.reason }));
    process.stdout.write(`${JSON.stringify({ platform: table.platform, table: dir, origin, tools: rows }, null, 2)}\n`);
    return 0;
  }

  const nameWidth = Math.max(4, ...tools.map((t) => t.name.length));
  const opWidth = Math.max(9, ...tools.map((t) => t.method.length + 1 + t.path.length));
  const lines: string[] = [];
  for (const tier of tiers) {
    const list = tools.filter((t) => t.tier === tier);
    lines.push(`${tier} (server ${serverName(tier, table.platform)}): ${list.length} tools`);
    for (const t of list) lines.push(`  ${pad(t.name, nameWidth)}  ${pad(`${t.method} ${t.path}`, opWidth)}  ${t.reason}`);
    const full = tier === 'sensitive-read' ? selectTier(table, tier).filter((t) => t.tier === 'read') : [];
    if (full.length > 0) lines.push(`  also serves in full the ${full.length} read tool(s) that redact fields: ${full.map((t) => t.name).join(', ')}`);
    lines.push('');
  }
  lines.push(`${tools.length} tools from ${dir} (${origin}), ${table.manifest.title} ${table.manifest.version}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
