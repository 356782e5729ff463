import type { ToolAnnotations } from '../core/tool-table.js';
import { isReadTier, type Tier } from '../core/tiers.js';
import type { Classification, OperationModel } from '../manifest/model.js';
import { humaniseId, shortenDescription } from './describe.js';
import { operationWords } from './names.js';

// Verbs of writes that destroy or undo state although they are not DELETE (MCP ToolAnnotations:
// destructiveHint false means "only additive updates").
const DESTRUCTIVE_WORDS = new Set([
  'delete', 'remove', 'destroy', 'purge', 'drop', 'truncate', 'wipe', 'erase', 'reset', 'revoke', 'rotate',
  'cancel', 'terminate', 'stop', 'kill', 'rollback', 'restore', 'replace', 'overwrite', 'disable', 'archive',
  'detach', 'unlink', 'uninstall', 'deactivate', 'clear', 'evict', 'suspend', 'execute', 'exec',
]);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** The tool title: the manifest's summary, else the operationId made readable. */
export function toolTitle(op: OperationModel): string {
  return shortenDescription(op.summary, 80).replace(/\.$/, '') || humaniseId(op.operationId);
}

/** Whether a write may destroy or overwrite state: DELETE, PUT/PATCH (they replace values), or a destructive verb. */
export function isDestructive(op: OperationModel): boolean {
  if (op.method === 'DELETE' || op.method === 'PUT' || op.method === 'PATCH') return true;
  const words = [...operationWords(op.operationId), ...operationWords(op.summary ?? '')];
  return words.some((w) => DESTRUCTIVE_WORDS.has(w));
}

/**
 * MCP annotations for a tool of `tier` (MCP spec, ToolAnnotations: hints for approval UIs), chosen so that
 * no client's default runs a sensitive or write tool without asking:
 * - `read`: `readOnlyHint: true`. Codex runs such tools without asking in its default approval mode
 *   (REFERENCE.md, "Measured in the real clients"); that is what the read tier is for.
 * - `sensitive-read`: `readOnlyHint: false`, although it changes nothing: with `true`, a hand-wired Codex
 *   entry (no `default_tools_approval_mode`) handed a database password to the model without a prompt
 *   (measured, Codex 0.171). Revealing a secret is the effect a user must approve, so this tier must not
 *   claim the hint that clients treat as "safe to auto-run". `destructiveHint: false`, `idempotentHint: true`.
 * - `write`, `sensitive-write`: `readOnlyHint: false`; `destructiveHint` true for DELETE/PUT/PATCH and
 *   destructive verbs, and always for `sensitive-write` (rotate, revoke, set a password: the old value is
 *   gone), so clients that relax approval for additive writes (Codex's `writes` mode) still ask.
 * Claude Code ignores annotations for permissions (its allow rules decide); the real-client tests
 * (test/real-clients) hold each tier's behaviour in both clients. No `_meta` is needed for this.
 * No `title` here: Tool.title carries it for every client since MCP 2025-06-18, and a second copy costs
 * every tools/list about 45 bytes per tool.
 */
export function toolAnnotations(op: OperationModel, tier: Tier): ToolAnnotations {
  const readOnly = tier === 'read';
  return {
    readOnlyHint: readOnly,
    destructiveHint: !isReadTier(tier) && (tier === 'sensitive-write' || isDestructive(op)),
    // A read-tier POST (search, query) has no effect to repeat, so it is idempotent too.
    idempotentHint: isReadTier(tier) || IDEMPOTENT_METHODS.has(op.method),
    openWorldHint: true,
  };
}

/**
 * Leaf field names of secret evidence paths (`connection.password` → `password`); for a map's values
 * (`build_settings.env.*`) the map's own name, since every value in it is secret.
 */
export function secretLeaves(paths: readonly string[]): string[] {
  const leaves = paths.map((p) => {
    const segments = p.split('.').map((s) => s.replace(/\[\]/g, '')).filter((s) => s && s !== '*');
    return segments.pop() ?? '';
  });
  return [...new Set(leaves.filter(Boolean))];
}

/**
 * The tool description the model reads: the manifest's words (summary, then the description's first
 * sentence), or the one an `x-runos: {description}` gives, and, for the sensitive tiers, what makes the
 * tool sensitive, so the model can tell the user.
 */
export function toolDescription(op: OperationModel, c: Classification, given?: string): string {
  const parts: string[] = [];
  if (given) {
    parts.push(/[.!?]$/.test(given) ? given : `${given}.`);
  } else {
    const summary = shortenDescription(op.summary, 120);
    const detail = shortenDescription(op.description, 200);
    if (summary) parts.push(/[.!?]$/.test(summary) ? summary : `${summary}.`);
    if (detail && detail.toLowerCase().replace(/\W/g, '') !== summary.toLowerCase().replace(/\W/g, '')) {
      // The summary is also the title; the description's first sentence is worth its bytes only when short.
      if (!summary || (detail.length <= 140 && parts.join(' ').length + detail.length <= 180)) parts.push(detail);
    }
    if (parts.length === 0) parts.push(`${humaniseId(op.operationId)}.`);
  }
  if (op.deprecated) parts.unshift('Deprecated.');
  if (c.tier === 'sensitive-read') {
    const fields = secretLeaves(c.secrets.response);
    parts.push(fields.length > 0 ? `Returns secrets (${fields.slice(0, 4).join(', ')}).` : 'Returns secret material.');
  } else if (c.tier === 'sensitive-write') {
    const fields = secretLeaves([...c.secrets.request, ...c.secrets.response]);
    parts.push(fields.length > 0 ? `Handles secrets (${fields.slice(0, 4).join(', ')}).` : 'Security-critical change.');
  } else if (c.redacts) {
    // The same entry is served by the plain server (redacted) and, for a read, by sensitive-read (in full).
    parts.push(`Redacts ${c.redacts.slice(0, 4).join(', ')}${c.tier === 'read' ? ' (the sensitive-read server returns them)' : ''}.`);
  }
  return parts.join(' ');
}
