// Bundles src/cli.ts into dist/ with esbuild: one small entry, each command handler a lazily loaded
// chunk, dependencies left in node_modules (except the MCP server SDK, see below). Types are checked
// separately by `tsc --noEmit`.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

// The MCP server SDK (with its core and zod) is bundled into the chunks that use it: loaded from
// node_modules it is hundreds of small ESM files, and resolving them was most of `mcp serve`'s start-up.
const BUNDLED = /^(?:@modelcontextprotocol\/(?:server|core)|zod)(?:\/|$)/;
const externalsExceptSdk = {
  name: 'externals-except-sdk',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (a) => (BUNDLED.test(a.path) ? undefined : { path: a.path, external: true }));
  },
};

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [externalsExceptSdk],
  sourcemap: 'linked',
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
});
