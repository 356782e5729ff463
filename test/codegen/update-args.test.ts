import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFastUpdate } from '../../src/codegen/update-args.js';
import { packageRoot } from '../../src/core/paths.js';

describe('parseFastUpdate', () => {
  const cases: [string, { given: string[]; want: ReturnType<typeof parseFastUpdate> }][] = [
    ['no flags', { given: ['manifest', 'update'], want: {} }],
    ['every value flag', { given: ['manifest', 'update', '--from', 'gh.json', '--ref-root', '/d', '--out', './gh', '--name', 'github'], want: { from: 'gh.json', refRoot: '/d', out: './gh', name: 'github' } }],
    ['--opt=value', { given: ['manifest', 'update', '--from=gh.json', '--out=./gh'], want: { from: 'gh.json', out: './gh' } }],
    ['repeatable overlays and overrides keep their order', { given: ['manifest', 'update', '--overlay', 'a.yaml', '--overrides', 'o.json', '--overlay=b.yaml'], want: { overlay: ['a.yaml', 'b.yaml'], overrides: ['o.json'] } }],
    ['switches', { given: ['manifest', 'update', '--no-bundled-overrides', '--renew-names', '--accept-tier-changes', '--check'], want: { bundledOverrides: false, renewNames: true, acceptTierChanges: true, check: true } }],
    ['help goes to the full parser', { given: ['manifest', 'update', '--help'], want: undefined }],
    ['an unknown flag goes to the full parser', { given: ['manifest', 'update', '--form', 'gh.json'], want: undefined }],
    ['a missing value goes to the full parser', { given: ['manifest', 'update', '--from'], want: undefined }],
    ['a flag as a value goes to the full parser', { given: ['manifest', 'update', '--out', '--check'], want: undefined }],
    ['an empty value goes to the full parser', { given: ['manifest', 'update', '--from='], want: undefined }],
    ['a repeated single flag goes to the full parser', { given: ['manifest', 'update', '--from', 'a.json', '--from', 'b.json'], want: undefined }],
    ['a switch with a value goes to the full parser', { given: ['manifest', 'update', '--check=false'], want: undefined }],
    ['a positional goes to the full parser', { given: ['manifest', 'update', 'gh.json'], want: undefined }],
    ['another command', { given: ['manifest', 'review'], want: undefined }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(parseFastUpdate(given)).toEqual(want);
  });
});

// What the full parser says of a command line the fast path hands over (the built CLI; skipped unbuilt).
const CLI = join(packageRoot(), 'dist', 'cli.js');
describe.skipIf(!existsSync(CLI))(existsSync(CLI) ? 'manifest update lines the fast path leaves to yargs' : 'manifest update fallback: SKIPPED (run npm run build)', () => {
  it('an unknown flag: yargs names it, exit 2', () => {
    let stderr = '';
    let status = 0;
    try {
      execFileSync(process.execPath, [CLI, 'manifest', 'update', '--form', 'x.json'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    } catch (err) {
      ({ stderr, status } = err as { stderr: string; status: number });
    }
    expect(status).toBe(2);
    expect(stderr).toMatch(/Unknown arguments?: .*form/);
  });

  it('--help: the command\'s help', () => {
    const out = execFileSync(process.execPath, [CLI, 'manifest', 'update', '--help'], { encoding: 'utf8' });
    expect(out).toMatch(/--accept-tier-changes/);
  });
});
