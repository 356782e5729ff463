import { UsageError } from '../../core/errors.js';
import { isTier, TIERS, type Tier } from '../../core/tiers.js';
import { mintToken, readTokenFile, tokensFilePath, tokenState, writeTokenFile, type StoredToken } from './token-store.js';

/** Where the commands print (tests pass their own). */
export interface TokenIO {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  now?: () => Date;
}

const processIO: TokenIO = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env };

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** `30d`, `12h`, `90m` or an ISO date/time → the moment the token stops working. */
export function parseExpiry(value: string, now: Date): Date {
  const rel = /^(\d+)([mhdw])$/.exec(value.trim());
  if (rel) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[rel[2] as 'm' | 'h' | 'd' | 'w'];
    return new Date(now.getTime() + Number(rel[1]) * unit);
  }
  const at = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at)) throw new UsageError(`--expires takes a duration (30d, 12h, 90m, 2w) or an ISO date, not ${JSON.stringify(value)}`);
  if (at <= now.getTime()) throw new UsageError(`--expires ${value} is in the past`);
  return new Date(at);
}

function parseTierList(value: unknown): Tier[] {
  const names = String(value ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  const bad = names.filter((t) => !isTier(t));
  if (names.length === 0 || bad.length) throw new UsageError(`--tiers takes a comma-separated list of ${TIERS.join(', ')}${bad.length ? ` (unknown: ${bad.join(', ')})` : ''}`);
  return TIERS.filter((t) => names.includes(t));
}

/**
 * `runos mcp token create --name <n> --tiers <list> [--expires 30d]`: prints the token once, on stdout
 * alone (so `TOKEN=$(runos mcp token create …)` works); only its SHA-256 is stored.
 */
export async function runTokenCreate(argv: { name?: unknown; tiers?: unknown; expires?: unknown; file?: unknown }, io: TokenIO = processIO): Promise<number> {
  const name = String(argv.name ?? '');
  if (!NAME.test(name)) throw new UsageError('--name takes 1–64 letters, digits, `.`, `_`, `@` or `-` (it is what the audit log shows for this caller)');
  const tiers = parseTierList(argv.tiers);
  const now = io.now?.() ?? new Date();
  const expires = argv.expires === undefined || argv.expires === '' ? null : parseExpiry(String(argv.expires), now);
  const path = typeof argv.file === 'string' && argv.file ? argv.file : tokensFilePath(io.env);
  const file = readTokenFile(path);
  if (file.tokens.some((t) => t.name === name && tokenState(t, now.getTime()) === 'active'))
    throw new UsageError(`an active token named ${name} exists; revoke it first (\`runos mcp token revoke ${name}\`) or pick another name`);
  const { token, record } = mintToken(name, tiers, expires, now);
  file.tokens.push(record);
  await writeTokenFile(path, file);
  io.out(`${token}\n`);
  io.err(`runos: token ${name} (${record.id}) for ${tiers.join(', ')}${expires ? `, expires ${expires.toISOString()}` : ', no expiry'}; stored hashed in ${path}\n`);
  io.err('runos: this is the only time the token is shown: give it to its user now (as RUNOS_MCP_TOKEN, say)\n');
  return 0;
}

/** `runos mcp token list [--json]`: every token with its tiers and state; never a token or its hash. */
export async function runTokenList(argv: { json?: unknown; file?: unknown }, io: TokenIO = processIO): Promise<number> {
  const path = typeof argv.file === 'string' && argv.file ? argv.file : tokensFilePath(io.env);
  const now = (io.now?.() ?? new Date()).getTime();
  const rows = readTokenFile(path).tokens.map((t) => ({ id: t.id, name: t.name, tiers: t.tiers, created: t.created, expires: t.expires, revoked: t.revoked, state: tokenState(t, now) }));
  if (argv.json) {
    io.out(rows.map((r) => JSON.stringify(r) + '\n').join(''));
    return 0;
  }
  if (rows.length === 0) {
    io.err(`runos: no tokens in ${path}; create one with \`runos mcp token create --name <who> --tiers read\`\n`);
    return 0;
  }
  const table = [['name', 'id', 'tiers', 'state', 'created', 'expires'], ...rows.map((r) => [r.name, r.id, r.tiers.join(','), r.state, r.created.slice(0, 19), r.expires?.slice(0, 19) ?? '-'])];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  io.out(table.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd() + '\n').join(''));
  return 0;
}

/** `runos mcp token revoke <name|id>`: the token stops working at once on every server reading this file. */
export async function runTokenRevoke(argv: { token?: unknown; file?: unknown }, io: TokenIO = processIO): Promise<number> {
  const which = String(argv.token ?? '');
  const path = typeof argv.file === 'string' && argv.file ? argv.file : tokensFilePath(io.env);
  const file = readTokenFile(path);
  const now = io.now?.() ?? new Date();
  const matches = file.tokens.filter((t: StoredToken) => (t.id === which || t.name === which) && !t.revoked);
  if (matches.length === 0) throw new UsageError(`no unrevoked token named or with id ${JSON.stringify(which)} in ${path} (see \`runos mcp token list\`)`);
  for (const t of matches) t.revoked = now.toISOString();
  await writeTokenFile(path, file);
  io.err(`runos: revoked ${matches.map((t) => `${t.name} (${t.id})`).join(', ')}; servers reading ${path} refuse it from the next request\n`);
  return 0;
}
