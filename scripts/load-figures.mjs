#!/usr/bin/env node
// What the loader reads from each shared document (issue 11, "loads completely"): operations,
// parameters (and path variables the document forgot, added by runos), request bodies, responses,
// schemas not followed, the in-process load time, and whole-process `runos manifest update` times.
// Not part of `npm test`; needs `npm run build` first (the whole-process runs use dist/cli.js).
//
//   node scripts/load-figures.mjs [--runs 3]
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { median, runNode } from '../bench/lib/measure.mjs';
import { CLI, REPO_ROOT, specsDir } from '../bench/lib/specs.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
const dir = specsDir();
if (!existsSync(CLI)) throw new Error(`${CLI} is missing; run \`npm run build\` first`);
const docs = readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isFile() && /\.(json|ya?ml)$/.test(e.name) ? [e.name] : e.isDirectory() && existsSync(join(dir, e.name, 'openapi.yml')) ? [join(e.name, 'openapi.yml')] : []))
  .sort();

const work = await mkdtemp(join(tmpdir(), 'runos-load-figures-'));
try {
  // The loader as the CLI runs it, bundled on the fly so the script needs no exported entry point;
  // inside node_modules so that its own imports (yaml, the upgrader) resolve.
  const entry = join(REPO_ROOT, 'node_modules', `.runos-load-figures-${process.pid}`, 'load.mjs');
  process.once('exit', () => rmSync(dirname(entry), { recursive: true, force: true }));
  await build({ entryPoints: [join(REPO_ROOT, 'src', 'manifest', 'load.ts')], bundle: true, platform: 'node', format: 'esm', outfile: entry, packages: 'external', logLevel: 'error' });
  const { loadDocument } = await import(pathToFileURL(entry).href);
  const env = { PATH: process.env.PATH ?? '', HOME: work, RUNOS_CACHE_DIR: join(work, 'cache'), RUNOS_CONFIG_DIR: join(work, 'config') };
  const rows = [];
  for (const file of docs) {
    const t0 = performance.now();
    const doc = await loadDocument(join(dir, file));
    const loadMs = performance.now() - t0;
    const ops = doc.operations;
    const sum = (f) => ops.reduce((n, op) => n + f(op), 0);
    const times = [];
    for (let i = 0; i < runs; i++) {
      const r = await runNode([CLI, 'manifest', 'update', '--from', join(dir, file), '--name', 'doc', '--out', join(work, `out-${i}`), '--accept-tier-changes'], { env });
      if (r.code !== 0) throw new Error(`manifest update failed on ${file}:\n${r.stderr}`);
      times.push(r.ms);
    }
    rows.push([
      file,
      ops.length,
      sum((op) => op.parameters.filter((p) => !p.undeclared).length),
      sum((op) => op.parameters.filter((p) => p.undeclared).length),
      sum((op) => (op.requestBody ? 1 : 0)),
      sum((op) => Object.keys(op.responses).length),
      sum((op) => op.unfollowed?.length ?? 0),
      `${loadMs.toFixed(0)} ms`,
      `${median(times).toFixed(0)} ms`,
    ]);
  }
  const head = ['document', 'operations', 'parameters', 'path vars added', 'request bodies', 'responses', 'not followed', 'load (in-process, cold)', `manifest update (whole process, median of ${runs})`];
  const lines = [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`);
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await rm(work, { recursive: true, force: true });
}
