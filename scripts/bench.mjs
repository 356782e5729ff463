#!/usr/bin/env node
// `npm run bench`: the PRODUCT.md performance figures, medians over repeated whole-process runs, beside
// @ivotoby/openapi-mcp-server on the same GitHub document in the same run. Prints a table and writes the
// same figures to bench/results.json (or --out). Not part of `npm test`.
//
//   node scripts/bench.mjs [--runs 7] [--codegen-runs 3] [--calls 500] [--call-runs 3] [--docs github,stripe] [--out path]
//                          [--profile dir]   also CPU-profile codegen (GitHub), a cold start (GitHub read)
//                                            and 500 calls (RunOS), and print where the time goes
//                          [--only codegen,serve,remote]   run only these parts (serve = cold start,
//                                            tools/list bytes and stdio calls; it needs codegen's GitHub table)
import { rmSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureRemoteRepeated } from '../bench/lib/bench-remote.mjs';
import { checkParametersKept, measureCalls, measureCallsRepeated, measureColdStart } from '../bench/lib/bench-serve.mjs';
import { startLoopback } from '../bench/lib/loopback.mjs';
import { describeMachine, median, runNode } from '../bench/lib/measure.mjs';
import { printTable } from '../bench/lib/bench-table.mjs';
import { summariseProfile } from '../bench/lib/profile-summary.mjs';
import { availableSpecs, REPO_ROOT, snapshotCli } from '../bench/lib/specs.mjs';
import { spawnRpc } from '../bench/lib/stdio-rpc.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    'codegen-runs': { type: 'string', default: '3' },
    calls: { type: 'string', default: '500' },
    'call-runs': { type: 'string', default: '3' },
    docs: { type: 'string' },
    out: { type: 'string', default: join(REPO_ROOT, 'bench', 'results.json') },
    profile: { type: 'string' },
    only: { type: 'string' },
  },
});
const PARTS = ['codegen', 'serve', 'remote'];
const only = values.only?.split(',').filter(Boolean);
if (only?.some((p) => !PARTS.includes(p))) throw new Error(`--only takes ${PARTS.join(', ')}`);
if (only?.includes('serve') && !only.includes('codegen')) throw new Error('--only serve needs codegen too (the GitHub table it serves)');
const want = (part) => !only || only.includes(part);
const runs = Number(values.runs);
const codegenRuns = Number(values['codegen-runs']);
const calls = Number(values.calls);
const callRuns = Number(values['call-runs']);
const PEER = join(REPO_ROOT, 'node_modules', '@ivotoby', 'openapi-mcp-server', 'bin', 'mcp-server.js');

