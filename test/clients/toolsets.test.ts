// `runos mcp configure … --toolsets/--tools/--exclude-tools`: the flags reach every server's args, the
// read allowlist follows them, and a client's documented tool limit is named when the servers exceed it.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runConfigure } from '../../src/clients/configure-command.js';
import type { ToolTable } from '../../src/core/tool-table.js';
import { fixtureTable, makeWorld, type World } from './helpers.js';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
  const base = fixtureTable();
  // 60 read tools in `clusters`, the fixture's others in `buckets` / `credentials`.
  const many = Array.from({ length: 60 }, (_, i) => ({ ...base.tools[1]!, name: `get_cluster_${String(i).padStart(2, '0')}`, operationId: `c${i}`, path: `/v1/clusters/${i}` }));
  const toolset = (name: string) => (name.includes('cluster') ? 'clusters' : name.includes('bucket') ? 'buckets' : 'credentials');
  const table: ToolTable = { ...base, tools: [...base.tools, ...many].map((t) => ({ ...t, toolset: toolset(t.name) })).sort((a, b) => (a.name < b.name ? -1 : 1)) };
  await writeFile(join(w.env.RUNOS_CACHE_DIR!, 'tools.json'), `${JSON.stringify(table, null, 2)}\n`);
});
afterEach(() => w.cleanup());

async function configure(args: Record<string, unknown>): Promise<{ code?: number; error?: Error; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t), env: w.env, cwd: w.project };
  try {
    return { code: await runConfigure({ dir: w.project, ...args }, io), out, err };
  } catch (error) {
    return { error: error as Error, out, err };
  }
}

describe('configure with a narrowed tool set', () => {
  it('passes the flags into every server’s args and narrows the read allowlist (Roo alwaysAllow)', async () => {
    const r = await configure({ client: 'roo', toolsets: 'buckets,credentials', tools: 'get_cluster', excludeTools: 'rotate_credentials' });
    expect(r.error).toBeUndefined();
    const config = JSON.parse(await readFile(join(w.project, '.roo', 'mcp.json'), 'utf8')) as { mcpServers: Record<string, { args: string[]; alwaysAllow?: string[] }> };
    for (const server of Object.values(config.mcpServers)) {
      expect(server.args.slice(-6)).toEqual(['--toolsets', 'buckets,credentials', '--tools', 'get_cluster', '--exclude-tools', 'rotate_credentials']);
    }
    expect(config.mcpServers.runos!.alwaysAllow).toEqual(['get_cluster']);
  });

  it('refuses a toolset or tool the table does not have, writing nothing', async () => {
    const r = await configure({ client: 'claude', toolsets: 'clustrs' });
    expect(r.error?.message).toContain('no toolset clustrs in the table');
    const t = await configure({ client: 'claude', tools: 'get_clustr' });
    expect(t.error?.message).toContain('no tool get_clustr in the table');
  });
});

describe('tool-count warnings name the client’s documented limit', () => {
  it('Cursor: ~40 tools, with the largest toolsets suggested', async () => {
    const r = await configure({ client: 'cursor' });
    expect(r.code).toBe(0);
    expect(r.err).toContain('these servers expose 65 tools (runos 62, runos-sensitive-read 1, runos-write 1, runos-sensitive-write 1): Cursor has historically sent only the first ~40 tools to the model');
    expect(r.err).toContain('largest toolsets: clusters 62, credentials 2, buckets 1');
  });

  it('no warning once narrowed under the limit', async () => {
    const r = await configure({ client: 'cursor', toolsets: 'buckets,credentials' });
    expect(r.err).not.toContain('tools (');
  });

  it('VS Code: 128 tools per request; not reached here', async () => {
    const r = await configure({ client: 'vscode' });
    expect(r.err).not.toContain('128');
  });
});
