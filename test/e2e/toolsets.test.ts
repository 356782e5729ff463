// GitHub's document narrowed with --toolsets, through the built server over stdio with a real SDK client:
// fewer tools and bytes, and a call outside the selection refused exactly like a call to another tier.
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specsDir } from '../../src/core/paths.js';
import type { ToolTable } from '../../src/core/tool-table.js';
import { CLI, HAS_CLI, isolatedEnv } from './helpers.js';

const GITHUB = join(specsDir(), 'github-api.json');
const ready = HAS_CLI && existsSync(GITHUB);
let env: Record<string, string>;
let table: string;
const clients: Client[] = [];

async function serve(args: string[]): Promise<Client> {
  const client = new Client({ name: 'toolsets-e2e', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', 'serve', 'read', '--table', table, ...args], env, stderr: 'pipe' }));
  clients.push(client);
  return client;
}

beforeAll(() => {
  if (!ready) return;
  env = isolatedEnv({ RUNOS_WATCH_INTERVAL_MS: '0' });
  table = join(env.HOME!, 'github');
  execFileSync(process.execPath, [CLI, 'manifest', 'update', '--from', GITHUB, '--name', 'github', '--out', table], { env, stdio: 'ignore' });
}, 120_000);
afterAll(() => Promise.all(clients.map((c) => c.close())));

describe.skipIf(!ready)(ready ? 'GitHub read tier with --toolsets repos,issues,pulls' : 'GitHub toolsets: SKIPPED (no built CLI or no shared GitHub document)', () => {
  it('lists only those toolsets’ read tools, in a fraction of the bytes', async () => {
    const full = (await (await serve([])).listTools()).tools;
    const narrowed = (await (await serve(['--toolsets', 'repos,issues,pulls'])).listTools()).tools;
    expect(full.length).toBe(425);
    expect(narrowed.length).toBe(111);
    const toolsetOf = new Map((JSON.parse(readFileSync(join(table, 'tools.json'), 'utf8')) as ToolTable).tools.map((t) => [t.name, t.toolset]));
    expect(new Set(narrowed.map((t) => toolsetOf.get(t.name)))).toEqual(new Set(['repos', 'issues', 'pulls']));
    expect(JSON.stringify(narrowed).length).toBeLessThan(JSON.stringify(full).length * 0.3);
  }, 60_000);

  it('refuses a read tool of another toolset exactly as a write tool: -32602, unknown tool', async () => {
    const client = await serve(['--toolsets', 'repos,issues,pulls']);
    const refusal = (name: string) => client.callTool({ name, arguments: {} }).then(() => undefined, (e: unknown) => e as { code: number; message: string });
    const crossToolset = await refusal('gists_list');
    const crossTier = await refusal('repos_delete');
    expect(crossToolset).toMatchObject({ code: -32602, message: expect.stringContaining('Unknown tool: gists_list (not a tool of github)') });
    expect(crossTier).toMatchObject({ code: -32602, message: expect.stringContaining('Unknown tool: repos_delete (not a tool of github)') });
  }, 60_000);
});