const machineBefore = describeMachine();
const work = await mkdtemp(join(tmpdir(), 'runos-bench-'));
const { cli, dispose } = await snapshotCli();
// The private dist/ copy and the temp folder go whatever happens (a failed run leaves nothing behind).
process.once('exit', () => {
  if (!process.env.RUNOS_PROOF_CLI) rmSync(join(cli, '..', '..'), { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});
const env = {
  PATH: process.env.PATH ?? '',
  HOME: work,
  RUNOS_CACHE_DIR: join(work, 'cache'),
  RUNOS_CONFIG_DIR: join(work, 'config'),
  RUNOS_STATE_DIR: join(work, 'state'),
};
const noOverrides = join(work, 'no-overrides.json');
const say = (s) => process.stderr.write(`bench: ${s}\n`);
const results = { date: new Date().toISOString(), command: `node scripts/bench.mjs ${process.argv.slice(2).join(' ')}`.trim(), machine: machineBefore };

// 1. codegen per document: whole `runos manifest update` processes.
const specs = want('codegen') ? availableSpecs(values.docs?.split(',').filter(Boolean)) : [];
if (want('serve') && !specs.some((s) => s.name === 'github')) throw new Error('the GitHub document is needed for the serve figures (github-api.json)');
if (want('codegen')) results.codegen = [];
for (const spec of specs) {
  const out = join(work, 'tables', spec.name);
  const times = [];
  const rss = [];
  for (let i = 0; i < codegenRuns; i++) {
    const r = await runNode([cli, 'manifest', 'update', '--from', spec.path, '--out', out, '--name', spec.name, '--overrides', noOverrides, '--accept-tier-changes'], { env });
    if (r.code !== 0) throw new Error(`manifest update failed on ${spec.file}:\n${r.stderr}`);
    times.push(r.ms);
    if (r.maxRssMb !== null) rss.push(r.maxRssMb);
  }
  const table = JSON.parse(await readFile(join(out, 'tools.json'), 'utf8'));
  results.codegen.push({ doc: spec.name, file: spec.file, tools: table.tools.length, runs: codegenRuns, medianMs: median(times), peakRssMb: Math.max(...rss) });
  say(`codegen ${spec.name}: ${median(times).toFixed(0)} ms`);
}

const runosTableDir = join(REPO_ROOT, 'generated');
const githubTableDir = join(work, 'tables', 'github');
if (want('serve')) {
  // 2. cold start → tools/list answered; bytes per tool. Ours per tier (the four servers together list
  // every tool once); the peer lists all 874 in one server.
  const githubTable = JSON.parse(await readFile(join(githubTableDir, 'tools.json'), 'utf8'));
  // Our servers are started exactly as `runos mcp configure` writes them: node, the script, `mcp serve <tier>`.
  const serveOurs = (tier, tableDir, extraEnv = {}) => () => spawnRpc(process.execPath, [cli, 'mcp', 'serve', tier, '--table', tableDir], { env: { ...env, ...extraEnv } });
  const servePeer = (baseUrl) => () =>
    spawnRpc(process.execPath, [PEER, '--api-base-url', baseUrl, '--openapi-spec', specs.find((s) => s.name === 'github').path, '--verbose', 'false'], { env: { PATH: env.PATH, HOME: work } });
  results.coldStart = {
    runosRead: await measureColdStart(serveOurs('read', runosTableDir), runs),
    githubRead: await measureColdStart(serveOurs('read', githubTableDir), runs),
    githubSensitiveWrite: await measureColdStart(serveOurs('sensitive-write', githubTableDir), runs),
    peerGithub: await measureColdStart(servePeer('http://127.0.0.1:9'), runs),
  };
  say('cold start done');
  const listed = new Map();
  let ourBytes = 0;
  for (const tier of ['read', 'sensitive-read', 'write', 'sensitive-write']) {
    const c = serveOurs(tier, githubTableDir)();
    await c.initialize();
    const r = await c.request('tools/list');
    ourBytes += r.bytes;
    for (const t of r.result.tools) listed.set(t.name, t);
    await c.close();
  }
  const kept = checkParametersKept(githubTable, listed);
  results.toolsListGithub = {
    ours: { tools: listed.size, bytes: ourBytes, bytesPerTool: ourBytes / listed.size, parametersBound: kept.bound, parametersMissing: kept.missing.slice(0, 20) },
    peer: { tools: results.coldStart.peerGithub.tools, bytes: results.coldStart.peerGithub.bytes, bytesPerTool: results.coldStart.peerGithub.bytesPerTool },
  };
  for (const k of Object.keys(results.coldStart)) delete results.coldStart[k].listed;

  // 3. per-call latency, throughput and memory against the loopback endpoint.
  const loop = await startLoopback();
  try {
    const apiEnv = { RUNOS_API_URL: loop.url, RUNOS_API_KEY: 'bench' };
    results.calls = {
      runosListClusters: await measureCallsRepeated({ start: serveOurs('read', runosTableDir, apiEnv), tool: 'list_clusters', directUrl: `${loop.url}/v1/clusters`, calls, inFlight: 16 }, callRuns),
      githubMetaRoot: await measureCallsRepeated({ start: serveOurs('read', githubTableDir, apiEnv), tool: 'meta_root', directUrl: `${loop.url}/`, calls, inFlight: 16 }, callRuns),
      peerGithubMetaRoot: await measureCallsRepeated({ start: servePeer(loop.url), tool: 'meta-root', directUrl: `${loop.url}/`, calls, inFlight: 16 }, callRuns),
    };
  } finally {
    await loop.close();
  }
  say('calls done');
}

// 4. remote serving: one `serve --http` replica beside a bare node:http proxy, same requests, same endpoint.
if (want('remote')) {
  const loop = await startLoopback();
  try {
    results.remote = await measureRemoteRepeated({ cli, table: runosTableDir, env, upstreamUrl: loop.url, tool: 'list_clusters', calls, burst: calls * 4, inFlight: 64 }, callRuns);
  } finally {
    await loop.close();
  }
  say('remote done');
}

// 5. optional CPU profiles of the three figures that matter most, one profiled run each.
if (values.profile && want('serve')) {
  const dir = (name) => join(values.profile, name);
  await rm(values.profile, { recursive: true, force: true });
  await runNode(['--cpu-prof', '--cpu-prof-dir', dir('codegen-github'), cli, 'manifest', 'update', '--from', specs.find((s) => s.name === 'github').path, '--out', join(work, 'prof-table'), '--name', 'github', '--overrides', noOverrides, '--accept-tier-changes'], { env });
  const profiled = (name, tier, tableDir, extraEnv = {}) => () =>
    spawnRpc(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir(name), cli, 'mcp', 'serve', tier, '--table', tableDir], { env: { ...env, ...extraEnv } });
  await measureColdStart(profiled('cold-start-github-read', 'read', githubTableDir), 1);
  const loop2 = await startLoopback();
  try {
    await measureCalls({ start: profiled('calls-runos', 'read', runosTableDir, { RUNOS_API_URL: loop2.url, RUNOS_API_KEY: 'bench' }), tool: 'list_clusters', directUrl: `${loop2.url}/v1/clusters`, calls, inFlight: 16 });
  } finally {
    await loop2.close();
  }
  results.profiles = Object.fromEntries(['codegen-github', 'cold-start-github-read', 'calls-runos'].map((n) => [n, summariseProfile(dir(n))]));
  say('profiles done');
}

results.machineAfter = describeMachine();
await mkdir(join(values.out, '..'), { recursive: true });
await writeFile(values.out, JSON.stringify(results, null, 2) + '\n');
printTable(results);
for (const [name, p] of Object.entries(results.profiles ?? {})) {
  if (!p) continue;
  process.stdout.write(`\nprofile ${name}: ${p.totalMs} ms sampled (${p.file})\n`);
  for (const g of p.groups) process.stdout.write(`  ${String(g.ms).padStart(8)} ms ${String(g.pct).padStart(5)}%  ${g.what}\n`);
  process.stdout.write('  top functions (self time):\n');
  for (const f of p.functions.slice(0, 8)) process.stdout.write(`  ${String(f.ms).padStart(8)} ms ${String(f.pct).padStart(5)}%  ${f.what}\n`);
}
process.stdout.write(`\nwrote ${values.out}\n`);
await dispose();
