#!/usr/bin/env node
import { hideKeyLikeArgs } from './core/argv-secrets.js';
import { CLIENTS } from './core/clients.js';
import { isUserError } from './core/errors.js';
import { TIERS } from './core/tiers.js';
import { parseFastUpdate } from './codegen/update-args.js';
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

// `mcp serve` is started by AI clients on every session, `manifest update` is the main job: their plain
// forms skip loading yargs (start-up and codegen budgets).
const args = process.argv.slice(2);
const fastServe = parseFastServe(args);
const fastUpdate = fastServe ? undefined : parseFastUpdate(args);
if (fastServe) await run(async () => (await import('./server/serve-command.js')).runServe(fastServe));
else if (fastUpdate) await run(async () => (await import('./codegen/update-command.js')).runManifestUpdate(fastUpdate));
else await parseCommandLine();

/** The full command line: every command, with help, choices and strict checking. */
async function parseCommandLine(): Promise<void> {
  const { default: yargs } = await import('yargs');
  const { hideBin } = await import('yargs/helpers');
  const argv = hideBin(process.argv);
  // yargs lays out the whole help text after every command it runs (to have it at hand); wrapped to the
  // terminal that cost ~30 ms of each command (measured on `manifest update` before its fast path). Wrapped
  // only when help is what was asked for, or shown for a mistake.
  const helpWanted = argv.length === 0 || argv.some((a) => a === '--help' || a === '-h');
  await yargs(argv)
    .wrap(helpWanted ? Math.min(80, process.stdout.columns ?? 80) : null)
    .scriptName('runos')
    .usage('$0 <command>\n\nPermission-tiered MCP servers generated from a platform\'s OpenAPI manifest.')
    .command('manifest', 'Fetch and classify the platform manifest', (y) =>
      y
        .command(
          'update',
          'Fetch the manifest (with overlays), classify every operation and regenerate the tool table',
          (y) =>
            y
              .option('from', {
                type: 'string',
                describe:
                  'OpenAPI 2.0/3.x document to read (file or URL; JSON or YAML); default <api url>/openapi.json. Local $refs are followed wherever OpenAPI allows them, inside the document\'s folder; URL $refs are never fetched (their schemas become free-form, noted in the reason)',
              })
              .option('ref-root', { type: 'string', describe: 'Folder whose files $refs may read (widens the default: the document\'s folder; must contain the document)' })
              .option('out', { type: 'string', describe: 'Folder to write tools.json and tiers.md to; default the user cache' })
              .option('name', { type: 'string', describe: 'Platform name (server names derive from it)' })
              .option('overrides', { type: 'string', array: true, describe: 'Reviewed tier overrides file, added to the bundled manifest/tier-overrides.json (repeatable; an operation in two files is an error)' })
              .option('bundled-overrides', { type: 'boolean', default: true, describe: 'Apply the bundled reviewed overrides (--no-bundled-overrides leaves them out)' })
              .option('overlay', { type: 'string', array: true, describe: 'OpenAPI Overlay 1.0 file applied to the document before classification (repeatable, in order)' })
              .option('renew-names', { type: 'boolean', default: false, describe: 'Name every tool afresh instead of keeping the names of the previous table in --out' })
              .option('accept-tier-changes', { type: 'boolean', default: false, describe: 'Accept operations moving to a less restrictive tier (also by an overlay or x-runos extension) or new read tools' })
              .option('check', { type: 'boolean', default: false, describe: 'Write nothing; exit 1 when the files in --out are stale' }),
          (argv) => run(async () => (await import('./codegen/update-command.js')).runManifestUpdate(argv)),
        )
        .command(
          'review',
          'List the tier decisions with the weakest evidence first',
          (y) =>
            y
              .option('table', { type: 'string', describe: 'Folder with tools.json; default the one serve would use' })
              .option('limit', { type: 'number', default: 20, describe: 'How many decisions to show' })
              .option('json', { type: 'boolean', default: false, describe: 'Print JSON' }),
          (argv) => run(async () => (await import('./codegen/review-command.js')).runManifestReview(argv)),
        )
        .demandCommand(1, 'Name a manifest command: update, review'),
    )
    .command('mcp', 'Serve, list and configure the MCP servers', (y) =>
      y
        .command(
          'serve [tier]',
          'Serve one tier\'s tools over stdio (MCP), following `manifest update` live; or the tiers over Streamable HTTP with --http',
          (y) =>
            y
              .positional('tier', { choices: TIERS, describe: 'Tier to serve (stdio: required; --http: same as --tiers <tier>)' })
              .option('table', { type: 'string', describe: 'Folder with tools.json to serve; default the newest of cache and bundled' })
              .option('toolsets', { type: 'string', describe: 'Serve only the tier\'s tools in these toolsets (comma-separated; see `runos mcp tools --toolsets`)' })
              .option('tools', { type: 'string', describe: 'Serve only these tools of the tier (comma-separated; with --toolsets, either one)' })
              .option('exclude-tools', { type: 'string', describe: 'Leave these tools out (comma-separated)' })
              .option('sandbox', { type: 'boolean', default: false, describe: 'Start the local sandbox platform in-process and serve against it' })
              .option('profile', { type: 'string', describe: 'Credentials profile (default: $RUNOS_PROFILE or "default")' })
              .option('http', { type: 'boolean', default: false, describe: 'Serve Streamable HTTP at /mcp/<tier> (both MCP eras) instead of stdio' })
              .option('tiers', { type: 'string', describe: `With --http: comma-separated tiers to serve (default: all: ${TIERS.join(',')})` })
              .option('host', { type: 'string', describe: 'With --http: address to bind (default 127.0.0.1)' })
              .option('port', { type: 'number', describe: 'With --http: port (default 8808; 0: any free port)' })
              .option('public-url', { type: 'string', describe: 'With --http: the origin clients use (https://mcp.example.com); its host is allowed in Host/Origin' })
              .option('allowed-hosts', { type: 'string', describe: 'With --http: more Host names to accept (comma-separated); loopback names always are' })
              .option('allowed-origins', { type: 'string', describe: 'With --http: browser origins to accept (comma-separated); requests without Origin pass' })
              .option('trust-proxy', { type: 'boolean', default: false, describe: 'With --http: audit the address a reverse proxy put last in X-Forwarded-For' })
              .option('tokens', { type: 'string', describe: 'With --http: runos token file (default $RUNOS_TOKENS_FILE or <config dir>/tokens.json)' })
              .option('issuer', { type: 'string', describe: 'With --http: also accept JWT access tokens from this OAuth issuer (scopes runos:<tier>)' })
              .option('audience', { type: 'string', array: true, describe: 'With --issuer: audience a token must name (default: the tier URL or the public URL)' })
              .option('jwks-uri', { type: 'string', describe: 'With --issuer: JWKS URL (default: from the issuer\'s metadata)' })
              .option('max-body', { type: 'string', describe: 'With --http: largest request body (default 1m)' })
              .option('max-in-flight', { type: 'number', describe: 'With --http: requests one caller may have in flight (default 32; 429 above)' })
              .option('otlp-endpoint', { type: 'string', describe: 'With --http: export a span and a duration metric per tool call over OTLP/HTTP (default $OTEL_EXPORTER_OTLP_ENDPOINT; off when unset)' })
              .check((a) => (a.http || a.tier !== undefined ? true : 'name a tier (read, sensitive-read, write, sensitive-write), or serve them all over HTTP with --http')),
          (argv) => run(async () => (await import('./server/serve-command.js')).runServe(argv)),
        )
        .command('token', 'Create, list and revoke the tokens `serve --http` accepts', (y) =>
          y
            .option('file', { type: 'string', describe: 'Token file (default $RUNOS_TOKENS_FILE or <config dir>/tokens.json)' })
            .command(
              'create',
              'Create a token for some tiers; printed once on stdout, stored hashed',
              (y) =>
                y
                  .option('name', { type: 'string', demandOption: true, describe: 'Who or what uses it (the audit log shows it)' })
                  .option('tiers', { type: 'string', demandOption: true, describe: `Comma-separated tiers it grants (${TIERS.join(', ')})` })
                  .option('expires', { type: 'string', describe: 'Lifetime (30d, 12h, 90m, 2w) or an ISO date; default: no expiry' }),
              (argv) => run(async () => (await import('./server/identity/token-command.js')).runTokenCreate(argv)),
            )
            .command(
              'list',
              'List tokens with their tiers and state (never the tokens)',
              (y) => y.option('json', { type: 'boolean', default: false, describe: 'Print JSON lines' }),
              (argv) => run(async () => (await import('./server/identity/token-command.js')).runTokenList(argv)),
            )
            .command(
              'revoke <token>',
              'Revoke a token by name or id; servers refuse it from the next request',
              (y) => y.positional('token', { type: 'string', demandOption: true, describe: 'Token name or id' }),
              (argv) => run(async () => (await import('./server/identity/token-command.js')).runTokenRevoke(argv)),
            )
            .demandCommand(1, 'Name a token command: create, list, revoke'),
        )
        .command(
          'tools',
          'List the tools of a table with tier and reason, or (--toolsets) the toolsets with counts per tier',
          (y) =>
            y
              .option('tier', { choices: TIERS, describe: 'Only this tier' })
              .option('toolsets', { type: 'string', describe: 'Without a value: list the toolsets with tool counts per tier; with names (comma-separated): only their tools' })
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
              .option('toolsets', { type: 'string', describe: 'Each server serves only its tools in these toolsets (comma-separated)' })
              .option('tools', { type: 'string', describe: 'Each server serves only these of its tools (comma-separated)' })
              .option('exclude-tools', { type: 'string', describe: 'Leave these tools out of every server (comma-separated)' })
              .option('dry-run', { type: 'boolean', default: false, describe: 'Print the diff; write nothing' })
              .option('remove', { type: 'boolean', default: false, describe: 'Take runos entries out' })
              .option('sandbox', { type: 'boolean', default: false, describe: 'Configure servers that run on the built-in sandbox' })
              .option('remote', { type: 'string', describe: 'Configure remote servers at <url>/mcp/<tier> (a `serve --http` deployment) instead of local ones' })
              .option('token-env', { type: 'string', describe: 'With --remote: environment variable the client reads the token from (default RUNOS_MCP_TOKEN)' })
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
        .demandCommand(1, 'Name an mcp command: serve, tools, configure, doctor, audit, token'),
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
      y.wrap(Math.min(80, process.stderr.columns ?? 80));
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
