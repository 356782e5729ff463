// `runos mcp configure <client> --remote <url>`: every client gets URL entries per tier whose token comes
// from an environment variable in that client's own syntax (never the token itself), the same allowlist
// rules as local entries, and a switch between local and remote leaves no key of the other transport.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { afterEach, describe, expect, it } from 'vitest';
import { configure, makeWorld, type World } from './helpers.js';

const URL_BASE = 'https://mcp.example.com';
let world: World;
afterEach(async () => world?.cleanup());

const json = async (path: string): Promise<any> => JSON.parse(await readFile(path, 'utf8'));

describe('configure --remote', () => {
  it.each([
    ['claude', '.mcp.json', 'mcpServers', { type: 'http' }, 'Bearer ${RUNOS_MCP_TOKEN}', 'url'],
    ['roo', '.roo/mcp.json', 'mcpServers', { type: 'streamable-http' }, 'Bearer ${env:RUNOS_MCP_TOKEN}', 'url'],
    ['cursor', '.cursor/mcp.json', 'mcpServers', {}, 'Bearer ${env:RUNOS_MCP_TOKEN}', 'url'],
    ['vscode', '.vscode/mcp.json', 'servers', { type: 'http' }, 'Bearer ${env:RUNOS_MCP_TOKEN}', 'url'],
    ['gemini', '.gemini/settings.json', 'mcpServers', {}, 'Bearer ${RUNOS_MCP_TOKEN}', 'httpUrl'],
  ])('%s: one URL entry per tier, the token read from the environment', async (client, file, container, extra, header, urlKey) => {
    world = await makeWorld();
    const r = await configure(world, { client, remote: URL_BASE });
    expect(r.error).toBeUndefined();
    expect(r.out).toContain('set RUNOS_MCP_TOKEN to a token of that server');
    const servers = (await json(join(world.project, file)))[container];
    for (const [name, tier] of [['runos', 'read'], ['runos-sensitive-read', 'sensitive-read'], ['runos-write', 'write'], ['runos-sensitive-write', 'sensitive-write']]) {
      expect(servers[name]).toMatchObject({ ...extra, [urlKey]: `${URL_BASE}/mcp/${tier}`, headers: { Authorization: header } });
      expect(servers[name]).not.toHaveProperty('command');
    }
  });

  it('claude: the read server alone is auto-approved, as for local entries', async () => {
    world = await makeWorld();
    await configure(world, { client: 'claude', remote: URL_BASE });
    expect((await json(join(world.project, '.claude', 'settings.json'))).permissions.allow).toEqual(['mcp__runos', 'mcp__runos__*']);
  });

  it('codex: url and bearer_token_env_var, approve for read only', async () => {
    world = await makeWorld();
    const r = await configure(world, { client: 'codex', remote: URL_BASE, tokenEnv: 'TEAM_TOKEN' });
    expect(r.error).toBeUndefined();
    // Codex is configured in the project's .codex/config.toml by default.
    const config = parseToml(await readFile(join(world.project, '.codex', 'config.toml'), 'utf8')) as any;
    expect(config.mcp_servers.runos).toEqual({ url: `${URL_BASE}/mcp/read`, bearer_token_env_var: 'TEAM_TOKEN', default_tools_approval_mode: 'approve' });
    expect(config.mcp_servers['runos-write']).toEqual({ url: `${URL_BASE}/mcp/write`, bearer_token_env_var: 'TEAM_TOKEN', default_tools_approval_mode: 'prompt' });
    // A local entry already there is not turned into a mixed one: a clear error, nothing written.
    const local = await makeWorld();
    await configure(local, { client: 'codex' });
    const again = await configure(local, { client: 'codex', remote: URL_BASE });
    expect(again.error?.message).toMatch(/is a local \(command\) entry; run `runos mcp configure codex --remove` first/);
    await local.cleanup();
  });

  it('local → remote → local: the other transport\'s keys go, the user\'s own keys stay', async () => {
    world = await makeWorld();
    await configure(world, { client: 'roo' });
    const path = join(world.project, '.roo', 'mcp.json');
    const doc = await json(path);
    doc.mcpServers['runos-write'].timeout = 120;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, JSON.stringify(doc, null, 2) + '\n');
    await configure(world, { client: 'roo', remote: URL_BASE });
    let entry = (await json(path)).mcpServers['runos-write'];
    expect(Object.keys(entry).sort()).toEqual(['alwaysAllow', 'headers', 'timeout', 'type', 'url'].filter((k) => k in entry).sort());
    expect(entry).toMatchObject({ timeout: 120, type: 'streamable-http', url: `${URL_BASE}/mcp/write` });
    expect(entry).not.toHaveProperty('command');
    await configure(world, { client: 'roo' });
    entry = (await json(path)).mcpServers['runos-write'];
    expect(entry).toMatchObject({ timeout: 120, command: process.execPath });
    for (const k of ['url', 'headers', 'type']) expect(entry).not.toHaveProperty(k);
  });

  it.each([
    [{ remote: 'http://mcp.example.com' }, /must be an https URL/],
    [{ remote: 'not a url' }, /is not a URL/],
    [{ remote: 'https://user:pw@mcp.example.com' }, /no credentials/],
    [{ remote: URL_BASE, tokenEnv: 'A-B' }, /--token-env takes an environment variable name/],
    [{ remote: URL_BASE, sandbox: true }, /do not go together/],
  ])('refuses %j', async (args, want) => {
    world = await makeWorld();
    const r = await configure(world, { client: 'claude', ...args });
    expect(r.error?.message).toMatch(want);
  });
});
