import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { packageRoot, stateDir } from '../core/paths.js';
import { loadServedTable } from '../core/table-source.js';
import { isTier, type Tier } from '../core/tiers.js';
import { parseNameList, type SelectedTools, type ToolSelection } from '../core/tool-selection.js';
import type { Credentials } from '../credentials/resolve.js';
import { openAuditLog } from './audit.js';
import { tierUpSooner, tuneHeapForServing } from './v8-tuning.js';
import { createTierServerFactory, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS } from './create-server.js';
import { LineTransport } from './stdio-transport.js';
import { DEFAULT_WATCH_INTERVAL_MS, watchServedTable } from './table-watch.js';
import { preloadValidator } from './validate-args.js';

/** Arguments of `runos mcp serve` as yargs passes them. */
export interface ServeArgs {
  tier?: unknown;
  table?: string;
  sandbox?: boolean;
  profile?: string;
  /** Comma-separated lists (repeated flags give arrays). */
  toolsets?: string | string[];
  tools?: string | string[];
  excludeTools?: string | string[];
  /** Serve over Streamable HTTP instead of stdio (src/server/http/serve-http.ts). */
  http?: boolean;
}

/** A positive whole number from the environment, or the fallback when unset. */
export function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive whole number, got "${raw}"`);
  return n;
}

/** The installed package's version (reported as the server version). */
export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/**
 * `runos mcp serve <tier>`: serve one tier's tools over stdio until the client closes stdin. Only protocol
 * goes to stdout; notices go to stderr. Credentials are read once tools are listed (or on the first call),
 * never before, so the server starts and lists tools fast, and without a key.
 */
export async function runServe(argv: ServeArgs, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv.http) return (await import('./http/serve-http.js')).runServeHttp(argv, env);
  if (!isTier(argv.tier)) throw new UsageError(`name a tier: read, sensitive-read, write or sensitive-write`);
  const tier: Tier = argv.tier;
  const timeoutMs = positiveInt(env, 'RUNOS_TIMEOUT_MS', DEFAULT_TIMEOUT_MS);
  const maxBytes = positiveInt(env, 'RUNOS_MAX_RESPONSE_BYTES', DEFAULT_MAX_BYTES);
  const watchInterval = env.RUNOS_WATCH_INTERVAL_MS === '0' ? 0 : positiveInt(env, 'RUNOS_WATCH_INTERVAL_MS', DEFAULT_WATCH_INTERVAL_MS);
  const selection: ToolSelection = { toolsets: parseNameList(argv.toolsets), tools: parseNameList(argv.tools), excludeTools: parseNameList(argv.excludeTools) };
  tuneHeapForServing();
  const { table } = await loadServedTable(argv.table, env);

  const { credentials, closeSandbox } = await prepareCredentials(argv, env, tier);

  const audit = openAuditLog({ env });
  const warmUp = (): Promise<unknown> => {
    tierUpSooner();
    return Promise.all([preloadValidator(), credentials()]);
  };
  const server = createTierServerFactory({ table, tier, version: packageVersion(), credentials, audit, timeoutMs, maxBytes, warmUp, selection });
  checkSelection(server.selected, tier, true);
  keepAuditOnExit(server.stopAudit);
  const { serveStdio } = await import('@modelcontextprotocol/server/stdio');
  // `manifest update` promises new tools "become available automatically": follow the table, switch
  // between calls, tell the client (notifications/tools/list_changed).
  const stopWatching =
    watchInterval > 0
      ? watchServedTable({
          explicitDir: argv.table,
          env,
          intervalMs: watchInterval,
          onTable: ({ table: next, dir }) => {
            const outcome = server.replaceTable(next);
            if (!outcome.switched) return void process.stderr.write(`runos: not switching to ${dir}/tools.json: ${outcome.why}\n`);
            process.stderr.write(`runos: now serving ${dir}/tools.json (${server.tools.length} tools${outcome.listChanged ? ', list changed' : ''})\n`);
            checkSelection(server.selected, tier, false);
          },
          onError: (err) => process.stderr.write(`runos: keeping the current tools: ${err.message}\n`),
        })
      : () => {};
  await new Promise<void>((resolve) => {
    const done = (): void => resolve();
    process.stdin.once('end', done);
    process.stdin.once('close', done);
    // Our line reader rather than the SDK's: it answers malformed and oversized messages (stdio-transport.ts).
    serveStdio(server.factory, { transport: new LineTransport(), onerror: (err) => process.stderr.write(`runos: ${err.message}\n`) });
  });
  stopWatching();
  await closeSandbox?.();
  return 0;
}

/**
 * Say what a selection did not match. At start-up a name the table does not have at all is a typo and
 * an error; later (a live update dropped it) only a warning. A tool of another tier is never served.
 */
function checkSelection(sel: SelectedTools, tier: Tier, starting: boolean): void {
  const problems = [
    ...(sel.unknownToolsets.length > 0 ? [`no toolset ${sel.unknownToolsets.join(', ')} in the table (see \`runos mcp tools --toolsets\`)`] : []),
    ...(sel.unknownTools.length > 0 ? [`no tool ${sel.unknownTools.join(', ')} in the table (see \`runos mcp tools\`)`] : []),
  ];
  if (starting && problems.length > 0) throw new UsageError(problems.join('; '));
  for (const p of problems) process.stderr.write(`runos: warning: ${p}\n`);
  for (const { name, tier: other } of sel.otherTier) {
    process.stderr.write(`runos: warning: ${name} is ${other === 'hidden' ? 'hidden' : `a ${other} tool`}, not served by the ${tier} server\n`);
  }
}

