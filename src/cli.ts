#!/usr/bin/env node
import { hideKeyLikeArgs } from './core/argv-secrets.js';
import { CLIENTS } from './core/clients.js';
import { isUserError } from './core/errors.js';
import { TIERS } from './core/tiers.js';
import { parseFastServe } from './server/fast-path.js';

type Handler = () => Promise<number | void>;

/** Run a lazily imported handler and turn its outcome into the process exit code. */
async function run(handler: Handler): Promise<void> {
  try {
    const code = await handler();
    if (typeof code === 'number') process.exitCode = code;
  } catch (err) {
    if (isUserError(err)) {
      process.stderr.write(`runos: ${hideKeyLikeArgs(err.message, process.argv.slice(2))}\n`);
      process.exitCode = err.name === 'UsageError' ? 2 : 1;
    } else {
      process.stderr.write(`runos: internal error (a bug; please report it)\n${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 70;
    }
  }
}

// `mcp serve` is started by AI clients on every session: its plain forms skip loading yargs (start-up budget).
const fastServe = parseFastServe(process.argv.slice(2));
if (fastServe) await run(async () => (await import('./server/serve-command.js')).runServe(fastServe));
else await parseCommandLine();

/** The full command line: every command, with help, choices and strict checking. */
async function parseCommandLine(): Promise<void> {
  const { default: yargs } = await import('yargs');
  const { hideBin } = await import('yargs/helpers');
  await yargs(hideBin(process.argv))
    .scriptName('runos')
    .usage('$0 <command>\n\nPermission-tiered MCP servers generated from a platform\'s OpenAPI manifest.')
    .command('manifest', 'Fetch and classify the platform manifest', (y) =>
      y
        .command(
          'update',
          'Fetch the manifest, classify every operation and regenerate the tool table',
          (y) =>
            y
              .option('from', { type: 'string', describe: 'OpenAPI document to read (file or URL); default <api url>/openapi.json' })
              .option('out', { type: 'string', describe: 'Folder to write tools.json and tiers.md to; default the user cache' })
              .option('name', { type: 'string', describe: 'Platform name (server names derive from it)' })
              .option('overrides', { type: 'string', describe: 'Reviewed tier overrides file; default the bundled manifest/tier-overrides.json' })
              .option('accept-tier-changes', { type: 'boolean', default: false, describe: 'Accept operations moving to a less restrictive tier or new read tools' })
              .option('check', { type: 'boolean', default: false, describe: 'Write nothing; exit 1 when the files in --out are stale' }),
          (argv) => run(async () => (await import('./codegen/update-command.js')).runManifestUpdate(argv)),
        )
        .demandCommand(1, 'Name a manifest command: update'),
    )
    .command('mcp', 'Serve, list and configure the MCP servers', (y) =>
      y
        .command(
          'serve <tier>',
          'Serve one tier\'s tools over stdio (MCP)',
          (y) =>
            y
              .positional('tier', { choices: TIERS, demandOption: true, describe: 'Tier to serve' })
              .option('table', { type: 'string', describe: 'Folder with tools.json to serve; default the newest of cache and bundled' })
              .option('sandbox', { type: 'boolean', default: false, describe: 'Start the local sandbox platform in-process and serve against it' })
              .option('profile', { type: 'string', describe: 'Credentials profile (default: $RUNOS_PROFILE or "default")' }),
          (argv) => run(async () => (await import('./server/serve-command.js')).runServe(argv)),
        )
        .command(
          'tools',
          'List the tools of a table with tier and reason',
          (y) =>
            y
              .option('tier', { choices: TIERS, describe: 'Only this tier' })
              .option('json', { type: 'boolean', default: false, describe: 'Print JSON' })
              .option('table', { type: 'string', describe: 'Folder with tools.json; default the one serve would use' }),
          (argv) => run(async () => (await import('./codegen/tools-command.js')).runMcpTools(argv)),
        )
        .command(
          'configure <client>',
          'Write a client\'s MCP config and allowlists (read tier auto-approved only)',
          (y) =>
            y
              .positional('client', { choices: CLIENTS, demandOption: true })
              .option('dir', { type: 'string', describe: 'Project folder (default: current folder)' })
              .option('scope', { choices: ['project', 'user'] as const, describe: 'Project or user config' })
              .option('tiers', { type: 'string', describe: `Comma-separated tiers to configure (default: all: ${TIERS.join(',')})` })
              .option('dry-run', { type: 'boolean', default: false, describe: 'Print the diff; write nothing' })
              .option('remove', { type: 'boolean', default: false, describe: 'Take runos entries out' })
              .option('sandbox', { type: 'boolean', default: false, describe: 'Configure servers that run on the built-in sandbox' })
              .option('trust', { type: 'boolean', default: false, describe: "Also mark the project folder trusted in the client's own file (claude, codex; project scope)" }),
          (argv) => run(async () => (await import('./clients/configure-command.js')).runConfigure(argv)),
        )
        .command(
          'doctor',
          'Check every client config runos wrote: start each server, tools per tier, key, API, table age, trust, allow rules',
          (y) =>
            y
              .option('dir', { type: 'string', describe: 'Project folder whose project-scope configs to check (default: current folder)' })
              .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' }),
          (argv) => run(async () => (await import('./doctor/doctor-command.js')).runDoctor(argv)),
        )
        .command(
          'audit',
          'Show the audit log of tool calls',
          (y) =>
            y
              .option('tail', { type: 'number', describe: 'Only the last N entries' })
              .option('tool', { type: 'string', describe: 'Only calls of this tool' })
              .option('json', { type: 'boolean', default: false, describe: 'Print JSON lines' }),
          (argv) => run(async () => (await import('./server/audit-command.js')).runAudit(argv)),
        )
        .demandCommand(1, 'Name an mcp command: serve, tools, configure, doctor, audit'),
    )
    .command(
      'login',
      'Store the API URL in a profile and the API key in the OS keychain (key read from a prompt or stdin)',
      (y) =>
        y
          .option('url', { type: 'string', describe: 'API URL' })
          .option('profile', { type: 'string', describe: 'Profile name (default "default")' })
          .option('verify', { type: 'boolean', default: true, describe: 'Check the key with one cheap authenticated read before storing it (--no-verify skips)' }),
      (argv) => run(async () => (await import('./credentials/commands.js')).runLogin(argv)),
    )
    .command(
      'logout',
      'Forget a profile\'s API key',
      (y) => y.option('profile', { type: 'string', describe: 'Profile name' }),
      (argv) => run(async () => (await import('./credentials/commands.js')).runLogout(argv)),
    )
    .command(
      'whoami',
      'Show the API URL and where the key comes from (never the key)',
      (y) => y.option('profile', { type: 'string', describe: 'Profile name' }),
      (argv) => run(async () => (await import('./credentials/commands.js')).runWhoami(argv)),
    )
    .command(
      'sandbox',
      'Serve the local RunOS-compatible sandbox API on 127.0.0.1',
      (y) =>
        y
          .option('port', { type: 'number', default: 0, describe: 'Port (0: any free port)' })
          .option('key', { type: 'string', describe: 'Bearer key clients must send (default: a generated one)' }),
      (argv) => run(async () => (await import('./sandbox/command.js')).runSandbox(argv)),
    )
    .demandCommand(1, 'Name a command; see --help')
    .strict()
    .fail((msg, err, y) => {
      // yargs echoes what was typed ("Unknown argument: …"): never a key pasted on the command line.
      if (err && !msg) throw err;
      const args = process.argv.slice(2);
      y.showHelp((help: string) => process.stderr.write(`${help}\n\n`));
      process.stderr.write(`runos: ${hideKeyLikeArgs(msg ?? err?.message ?? 'invalid command line', args)}\n`);
      if (args[0] === 'login' && args.slice(1).some((a) => !a.startsWith('-')))
        process.stderr.write('runos: login takes no key on the command line (it would stay in your shell history): printf %s "$KEY" | runos login\n');
      process.exit(2);
    })
    .help()
    .version()
    .parseAsync();
}
