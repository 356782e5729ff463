// `runos mcp doctor`: does it actually work? Finds every client config holding runos servers (every
// client, project and user scope), starts each server as its client would, and checks what a user would
// otherwise find out the hard way: tools per tier, the key, the API, the table's age against the
// platform's manifest, folder trust, and allow rules the client ignores or that approve too much.
// Every problem comes with its fix; exit 1 when there is one; --json for scripts.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { bundledManifestPath, bundledTableDir } from '../core/paths.js';
import { loadServedTable } from '../core/table-source.js';
import { serverName, TIERS } from '../core/tiers.js';
import { readToolTable, selectTier, type ToolTable } from '../core/tool-table.js';
import { resolveCredentials } from '../credentials/resolve.js';
import { pickCheapRead } from '../credentials/verify.js';
import { checkAllowRules, type ToolsByServer } from './allowlists.js';
import { findConfigs, type FoundConfig, type FoundServer } from './find.js';
import { probeServer, type Launch } from './probe.js';
import { WRITERS } from '../clients/registry.js';

/** One check's outcome. */
export interface Check {
  check: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

/** The checks of one client config and of each of its servers. */
export interface ConfigReport {
  client: string;
  scope: string;
  file: string;
  checks: Check[];
  servers: { name: string; tier: string; checks: Check[] }[];
}

const ROO_ENV = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER'];

/** The environment a client gives a server (REFERENCE.md): Roo a minimal one, Codex only `env_vars`, others inherit. */
function launchEnv(config: FoundConfig, s: FoundServer, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const pick = (names: string[]): NodeJS.ProcessEnv => Object.fromEntries(names.filter((n) => env[n] !== undefined).map((n) => [n, env[n]]));
  if (config.client === 'roo') return { ...pick(ROO_ENV), ...s.env };
  if (config.client === 'codex') return { ...pick(['HOME', 'PATH', 'USER', 'LOGNAME', 'SHELL', 'TERM', 'TMPDIR', 'LANG']), ...pick(s.envVars), ...s.env };
  return { ...env, ...s.env };
}

const sha8 = (s: string): string => s.slice(0, 8);

async function platformManifestSha(apiUrl: string | undefined, sandbox: boolean): Promise<{ sha?: string; from: string }> {
  if (sandbox) return { sha: createHash('sha256').update(await readFile(bundledManifestPath())).digest('hex'), from: 'the sandbox (bundled manifest)' };
  if (!apiUrl) return { from: 'no API URL' };
  try {
    const res = await fetch(`${apiUrl.replace(/\/+$/, '')}/openapi.json`, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    if (!res.ok) return { from: `${apiUrl}/openapi.json answered ${res.status}` };
    return { sha: createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex'), from: `${apiUrl}/openapi.json` };
  } catch {
    return { from: `${apiUrl}/openapi.json is not reachable` };
  }
}

async function checkServer(config: FoundConfig, s: FoundServer, env: NodeJS.ProcessEnv): Promise<Check[]> {
  const checks: Check[] = [];
  const launch: Launch = { command: s.command, args: s.args, env: launchEnv(config, s, env), cwd: config.scope === 'project' ? config.ctx.projectDir : undefined };
  let table: ToolTable;
  let origin: string;
  try {
    const served = await loadServedTable(s.table, launch.env);
    table = served.table;
    origin = served.origin;
  } catch (err) {
    return [{ check: 'table', ok: false, detail: (err as Error).message, fix: 'run `runos manifest update`' }];
  }
  const want = selectTier(table, s.tier).map((t) => t.name);
  const cheap = s.tier === 'read' ? pickCheapRead(table) : undefined;
  const probe = await probeServer(launch, cheap ? { call: { name: cheap.name, arguments: {} } } : {});
  if (!probe.started) {
    checks.push({ check: 'start', ok: false, detail: `${s.command} ${s.args.join(' ')}: ${probe.problem}`, fix: 'run `runos mcp configure` again (the command path may have moved), or `npm run build`' });
    return checks;
  }
  const missing = want.filter((n) => !probe.tools.includes(n));
  checks.push({
    check: 'tools',
    ok: missing.length === 0 && probe.tools.length === want.length,
    detail: `started in ${probe.ms} ms, ${probe.tools.length} ${s.tier} tools (table: ${origin}, manifest ${sha8(table.manifest.sha256)})`,
    ...(missing.length ? { fix: `the server lists other tools than its table (${missing.length} missing): check --table and RUNOS_CACHE_DIR` } : {}),
  });

  const creds = s.sandbox ? undefined : await resolveCredentials({ profile: s.profile, env: launch.env }).catch((err: Error) => err);
  if (s.sandbox) checks.push({ check: 'key', ok: true, detail: 'sandbox (--sandbox): no key needed' });
  else if (creds instanceof Error) checks.push({ check: 'key', ok: false, detail: creds.message, fix: 'fix the profile or RUNOS_API_URL' });
  else if (!creds?.apiKey)
    checks.push({ check: 'key', ok: false, detail: `no API key for profile "${creds?.profile}" (${config.client === 'codex' ? 'keychain, credentials file, or RUNOS_API_KEY in env_vars' : 'keychain, credentials file, RUNOS_API_KEY'})`, fix: `run \`runos login${creds?.profile && creds.profile !== 'default' ? ` --profile ${creds.profile}` : ''}\`` });
  else checks.push({ check: 'key', ok: true, detail: `profile "${creds.profile}", key from ${creds.keySource === 'env' ? 'RUNOS_API_KEY' : creds.keySource}` });

  if (probe.call) {
    const ok = probe.call.ok;
    checks.push({
      check: 'api',
      ok,
      detail: ok ? `${cheap!.name} (GET ${table.basePath}${cheap!.path}) answered through the server` : `${cheap!.name}: ${probe.call.text.split('\n')[0]!.slice(0, 200)}`,
      ...(ok ? {} : { fix: /No API key|runos login/.test(probe.call.text) ? 'run `runos login`' : /401|403|refused the key|unauthori/i.test(probe.call.text) ? 'the API refused the key: run `runos login` with a valid key' : 'check the API URL (`runos whoami`) and the network' }),
    });
  }

  if (s.tier === 'read') {
    const platform = await platformManifestSha(creds instanceof Error ? undefined : creds?.apiUrl, s.sandbox);
    const bundled = await readToolTable(bundledTableDir()).then((t) => t.manifest.sha256, () => undefined);
    const also = origin !== 'bundled' && bundled && bundled !== table.manifest.sha256 ? `; the bundled table is from manifest ${sha8(bundled)}` : '';
    if (platform.sha === undefined) checks.push({ check: 'table age', ok: true, detail: `manifest ${sha8(table.manifest.sha256)}; platform manifest unknown (${platform.from})${also}` });
    else {
      const same = platform.sha === table.manifest.sha256;
      checks.push({
        check: 'table age',
        ok: same,
        detail: (same ? `built from the manifest ${platform.from} serves (${sha8(platform.sha)})` : `built from manifest ${sha8(table.manifest.sha256)}, but ${platform.from} is ${sha8(platform.sha)}: the table is stale`) + also,
        ...(same ? {} : { fix: s.sandbox ? 'run `runos manifest update --from <runos package>/manifest/runos.openapi.json`, or delete the cached table' : 'run `runos manifest update`' }),
      });
    }
  }
  return checks;
}

async function checkConfig(config: FoundConfig, env: NodeJS.ProcessEnv): Promise<ConfigReport> {
  const report: ConfigReport = { client: config.label, scope: config.scope, file: config.file, checks: [], servers: [] };
  if (config.problem) {
    report.checks.push({ check: 'file', ok: false, detail: config.problem, fix: `fix ${config.file} (runos mcp configure says where)` });
    return report;
  }
  const writer = WRITERS[config.client];
  if (config.scope === 'project' && writer.trustFile && writer.isTrusted) {
    const file = writer.trustFile(config.ctx);
    const trusted = writer.isTrusted(await readFile(file, 'utf8').catch(() => null), config.ctx.projectDir);
    report.checks.push({
      check: 'trust',
      ok: trusted,
      detail: trusted ? `${config.ctx.projectDir} is trusted (${file})` : `${config.label} does not trust ${config.ctx.projectDir} yet, so it ignores this project's ${config.client === 'codex' ? 'config' : 'allow rules'}`,
      ...(trusted ? {} : { fix: `run \`runos mcp configure ${config.client} --trust\` (or accept the trust prompt in ${config.label})` }),
    });
  }
  const tools: ToolsByServer = new Map();
  let platform = 'runos';
  try {
    const { table } = await loadServedTable(undefined, env);
    platform = table.platform;
    for (const tier of TIERS) tools.set(serverName(tier, platform), { tier, tools: selectTier(table, tier).map((t) => t.name) });
  } catch {
    // the per-server checks report an unreadable table
  }
  for (const f of checkAllowRules(config, tools)) report.checks.push({ check: 'allow rules', ok: !f.problem, detail: f.detail, ...(f.fix ? { fix: f.fix } : {}) });
  report.servers = await Promise.all(config.servers.map(async (s) => ({ name: s.name, tier: s.tier, checks: await checkServer(config, s, env) })));
  return report;
}

function render(reports: ConfigReport[]): string {
  const lines: string[] = [];
  const mark = (c: Check): string => `${c.ok ? '✓' : '✗'} ${c.check.padEnd(11)} ${c.detail}${c.fix ? `\n      fix: ${c.fix}` : ''}`;
  for (const r of reports) {
    lines.push(`${r.client} (${r.scope}) ${r.file}`);
    for (const c of r.checks) lines.push(`  ${mark(c)}`);
    for (const s of r.servers) {
      lines.push(`  ${s.name} (${s.tier})`);
      for (const c of s.checks) lines.push(`    ${mark(c)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Every failed check of a report set. */
export function listProblems(reports: ConfigReport[]): Check[] {
  return reports.flatMap((r) => [...r.checks, ...r.servers.flatMap((s) => s.checks)]).filter((c) => !c.ok);
}

/** `runos mcp doctor [--dir] [--json]`: check every configured runos server; exit 1 on any problem. */
export async function runDoctor(argv: Record<string, unknown>, io = { out: (t: string) => void process.stdout.write(t), env: process.env, cwd: process.cwd() }): Promise<number> {
  const projectDir = resolve(io.cwd, typeof argv.dir === 'string' ? argv.dir : '.');
  const configs = await findConfigs({ projectDir, home: io.env.HOME || homedir(), env: io.env });
  // One config at a time (its servers side by side, as a client starts them): a machine starting every
  // server of every client at once measures its own load, not the servers.
  const reports: ConfigReport[] = [];
  for (const c of configs) reports.push(await checkConfig(c, io.env));
  const problems = listProblems(reports);
  if (argv.json === true) {
    io.out(JSON.stringify({ project: projectDir, configs: reports, problems: problems.length }, null, 2) + '\n');
  } else if (configs.length === 0) {
    io.out(`no runos servers found in any client config for ${projectDir} or your user configs; run \`runos mcp configure <client>\`\n`);
  } else {
    io.out(render(reports));
    io.out(problems.length === 0 ? `doctor: all ${reports.length} config(s) fine\n` : `doctor: ${problems.length} problem(s); each ✗ line says its fix\n`);
  }
  if (configs.length === 0) return 1;
  return problems.length === 0 ? 0 : 1;
}

