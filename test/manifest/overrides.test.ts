import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManifestError } from '../../src/core/errors.js';
import { readOverrideFiles, readOverrides } from '../../src/manifest/overrides.js';

const dir = mkdtempSync(join(tmpdir(), 'runos-overrides-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(text: string): string {
  const path = join(dir, `o${n++}.json`);
  writeFileSync(path, text);
  return path;
}
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('readOverrides: valid files', () => {
  it('a missing file means no overrides and the sha256 of the empty string', async () => {
    const got = await readOverrides(join(dir, 'absent.json'));
    expect(got.overrides.size).toBe(0);
    expect(got.sha256).toBe(sha(''));
  });

  it('reads operationId -> {tier, reason}, ignores $-keys, hashes the bytes', async () => {
    const text = JSON.stringify({
      $comment: 'reviewed overrides',
      'run-query': { tier: 'sensitive-read', reason: 'POST that only reads rows; reviewed by security' },
      'repos/get': { tier: 'read', reason: 'r' },
    });
    const got = await readOverrides(file(text));
    expect([...got.overrides]).toEqual([
      ['run-query', { tier: 'sensitive-read', reason: 'POST that only reads rows; reviewed by security' }],
      ['repos/get', { tier: 'read', reason: 'r' }],
    ]);
    expect(got.sha256).toBe(sha(text));
  });

  it('an empty object is no overrides', async () => {
    expect((await readOverrides(file('{}\n'))).overrides.size).toBe(0);
  });
});

describe('readOverrides: broken files are a ManifestError naming the file and the JSON pointer', () => {
  const cases: [string, { given: string; want: string }][] = [
    ['bad JSON', { given: '{ "a": ', want: '#: not valid JSON' }],
    ['an array, not an object', { given: '[]', want: '#: must be a JSON object' }],
    ['entry not an object', { given: '{"op": "read"}', want: '#/op: must be an object' }],
    ['bad tier', { given: '{"op": {"tier": "admin", "reason": "r"}}', want: '#/op/tier: tier is "admin"' }],
    ['missing tier', { given: '{"op": {"reason": "r"}}', want: '#/op/tier' }],
    ['missing reason', { given: '{"op": {"tier": "read"}}', want: '#/op/reason: reason must be a non-empty string' }],
    ['blank reason', { given: '{"op": {"tier": "read", "reason": "  "}}', want: '#/op/reason' }],
    ['unknown key (a typo)', { given: '{"op": {"teir": "read", "tier": "read", "reason": "r"}}', want: '#/op/teir: unknown key' }],
    ['pointer escapes / in operationIds', { given: '{"repos/get": {"tier": "x", "reason": "r"}}', want: '#/repos~1get/tier' }],
  ];
  it.each(cases)('%s', async (_name, { given, want }) => {
    const path = file(given);
    const err = await readOverrides(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as Error).message).toContain(`${path}${want}`);
  });
});

describe('readOverrideFiles: several files add up, never silently replace one another', () => {
  const a = () => file(JSON.stringify({ 'op-a': { tier: 'read', reason: 'reviewed a' } }));
  const b = () => file(JSON.stringify({ 'op-b': { tier: 'write', reason: 'reviewed b' } }));

  it('keeps the entries of every file and says which file each came from', async () => {
    const [fa, fb] = [a(), b()];
    const got = await readOverrideFiles([fa, fb]);
    expect([...got.overrides.keys()]).toEqual(['op-a', 'op-b']);
    expect(got.files.get('op-a')).toBe(fa);
    expect(got.files.get('op-b')).toBe(fb);
  });

  it('hashes one file as readOverrides does (the bundled table keeps its header), several together', async () => {
    const fa = a();
    expect((await readOverrideFiles([fa])).sha256).toBe((await readOverrides(fa)).sha256);
    expect((await readOverrideFiles([])).sha256).toBe(sha(''));
    const two = await readOverrideFiles([fa, b()]);
    expect(two.sha256).not.toBe((await readOverrides(fa)).sha256);
  });

  it('refuses an operation overridden in two files, naming both', async () => {
    const [fa, again] = [a(), file(JSON.stringify({ 'op-a': { tier: 'write', reason: 'other view' } }))];
    const err = await readOverrideFiles([fa, again]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as Error).message).toContain(`operation "op-a" is overridden in both ${fa} and ${again}`);
  });
});
