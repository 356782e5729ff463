import { join } from 'node:path';
import { JSONC, JsonDocument } from './json-edit.js';
import { applyServerEntries, listNonReadNames, collectPlan, buildStdioFields } from './json-servers.js';
import type { ClientPlan, ClientWriter, ConfigureContext } from './types.js';

function locateGeminiFile(ctx: ConfigureContext): string {
  return ctx.scope === 'project' ? join(ctx.projectDir, '.gemini', 'settings.json') : join(ctx.home, '.gemini', 'settings.json');
}

/** Gemini CLI: `mcpServers` in settings.json; `trust: true` (no confirmations) on the read server only. */
export const gemini: ClientWriter = {
  id: 'gemini',
  label: 'Gemini CLI',
  scopes: ['project', 'user'],
  paths: (ctx) => [locateGeminiFile(ctx)],
  plan(ctx, current): ClientPlan {
    const file = locateGeminiFile(ctx);
    // Gemini CLI strips comments from settings.json before parsing, so comments are the user's to keep.
    const doc = new JsonDocument(current.get(file) ?? null, file, JSONC, ctx.created.get(file));
    const warnings: string[] = [];
    applyServerEntries(doc, ['mcpServers'], ctx, (s) => ({ ...buildStdioFields(s, false), ...(s.tier === 'read' ? { trust: true } : {}) }));
    if (!ctx.remove)
      for (const name of listNonReadNames(ctx))
        if (doc.get(['mcpServers', name, 'trust']) === true)
          warnings.push(`${file}: ${name} has "trust": true of your own (kept); it skips every confirmation of that server`);
    return collectPlan(ctx, [doc], warnings);
  },
  nextSteps(ctx) {
    if (ctx.remove) return ['Restart Gemini CLI; /mcp no longer lists the removed servers.'];
    return [`Restart Gemini CLI and run /mcp to see the servers; ${ctx.readServer} is trusted (no confirmations), the others ask for every call.`];
  },
};
