import { join } from 'node:path';
import { ConfigFileError } from '../core/errors.js';
import { JsonDocument, STRICT_JSON } from './json-edit.js';
import { applyServerEntries, collectPlan, buildStdioFields } from './json-servers.js';
import { checkRooFile } from './roo-rules.js';
import type { ClientPlan, ClientWriter, ConfigureContext } from './types.js';

const locateRooFile = (ctx: ConfigureContext): string => join(ctx.projectDir, '.roo', 'mcp.json');

/** Roo Code: `.roo/mcp.json`; the read server's `alwaysAllow` lists its exact tool names, the others none. */
export const roo: ClientWriter = {
  id: 'roo',
  label: 'Roo Code',
  scopes: ['project'],
  // Roo's global file lives in the editor's extension storage, whose path depends on editor and OS.
  scopeRefusal:
    "Roo Code's user-wide MCP settings live inside the editor's extension storage; configure the project (--scope project) or add the servers from Roo's MCP panel",
  paths: (ctx) => [locateRooFile(ctx)],
  plan(ctx, current): ClientPlan {
    const file = locateRooFile(ctx);
    const doc = new JsonDocument(current.get(file) ?? null, file, STRICT_JSON, ctx.created.get(file));
    const warnings: string[] = [];
    applyServerEntries(doc, ['mcpServers'], ctx, (s) => buildStdioFields(s, false));
    if (!ctx.remove) {
      for (const s of ctx.servers) {
        const allow = ['mcpServers', s.name, 'alwaysAllow'];
        // A union in the user's order: names the user approved stay; tools new to the table are added.
        if (s.tier === 'read') for (const tool of ctx.readTools) doc.addToSet(allow, tool);
        else if (Array.isArray(doc.get(allow)) && (doc.get(allow) as unknown[]).length > 0)
          warnings.push(`${file}: ${s.name} has alwaysAllow entries of your own (kept); runos auto-approves only the read server`);
      }
    }
    const problems = checkRooFile(JSON.parse(doc.text));
    if (problems.length > 0)
      throw new ConfigFileError(`Roo Code would reject the whole file: ${problems.join('; ')}. Fix these entries and run again (nothing was written)`, file);
    return collectPlan(ctx, [doc], warnings);
  },
  nextSteps(ctx) {
    if (ctx.remove) return ['Roo Code reloads .roo/mcp.json by itself; the removed servers disappear from its MCP panel.'];
    return [
      `Open ${ctx.projectDir} in your editor; Roo Code loads .roo/mcp.json by itself (see its MCP panel).`,
      `Turn on Roo's auto-approve switch for MCP ("Use MCP servers") so the alwaysAllow list of ${ctx.readServer} takes effect; the other servers always ask.`,
    ];
  },
};
