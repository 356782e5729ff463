import { join } from 'node:path';
import { JsonDocument, STRICT_JSON } from './json-edit.js';
import { applyServerEntries, listNonReadNames, listOurNames, collectPlan, isReadSelected, buildStdioFields } from './json-servers.js';
import { claudeStateFile, isClaudeTrusted, planClaudeTrust } from './trust.js';
import type { ClientPlan, ClientWriter, ConfigureContext } from './types.js';

interface ClaudeFiles {
  /** Holds `mcpServers`: `.mcp.json` (project) or `~/.claude.json` (user). */
  servers: string;
  /** Holds `permissions.allow`. */
  settings: string;
  /** Holds `enabledMcpjsonServers` (project scope only). */
  local?: string;
  /** `~/.claude.json`, edited for the trust entry (project scope with --trust only). */
  trust?: string;
}

function locateClaudeFiles(ctx: ConfigureContext): ClaudeFiles {
  if (ctx.scope === 'project') {
    return {
      servers: join(ctx.projectDir, '.mcp.json'),
      settings: join(ctx.projectDir, '.claude', 'settings.json'),
      local: join(ctx.projectDir, '.claude', 'settings.local.json'),
      ...(ctx.trust ? { trust: claudeStateFile(ctx) } : {}),
    };
  }
  // User-scope servers live in ~/.claude.json (a big state file: we only ever `modify` our keys in it);
  // CLAUDE_CONFIG_DIR moves both files (Claude Code settings docs).
  const dir = ctx.env.CLAUDE_CONFIG_DIR;
  return dir
    ? { servers: join(dir, '.claude.json'), settings: join(dir, 'settings.json') }
    : { servers: join(ctx.home, '.claude.json'), settings: join(ctx.home, '.claude', 'settings.json') };
}

/**
 * The permission rules that auto-approve every tool of one server: the server form `mcp__<server>` and the
 * wildcard form `mcp__<server>__*`. Both match in Claude Code 2.1.197, but releases have broken one form
 * or the other (around 2.1.195 `mcp__s__*`, anthropics/claude-code#73052), so we write both: a regression
 * of one still leaves the read server approved. Exact tool names would survive too, but then every tool a
 * `manifest update` adds would wait for a re-configure. Neither form reaches another server
 * (`mcp__runos` does not match `runos-write`), and `mcp__*` is rejected in `allow`.
 */
export function formatClaudeAllowRules(server: string): string[] {
  return [`mcp__${server}`, `mcp__${server}__*`];
}

/** Claude Code: `.mcp.json`, `permissions.allow` for the read server only, `enabledMcpjsonServers`. */
export const claude: ClientWriter = {
  id: 'claude',
  label: 'Claude Code',
  scopes: ['project', 'user'],
  paths(ctx) {
    const f = locateClaudeFiles(ctx);
    return [f.servers, f.settings, ...(f.local ? [f.local] : []), ...(f.trust ? [f.trust] : [])];
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
        for (const rule of formatClaudeAllowRules(ctx.readServer)) settings.removeFromSet(allow, rule);
        settings.pruneIfEmpty(allow);
        settings.pruneIfEmpty(['permissions']);
      } else {
        for (const rule of formatClaudeAllowRules(ctx.readServer)) settings.addToSet(allow, rule);
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

    const plan = collectPlan(ctx, [servers, settings, ...(local ? [local] : [])], warnings);
    if (f.trust && !ctx.remove) {
      // Not recorded: the trust entry is the client's state, and --remove leaves it as the user has it.
      const doc = planClaudeTrust(current.get(f.trust) ?? null, f.trust, ctx.projectDir);
      plan.files.set(f.trust, doc.result(false));
    }
    return plan;
  },
  trustFile: (ctx) => claudeStateFile(ctx),
  isTrusted: isClaudeTrusted,
  nextSteps(ctx, state) {
    if (ctx.remove) return ['Restart Claude Code (or run /mcp) so it drops the removed servers.'];
    if (ctx.scope === 'user')
      return [`Restart Claude Code; run /mcp (or \`claude mcp list\`) to check the user-scope servers. Only ${ctx.readServer} is auto-approved.`];
    return [
      ...(state.trusted
        ? []
        : [
            `Trust the folder: Claude Code ignores .claude/settings.json (so even ${ctx.readServer} would ask) until you accept its trust dialog for exactly ${ctx.projectDir}. Start \`claude\` there once and accept it, or run this command again with --trust.`,
          ]),
      `Start (or restart) Claude Code in ${ctx.projectDir}; run /mcp to see the servers, and \`claude mcp list\` to check them.`,
      `Only ${ctx.readServer} is auto-approved; Claude Code asks before any tool of the other servers.`,
    ];
  },
};
