// Load a few of runos's own TypeScript modules into a plain Node script: esbuild bundles them (types
// stripped, nothing type-checked) into one temporary ESM file that the script imports. For measurements
// that must run the real code but need no server around it (`npm run redaction`).
import { build } from 'esbuild';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './specs.mjs';

/**
 * Import `exports` (`{ mapResponse: 'src/server/map-response.ts', … }`) from `root` (default the repo).
 * `root` may be another checkout of runos (an A/B of the code before a change).
 * @param {Record<string, string>} exports export name → path of the module that exports it, relative to root
 * @param {string} [root]
 */
export async function importSource(exports, root = REPO_ROOT) {
  const contents = Object.entries(exports).map(([name, file]) => `export { ${name} } from ${JSON.stringify(join(root, file))};`).join('\n');
  const out = await build({ stdin: { contents, resolveDir: root, loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', target: 'node20', write: false, logLevel: 'error', packages: 'external' });
  // Inside the repo's node_modules, so that the bundle's bare imports (yaml, ajv…) resolve from there.
  const dir = join(REPO_ROOT, 'node_modules', '.cache', `runos-src-${process.pid}`);
  await mkdir(dir, { recursive: true });
  const file = join(dir, `bundle-${Math.random().toString(36).slice(2)}.mjs`);
  await writeFile(file, out.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
