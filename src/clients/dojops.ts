import { join } from 'node:path';
import { JsonDocument, STRICT_JSON } from './json-edit.js';
import { applyServerEntries, collectPlan } from './json-servers.js';
import type { ClientPlan, ClientWriter, ConfigureContext } from './types.js';

const locateDojopsFile = (ctx: ConfigureContext): string =>
  ctx.scope === 'project' ? join(ctx.projectDir, '.dojops', 'mcp.json') : join(ctx.home, '.dojops', 'mcp.json');

/**
 * DojOps: `.dojops/mcp.json` (project) or `~/.dojops/mcp.json` (global), project entries overriding global
 * ones by name (REFERENCE.md). Entries name their transport (`"transport": "stdio"`). DojOps has no
 * per-server allowlist file, so nothing is auto-approved here.
 */
export const dojops: ClientWriter = {
  id: 'dojops',
  label: 'DojOps',
  scopes: ['project', 'user'],
  paths: (ctx) => [locateDojopsFile(ctx)],
  plan(ctx, current): ClientPlan {
    const file = locateDojopsFile(ctx);
    const doc = new JsonDocument(current.get(file) ?? null, file, STRICT_JSON, ctx.created.get(file));
    applyServerEntries(doc, ['mcpServers'], ctx, (s) => ({
      transport: 'stdio',
      command: s.command,
      args: s.args,
      ...(Object.keys(s.env).length > 0 ? { env: s.env } : {}),
    }));
    return collectPlan(ctx, [doc], []);
  },
  nextSteps(ctx) {
    if (ctx.remove) return ['Start a new DojOps session; the removed servers are gone.'];
    return [
      `Start a new DojOps session${ctx.scope === 'project' ? ` in ${ctx.projectDir}` : ''}; it loads the runos servers from ${locateDojopsFile(ctx)}${ctx.scope === 'project' ? ' (a project entry overrides a global one of the same name)' : ''}.`,
      `Approve tools of ${ctx.readServer} freely; keep the other servers on per-call approval.`,
    ];
  },
};
