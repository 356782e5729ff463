import type { Tier } from './tiers.js';
import { selectTier, type ToolEntry, type ToolTable } from './tool-table.js';

/** What a user narrows a tier to (`--toolsets`, `--tools`, `--exclude-tools`); empty lists mean "not given". */
export interface ToolSelection {
  toolsets?: readonly string[];
  tools?: readonly string[];
  excludeTools?: readonly string[];
}

/** The tools a narrowed tier serves, and what in the selection did not match this table. */
export interface SelectedTools {
  tools: ToolEntry[];
  /** Named in --toolsets, but no tool of the table is in it. */
  unknownToolsets: string[];
  /** Named in --tools or --exclude-tools, but no tool of the table has that name. */
  unknownTools: string[];
  /** Named in --tools, but a tool of another tier (or hidden): never served here. */
  otherTier: { name: string; tier: Tier | 'hidden' }[];
}

/** Whether a selection narrows anything. */
export function isNarrowed(sel: ToolSelection): boolean {
  return Boolean(sel.toolsets?.length || sel.tools?.length || sel.excludeTools?.length);
}

/** Split a comma-separated flag value (`repos,issues`) into names; repeated flags are joined first. */
export function parseNameList(value: unknown): string[] | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
  const names = parts.map((p) => p.trim()).filter(Boolean);
  return names.length > 0 ? [...new Set(names)] : undefined;
}

/**
 * Narrow one tier's tools. The tier's list (`selectTier`) is the only starting point, so a selection can
 * only take tools away, never add one of another tier: a name in `--tools` that belongs elsewhere is
 * reported, not served. With `--toolsets` and `--tools` both given, a tool in either is kept; then
 * `--exclude-tools` takes tools out.
 */
export function selectTools(table: ToolTable, tier: Tier, sel: ToolSelection): SelectedTools {
  const tierTools = selectTier(table, tier);
  const toolsets = new Set(sel.toolsets ?? []);
  const wanted = new Set(sel.tools ?? []);
  const excluded = new Set(sel.excludeTools ?? []);
  const byName = new Map(table.tools.map((t) => [t.name, t]));
  const known = new Set(table.tools.map((t) => t.toolset).filter((s): s is string => s !== undefined));
  const picking = toolsets.size > 0 || wanted.size > 0;
  const tools = tierTools.filter((t) => (!picking || (t.toolset !== undefined && toolsets.has(t.toolset)) || wanted.has(t.name)) && !excluded.has(t.name));
  const otherTier: SelectedTools['otherTier'] = [];
  for (const name of wanted) {
    const t = byName.get(name);
    if (t && (t.tier !== tier || t.hidden)) otherTier.push({ name, tier: t.hidden ? 'hidden' : t.tier });
  }
  return {
    tools,
    unknownToolsets: [...toolsets].filter((s) => !known.has(s)),
    unknownTools: [...wanted, ...excluded].filter((n) => !byName.has(n)),
    otherTier,
  };
}

/** Toolset → tool count per tier (hidden tools left out), toolsets in code-unit order. */
export function countToolsets(table: ToolTable, tiers: readonly Tier[]): Map<string, Map<Tier, number>> {
  const counts = new Map<string, Map<Tier, number>>();
  for (const tier of tiers) {
    for (const t of selectTier(table, tier)) {
      const set = t.toolset ?? 'other';
      let row = counts.get(set);
      if (!row) counts.set(set, (row = new Map()));
      row.set(tier, (row.get(tier) ?? 0) + 1);
    }
  }
  return new Map([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
