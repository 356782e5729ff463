// The real Claude Code and Codex CLIs, driven headless by a scripted model on 127.0.0.1, against the
// configs `runos mcp configure` writes (and a hand-wired one), on the sandbox. For each config the model
// calls one tool of each tier; the test records what the client did with each call and checks it against
// the audit log: `read` runs and returns sandbox data, every other tier waits for approval (in a headless
// run that is a refusal naming the approval) and never reaches the server. The measured table is printed
// at the end (client, version, config, tier, tool, verdict) and is the README's "client × tier" table.
//
// A missing client binary skips its block, the reason in the block's name; `npm ci` installs both.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEntryScript } from '../../src/clients/launch.js';
import { serverName, TIERS, type Tier } from '../../src/core/tiers.js';
import { claudeToolName, codexToolName, findClaudeCode, findCodex, runProcess, type Found, type Verdict } from './clients.js';
import { startScriptedModel, type ScriptedModel } from './model-server.js';

const CLI = resolveEntryScript();
const BUILT = existsSync(CLI);

/** One tool per tier, with arguments the sandbox accepts (users-db exists in its demo data). */
const CALLS: Record<Tier, { tool: string; args: Record<string, unknown> }> = {
  read: { tool: 'list_clusters', args: {} },
  'sensitive-read': { tool: 'get_service_credentials', args: { service: 'users-db' } },
  write: { tool: 'restart_service', args: { service: 'users-db' } },
  'sensitive-write': { tool: 'rotate_service_credentials', args: { service: 'users-db' } },
};

const RUN_TIMEOUT_MS = 120_000;
const measured: string[] = [];

interface Place {
  root: string;
  home: string;
  project: string;
  /** What the client and runos see: only this, nothing of the developer's own environment. */
  env: NodeJS.ProcessEnv;
  auditPath: string;
}

async function makePlace(opts: { runosEnv: boolean }): Promise<Place> {
  const root = await mkdtemp(join(tmpdir(), 'runos-real-'));
  const home = join(root, 'home');
  const project = join(root, 'project');
  await Promise.all([mkdir(home), mkdir(project)]);
  const state = join(root, 'state');
  // The hand-wired case gives runos nothing but HOME (as a user's own entry would): the audit log is then
  // in its default place under HOME.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, ...(opts.runosEnv ? { RUNOS_STATE_DIR: state, RUNOS_CONFIG_DIR: join(root, 'config'), RUNOS_CACHE_DIR: join(root, 'cache') } : {}) };
  const auditPath = opts.runosEnv ? join(state, 'audit.jsonl') : join(home, '.local', 'state', 'runos', 'audit.jsonl');
  return { root, home, project, env, auditPath };
}

function configure(place: Place, args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, 'mcp', 'configure', ...args, '--sandbox', '--dir', place.project], { env: place.env, encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout + r.stderr;
}

