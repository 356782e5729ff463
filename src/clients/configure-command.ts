// `runos mcp configure <client>`: writes a client's MCP config and allowlist files (REFERENCE.md,
// "Client configuration files" and "Merge rules"). How it behaves, for users and reviewers:
// - Plan first, write last: every file of the client is read and strictly parsed, all edits are planned
//   and validated (Roo field rules, Codex enums, TOML re-parse) before the first byte is written; one
//   broken file stops everything and names the file, line and column.
// - Only our entries change (server names from the table's platform; the read server's allowlist items);
//   in an entry of ours we set command/args/type/our env keys and keep whatever else is in it.
// - Before changing an existing file a copy goes to `<state dir>/config-backups/<url-encoded path>`
//   (outside the project, so it is never committed); writes are atomic, keep the file's mode and go
//   through symlinks; a file another program changed since we read it is not overwritten.
// - All or nothing: every write is checked first (a file or folder without its owner's write bit is
//   read-only to us, even as root); a write that still fails puts back every file already written.
//   Runs sharing a state folder take a lock per file (lock.ts), so concurrent runs lose no entry.
// - Refused with a clear sentence, nothing written: duplicate keys, `mcpServers` that is not an object,
//   TOML `mcp_servers` written inline, and a RUNOS_* value that looks secret (a key, `?api_key=`, a
//   password in the URL): a client config never holds one. A UTF-8 byte-order mark is kept.
// - A second run changes nothing and says "already up to date"; `--dry-run` prints a unified diff.
// - `--remove` takes out exactly our entries and allowlist items. Containers runos created
//   (`mcpServers`, `permissions.allow`…) are recorded in `<state dir>/configure-record.json` and pruned
//   when empty, so configure + remove gives back the original bytes; a file runos created (recorded as
//   `[]`) and that then holds nothing else is deleted (with its folder, if empty); a user's file, even
//   one holding only `{}`, never is. Without a record (say, a fresh clone) empty containers are pruned.
//   A file that had no final newline gets one.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { CLIENTS, type ClientId } from '../core/clients.js';
import { UsageError } from '../core/errors.js';
import { loadServedTable } from '../core/table-source.js';
import { isTier, serverName, TIERS, type Tier } from '../core/tiers.js';
import { parseNameList, selectTools } from '../core/tool-selection.js';
import { applyChanges, findChanges, renderDiff, readCurrent } from './apply.js';
import { buildLaunches, pickPassedEnv, resolveEntryScript } from './launch.js';
import { withFileLocks } from './lock.js';
import { parseRemote } from './remote.js';
import { readRecord, resolveRecordPath, saveRecord } from './record.js';
import { selectionArgs, toolCountWarnings } from './tool-limits.js';
import { WRITERS } from './registry.js';
import { SCOPES, type ClientState, type ConfigureContext, type Scope } from './types.js';

/** Where the command prints and what it reads from the world (tests pass their own). */
export interface ConfigureIO {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const processIO: ConfigureIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
};

function parseTiers(value: unknown): Tier[] {
  if (value === undefined || value === '') return [...TIERS];
  const names = String(value).split(',').map((t) => t.trim()).filter(Boolean);
  const bad = names.filter((t) => !isTier(t));
  if (bad.length > 0) throw new UsageError(`unknown tier ${bad.join(', ')} in --tiers; use a comma-separated list of ${TIERS.join(', ')}`);
  return TIERS.filter((t) => names.includes(t));
}

