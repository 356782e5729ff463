// The shared third-party documents (/work/shared/specs, SOURCES.md there) with the short platform names
// the conformance run and the bench give them. Never copied into the repo: read where they lie.
import { existsSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in bench/lib). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built CLI every measurement runs, as a user would. */
export const CLI = join(REPO_ROOT, 'dist', 'cli.js');

/**
 * A private copy of dist/ for one run, so that a rebuild during a long run (which empties dist/) cannot
 * pull lazy chunks from under a running server. It sits in node_modules/.runos-proof-<pid>/dist, so the
 * CLI still finds the package root (package.json, manifest/) and node_modules by walking up.
 * @returns {Promise<{ cli: string; dispose: () => Promise<void> }>}
 */
export async function snapshotCli() {
  // RUNOS_PROOF_CLI measures another build (an A/B of a candidate fix) without touching dist/.
  const other = process.env.RUNOS_PROOF_CLI;
  if (other) {
    if (!existsSync(other)) throw new Error(`RUNOS_PROOF_CLI=${other} does not exist`);
    return { cli: other, dispose: async () => {} };
  }
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing; run \`npm run build\` first`);
  const dir = join(REPO_ROOT, 'node_modules', `.runos-proof-${process.pid}`);
  await cp(join(REPO_ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  return { cli: join(dir, 'dist', 'cli.js'), dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** Same rule as src/core/paths.ts#specsDir: `$RUNOS_SPECS_DIR`, else `../shared/specs` beside the repo. */
export function specsDir(env = process.env) {
  return env.RUNOS_SPECS_DIR || join(REPO_ROOT, '..', 'shared', 'specs');
}

/** Every shared document, in a fixed order; `name` is a valid platform name (`^[a-z][a-z0-9-]*$`). */
export const SPECS = [
  { name: 'petstore', file: 'petstore.yaml' },
  { name: 'petstore-expanded', file: 'petstore-expanded.yaml' },
  { name: 'netlify', file: 'netlify-swagger2.yml' },
  { name: 'k8s-apps', file: 'kubernetes-apis-apps-v1.json' },
  { name: 'k8s-core', file: 'kubernetes-api-v1.json' },
  // Twilio's only scheme is http basic (account SID : auth token); runos sends `Bearer <key>`.
  { name: 'twilio', file: 'twilio-api-v2010.json', auth: 'basic' },
  { name: 'coolify', file: 'coolify-openapi.json' },
  { name: 'stripe', file: 'stripe-spec3.yaml' },
  { name: 'github', file: 'github-api.json' },
];

/** The documents present on this machine (absolute paths), optionally only the named ones. */
export function availableSpecs(only, env = process.env) {
  const dir = specsDir(env);
  const wanted = only?.length ? only : null;
  if (wanted) {
    const unknown = wanted.filter((n) => !SPECS.some((s) => s.name === n));
    if (unknown.length) throw new Error(`unknown document name(s): ${unknown.join(', ')}; known: ${SPECS.map((s) => s.name).join(', ')}`);
  }
  return SPECS.filter((s) => !wanted || wanted.includes(s.name))
    .map((s) => ({ ...s, path: join(dir, s.file) }))
    .filter((s) => existsSync(s.path));
}
