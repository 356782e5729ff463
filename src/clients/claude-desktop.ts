import { join } from 'node:path';
import { JsonDocument, STRICT_JSON } from './json-edit.js';
import { applyServerEntries, collectPlan, buildStdioFields } from './json-servers.js';
import type { ClientPlan, ClientWriter, ConfigureContext } from './types.js';

/**
 * Where Claude Desktop keeps `claude_desktop_config.json` on each OS (its MCP quickstart): macOS
 * `~/Library/Application Support/Claude/`, Windows `%APPDATA%\Claude\`, Linux `$XDG_CONFIG_HOME/Claude/`
 * (default `~/.config/Claude/`).
 */
export function locateClaudeDesktopFile(ctx: Pick<ConfigureContext, 'env' | 'home'>, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(ctx.home, 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json');
  if (platform === 'win32') return join(ctx.env.APPDATA || join(ctx.home, 'AppData', 'Roaming'), 'Claude', 'claude_desktop_config.json');
  return join(ctx.env.XDG_CONFIG_HOME || join(ctx.home, '.config'), 'Claude', 'claude_desktop_config.json');
}

/**
 * Claude Desktop: `mcpServers` in its one user-wide, strict-JSON config (absolute command path). It keeps
 * tool approvals in the app, not in a file, so nothing is auto-approved here: every runos tool asks until
 * the user picks "Allow always" for it.
 */
export const claudeDesktop: ClientWriter = {
  id: 'claude-desktop',
  label: 'Claude Desktop',
  scopes: ['user'],
  scopeRefusal: 'Claude Desktop has one user-wide config and no project config; run it with --scope user (the default)',
  paths: (ctx) => [locateClaudeDesktopFile(ctx)],
  plan(ctx, current): ClientPlan {
    const file = locateClaudeDesktopFile(ctx);
    const doc = new JsonDocument(current.get(file) ?? null, file, STRICT_JSON, ctx.created.get(file));
    applyServerEntries(doc, ['mcpServers'], ctx, (s) => buildStdioFields(s, false));
    return collectPlan(ctx, [doc], []);
  },
  nextSteps(ctx) {
    if (ctx.remove) return ['Quit Claude Desktop completely and start it again; the removed servers are gone.'];
    return [
      'Quit Claude Desktop completely (not just its window) and start it again; the runos servers appear under the tools menu.',
      `Claude Desktop asks before every tool call; choose "Allow always" only for tools of ${ctx.readServer}, never for the other servers.`,
    ];
  },
};