/** `runos mcp configure <client>`: plan every file, then print the diff (--dry-run) or write them all. */
export async function runConfigure(argv: Record<string, unknown>, io: ConfigureIO = processIO): Promise<number> {
  const client = argv.client as ClientId;
  if (!CLIENTS.includes(client)) throw new UsageError(`unknown client ${String(client)}; use one of ${CLIENTS.join(', ')}`);
  const writer = WRITERS[client];
  const scope = (argv.scope ?? writer.scopes[0]) as Scope;
  if (!SCOPES.includes(scope)) throw new UsageError(`--scope must be project or user`);
  if (!writer.scopes.includes(scope))
    throw new UsageError(writer.scopeRefusal ?? `${writer.label} is configured with --scope ${writer.scopes.join(' or ')}, not ${scope}`);
  const remove = argv.remove === true;
  const dryRun = argv.dryRun === true || argv['dry-run'] === true;
  const projectDir = resolve(io.cwd, typeof argv.dir === 'string' ? argv.dir : '.');
  if (scope === 'project' && !(existsSync(projectDir) && statSync(projectDir).isDirectory()))
    throw new UsageError(`--dir ${projectDir} is not a folder; name the project folder to configure`);
  const tiers = parseTiers(argv.tiers);
  const remote = argv.remote === undefined || argv.remote === '' ? undefined : { ...parseRemote(argv.remote, argv.tokenEnv ?? argv['token-env']), client };
  if (remote && argv.sandbox === true) throw new UsageError('--remote and --sandbox do not go together: the sandbox runs locally');
  const trust = argv.trust === true;
  if (trust && !writer.trustFile)
    throw new UsageError(`${writer.label} has no folder-trust setting for runos to write; run without --trust`);
  if (trust && scope !== 'project') throw new UsageError('--trust marks the project folder as trusted; use it with --scope project');
  if (trust && remove) throw new UsageError('--remove never changes the trust entry (it is the client\'s own); run --remove without --trust');

  const { table } = await loadServedTable(undefined, io.env);
  const selection = { toolsets: parseNameList(argv.toolsets), tools: parseNameList(argv.tools), excludeTools: parseNameList(argv.excludeTools) };
  if (!remove) {
    const { unknownToolsets, unknownTools } = selectTools(table, 'read', selection);
    if (unknownToolsets.length > 0) throw new UsageError(`no toolset ${unknownToolsets.join(', ')} in the table; see \`runos mcp tools --toolsets\``);
    if (unknownTools.length > 0) throw new UsageError(`no tool ${unknownTools.join(', ')} in the table; see \`runos mcp tools\``);
  }
  const passed = pickPassedEnv(io.env);
  if (passed.refused.length > 0)
    throw new UsageError(
      `${passed.refused.join('; ')}: runos never writes secrets into a client config. Unset it or give the plain API URL (the key belongs in \`runos login\`), and run again (nothing was written)`,
    );
  const base: ConfigureContext = {
    projectDir,
    home: io.env.HOME || homedir(),
    scope,
    remove,
    servers: buildLaunches({ platform: table.platform, tiers, sandbox: argv.sandbox === true, env: passed.env, extraArgs: selectionArgs(selection), remote }),
    readServer: serverName('read', table.platform),
    readTools: selectTools(table, 'read', selection).tools.map((t) => t.name),
    env: io.env,
    created: new Map(),
    trust,
  };
  const what = `${writer.label} (${scope} scope, ${base.servers.map((s) => s.name).join(', ')})`;
  const paths = writer.paths(base);

  // Read, plan and write under a lock on every file touched (the record included): a second run waits,
  // then plans from what the first one wrote.
  const locked = dryRun ? (fn: () => Promise<void>) => fn() : (fn: () => Promise<void>) => withFileLocks([...paths, resolveRecordPath(io.env)], io.env, fn);
  await locked(async () => {
    const record = await readRecord(io.env);
    const ctx: ConfigureContext = { ...base, created: new Map(Object.entries(record)) };
    const current = await readCurrent(paths);
    const plan = writer.plan(ctx, current);
    const changes = findChanges(current, plan.files);
    for (const w of plan.warnings) io.err(`runos: warning: ${w}\n`);
    if (!remove) for (const w of toolCountWarnings(client, table, tiers, selection)) io.err(`runos: warning: ${w}\n`);
    if (!remove && !remote && !existsSync(resolveEntryScript()))
      io.err(`runos: warning: ${resolveEntryScript()} does not exist yet (build runos first); the servers will not start until it does\n`);
    if (dryRun) {
      for (const c of changes) io.out(renderDiff(c));
      io.out(changes.length === 0 ? `${what}: already up to date; nothing to write\n` : `dry run: ${changes.length} file(s) would change; nothing was written\n`);
      return;
    }
    if (changes.length === 0) {
      io.out(`${what}: already up to date; nothing written\n`);
    } else {
      const done = await applyChanges(changes, [projectDir, ctx.home], io.env);
      await saveRecord(record, plan.created, { forget: remove && tiers.length === TIERS.length, env: io.env });
      for (const d of done) io.out(`${d.action} ${d.path}${d.backup ? ` (previous version: ${d.backup})` : ''}\n`);
      io.out(`${remove ? 'removed runos servers from' : 'configured'} ${what}\n`);
    }
  });
  if (!dryRun) io.out(writer.nextSteps(base, await readClientState(writer, base)).map((s) => `next: ${s}\n`).join(''));
  if (!dryRun && remote && !remove)
    io.out(`next: set ${remote.tokenEnv} to a token of that server (\`runos mcp token create\` there) in the environment ${writer.label} starts from; the config names the variable, never the token\n`);
  return 0;
}

/** What the next steps depend on: whether the client already trusts the folder (read after writing). */
async function readClientState(writer: (typeof WRITERS)[ClientId], ctx: ConfigureContext): Promise<ClientState> {
  if (!writer.trustFile || !writer.isTrusted || ctx.scope !== 'project') return {};
  const file = writer.trustFile(ctx);
  const text = await readFile(file, 'utf8').catch(() => null);
  return { trusted: writer.isTrusted(text, ctx.projectDir) };
}
