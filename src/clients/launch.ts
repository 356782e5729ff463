import { join } from 'node:path';
import { packageRoot } from '../core/paths.js';
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

/** How each selected tier's server is launched: absolute node + absolute script, `mcp serve <tier>`. */
export function buildLaunches(opts: { platform: string; tiers: readonly Tier[]; sandbox: boolean; env: NodeJS.ProcessEnv }): ServerLaunch[] {
  const env: Record<string, string> = {};
  for (const name of PASSED_ENV) {
    const value = opts.env[name];
    if (value) env[name] = value;
  }
  return opts.tiers.map((tier) => ({
    tier,
    name: serverName(tier, opts.platform),
    command: process.execPath,
    args: [resolveEntryScript(), 'mcp', 'serve', tier, ...(opts.sandbox ? ['--sandbox'] : [])],
    env,
  }));
}
