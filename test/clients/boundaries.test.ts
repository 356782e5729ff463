import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { packageRoot } from '../../src/core/paths.js';

// STYLE.md, who may import whom: client writers use core only (and never credentials: no secret may reach a config).
it('src/clients imports only core, its own files and parsing/diff libraries', async () => {
  const dir = join(packageRoot(), 'src', 'clients');
  const allowed = /^(\.\/[a-z-]+\.js|\.\.\/core\/[a-z-]+\.js|node:[a-z/]+|jsonc-parser|smol-toml|diff)$/;
  const files = await readdir(dir);
  expect(files).toContain('configure-command.ts');
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8');
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
    for (const spec of imports) expect(spec, `${file} imports ${spec}`).toMatch(allowed);
  }
});
