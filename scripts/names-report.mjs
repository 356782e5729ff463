#!/usr/bin/env node
// `npm run names`: how readable the generated tool names are on every shared document (../shared/specs,
// the n8n multi-file tree included): the share of names that end in a hash suffix, and the five longest
// names. Runs the built CLI as a user would (`runos manifest update --from <doc> --name <platform>`), into a
// temp folder. The issue's target: under 2% hash suffixes (test/codegen/names-report.test.ts holds it).
//
//   node scripts/names-report.mjs [--json] [--cli dist/cli.js]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CLI, specsDir } from '../bench/lib/specs.mjs';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, cli: { type: 'string', default: CLI } } });

/** Every shared document and the platform name it is generated under (the invariant tests' rule: the file's first word). */
const DOCS = [
  'airflow-v2.yaml', 'argo-cd-swagger2.json', 'coolify-openapi.json', 'github-api.json', 'harbor-swagger2.yaml',
  'kubernetes-api-v1.json', 'kubernetes-apis-apps-v1.json', 'minio-console-swagger2.yml', 'n8n-public-api/openapi.yml',
  'netlify-swagger2.yml', 'petstore-expanded.yaml', 'petstore.yaml', 'stripe-spec3.yaml', 'twilio-api-v2010.json',
];

/** The hash runos appends to keep a name unique: base 36 of the operationId's sha256 (src/codegen/names.ts, idHash). */
function idHash(operationId, length) {
  const hex = createHash('sha256').update(operationId).digest('hex');
  return BigInt(`0x${hex.slice(0, 16)}`).toString(36).padStart(length, '0').slice(0, length);
}

/** Whether a name ends in its operation's hash (4 to 8 characters, as names.ts appends them). */
function hashed(tool) {
  for (let n = 4; n <= 8; n++) if (tool.name.endsWith(`_${idHash(tool.operationId, n)}`)) return true;
  return false;
}

const work = mkdtempSync(join(tmpdir(), 'runos-names-'));
process.once('exit', () => rmSync(work, { recursive: true, force: true }));
const rows = [];
for (const file of DOCS) {
  const path = join(specsDir(), file);
  if (!existsSync(path)) continue;
  const platform = file.split(/[-./]/)[0];
  const out = join(work, platform + rows.length);
  execFileSync(process.execPath, [values.cli, 'manifest', 'update', '--from', path, '--name', platform, '--out', out, '--accept-tier-changes'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { PATH: process.env.PATH ?? '', HOME: work, RUNOS_CACHE_DIR: join(work, 'cache'), RUNOS_CONFIG_DIR: join(work, 'config') },
  });
  const { tools } = JSON.parse(readFileSync(join(out, 'tools.json'), 'utf8'));
  const longest = tools.map((t) => t.name).sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).slice(0, 5);
  rows.push({ file, platform, tools: tools.length, hashed: tools.filter(hashed).length, longest });
}
if (rows.length === 0) throw new Error(`no shared documents in ${specsDir()} (set RUNOS_SPECS_DIR)`);

const total = rows.reduce((s, r) => s + r.tools, 0);
const totalHashed = rows.reduce((s, r) => s + r.hashed, 0);
const pct = (n, d) => `${((100 * n) / d).toFixed(1)}%`;
if (values.json) {
  process.stdout.write(`${JSON.stringify({ documents: rows, total, hashed: totalHashed }, null, 2)}\n`);
} else {
  const lines = ['| document | tools | hash suffix | five longest names |', '|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.file} (${r.platform}) | ${r.tools} | ${r.hashed} (${pct(r.hashed, r.tools)}) | ${r.longest.map((n) => `\`${n}\` ${n.length}`).join(', ')} |`);
  lines.push(`| all | ${total} | ${totalHashed} (${pct(totalHashed, total)}) | |`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
