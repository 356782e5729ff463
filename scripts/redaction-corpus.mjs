#!/usr/bin/env node
// `npm run redaction`: the leak figure of the non-sensitive tiers (issue 12, "Must show"), both directions.
//  1. Planted secrets: 100+ secrets in 20+ response shapes through the read server's own response path
//     (mapResponse with the read tier's redactor), and the same bodies through the built server over stdio
//     against a loopback upstream (`--no-server` skips). Target: 0 shown.
//  2. Look-alikes: the shared documents' real response examples in 9 shapes. Target: ≤ 5% masked per shape.
// The direct runs use a redactor without schema evidence (no table-flagged names): the vocabulary and value
// rules alone, the case issue 12 is about; the built server uses the bundled RunOS table as it ships.
// Both allow 10 MB answers: truncation is not redaction, and must not count as masking.
//  3. The time mapResponse takes per call on the bench's typical responses (10,000 calls a body);
//     `--baseline <checkout>` interleaves the same loop over another checkout's code (before/after).
// Exit 1 when a secret is shown or a shape masks more than 5% of its look-alikes.
//
//   node scripts/redaction-corpus.mjs [--no-server] [--list-masked] [--baseline <dir>] [--calls 10000]
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { importSource } from '../bench/lib/bundle-src.mjs';
import { collectExamples, lookalikeCases, measureLookalikes } from '../bench/lib/redaction-lookalikes.mjs';
import { measurePlanted, plantedCases, rawResponse, resultText, serveCase } from '../bench/lib/redaction-planted.mjs';
import { CLI, REPO_ROOT, specsDir } from '../bench/lib/specs.mjs';
import { spawnRpc } from '../bench/lib/stdio-rpc.mjs';

const { values } = parseArgs({
  options: {
    'no-server': { type: 'boolean', default: false },
    'list-masked': { type: 'boolean', default: false },
    baseline: { type: 'string' },
    calls: { type: 'string', default: '10000' },
  },
});
const MAX_LOOKALIKE_RATE = 0.05;
const SOURCES = { mapResponse: 'src/server/map-response.ts', tierRedactor: 'src/server/redact.ts', startSandbox: 'src/sandbox/server.ts' };
const src = await importSource(SOURCES);
const table = JSON.parse(readFileSync(join(REPO_ROOT, 'generated', 'tools.json'), 'utf8'));
const redactor = src.tierRedactor({ redactFields: [], platform: table.platform }, 'read');
const direct = (c) => src.mapResponse(rawResponse(c), { method: 'GET', maxBytes: 10_000_000, redactor, apiKey: 'runos_test_CorpusKey12345678' });
const pct = (n, d) => (d ? `${((100 * n) / d).toFixed(2)}%` : '—');
let failed = false;

// 1. Planted secrets.
const planted = plantedCases();
const plantedDirect = await measurePlanted(planted, direct);
console.log(`Planted secrets (${planted.length} bodies, ${new Set(planted.map((c) => c.shape)).size} shapes), read tier, through mapResponse without schema evidence:`);
console.log(`  ${'shape'.padEnd(20)} ${'bodies'.padStart(6)} ${'secrets'.padStart(8)} ${'shown'.padStart(6)}`);
for (const [shape, row] of plantedDirect.shapes) console.log(`  ${shape.padEnd(20)} ${String(row.cases).padStart(6)} ${String(row.secrets).padStart(8)} ${String(row.shown.length).padStart(6)}${row.shown.length ? `  ${row.shown.join('; ')}` : ''}`);
console.log(`  total: ${plantedDirect.shown} of ${plantedDirect.secrets} secrets shown`);
if (plantedDirect.shown > 0) failed = true;

if (!values['no-server']) {
  if (!existsSync(CLI)) {
    console.error(`redaction: ${CLI} is missing; run \`npm run build\` first (or pass --no-server)`);
    process.exit(2);
  }
  const served = await measureThroughServer(planted);
  console.log(`\nThe same bodies through the built read server over stdio (bundled RunOS table; loopback upstream, each body with its content type and status):`);
  console.log(`  total: ${served.shown} of ${served.secrets} secrets shown${served.shown ? ` — ${[...served.shapes.values()].flatMap((r) => r.shown).join('; ')}` : ''}`);
  if (served.shown > 0) failed = true;
}

// 2. Look-alikes.
const examples = collectExamples(specsDir());
const look = await measureLookalikes(lookalikeCases(examples), direct, resultText);
console.log(`\nLook-alikes: ${examples.length} response examples of ${specsDir()} (string leaves; ${look.genuine} example values that are real secrets not counted):`);
console.log(`  ${'shape'.padEnd(20)} ${'bodies'.padStart(6)} ${'leaves'.padStart(8)} ${'masked'.padStart(7)} ${'rate'.padStart(7)}`);
for (const [shape, row] of look.shapes) {
  const rate = row.leaves ? row.masked.length / row.leaves : 0;
  if (rate > MAX_LOOKALIKE_RATE) failed = true;
  console.log(`  ${shape.padEnd(20)} ${String(row.cases).padStart(6)} ${String(row.leaves).padStart(8)} ${String(row.masked.length).padStart(7)} ${pct(row.masked.length, row.leaves).padStart(7)}`);
  if (values['list-masked']) for (const m of row.masked) console.log(`      ${m}`);
}
console.log(`  total: ${look.masked} of ${look.leaves} look-alikes masked (${pct(look.masked, look.leaves)}; target ≤ ${MAX_LOOKALIKE_RATE * 100}% per shape)`);

