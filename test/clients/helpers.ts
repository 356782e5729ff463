import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runConfigure } from '../../src/clients/configure-command.js';
import type { ToolTable } from '../../src/core/tool-table.js';
import { TIERS, type Tier } from '../../src/core/tiers.js';

/** A small but valid tool table: one tool per tier, plus a second read tool. */
export function fixtureTable(): ToolTable {
  const tool = (name: string, tier: Tier, method: string, path: string) => ({
    name,
    tier,
    reason: `fixture: ${tier}`,
    method,
    path,
    operationId: name,
    title: name,
    description: `Fixture tool ${name}`,
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    annotations: { title: name, readOnlyHint: tier.endsWith('read'), destructiveHint: false, idempotentHint: true, openWorldHint: true },
    request: { params: [] },
    secrets: { request: [], response: [] },
  });
  return {
    $comment: 'test fixture for runos mcp configure',
    format: 1,
    platform: 'runos',
    manifest: { title: 'fixture', version: '1', sha256: '0'.repeat(64), overridesSha256: '0'.repeat(64) },
    basePath: '',
    redactFields: [],
    tools: [
      tool('create_bucket', 'write', 'POST', '/v1/buckets'),
      tool('get_cluster', 'read', 'GET', '/v1/clusters/1'),
      tool('get_service_credentials', 'sensitive-read', 'GET', '/v1/services/1/credentials'),
      tool('list_clusters', 'read', 'GET', '/v1/clusters'),
      tool('rotate_credentials', 'sensitive-write', 'POST', '/v1/services/1/credentials/rotate'),
    ],
  } as ToolTable;
}

/** Read-tier tool names of the fixture. */
export const FIXTURE_READ_TOOLS = ['get_cluster', 'list_clusters'];

/** A temp world: HOME, a project folder, and runos dirs with the fixture table in the cache. */
export interface World {
  root: string;
  home: string;
  project: string;
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

/** Create a temp world for one test. */
export async function makeWorld(): Promise<World> {
  const root = await mkdtemp(join(tmpdir(), 'runos-configure-'));
  const home = join(root, 'home');
  const project = join(root, 'project');
  const cache = join(root, 'cache');
  await Promise.all([mkdir(home), mkdir(project), mkdir(cache)]);
  await writeFile(join(cache, 'tools.json'), JSON.stringify(fixtureTable(), null, 2) + '\n');
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    PATH: process.env.PATH,
    RUNOS_CACHE_DIR: cache,
    RUNOS_STATE_DIR: join(root, 'state'),
    RUNOS_CONFIG_DIR: join(root, 'config'),
  };
  return { root, home, project, env, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Run `runos mcp configure` in-process; returns exit code or the thrown error, and the output. */
export async function configure(
  world: World,
  args: { client: string; scope?: string; tiers?: string; dryRun?: boolean; remove?: boolean; sandbox?: boolean; trust?: boolean; remote?: string; tokenEnv?: string },
): Promise<{ code?: number; error?: Error; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t), env: world.env, cwd: world.project };
  try {
    const code = await runConfigure({ ...args, dir: world.project, 'dry-run': args.dryRun === true }, io);
    return { code, out, err };
  } catch (error) {
    return { error: error as Error, out, err };
  }
}

/** Every file under the world's home and project, with bytes and mtimes: to prove nothing was touched. */
export async function snapshot(world: World): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) await walk(p);
      else files.set(relative(world.root, p), `${(await stat(p)).mtimeMs}:${await readFile(p, 'utf8')}`);
    }
  }
  await walk(world.home);
  await walk(world.project);
  return files;
}

/** Write a file (creating folders). */
export async function put(path: string, text: string): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text);
}

export { TIERS };
