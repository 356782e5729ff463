import { ConfigFileError } from '../core/errors.js';
import type { JSONPath } from 'jsonc-parser';
import type { JsonDocument } from './json-edit.js';
import { buildRemoteFields, staleTransportKeys } from './remote.js';
import type { ClientPlan, ConfigureContext, ServerLaunch } from './types.js';

/** The fields of a stdio entry every JSON client shares (`env` only when there is something to pass); a remote tier's URL and header instead. */
export function buildStdioFields(s: ServerLaunch, withType: boolean): Record<string, unknown> {
  if (s.remote) return buildRemoteFields(s.remote);
  return {
    ...(withType ? { type: 'stdio' } : {}),
    command: s.command,
    args: s.args,
    ...(Object.keys(s.env).length > 0 ? { env: s.env } : {}),
  };
}

/**
 * Write our server entries under `container` (a map of name → entry), or take them out with `--remove`.
 * In an entry that exists we set only the fields we own, so anything the user or the client added
 * inside it (alwaysAllow, disabledTools, timeout, extra env…) survives (REFERENCE.md, Merge rules).
 */
export function applyServerEntries(
  doc: JsonDocument,
  container: JSONPath,
  ctx: ConfigureContext,
  fieldsOf: (s: ServerLaunch) => Record<string, unknown>,
): void {
  const current = doc.get(container);
  if (current === undefined) {
    if (ctx.remove) return;
    doc.set(container, {});
  } else if (current === null || typeof current !== 'object' || Array.isArray(current)) {
    throw new ConfigFileError(
      `${container.join('.')} is not an object (it is ${current === null ? 'null' : Array.isArray(current) ? 'a list' : `a ${typeof current}`}); make it {"name": {…}, …} or delete it, and run again (nothing was written)`,
      doc.file,
    );
  }
  doc.editWithin(container, (servers) => {
    for (const s of ctx.servers) {
      if (ctx.remove) {
        servers.remove([s.name]);
        continue;
      }
      const existing = servers.get([s.name]);
      const owned = fieldsOf(s);
      if (!existing || typeof existing !== 'object' || Array.isArray(existing)) {
        servers.set([s.name], owned);
        continue;
      }
      // Switching an entry of ours between local and remote: the other transport's keys go.
      for (const key of staleTransportKeys(owned)) if (key in existing) servers.remove([s.name, key]);
      for (const [key, value] of Object.entries(owned)) {
        if (key === 'env' && value && typeof value === 'object') {
          for (const [name, v] of Object.entries(value)) servers.set([s.name, 'env', name], v);
        } else {
          servers.set([s.name, key], value);
        }
      }
    }
  });
  if (ctx.remove) doc.pruneIfEmpty(container);
}

/** Our server names (selected tiers). */
export function listOurNames(ctx: ConfigureContext): string[] {
  return ctx.servers.map((s) => s.name);
}

/** Whether the read tier is among the selected ones (only it is ever auto-approved). */
export function isReadSelected(ctx: ConfigureContext): boolean {
  return ctx.servers.some((s) => s.tier === 'read');
}

/** Names of our servers other than read that a user-kept field would auto-approve, for a warning. */
export function listNonReadNames(ctx: ConfigureContext): string[] {
  return ctx.servers.filter((s) => s.tier !== 'read').map((s) => s.name);
}

/** The plan of a JSON client: each document's new text and the containers it created. */
export function collectPlan(ctx: ConfigureContext, docs: JsonDocument[], warnings: string[]): ClientPlan {
  return {
    files: new Map(docs.map((d) => [d.file, d.result(ctx.remove)])),
    created: new Map(docs.map((d) => [d.file, d.created])),
    warnings,
  };
}
