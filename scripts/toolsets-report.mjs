#!/usr/bin/env node
// `npm run toolsets`: what `mcp serve <tier> --toolsets …` saves on a large API, measured with the built
// server over stdio as a client sees it: tools and tools/list bytes per tier, the whole tier beside the
// narrowed one, and the cold start (spawn → tools/list answered, median). Default: GitHub's document,
// --toolsets repos,issues,pulls.
//
//   node scripts/toolsets-report.mjs [--doc github-api.json] [--name github] [--toolsets repos,issues,pulls] [--runs 3] [--cli dist/cli.js]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureColdStart } from '../bench/lib/bench-serve.mjs';
import { CLI, specsDir } from '../bench/lib/specs.mjs';
import { spawnRpc } from '../bench/lib/stdio-rpc.mjs';

const { values } = parseArgs({
  options: {
    doc: { type: 'string', default: 'github-api.json' },
    name: { type: 'string', default: 'github' },
    toolsets: { type: 'string', default: 'repos,issues,pulls' },
    runs: { type: 'string', default: '3' },
    cli: { type: 'string', default: CLI },
  },
});
const TIERS = ['read', 'sensitive-read', 'write', 'sensitive-write'];
const work = mkdtempSync(join(tmpdir(), 'runos-toolsets-'));
process.once('exit', () => rmSync(work, { recursive: true, force: true }));
const env = { PATH: process.env.PATH ?? '', HOME: work, RUNOS_CACHE_DIR: join(work, 'cache'), RUNOS_CONFIG_DIR: join(work, 'config'), RUNOS_STATE_DIR: join(work, 'state'), RUNOS_WATCH_INTERVAL_MS: '0' };
const table = join(work, 'table');
execFileSync(process.execPath, [values.cli, 'manifest', 'update', '--from', join(specsDir(), values.doc), '--name', values.name, '--out', table], { env, stdio: ['ignore', 'ignore', 'inherit'] });

const serve = (tier, extra) => () => spawnRpc(process.execPath, [values.cli, 'mcp', 'serve', tier, '--table', table, ...extra], { env });
const rows = [];
for (const tier of TIERS) {
  const all = await measureColdStart(serve(tier, []), Number(values.runs));
  const some = await measureColdStart(serve(tier, ['--toolsets', values.toolsets]), Number(values.runs));
  rows.push({ tier, all, some });
}
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const sum = (f) => rows.reduce((s, r) => s + f(r), 0);
const lines = [
  `${values.doc}, --toolsets ${values.toolsets} (cold start: median of ${values.runs} spawn → tools/list answered)`,
  '',
  '| tier | tools | tools/list | cold start | tools (toolsets) | tools/list (toolsets) | cold start (toolsets) |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.tier} | ${r.all.tools} | ${kb(r.all.bytes)} | ${r.all.medianMs.toFixed(0)} ms | ${r.some.tools} | ${kb(r.some.bytes)} | ${r.some.medianMs.toFixed(0)} ms |`),
  `| all four | ${sum((r) => r.all.tools)} | ${kb(sum((r) => r.all.bytes))} | | ${sum((r) => r.some.tools)} | ${kb(sum((r) => r.some.bytes))} | |`,
];
process.stdout.write(`${lines.join('\n')}\n`);

