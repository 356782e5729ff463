// The heap tuning a tier server applies to itself, in a real node process: with it the young generation
// stays at its initial size under a load that makes an untuned process grow it (what kept resident memory
// under 80 MB when these were node command-line flags).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/core/paths.js';

let dir: string;
let bundle: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runos-v8-'));
  bundle = join(dir, 'v8-tuning.mjs');
  await build({ entryPoints: [join(packageRoot(), 'src', 'server', 'v8-tuning.ts')], outfile: bundle, bundle: true, format: 'esm', platform: 'node', logLevel: 'silent' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** New-space size (MB) after keeping ~20 batches of young objects alive at a time, tuned or not. */
async function newSpaceMb(tuned: boolean): Promise<number> {
  const script = `
    const v8 = await import('node:v8');
    if (${tuned}) (await import(${JSON.stringify(bundle)})).tuneHeapForServing();
    const keep = [];
    for (let i = 0; i < 200; i++) {
      const batch = [];
      for (let j = 0; j < 5000; j++) batch.push({ i, j, s: 'x' + j });
      keep.push(batch);
      if (keep.length > 20) keep.shift();
    }
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    process.stdout.write(String(space.space_size / 1048576));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
  return Number(stdout);
}

describe('tuneHeapForServing', () => {
  it('keeps the young generation from growing where an untuned process grows it', async () => {
    const [untuned, tuned] = await Promise.all([newSpaceMb(false), newSpaceMb(true)]);
    expect(untuned).toBeGreaterThan(4);
    expect(tuned).toBeLessThanOrEqual(2);
  });
});
