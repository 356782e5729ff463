import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateTable } from '../../src/codegen/generate.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, 'fixtures', 'mini.openapi.yaml');

describe('golden: a small fixture manifest', () => {
  it('renders tools.json and tiers.md exactly as reviewed', async () => {
    const { files } = await generateTable({ source: fixture, platform: 'mini' });
    await expect(files['tools.json']).toMatchFileSnapshot('./__snapshots__/mini.tools.json');
    await expect(files['tiers.md']).toMatchFileSnapshot('./__snapshots__/mini.tiers.md');
  });

  it('is byte-for-byte reproducible and holds no absolute path', async () => {
    const a = await generateTable({ source: fixture, platform: 'mini' });
    const b = await generateTable({ source: fixture, platform: 'mini' });
    expect(a.files).toEqual(b.files);
    for (const text of Object.values(a.files)) expect(text).not.toContain(here);
  });
});