// 3. Time per call on typical responses.
await measureTime();

console.log(`\nredaction: ${plantedDirect.shown} of ${plantedDirect.secrets} planted secrets shown; ${look.masked} of ${look.leaves} look-alikes masked (${pct(look.masked, look.leaves)})`);
process.exit(failed ? 1 : 0);

/** Serve each body from a loopback upstream at /v1/services/<index> and read it through `runos mcp serve read`. */
async function measureThroughServer(cases) {
  const upstream = createServer((req, res) => {
    const c = cases[Number((req.url ?? '').split('/').pop())];
    if (!c) return void res.writeHead(404).end();
    serveCase(res, c);
  });
  await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${upstream.address().port}`;
  const home = join(REPO_ROOT, 'node_modules', '.cache', `runos-redaction-${process.pid}`);
  const rpc = spawnRpc(process.execPath, [CLI, 'mcp', 'serve', 'read'], {
    env: { PATH: process.env.PATH, HOME: home, RUNOS_STATE_DIR: join(home, 'state'), RUNOS_CONFIG_DIR: join(home, 'config'), RUNOS_CACHE_DIR: join(home, 'cache'), RUNOS_API_URL: url, RUNOS_API_KEY: 'runos_test_CorpusKey12345678', RUNOS_KEYRING: 'off' },
  });
  try {
    await rpc.initialize();
    return await measurePlanted(cases, async (c) => (await rpc.request('tools/call', { name: 'get_service', arguments: { service: String(cases.indexOf(c)) } })).result);
  } finally {
    rpc.child.kill();
    upstream.close();
    const { rm } = await import('node:fs/promises');
    await rm(home, { recursive: true, force: true });
  }
}

/** mapResponse per call, read tier, on the bench's loopback body and the sandbox's read answers. */
async function measureTime() {
  const calls = Number(values.calls);
  const sandbox = await src.startSandbox({ quiet: true, seed: 11 });
  const bodies = [{ path: 'bench loopback', status: 200, contentType: 'application/json', body: Buffer.from(JSON.stringify({ id: 'c-1', name: 'prod', status: 'running', items: [{ id: 1, state: 'ok' }] })) }];
  try {
    for (const p of ['/v1/clusters', '/v1/services', '/v1/apps', '/v1/secrets', '/v1/ssh-keys', '/v1/api-keys', '/v1/services/nope']) {
      const r = await fetch(sandbox.url + p, { headers: { authorization: `Bearer ${sandbox.key}` } });
      bodies.push({ path: p, status: r.status, statusText: r.statusText, contentType: r.headers.get('content-type') ?? '', body: Buffer.from(await r.arrayBuffer()) });
    }
  } finally {
    await sandbox.close();
  }
  // Timed as the server runs: with the bundled table's redactor.
  const variants = [{ name: 'this checkout', mapResponse: src.mapResponse, redactor: src.tierRedactor(table, 'read') }];
  if (values.baseline) {
    const old = await importSource({ mapResponse: SOURCES.mapResponse, createRedactor: 'src/server/redact.ts', redactionMarker: 'src/server/redact.ts' }, values.baseline);
    variants.unshift({ name: 'baseline', mapResponse: old.mapResponse, redactor: old.createRedactor(table.redactFields, old.redactionMarker('runos-sensitive-read')) });
  }
  // CPU time of this process, not wall time: on a shared machine wall time mostly measures the wait for a core.
  const cpuMicros = () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  console.log(`\nmapResponse per call, read tier (CPU time, median of 11 rounds of ${calls} calls; rounds alternate between variants):`);
  console.log(`  ${'body'.padEnd(20)} ${'bytes'.padStart(6)} ${variants.map((v) => v.name.padStart(14)).join(' ')}`);
  for (const b of bodies) {
    const rounds = variants.map(() => []);
    for (let round = 0; round < 12; round++) {
      variants.forEach((v, i) => {
        const opts = { method: 'GET', maxBytes: 100_000, redactor: v.redactor, apiKey: 'runos_test_CorpusKey12345678' };
        const t0 = cpuMicros();
        for (let k = 0; k < calls; k++) v.mapResponse(b, opts);
        // The first round warms the JIT up and is not counted.
        if (round > 0) rounds[i].push((cpuMicros() - t0) / calls);
      });
    }
    const med = (xs) => xs.sort((x, y) => x - y)[xs.length >> 1];
    console.log(`  ${b.path.padEnd(20)} ${String(b.body.length).padStart(6)} ${rounds.map((r) => `${med(r).toFixed(2)} µs`.padStart(14)).join(' ')}`);
  }
}
