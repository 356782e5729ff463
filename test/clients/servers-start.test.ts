// The servers each written config describes really start: spawn exactly the command, args and env a
// client would use, complete an MCP handshake and list the tools.
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEntryScript } from '../../src/clients/launch.js';
import { bundledTableDir } from '../../src/core/paths.js';
import { TIERS } from '../../src/core/tiers.js';
import { CASES, OURS, caseName, parseFile } from './cases.js';
import { configure, fixtureTable, makeWorld, type World } from './helpers.js';

const BUILT = existsSync(resolveEntryScript());

/** The environment a client gives the server: Roo-like minimal for JSON clients plus `env`; Codex forwards `env_vars`. */
function clientEnv(world: World, entry: Record<string, any>): Record<string, string> {
  const base: Record<string, string> = { HOME: world.home, PATH: process.env.PATH ?? '' };
  if (Array.isArray(entry.env_vars)) {
    for (const name of entry.env_vars as string[]) if (world.env[name]) base[name] = world.env[name]!;
  }
  return { ...base, ...((entry.env as Record<string, string> | undefined) ?? {}) };
}

async function listToolsOf(world: World, entry: Record<string, any>): Promise<{ client: Client; names: string[] }> {
  const transport = new StdioClientTransport({ command: entry.command, args: entry.args, env: clientEnv(world, entry), stderr: 'pipe' });
  const client = new Client({ name: 'runos-configure-test', version: '1.0.0' });
  await client.connect(transport);
  const { tools } = await client.listTools();
  return { client, names: tools.map((t) => t.name).sort() };
}

describe.skipIf(!BUILT)('configured servers start and answer tools/list (needs `npm run build`)', () => {
  let world: World;
  beforeAll(async () => {
    world = await makeWorld();
  });
  afterAll(() => world.cleanup());

  it.each(CASES.map((c) => [caseName(c), c] as const))('%s', async (_name, c) => {
    for (const file of c.files(world)) await rm(file, { force: true });
    const r = await configure(world, { client: c.client, ...(c.scope ? { scope: c.scope } : {}) });
    expect(r.error).toBeUndefined();
    const { file, container } = c.servers(world);
    const servers = container.reduce((v: any, k) => v?.[k], parseFile(file, await readFile(file, 'utf8')));
    // The four servers start side by side, as a client starts them.
    const started = await Promise.all(TIERS.map((_t, i) => listToolsOf(world, servers[OURS[i]!])));
    try {
      for (const [i, tier] of TIERS.entries())
        expect(started[i]!.names, tier).toEqual(fixtureTable().tools.filter((t) => t.tier === tier).map((t) => t.name));
    } finally {
      await Promise.all(started.map((s) => s.client.close()));
    }
  });
});

const HAS_BUNDLED = existsSync(join(bundledTableDir(), 'tools.json'));

describe.skipIf(!BUILT || !HAS_BUNDLED)('configure --sandbox writes a server that runs on the sandbox (needs the build and generated/)', () => {
  it('claude --sandbox --tiers read: list_clusters answers from the sandbox', async () => {
    const world = await makeWorld();
    try {
      delete world.env.RUNOS_CACHE_DIR; // serve the bundled RunOS table, which the sandbox implements
      const r = await configure(world, { client: 'claude', tiers: 'read', sandbox: true });
      expect(r.error).toBeUndefined();
      const mcp = JSON.parse(await readFile(join(world.project, '.mcp.json'), 'utf8'));
      const entry = mcp.mcpServers.runos;
      expect(entry.args).toContain('--sandbox');
      const { client, names } = await listToolsOf(world, entry);
      try {
        expect(names).toContain('list_clusters');
        const result = (await client.callTool({ name: 'list_clusters', arguments: {} })) as { isError?: boolean; content: { text: string }[] };
        expect(result.isError, result.content.map((x) => x.text).join(' ')).toBeFalsy();
        expect(() => JSON.parse(result.content[0]!.text)).not.toThrow();
      } finally {
        await client.close();
      }
    } finally {
      await world.cleanup();
    }
  });
});
