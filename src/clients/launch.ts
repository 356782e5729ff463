import { join } from 'node:path';
import { packageRoot } from '../core/paths.js';
import { SECRET_VALUE_PATTERNS } from '../core/secret-vocabulary.js';
import { serverName, type Tier } from '../core/tiers.js';
import type { ServerLaunch } from './types.js';

/**
 * Non-secret variables copied into a server's `env` when set at configure time: clients such as Roo
 * start servers with only HOME, LOGNAME, PATH, SHELL, TERM and USER (REFERENCE.md), so without them the
 * server would read another profile, table or state folder than the one configured. RUNOS_API_KEY is
 * never among them: a key stays in the keychain or the user's own environment.
 */
export const PASSED_ENV = ['RUNOS_PROFILE', 'RUNOS_API_URL', 'RUNOS_CONFIG_DIR', 'RUNOS_CACHE_DIR', 'RUNOS_STATE_DIR', 'RUNOS_AUDIT_LOG'] as const;

/**
 * Names Codex forwards from the user's environment (`env_vars`): Codex servers do not inherit it.
 * The key is forwarded by name, never written; DBUS_SESSION_BUS_ADDRESS lets the Linux keychain answer.
 */
export const CODEX_ENV_VARS = [
  'RUNOS_API_URL',
  'RUNOS_API_KEY',
  'RUNOS_PROFILE',
  'RUNOS_CONFIG_DIR',
  'RUNOS_CACHE_DIR',
  'RUNOS_STATE_DIR',
  'RUNOS_AUDIT_LOG',
  'HOME',
  'XDG_CONFIG_HOME',
  'XDG_CACHE_HOME',
  'XDG_STATE_HOME',
  'DBUS_SESSION_BUS_ADDRESS',
] as const;

/** The runos entry script of this installed package (absolute): what every config launches. */
export function resolveEntryScript(): string {
  return join(packageRoot(), 'dist', 'cli.js');
}

/**
 * The variables of PASSED_ENV set now, for a server's `env`; a value that looks like a secret (say an
 * API URL with `user:password@`) is withheld by name: a client config must never hold one.
 */
export function pickPassedEnv(env: NodeJS.ProcessEnv): { env: Record<string, string>; withheld: string[] } {
  const picked: Record<string, string> = {};
  const withheld: string[] = [];
  for (const name of PASSED_ENV) {
    const value = env[name];
    if (!value) continue;
    if (SECRET_VALUE_PATTERNS.some((p) => p.re.test(value))) withheld.push(name);
    else picked[name] = value;
  }
  return { env: picked, withheld };
}

/**
 * How each selected tier's server is launched: absolute node + absolute script, `mcp serve <tier>` (plus
 * `--toolsets`/`--tools`/`--exclude-tools` as given to configure). No node
 * flags: the server tunes V8 for itself (src/server/v8-tuning.ts), so a config written by an older runos,
 * a hand-written one and `npx runos mcp serve` all run the same way.
 */
export function buildLaunches(opts: { platform: string; tiers: readonly Tier[]; sandbox: boolean; env: Record<string, string>; extraArgs?: string[] }): ServerLaunch[] {
  return opts.tiers.map((tier) => ({
    tier,
    name: serverName(tier, opts.platform),
    command: process.execPath,
    args: [resolveEntryScript(), 'mcp', 'serve', tier, ...(opts.sandbox ? ['--sandbox'] : []), ...(opts.extraArgs ?? [])],
    env: opts.env,
  }));
}
