import { join } from 'node:path';
import { JSONC, JsonDocument } from './json-edit.js';
import { applyServerEntries, listNonReadNames, collectPlan, isReadSelected, buildStdioFields } from './json-servers.js';
import type { ClientPlan, ClientWriter, ConfigureContext } from './types.js';

function locateCursorFiles(ctx: ConfigureContext): { servers: string; permissions: string } {
  // Cursor reads both files per project (<workspace>/.cursor/) and per user (~/.cursor/) (cursor.com/docs/reference/permissions).
  const dir = ctx.scope === 'project' ? join(ctx.projectDir, '.cursor') : join(ctx.home, '.cursor');
  return { servers: join(dir, 'mcp.json'), permissions: join(dir, 'permissions.json') };
}

/** Cursor's allowlist entry for every tool of one server. */
export function formatCursorAllowEntry(server: string): string {
  return `${server}:*`;
}

/** Cursor: `.cursor/mcp.json` and `permissions.json` `mcpAllowlist` for the read server only. */
export const cursor: ClientWriter = {
  id: 'cursor',
  label: 'Cursor',
  scopes: ['project', 'user'],
  paths(ctx) {
    const f = locateCursorFiles(ctx);
    return [f.servers, f.permissions];
  },
  plan(ctx, current): ClientPlan {
    const f = locateCursorFiles(ctx);
    const warnings: string[] = [];
    const servers = new JsonDocument(current.get(f.servers) ?? null, f.servers, JSONC, ctx.created.get(f.servers));
    const permissions = new JsonDocument(current.get(f.permissions) ?? null, f.permissions, JSONC, ctx.created.get(f.permissions));
    applyServerEntries(servers, ['mcpServers'], ctx, (s) => buildStdioFields(s, false));
    const list = ['mcpAllowlist'];
    if (isReadSelected(ctx)) {
      if (ctx.remove) {
        permissions.removeFromSet(list, formatCursorAllowEntry(ctx.readServer));
        permissions.pruneIfEmpty(list);
      } else {
        if (!Array.isArray(permissions.get(list)))
          warnings.push(`${f.permissions} now sets mcpAllowlist, which replaces the allowlist you edit in Cursor's settings (add any tools you had there to this file)`);
        permissions.addToSet(list, formatCursorAllowEntry(ctx.readServer));
      }
    }
    const allowed = permissions.get(list);
    for (const name of listNonReadNames(ctx))
      if (Array.isArray(allowed) && allowed.some((e) => typeof e === 'string' && e.startsWith(`${name}:`)))
        warnings.push(`${f.permissions} auto-approves tools of ${name} (your own entry, kept); runos auto-approves only the read server`);
    return collectPlan(ctx, [servers, permissions], warnings);
  },
  nextSteps(ctx) {
    if (ctx.remove) return ["Cursor notices the change; check Settings → MCP that the servers are gone."];
    return [
      'Open Cursor Settings → MCP and switch the runos servers on (Cursor asks once for servers it finds in mcp.json).',
      `Tools of ${ctx.readServer} run without asking (mcpAllowlist); the other servers ask every time.`,
    ];
  },
};
