import { join } from 'node:path';
import { JSONC, JsonDocument } from './json-edit.js';
import { applyServerEntries, collectPlan, buildStdioFields } from './json-servers.js';
import type { ClientPlan, ClientWriter, ConfigureContext } from './types.js';

const locateVscodeFile = (ctx: ConfigureContext): string => join(ctx.projectDir, '.vscode', 'mcp.json');

/**
 * VS Code (Copilot agent mode): `.vscode/mcp.json`, JSONC with a top-level `servers` map. VS Code keeps
 * tool approvals in its own storage, not in a file we could write, so nothing is auto-approved here.
 */
export const vscode: ClientWriter = {
  id: 'vscode',
  label: 'VS Code',
  scopes: ['project'],
  scopeRefusal:
    "VS Code's user mcp.json lives in its profile folder, which depends on the edition and profile; configure the workspace (--scope project) or run 'MCP: Open User Configuration' and copy the entries",
  paths: (ctx) => [locateVscodeFile(ctx)],
  plan(ctx, current): ClientPlan {
    const file = locateVscodeFile(ctx);
    const doc = new JsonDocument(current.get(file) ?? null, file, JSONC, ctx.created.get(file));
    applyServerEntries(doc, ['servers'], ctx, (s) => buildStdioFields(s, true));
    return collectPlan(ctx, [doc], []);
  },
  nextSteps(ctx) {
    if (ctx.remove) return ['VS Code notices the change; the removed servers leave the MCP: List Servers view.'];
    return [
      `Open ${ctx.projectDir} in VS Code, run "MCP: List Servers" and start the runos servers (trust them when asked).`,
      `For ${ctx.readServer} you may choose "Always allow" in the first confirmation; keep the other servers on "Allow once".`,
    ];
  },
};