function auditLines(place: Place): { tool: string; tier: string; status: number | null; error?: string }[] {
  if (!existsSync(place.auditPath)) return [];
  return readFileSync(place.auditPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/** The verdict of one call from what the model got back, what the client reported and the audit log. */
function judge(opts: { offered: boolean; resultText?: string; denied: boolean; audited: boolean }): Verdict {
  if (!opts.offered) return 'not loaded';
  if (opts.denied || /requested permissions|requires approval|approval/i.test(opts.resultText ?? '')) return 'asks';
  if (opts.audited) return 'runs without asking';
  return 'refused';
}

/** Each tier's verdict in one run: what came back to the model since `since`, the client's denials, the audit log. */
function judgeRun(model: ScriptedModel, since: { results: number; offered: number }, place: Place, nameOf: (server: string, tool: string) => string, denied: Set<string> = new Set()): Record<Tier, Verdict> {
  const offered = new Set(model.offered.slice(since.offered).flat());
  const results = model.results.slice(since.results);
  if (process.env.RUNOS_REAL_CLIENT_DEBUG) process.stderr.write(`${JSON.stringify(results)}\n`);
  const audited = new Set(auditLines(place).map((l) => l.tool));
  return Object.fromEntries(
    TIERS.map((t) => {
      const name = nameOf(serverName(t, 'runos'), CALLS[t].tool);
      const result = results.find((x) => x.tool === name);
      if (t === 'read' && audited.has(CALLS[t].tool)) expect(result?.text).toMatch(/"name":\s*"prod"/); // sandbox data reached the model
      return [t, judge({ offered: offered.has(name), resultText: result?.text, denied: denied.has(name), audited: audited.has(CALLS[t].tool) })];
    }),
  ) as Record<Tier, Verdict>;
}

interface Case {
  name: string;
  /** Set the place up (configure, or write a hand-wired config). */
  setUp(place: Place): Promise<void>;
  want: Record<Tier, Verdict>;
  runosEnv?: boolean;
}

type Runner = (found: Extract<Found, { ok: true }>, model: ScriptedModel, place: Place) => Promise<Record<Tier, Verdict>>;

function defineClient(found: Found, cases: Case[], runner: Runner): void {
  const title = found.ok ? `${found.label} ${found.version} (real CLI, scripted model on 127.0.0.1)` : `${found.label}: SKIPPED, ${found.reason}`;
  // Said on stderr too: the default reporter shows a skipped block's count, not its name.
  if (!found.ok || !BUILT) process.stderr.write(`real-client tests: ${found.ok ? `${found.label}: SKIPPED, ${CLI} is missing (npm run build)` : title}\n`);
  describe.skipIf(!found.ok || !BUILT)(BUILT ? title : `${title}: SKIPPED, ${CLI} is missing (npm run build)`, () => {
    let model: ScriptedModel;
    beforeAll(async () => {
      model = await startScriptedModel();
    });
    afterAll(() => model.close());

    for (const c of cases) {
      const wanted = TIERS.map((t) => `${t} ${CALLS[t].tool} → ${c.want[t]}`).join('; ');
      it(`${c.name}: ${wanted}`, async () => {
        const place = await makePlace({ runosEnv: c.runosEnv !== false });
        try {
          await c.setUp(place);
          const got = await runner(found as Extract<Found, { ok: true }>, model, place);
          for (const tier of TIERS) measured.push(`${found.label} ${(found as { version: string }).version} | ${c.name} | ${tier} | ${CALLS[tier].tool} | ${got[tier]}`);
          expect(got).toEqual(c.want);
          // The audit log agrees: exactly the calls that ran reached a server, each answered by the sandbox.
          const audited = auditLines(place);
          for (const tier of TIERS) {
            const lines = audited.filter((l) => l.tool === CALLS[tier].tool);
            if (c.want[tier] === 'runs without asking') expect(lines.map((l) => [l.tier, l.status]), tier).toEqual([[tier, 200]]);
            else expect(lines, tier).toEqual([]);
          }
        } finally {
          await rm(place.root, { recursive: true, force: true });
        }
      }, 4 * RUN_TIMEOUT_MS);
    }
  });
}

const prompt = (name: (server: string, tool: string) => string): string =>
  TIERS.map((t) => `RUNOS-CALL ${name(serverName(t, 'runos'), CALLS[t].tool)} ${JSON.stringify(CALLS[t].args)}`).join(' ');

// RUNOS_REAL_CLIENTS=off skips both blocks on purpose (a quick local run), saying so like a missing binary.
const off = (label: string): Found => ({ ok: false, label, reason: 'RUNOS_REAL_CLIENTS=off' });
const [claude, codex] = process.env.RUNOS_REAL_CLIENTS === 'off' ? [off('Claude Code'), off('Codex')] : await Promise.all([findClaudeCode(), findCodex()]);

// ---------- Claude Code ----------

const runClaude: Runner = async (found, model, place) => {
  const since = { results: model.results.length, offered: model.offered.length };
  const r = await runProcess(found.command, [...found.prefix, '-p', prompt(claudeToolName), '--output-format', 'json', '--max-turns', '6'], {
    cwd: place.project,
    timeoutMs: RUN_TIMEOUT_MS,
    env: {
      ...place.env,
      ANTHROPIC_BASE_URL: model.url,
      ANTHROPIC_API_KEY: 'sk-ant-scripted-model-not-a-key',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
    },
  });
  expect(r.timedOut, r.stderr).toBe(false);
  const out = JSON.parse(r.stdout) as { permission_denials?: { tool_name: string }[] };
  return judgeRun(model, since, place, claudeToolName, new Set((out.permission_denials ?? []).map((d) => d.tool_name)));
};

const allAsk: Record<Tier, Verdict> = { read: 'asks', 'sensitive-read': 'asks', write: 'asks', 'sensitive-write': 'asks' };
const readRuns: Record<Tier, Verdict> = { ...allAsk, read: 'runs without asking' };

/** A plain `mcp serve <tier>` entry per tier, with no approval settings at all. */
function handWiredJson(place: Place): string {
  const servers = Object.fromEntries(TIERS.map((t) => [serverName(t, 'runos'), { command: process.execPath, args: [CLI, 'mcp', 'serve', t, '--sandbox'] }]));
  return JSON.stringify({ mcpServers: servers }, null, 2) + '\n';
}

defineClient(
  claude,
  [
    { name: 'configure claude --trust (project)', setUp: async (p) => void configure(p, ['claude', '--trust']), want: readRuns },
    {
      name: 'configure claude (project, folder not trusted yet)',
      setUp: async (p) => expect(configure(p, ['claude'])).toMatch(/next: Trust the folder/),
      want: allAsk,
    },
    { name: 'configure claude --scope user', setUp: async (p) => void configure(p, ['claude', '--scope', 'user']), want: readRuns },
    {
      name: 'hand-wired .mcp.json (plain mcp serve <tier>, no approval settings)',
      runosEnv: false,
      setUp: async (p) => writeFile(join(p.project, '.mcp.json'), handWiredJson(p)),
      want: allAsk,
    },
  ],
  runClaude,
);

// ---------- Codex ----------

const runCodex: Runner = async (found, model, place) => {
  const since = { results: model.results.length, offered: model.offered.length };
  const provider = `model_providers.scripted={name="scripted",base_url="${model.url}/v1",env_key="SCRIPTED_MODEL_KEY",wire_api="responses"}`;
  const r = await runProcess(
    found.command,
    // exec runs with approval policy `never`: a call that needs approval fails saying so. The grace period
    // makes the first request wait for the MCP servers (else it goes out before their tools are listed).
    [...found.prefix, 'exec', '--skip-git-repo-check', '-m', 'scripted', '-c', 'model_provider=scripted', '-c', provider, '-c', 'mcp_optional_startup_grace_ms=30000', prompt(codexToolName)],
    { cwd: place.project, timeoutMs: RUN_TIMEOUT_MS, env: { ...place.env, SCRIPTED_MODEL_KEY: 'scripted' } },
  );
  expect(r.timedOut, r.stderr.slice(-2000)).toBe(false);
  return judgeRun(model, since, place, codexToolName);
};

const notLoaded: Record<Tier, Verdict> = { read: 'not loaded', 'sensitive-read': 'not loaded', write: 'not loaded', 'sensitive-write': 'not loaded' };

defineClient(
  codex,
  [
    { name: 'configure codex --trust (project)', setUp: async (p) => void configure(p, ['codex', '--trust']), want: readRuns },
    {
      name: 'configure codex (project, folder not trusted yet)',
      setUp: async (p) => expect(configure(p, ['codex'])).toMatch(/next: Trust the folder/),
      want: notLoaded,
    },
    { name: 'configure codex --scope user', setUp: async (p) => void configure(p, ['codex', '--scope', 'user']), want: readRuns },
    {
      name: 'hand-wired ~/.codex/config.toml (plain mcp serve <tier>, no approval settings)',
      runosEnv: false,
      setUp: async (p) => {
        const toml = TIERS.map((t) => `[mcp_servers.${serverName(t, 'runos')}]\ncommand = ${JSON.stringify(process.execPath)}\nargs = ${JSON.stringify([CLI, 'mcp', 'serve', t, '--sandbox'])}\n`).join('\n');
        await mkdir(join(p.home, '.codex'), { recursive: true });
        await writeFile(join(p.home, '.codex', 'config.toml'), toml);
      },
      // Codex runs a tool marked readOnlyHint without asking: only the read tier may carry that hint.
      want: { ...allAsk, read: 'runs without asking' },
    },
  ],
  runCodex,
);

afterAll(() => {
  if (measured.length > 0) process.stdout.write(`\nreal clients, measured (client version | config | tier | tool | verdict):\n${measured.map((l) => `  ${l}`).join('\n')}\n`);
});
