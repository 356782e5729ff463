import { join } from 'node:path';
import { JsonDocument, STRICT_JSON } from './json-edit.js';
import { applyServerEntries, listNonReadNames, listOurNames, collectPlan, isReadSelected, buildStdioFields } from './json-servers.js';
import type { ClientPlan, ClientWriter, ConfigureContext } from './types.js';

interface ClaudeFiles {
  /** Holds `mcpServers`: `.mcp.json` (project) or `~/.claude.json` (user). */
  servers: string;
  /** Holds `permissions.allow`. */
  settings: string;
  /** Holds `enabledMcpjsonServers` (project scope only). */
  local?: string;
}

function locateClaudeFiles(ctx: ConfigureContext): ClaudeFiles {
  if (ctx.scope === 'project') {
    return {
      servers: join(ctx.projectDir, '.mcp.json'),
      settings: join(ctx.projectDir, '.claude', 'settings.json'),
      local: join(ctx.projectDir, '.claude', 'settings.local.json'),
    };
  }
  // User-scope servers live in ~/.claude.json (a big state file: we only ever `modify` our keys in it);
  // CLAUDE_CONFIG_DIR moves both files (Claude Code settings docs).
  const dir = ctx.env.CLAUDE_CONFIG_DIR;
  return dir
    ? { servers: join(dir, '.claude.json'), settings: join(dir, 'settings.json') }
    : { servers: join(ctx.home, '.claude.json'), settings: join(ctx.home, '.claude', 'settings.json') };
}

/** The permission rule that auto-approves every tool of one server (`mcp__*` is rejected by Claude Code). */
export function formatClaudeAllowRule(server: string): string {
  return `mcp__${server}__*`;
}

/** Claude Code: `.mcp.json`, `permissions.allow` for the read server only, `enabledMcpjsonServers`. */
export const claude: ClientWriter = {
  id: 'claude',
  label: 'Claude Code',
  scopes: ['project', 'user'],
  paths(ctx) {
    const f = locateClaudeFiles(ctx);
    return [f.servers, f.settings, ...(f.local ? [f.local] : [])];
  },
  plan(ctx, current): ClientPlan {
    const f = locateClaudeFiles(ctx);
    const warnings: string[] = [];
    // Parse all three before changing any: one broken file stops everything.
    const servers = new JsonDocument(current.get(f.servers) ?? null, f.servers, STRICT_JSON, ctx.created.get(f.servers));
    const settings = new JsonDocument(current.get(f.settings) ?? null, f.settings, STRICT_JSON, ctx.created.get(f.settings));
    const local = f.local ? new JsonDocument(current.get(f.local) ?? null, f.local, STRICT_JSON, ctx.created.get(f.local)) : undefined;

    applyServerEntries(servers, ['mcpServers'], ctx, (s) => buildStdioFields(s, true));

    const allow = ['permissions', 'allow'];
    if (isReadSelected(ctx)) {
      if (ctx.remove) {
        settings.removeFromSet(allow, formatClaudeAllowRule(ctx.readServer));
        settings.pruneIfEmpty(allow);
        settings.pruneIfEmpty(['permissions']);
      } else {
        settings.addToSet(allow, formatClaudeAllowRule(ctx.readServer));
      }
    }
    const allowed = settings.get(allow);
    for (const name of listNonReadNames(ctx)) {
      if (Array.isArray(allowed) && allowed.some((r) => typeof r === 'string' && (r === `mcp__${name}` || r.startsWith(`mcp__${name}__`))))
        warnings.push(`${f.settings} auto-approves tools of ${name} (your own rule, kept); runos auto-approves only the read server`);
    }

    if (local && f.local) {
      const enabled = ['enabledMcpjsonServers'];
      for (const name of listOurNames(ctx)) {
        if (ctx.remove) local.removeFromSet(enabled, name);
        else local.addToSet(enabled, name);
      }
      if (ctx.remove) local.pruneIfEmpty(enabled);
      const disabled = local.get(['disabledMcpjsonServers']);
      const off = listOurNames(ctx).filter((n) => Array.isArray(disabled) && disabled.includes(n));
      if (!ctx.remove && off.length > 0)
        warnings.push(`${f.local} lists ${off.join(', ')} in disabledMcpjsonServers, which wins over enabledMcpjsonServers; kept as you set it`);
    }

    return collectPlan(ctx, [servers, settings, ...(local ? [local] : [])], warnings);
  },
  nextSteps(ctx) {
    if (ctx.remove) return ['Restart Claude Code (or run /mcp) so it drops the removed servers.'];
    return ctx.scope === 'project'
      ? [
          `Start (or restart) Claude Code in ${ctx.projectDir}; run /mcp to see the servers, and \`claude mcp list\` to check them.`,
          `Only ${ctx.readServer} is auto-approved; Claude Code asks before any tool of the other servers.`,
        ]
      : [`Restart Claude Code; run /mcp (or \`claude mcp list\`) to check the user-scope servers. Only ${ctx.readServer} is auto-approved.`];
  },
};
