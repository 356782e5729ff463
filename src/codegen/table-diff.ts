import { isLooserTier, type Tier } from '../core/tiers.js';
import type { ToolEntry, ToolTable } from '../core/tool-table.js';
import { byCodeUnit } from './build-table.js';
import type { CustomLoosening } from './custom-tiers.js';

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
  /** Set when an overlay or an `x-runos: {tier}` made the change, not the document as published. */
  customised?: true;
}

/** What a regeneration changes, and which of those changes loosen a guarantee. */
export interface TableDiff {
  added: TableChange[];
  removed: TableChange[];
  renamed: TableChange[];
  retiered: TableChange[];
  /**
   * Changes `manifest update` refuses without `--accept-tier-changes`: looser tiers, new `read` tools, and
   * a customisation's looser tier that the previous table does not already have (also on a first generation).
   */
  loosened: TableChange[];
}

function change(t: ToolEntry, extra: Partial<TableChange> = {}): TableChange {
  return { operationId: t.operationId, name: t.name, method: t.method, path: t.path, tier: t.tier, reason: t.reason, ...extra };
}

/** The customised loosenings (custom-tiers.ts) a previous table has not accepted yet. */
function unacceptedCustom(previous: ToolTable | undefined, next: ToolTable, customised: readonly CustomLoosening[]): TableChange[] {
  const before = new Map(previous?.tools.map((t) => [t.operationId, t.tier]));
  const after = new Map(next.tools.map((t) => [t.operationId, t]));
  const out: TableChange[] = [];
  for (const c of customised) {
    const accepted = before.get(c.operationId);
    if (accepted !== undefined && !isLooserTier(accepted, c.tier)) continue;
    out.push(change(after.get(c.operationId)!, { fromTier: c.fromTier, customised: true }));
  }
  return out;
}

/**
 * Compare a previous table (or none: a first generation) with a new one. `customised` lists the operations
 * an overlay or extension loosened (custom-tiers.ts): those not yet accepted are loosenings even on a first
 * generation, where there is nothing else to compare with.
 */
export function diffTables(previous: ToolTable | undefined, next: ToolTable, customised: readonly CustomLoosening[] = []): TableDiff {
  const diff: TableDiff = { added: [], removed: [], renamed: [], retiered: [], loosened: [] };
  const custom = unacceptedCustom(previous, next, customised);
  if (!previous) {
    diff.added = next.tools.map((t) => change(t));
    diff.loosened = custom.sort((a, b) => byCodeUnit(a.name, b.name));
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
  const flagged = new Set(diff.loosened.map((c) => c.operationId));
  diff.loosened.push(...custom.filter((c) => !flagged.has(c.operationId)));
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
