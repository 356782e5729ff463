import { UsageError } from '../core/errors.js';
import { loadServedTable } from '../core/table-source.js';
import { TIERS, serverName, type Tier } from '../core/tiers.js';
import { countToolsets, parseNameList, selectTools } from '../core/tool-selection.js';
import type { ToolEntry, ToolTable } from '../core/tool-table.js';

/** The options `runos mcp tools` is called with (src/cli.ts). */
export interface ToolsArgs {
  tier?: Tier;
  /** '' (the flag alone): list the toolsets; names: only their tools. */
  toolsets?: string;
  json?: boolean;
  table?: string;
  env?: NodeJS.ProcessEnv;
}

/** Pad a column for the text listing. */
const pad = (s: string, n: number) => s.padEnd(n);

/**
 * `runos mcp tools`: the tools the servers would expose (the same table `serve` picks), with tier and
 * reason; `--toolsets` alone lists the toolsets with counts per tier; `--json` for scripts. Never prints
 * a secret: the table holds none.
 */
export async function runMcpTools(argv: ToolsArgs): Promise<number> {
  const { table, dir, origin } = await loadServedTable(argv.table, argv.env ?? process.env);
  const tiers = argv.tier ? [argv.tier] : TIERS;
  if (argv.toolsets === '') return listToolsets(table, tiers, argv.json === true, `${dir} (${origin})`);
  const toolsets = parseNameList(argv.toolsets);
  const picked = tiers.map((tier) => selectTools(table, tier, { ...(toolsets && { toolsets }) }));
  if (picked[0]!.unknownToolsets.length > 0) throw new UsageError(`no toolset ${picked[0]!.unknownToolsets.join(', ')} in ${dir}; see \`runos mcp tools --toolsets\``);
  const tools: ToolEntry[] = picked.flatMap((p) => p.tools);
  const hidden = toolsets ? [] : table.tools.filter((t) => t.hidden && tiers.includes(t.tier));

  if (argv.json) {
    const row = (t: ToolEntry) => ({ name: t.name, tier: t.tier, server: serverName(t.tier, table.platform), toolset: t.toolset, method: t.method, path: t.path, operationId: t.operationId, title: t.title, reason: t.reason });
    process.stdout.write(`${JSON.stringify({ platform: table.platform, table: dir, origin, tools: tools.map(row), hidden: hidden.map(row) }, null, 2)}\n`);
    return 0;
  }

  const all = [...tools, ...hidden];
  const nameWidth = Math.max(4, ...all.map((t) => t.name.length));
  const opWidth = Math.max(9, ...all.map((t) => t.method.length + 1 + t.path.length));
  const line = (t: ToolEntry) => `  ${pad(t.name, nameWidth)}  ${pad(`${t.method} ${t.path}`, opWidth)}  ${t.reason}`;
  const lines: string[] = [];
  for (const tier of tiers) {
    const list = tools.filter((t) => t.tier === tier);
    lines.push(`${tier} (server ${serverName(tier, table.platform)}): ${list.length} tools`);
    lines.push(...list.map(line), '');
  }
  if (hidden.length > 0) lines.push(`hidden (x-runos hidden: never served): ${hidden.length} tools`, ...hidden.map(line), '');
  lines.push(`${tools.length} tools${toolsets ? ` in toolsets ${toolsets.join(', ')}` : ''} from ${dir} (${origin}), ${table.manifest.title} ${table.manifest.version}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** `runos mcp tools --toolsets`: each toolset with its tool count per tier, for picking `--toolsets`. */
function listToolsets(table: ToolTable, tiers: readonly Tier[], json: boolean, from: string): number {
  const counts = countToolsets(table, tiers);
  if (json) {
    const rows = [...counts].map(([toolset, row]) => ({ toolset, ...Object.fromEntries(tiers.map((t) => [t, row.get(t) ?? 0])) }));
    process.stdout.write(`${JSON.stringify({ platform: table.platform, toolsets: rows }, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(7, ...[...counts.keys()].map((s) => s.length));
  const cols = tiers.map((t) => Math.max(t.length, 5));
  const row = (first: string, cells: (string | number)[]) => `${pad(first, width)}  ${cells.map((c, i) => String(c).padStart(cols[i]!)).join('  ')}`;
  const lines = [row('toolset', [...tiers]), ...[...counts].map(([set, r]) => row(set, tiers.map((t) => r.get(t) ?? 0)))];
  const totals = tiers.map((t) => [...counts.values()].reduce((n, r) => n + (r.get(t) ?? 0), 0));
  lines.push(row('(all)', totals), '', `${counts.size} toolsets from ${from}; serve a few with \`runos mcp serve <tier> --toolsets a,b\``);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