/**
 * The platform credentials a server calls with: the in-process sandbox's (`--sandbox`, started here), or
 * the profile's, resolved once on the first call and never kept after a failure (fixing it suffices).
 */
export async function prepareCredentials(
  argv: Pick<ServeArgs, 'sandbox' | 'profile'>,
  env: NodeJS.ProcessEnv,
  what: string,
): Promise<{ credentials: () => Promise<Credentials>; closeSandbox?: () => Promise<void> }> {
  let closeSandbox: (() => Promise<void>) | undefined;
  let credentials: () => Promise<Credentials>;
  if (argv.sandbox) {
    // Imported only here: the sandbox (and whatever it loads) is not part of a normal server's start-up.
    const { startSandbox } = await import('../sandbox/server.js');
    const sandbox = await startSandbox({ stateFile: join(stateDir(env), 'sandbox-state.json'), quiet: true });
    closeSandbox = () => sandbox.close();
    process.stderr.write(`runos: serving ${what} against the local sandbox at ${sandbox.url}\n`);
    const creds: Credentials = { profile: 'sandbox', apiUrl: sandbox.url, apiKey: sandbox.key, keySource: 'env' };
    credentials = async () => creds;
  } else {
    let resolved: Promise<Credentials> | undefined;
    // Resolved once, on the first call; a failure (a broken profiles file) is not kept, so fixing it suffices.
    credentials = () =>
      (resolved ??= import('../credentials/resolve.js').then(async ({ resolveCredentials }) => {
        const creds = await resolveCredentials({ profile: argv.profile, env });
        if (creds.notice && creds.keySource === 'file') process.stderr.write(`runos: ${creds.notice}\n`);
        return creds;
      }).catch((err: unknown) => {
        resolved = undefined;
        throw err;
      }));
  }

  return { credentials, closeSandbox };
}

/**
 * Write every audit line before the process ends, however it ends: MCP clients stop a stdio server by
 * closing stdin and then, if it is still running, by SIGTERM (MCP 2025-11-25, Lifecycle: Shutdown); a user
 * presses Ctrl-C. Lines are queued to be written after each answer (audit.ts), so without this a signal
 * that follows the answer lost them; calls still under way are recorded as interrupted. A signal then ends
 * the process with the status a shell reports for it (128 + its number).
 */
function keepAuditOnExit(stopAudit: (reason: string) => void): void {
  process.once('exit', () => stopAudit('the server exited'));
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.once(signal, () => {
      stopAudit(`the server was stopped by ${signal}`);
      process.exit(128 + constants.signals[signal]);
    });
  }
}
