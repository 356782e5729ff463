// One document of the conformance run: generate the table with the real CLI, start Prism on the
// validator copy, serve each tier against Prism through the recording proxy, call a seeded sample of
// tools with generated schema-valid arguments, and pair every call with the request(s) Prism judged.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { generateArgs } from './args.mjs';
import { seededRandom } from './measure.mjs';
import { excuseViolation } from './prism-limits.mjs';
import { startPrism } from './prism.mjs';
import { startRecordingProxy } from './recording-proxy.mjs';
import { writeValidatorCopy } from './validator-copy.mjs';

const TIERS = ['read', 'sensitive-read', 'write', 'sensitive-write'];

/** A seeded sample of `n` items (all when fewer), in the table's order for stable output. */
export function sampleOf(items, n, seed) {
  if (items.length <= n) return [...items];
  const rnd = seededRandom(seed);
  const idx = items.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, n).sort((a, b) => a - b).map((i) => items[i]);
}

/**
 * Run one document end to end; never throws (a failure is `result.error`), always cleans up.
 * @param {{ name: string; path: string; auth?: string }} spec
 * @param {{ cli: string; sample: number; seed: number }} opts
 */
export async function runDocument(spec, opts) {
  const started = performance.now();
  const work = await mkdtemp(join(tmpdir(), `runos-conf-${spec.name}-`));
  const result = { name: spec.name, tools: 0, operations: 0, called: [], unsent: [], skipped: [], redrawn: [], error: null, seconds: 0 };
  let prism;
  let proxy;
  try {
    const validatorCopy = join(work, 'validator-copy.json');
    // Prism's copy is prepared and Prism started while codegen runs: two cores, two processes.
    const prismReady = writeValidatorCopy(spec.path, validatorCopy).then(() => startPrism(validatorCopy));
    prismReady.catch(() => {}); // observed below; avoid an unhandled rejection while codegen runs
    const tableDir = join(work, 'table');
    const env = isolatedEnv(work);
    const gen = spawnSync(
      process.execPath,
      [opts.cli, 'manifest', 'update', '--from', spec.path, '--out', tableDir, '--name', spec.name,
        '--overrides', join(work, 'no-overrides.json'), '--accept-tier-changes'],
      { env, encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    if (gen.status !== 0) throw new Error(`manifest update failed (exit ${gen.status}):\n${gen.stderr}`);
    const table = JSON.parse(await readFile(join(tableDir, 'tools.json'), 'utf8'));
    result.tools = table.tools.length;
    prism = await prismReady;
    proxy = await startRecordingProxy({ target: prism.url, basePath: table.basePath, rewriteAuth: authRewriter(spec.auth) });
    const sample = sampleOf(table.tools, opts.sample, opts.seed);
    // A document with fewer tools than the sample gets each tool called several times with different
    // seeds (up to 10), so optional arguments and styles are drawn in more combinations.
    const repeat = Math.max(1, Math.min(10, Math.floor(opts.sample / Math.max(1, sample.length))));
    result.operations = sample.length;
    for (const tier of TIERS) {
      const tools = sample.filter((t) => t.tier === tier);
      if (tools.length) await callTier(tier, tools, { repeat, cli: opts.cli, tableDir, env: { ...env, RUNOS_API_URL: proxy.url, RUNOS_API_KEY: 'test' }, proxy, result, seed: opts.seed });
    }
    if (prism.exited) throw new Error(`Prism crashed during the run; its verdicts after the crash are missing. Log tail:\n${prism.log.slice(-1500)}`);
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
  } finally {
    await proxy?.close();
    await prism?.close();
    await rm(work, { recursive: true, force: true });
    result.seconds = (performance.now() - started) / 1000;
  }
  return result;
}

async function callTier(tier, tools, ctx) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [ctx.cli, 'mcp', 'serve', tier, '--table', ctx.tableDir], env: ctx.env, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const client = new Client({ name: 'runos-conformance', version: '1' });
  await client.connect(transport);
  try {
    await client.listTools();
    for (const [tool, round] of tools.flatMap((t) => Array.from({ length: ctx.repeat }, (_, r) => [t, r]))) {
      // The server refuses an empty, `.` or `..` path segment by design (PRODUCT.md, Serving); when the
      // inputSchema does not say so (no minLength), such a draw is redrawn and counted as a finding.
      const pathArgs = tool.request.params.filter((p) => p.in === 'path').map((p) => p.arg);
      const gen = await generateArgs(tool.inputSchema, (hash(tool.name) + ctx.seed * 1_000_003 + round * 7_919) % 100_000_000, {
        accept: (args) => pathArgs.every((a) => !['', '.', '..'].includes(String(args[a] ?? 'x'))),
      });
      if (gen.redrawn && !ctx.result.redrawn.includes(tool.name)) ctx.result.redrawn.push(tool.name);
      if ('error' in gen) {
        ctx.result.skipped.push({ tool: tool.name, tier, reason: gen.error });
        continue;
      }
      const before = ctx.proxy.records.length;
      let outcome;
      try {
        const r = await client.callTool({ name: tool.name, arguments: gen.args }, { timeout: 30_000 });
        outcome = { isError: !!r.isError, text: r.content?.map((c) => c.text ?? '').join('\n').slice(0, 600) };
      } catch (err) {
        outcome = { isError: true, text: `MCP error: ${err.message}` };
      }
      const requests = ctx.proxy.records.slice(before).map((q) => {
        const excused = [];
        const counted = [];
        for (const v of q.violations) {
          const why = excuseViolation(v, q, tool.request, gen.args);
          if (why) excused.push({ ...v, why });
          else counted.push(v);
        }
        return { ...q, violations: counted, excused };
      });
      const call = { tool: tool.name, tier, method: tool.method, path: tool.path, binding: tool.request, args: gen.args, seed: gen.seed, outcome, requests };
      if (requests.length) ctx.result.called.push(call);
      else ctx.result.unsent.push({ ...call, stderr: stderr.slice(-800) });
    }
  } finally {
    await client.close();
  }
}

/** The environment of every child: temp HOME/cache/config/state, nothing of the user's own. */
function isolatedEnv(work) {
  return {
    PATH: process.env.PATH ?? '',
    HOME: work,
    RUNOS_CACHE_DIR: join(work, 'cache'),
    RUNOS_CONFIG_DIR: join(work, 'config'),
    RUNOS_STATE_DIR: join(work, 'state'),
  };
}

function authRewriter(auth) {
  if (auth !== 'basic') return undefined;
  // Adapt only the scheme, so Prism judges the rest of the request; the record keeps what runos sent.
  return (value) => {
    const key = value?.replace(/^Bearer\s+/i, '');
    return key ? `Basic ${Buffer.from(`${key}:${key}`).toString('base64')}` : value;
  };
}

function hash(s) {
  let h = 0;
  for (const c of s) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  return h % 100_000;
}
