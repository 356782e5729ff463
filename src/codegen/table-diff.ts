import { isLooserTier, type Tier } from '../core/tiers.js';
import type { ToolEntry, ToolTable } from '../core/tool-table.js';
import { byCodeUnit } from './build-table.js';

/** One operation's change between two tables (keyed by operationId). */
export interface TableChange {
  operationId: string;
  name: string;
  method: string;
  path: string;
  tier: Tier;
  /** Previous name (renamed) or tier (re-tiered). */
  fromName?: string;
  fromTier?: Tier;
  reason: string;
}

/** What a regeneration changes, and which of those changes loosen a guarantee. */
export interface TableDiff {
  added: TableChange[];
  removed: TableChange[];
  renamed: TableChange[];
  retiered: TableChange[];
  /** Changes `manifest update` refuses without `--accept-tier-changes`: looser tiers and new `read` tools. */
  loosened: TableChange[];
}

function change(t: ToolEntry, extra: Partial<TableChange> = {}): TableChange {
  return { operationId: t.operationId, name: t.name, method: t.method, path: t.path, tier: t.tier, reason: t.reason, ...extra };
}

/** Compare a previous table (or none: a first generation) with a new one. */
export function diffTables(previous: ToolTable | undefined, next: ToolTable): TableDiff {
  const diff: TableDiff = { added: [], removed: [], renamed: [], retiered: [], loosened: [] };
  if (!previous) {
    diff.added = next.tools.map((t) => change(t));
    return diff;
  }
  const before = new Map(previous.tools.map((t) => [t.operationId, t]));
  const after = new Map(next.tools.map((t) => [t.operationId, t]));
  for (const t of next.tools) {
    const old = before.get(t.operationId);
    if (!old) {
      diff.added.push(change(t));
      if (t.tier === 'read') diff.loosened.push(change(t));
      continue;
    }
    if (old.name !== t.name) diff.renamed.push(change(t, { fromName: old.name }));
    if (old.tier !== t.tier) {
      const moved = change(t, { fromTier: old.tier });
      diff.retiered.push(moved);
      if (isLooserTier(old.tier, t.tier)) diff.loosened.push(moved);
    }
  }
  for (const t of previous.tools) if (!after.has(t.operationId)) diff.removed.push(change(t));
  for (const list of Object.values(diff)) list.sort((a: TableChange, b: TableChange) => byCodeUnit(a.name, b.name));
  return diff;
}

/** Whether a diff changes anything. */
export function isEmptyDiff(d: TableDiff): boolean {
  return d.added.length + d.removed.length + d.renamed.length + d.retiered.length === 0;
}

/** Human-readable lines describing a diff (one per change). */
export function formatDiff(d: TableDiff): string[] {
  const op = (c: TableChange) => `${c.method} ${c.path}`;
  return [
    ...d.added.map((c) => `  + ${c.name} (${op(c)}) in ${c.tier}: ${c.reason}`),
    ...d.removed.map((c) => `  - ${c.name} (${op(c)}) was in ${c.tier}`),
    ...d.renamed.map((c) => `  ~ ${c.fromName} renamed to ${c.name} (${op(c)})`),
    ...d.retiered.map((c) => `  ! ${c.name} (${op(c)}) moved ${c.fromTier} -> ${c.tier}: ${c.reason}`),
  ];
}
