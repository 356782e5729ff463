import { readFile } from 'node:fs/promises';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { CLIENTS, type ClientId } from '../core/clients.js';
import { isTier, type Tier } from '../core/tiers.js';
import { WRITERS } from '../clients/registry.js';
import type { ConfigureContext, Scope } from '../clients/types.js';

/** One runos server entry found in a client config. */
export interface FoundServer {
  name: string;
  tier: Tier;
  command: string;
  args: string[];
  /** Literal `env` of the entry. */
  env: Record<string, string>;
  /** Codex `env_vars`: names forwarded from the user's environment. */
  envVars: string[];
  sandbox: boolean;
  /** `--table <dir>` of the entry, when given. */
  table?: string;
  profile?: string;
  entry: Record<string, unknown>;
}

/** A client config file holding runos servers (or one that could not be read). */
export interface FoundConfig {
  client: ClientId;
  label: string;
  scope: Scope;
  file: string;
  /** The other files of this client and scope (allowlists), with their parsed values (undefined: absent or unreadable). */
  others: Map<string, Record<string, any> | undefined>;
  value?: Record<string, any>;
  servers: FoundServer[];
  ctx: ConfigureContext;
  problem?: string;
}

/** Where each client keeps its server map. */
const CONTAINER: Partial<Record<ClientId, string>> = { vscode: 'servers', codex: 'mcp_servers' };

/** Parse a client file as its client would (JSONC is a superset of the strict JSON files; TOML by smol-toml). */
export function parseClientFile(file: string, text: string): Record<string, any> {
  const body = text.replace(/^\uFEFF/, '');
  if (file.endsWith('.toml')) return parseToml(body) as Record<string, any>;
  const errors: ParseError[] = [];
  const value = parseJsonc(body, errors, { allowTrailingComma: true });
  if (errors.length > 0 || !value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a valid JSON object');
  return value as Record<string, any>;
}

async function readParsed(file: string): Promise<{ value?: Record<string, any>; problem?: string; absent?: boolean }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? { absent: true } : { problem: `cannot read it (${(err as NodeJS.ErrnoException).code})` };
  }
  try {
    return { value: parseClientFile(file, text) };
  } catch (err) {
    return { problem: `does not parse (${(err as Error).message.split('\n')[0]}): the client cannot load it either` };
  }
}

/** A runos entry: its args hold `mcp serve <tier>` (written by configure, or by hand). */
export function readRunosEntry(name: string, entry: unknown): FoundServer | undefined {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
  const e = entry as Record<string, unknown>;
  const args = Array.isArray(e.args) ? e.args.filter((a): a is string => typeof a === 'string') : [];
  const at = args.findIndex((a, i) => a === 'mcp' && args[i + 1] === 'serve' && isTier(args[i + 2]));
  if (at < 0 || typeof e.command !== 'string') return undefined;
  const flag = (f: string): string | undefined => {
    const i = args.indexOf(f);
    return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`${f}=`))?.slice(f.length + 1);
  };
  const env = e.env && typeof e.env === 'object' && !Array.isArray(e.env) ? Object.fromEntries(Object.entries(e.env).filter((x): x is [string, string] => typeof x[1] === 'string')) : {};
  return {
    name,
    tier: args[at + 2] as Tier,
    command: e.command,
    args,
    env,
    envVars: Array.isArray(e.env_vars) ? e.env_vars.filter((v): v is string => typeof v === 'string') : [],
    sandbox: args.includes('--sandbox'),
    table: flag('--table'),
    profile: flag('--profile') ?? env.RUNOS_PROFILE,
    entry: e,
  };
}

/** Every client config (each client, each scope) that holds a runos server, for one project folder. */
export async function findConfigs(opts: { projectDir: string; home: string; env: NodeJS.ProcessEnv }): Promise<FoundConfig[]> {
  const found: FoundConfig[] = [];
  for (const client of CLIENTS) {
    const writer = WRITERS[client];
    for (const scope of writer.scopes) {
      const ctx: ConfigureContext = { projectDir: opts.projectDir, home: opts.home, scope, remove: false, servers: [], readServer: '', readTools: [], env: opts.env, created: new Map(), trust: false };
      const [file, ...rest] = writer.paths(ctx);
      if (!file) continue;
      const parsed = await readParsed(file);
      if (parsed.absent) continue;
      const base = { client, label: writer.label, scope, file, ctx, others: new Map<string, Record<string, any> | undefined>() };
      if (parsed.problem) {
        found.push({ ...base, servers: [], problem: parsed.problem });
        continue;
      }
      const map = parsed.value![CONTAINER[client] ?? 'mcpServers'];
      const servers = map && typeof map === 'object' ? Object.entries(map).map(([n, e]) => readRunosEntry(n, e)).filter((s): s is FoundServer => !!s) : [];
      if (servers.length === 0) continue;
      for (const other of rest) base.others.set(other, (await readParsed(other)).value);
      found.push({ ...base, value: parsed.value, servers });
    }
  }
  return found;
}
