import { join } from 'node:path';
import { ConfigFileError } from '../core/errors.js';
import { CODEX_ENV_VARS } from './launch.js';
import { parseTomlStrict, TomlDocument } from './toml-edit.js';
import { codexUserFile, isCodexTrusted, planCodexTrust } from './trust.js';
import type { ClientPlan, ClientWriter, ConfigureContext, ServerLaunch } from './types.js';

/** Codex's approval modes (REFERENCE.md); any other value breaks every codex command, so we check. */
export const CODEX_APPROVAL_MODES = ['auto', 'prompt', 'writes', 'approve'] as const;

function locateCodexFile(ctx: ConfigureContext): string {
  return ctx.scope === 'project' ? join(ctx.projectDir, '.codex', 'config.toml') : codexUserFile(ctx);
}

/**
 * Said with every Codex configure: approvals are the tier boundary in Codex, and its flags that drop them
 * drop ours too (REFERENCE.md: `--dangerously-bypass-approvals-and-sandbox` runs everything).
 */
export const CODEX_SANDBOX_WARNING =
  "Codex's sandbox does not contain MCP servers: runos servers reach the API from outside it, and only Codex's approval prompt stands between the model and the write and sensitive tools. Never start Codex with --dangerously-bypass-approvals-and-sandbox (--yolo) with these servers configured: it runs every runos tool without asking.";

/**
 * The keys of our `[mcp_servers.<name>]` table: `approve` (run without asking) only for the read server,
 * `prompt` (ask for every call, whatever the tool's annotations say) for the other three.
 */
export function buildCodexFields(s: ServerLaunch): Record<string, unknown> {
  const approval = s.tier === 'read' ? 'approve' : 'prompt';
  // Remote: Codex sends `Authorization: Bearer $<bearer_token_env_var>` itself (REFERENCE.md, Codex).
  if (s.remote) return { url: s.remote.url, bearer_token_env_var: s.remote.tokenEnv, default_tools_approval_mode: approval };
  return {
    command: s.command,
    args: s.args,
    // Codex servers do not inherit the environment: forward what serve reads, by name (this also
    // covers the non-secret RUNOS_* values the JSON clients get as literal `env`).
    env_vars: [...CODEX_ENV_VARS],
    default_tools_approval_mode: approval,
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
  // Project first, as the platform's docs promise (`runos mcp configure codex` creates .codex/config.toml).
  scopes: ['project', 'user'],
  paths: (ctx) => [locateCodexFile(ctx), ...(ctx.trust && ctx.scope === 'project' ? [codexUserFile(ctx)] : [])],
  plan(ctx, current): ClientPlan {
    const file = locateCodexFile(ctx);
    const doc = new TomlDocument(current.get(file) ?? null, file, ctx.created.get(file));
    const before = (parseTomlStrict((current.get(file) ?? '').replace(/^\uFEFF/, ''), file).mcp_servers ?? {}) as Record<string, Record<string, unknown>>;
    const warnings: string[] = ctx.remove ? [] : [CODEX_SANDBOX_WARNING];
    for (const s of ctx.servers) {
      if (ctx.remove) doc.removeServer(s.name);
      else {
        // An entry switching between local and remote would keep the other transport's keys; say so instead.
        const other = s.remote ? ['command', 'args'] : ['url'];
        if (other.some((k) => before[s.name]?.[k] !== undefined))
          throw new ConfigFileError(`mcp_servers.${s.name} is ${s.remote ? 'a local (command)' : 'a remote (url)'} entry; run \`runos mcp configure codex --remove\` first, then configure again (nothing was written)`, file);
        doc.upsert(s.name, buildCodexFields(s));
      }
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
    const files = new Map([[file, doc.result(ctx.remove)]]);
    if (ctx.trust && ctx.scope === 'project' && !ctx.remove) {
      // Not recorded: the trust entry is Codex's own, and --remove leaves it as the user has it.
      const user = codexUserFile(ctx);
      files.set(user, planCodexTrust(current.get(user) ?? null, user, ctx.projectDir));
    }
    return { files, created: new Map([[file, doc.created]]), warnings };
  },
  trustFile: (ctx) => codexUserFile(ctx),
  isTrusted: isCodexTrusted,
  nextSteps(ctx, state) {
    if (ctx.remove) return ['Start a new Codex session; the removed servers are gone.'];
    return [
      ...(ctx.scope === 'project' && !state.trusted
        ? [
            `Trust the folder: Codex ignores ${join(ctx.projectDir, '.codex', 'config.toml')} until ${ctx.projectDir} is a trusted project. Start \`codex\` there once and choose to trust it, or run this command again with --trust (or use --scope user).`,
          ]
        : []),
      `Start a new Codex session in ${ctx.scope === 'project' ? ctx.projectDir : 'any folder'} and run /mcp to see the servers; ${ctx.readServer} runs without asking, the others ask before every call.`,
    ];
  },
};
