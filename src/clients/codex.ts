import { join } from 'node:path';
import { ConfigFileError } from '../core/errors.js';
import { CODEX_ENV_VARS } from './launch.js';
import { TomlDocument } from './toml-edit.js';
import type { ClientPlan, ClientWriter, ConfigureContext, ServerLaunch } from './types.js';

/** Codex's approval modes (REFERENCE.md); any other value breaks every codex command, so we check. */
export const CODEX_APPROVAL_MODES = ['auto', 'prompt', 'writes', 'approve'] as const;

function locateCodexFile(ctx: ConfigureContext): string {
  return ctx.scope === 'project'
    ? join(ctx.projectDir, '.codex', 'config.toml')
    : join(ctx.env.CODEX_HOME || join(ctx.home, '.codex'), 'config.toml');
}

/** The keys of our `[mcp_servers.<name>]` table; `approve` only for the read server. */
export function buildCodexFields(s: ServerLaunch): Record<string, unknown> {
  return {
    command: s.command,
    args: s.args,
    // Codex servers do not inherit the environment: forward what serve reads, by name (this also
    // covers the non-secret RUNOS_* values the JSON clients get as literal `env`).
    env_vars: [...CODEX_ENV_VARS],
    default_tools_approval_mode: s.tier === 'read' ? 'approve' : 'prompt',
  };
}

/** Problems with Codex enum values anywhere in `mcp_servers` (ours and the user's). */
export function checkCodexConfig(config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const modes = CODEX_APPROVAL_MODES as readonly unknown[];
  const servers = (config.mcp_servers ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, server] of Object.entries(servers)) {
    const mode = server?.default_tools_approval_mode;
    if (mode !== undefined && !modes.includes(mode)) problems.push(`mcp_servers.${name}.default_tools_approval_mode = ${JSON.stringify(mode)}`);
    const tools = (server?.tools ?? {}) as Record<string, Record<string, unknown>>;
    for (const [tool, t] of Object.entries(tools)) {
      if (t?.approval_mode !== undefined && !modes.includes(t.approval_mode))
        problems.push(`mcp_servers.${name}.tools.${tool}.approval_mode = ${JSON.stringify(t.approval_mode)}`);
    }
  }
  return problems;
}

/** Codex: `[mcp_servers.<name>]` tables in config.toml, edited in place and re-parsed with smol-toml. */
export const codex: ClientWriter = {
  id: 'codex',
  label: 'Codex',
  scopes: ['user', 'project'],
  paths: (ctx) => [locateCodexFile(ctx)],
  plan(ctx, current): ClientPlan {
    const file = locateCodexFile(ctx);
    const doc = new TomlDocument(current.get(file) ?? null, file, ctx.created.get(file));
    const warnings: string[] = [];
    if (ctx.scope === 'project')
      warnings.push(`Codex reads ${file} only when you trust the project ${ctx.projectDir}; the user file (~/.codex/config.toml, the default) needs no trust`);
    for (const s of ctx.servers) {
      if (ctx.remove) doc.removeServer(s.name);
      else doc.upsert(s.name, buildCodexFields(s));
    }
    const after = doc.verify((servers) => {
      for (const s of ctx.servers) {
        if (ctx.remove) delete servers[s.name];
        else servers[s.name] = { ...((servers[s.name] as object | undefined) ?? {}), ...buildCodexFields(s) };
      }
    });
    const problems = checkCodexConfig(after);
    if (problems.length > 0)
      throw new ConfigFileError(
        `invalid Codex approval mode (${problems.join('; ')}); valid values are ${CODEX_APPROVAL_MODES.join(', ')}. Fix it and run again (nothing was written)`,
        file,
      );
    return { files: new Map([[file, doc.result(ctx.remove)]]), created: new Map([[file, doc.created]]), warnings };
  },
  nextSteps(ctx) {
    if (ctx.remove) return ['Start a new Codex session; the removed servers are gone.'];
    return [
      ...(ctx.scope === 'project' ? [`Trust the project in Codex (it asks on first start in ${ctx.projectDir}), or its .codex/config.toml is ignored.`] : []),
      `Start a new Codex session and run /mcp to see the servers; ${ctx.readServer} runs without asking, the others prompt for every call.`,
    ];
  },
};
