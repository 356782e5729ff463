import { join } from 'node:path';
import { packageRoot } from '../core/paths.js';
import { SECRET_VALUE_PATTERNS } from '../core/secret-vocabulary.js';
import { serverName, type Tier } from '../core/tiers.js';
import type { RemoteTarget } from './remote.js';
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

/** Why a value must not be written into a client config, or undefined when it may be. */
export function describeSecretLooking(name: string, value: string): string | undefined {
  const pattern = SECRET_VALUE_PATTERNS.find((p) => p.re.test(value));
  if (pattern) return `${name} holds what looks like a secret (${pattern.name})`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      // A query or fragment is where keys ride (`?api_key=…`); serve refuses such an API URL anyway.
      if (url.username || url.password) return `${name} carries a user name or password`;
      if (url.search || url.hash) return `${name} carries a query or fragment (${url.search ? 'where keys such as ?api_key= travel' : url.hash})`;
    } catch {
      // not a URL after all: judged by the patterns above only
    }
  }
  return undefined;
}

/**
 * The variables of PASSED_ENV set now, for a server's `env`, and the reasons any of them must not be
 * written (a client config is a plain file, often committed): the caller refuses the whole run then.
 */
export function pickPassedEnv(env: NodeJS.ProcessEnv): { env: Record<string, string>; refused: string[] } {
  const picked: Record<string, string> = {};
  const refused: string[] = [];
  for (const name of PASSED_ENV) {
    const value = env[name];
    if (!value) continue;
    const why = describeSecretLooking(name, value);
    if (why) refused.push(why);
    else picked[name] = value;
  }
  return { env: picked, refused };
}

/**
 * How each selected tier's server is launched: absolute node + absolute script, `mcp serve <tier>` (plus
 * `--toolsets`/`--tools`/`--exclude-tools` as given to configure). No node
 * flags: the server tunes V8 for itself (src/server/v8-tuning.ts), so a config written by an older runos,
 * a hand-written one and `npx runos mcp serve` all run the same way.
 */
export function buildLaunches(opts: {
  platform: string;
  tiers: readonly Tier[];
  sandbox: boolean;
  env: Record<string, string>;
  extraArgs?: string[];
  remote?: Omit<RemoteTarget, 'url'> & { base: string };
}): ServerLaunch[] {
  return opts.tiers.map((tier) => ({
    tier,
    name: serverName(tier, opts.platform),
    command: process.execPath,
    args: [resolveEntryScript(), 'mcp', 'serve', tier, ...(opts.sandbox ? ['--sandbox'] : []), ...(opts.extraArgs ?? [])],
    env: opts.env,
    ...(opts.remote ? { remote: { url: `${opts.remote.base}/mcp/${tier}`, tokenEnv: opts.remote.tokenEnv, client: opts.remote.client } } : {}),
  }));
}
