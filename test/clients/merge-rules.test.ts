import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureTable, configure, makeWorld, put, snapshot, FIXTURE_READ_TOOLS, type World } from './helpers.js';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.cleanup());

describe('fields the user or the client added inside our entries are kept', () => {
  it('roo: alwaysAllow is a union in the user order; timeout, disabledTools kept; command refreshed', async () => {
    const file = join(w.project, '.roo', 'mcp.json');
    await put(
      file,
      JSON.stringify({ mcpServers: { runos: { command: '/old/node', args: ['old'], alwaysAllow: ['list_clusters', 'my_tool'], disabledTools: ['get_cluster'], timeout: 300 } } }, null, 2) + '\n',
    );
    await configure(w, { client: 'roo' });
    const entry = JSON.parse(await readFile(file, 'utf8')).mcpServers.runos;
    expect(entry.command).toBe(process.execPath);
    expect(entry.alwaysAllow).toEqual(['list_clusters', 'my_tool', 'get_cluster']);
    expect(entry.disabledTools).toEqual(['get_cluster']);
    expect(entry.timeout).toBe(300);
  });

  it('roo: re-running after the table changes adds the new read tools', async () => {
    await configure(w, { client: 'roo' });
    const table = fixtureTable();
    table.tools.push({ ...table.tools[1]!, name: 'list_nodes', operationId: 'list_nodes', path: '/v1/nodes' });
    table.tools.sort((a, b) => (a.name < b.name ? -1 : 1));
    await writeFile(join(w.env.RUNOS_CACHE_DIR!, 'tools.json'), JSON.stringify(table));
    await configure(w, { client: 'roo' });
    const entry = JSON.parse(await readFile(join(w.project, '.roo', 'mcp.json'), 'utf8')).mcpServers.runos;
    expect(entry.alwaysAllow).toEqual([...FIXTURE_READ_TOOLS, 'list_nodes']);
  });

  it('claude: extra env and fields in our entry survive; our env keys are set', async () => {
    const file = join(w.project, '.mcp.json');
    await put(file, JSON.stringify({ mcpServers: { runos: { type: 'stdio', command: 'runos', args: [], env: { DEBUG: '1' }, 'x-note': 'mine' } } }) + '\n');
    w.env.RUNOS_PROFILE = 'work';
    await configure(w, { client: 'claude' });
    const entry = JSON.parse(await readFile(file, 'utf8')).mcpServers.runos;
    expect(entry.env.DEBUG).toBe('1');
    expect(entry.env.RUNOS_PROFILE).toBe('work');
    expect(entry['x-note']).toBe('mine');
  });

  it('codex: tools.* sub-tables and extra keys survive, only our keys change', async () => {
    const file = join(w.home, '.codex', 'config.toml');
    await put(file, '[mcp_servers.runos]\ncommand = "runos"\ntool_timeout_sec = 90\n\n[mcp_servers.runos.tools.get_cluster]\napproval_mode = "prompt"\n');
    await configure(w, { client: 'codex', scope: 'user' });
    const cfg = parse(await readFile(file, 'utf8')) as any;
    expect(cfg.mcp_servers.runos.command).toBe(process.execPath);
    expect(cfg.mcp_servers.runos.tool_timeout_sec).toBe(90);
    expect(cfg.mcp_servers.runos.tools.get_cluster.approval_mode).toBe('prompt');
  });
});

describe('refusals and warnings', () => {
  it('a user entry Roo would reject stops the run; nothing written', async () => {
    await put(join(w.project, '.roo', 'mcp.json'), '{"mcpServers": {"mine": {"command": "x", "timeout": 0}}}\n');
    const before = await snapshot(w);
    const r = await configure(w, { client: 'roo' });
    expect(r.error?.message).toMatch(/Roo Code would reject the whole file: mcpServers\.mine timeout/);
    expect(await snapshot(w)).toEqual(before);
  });

  it('an invalid Codex approval mode of the user stops the run; nothing written', async () => {
    await put(join(w.home, '.codex', 'config.toml'), '[mcp_servers.mine]\ncommand = "x"\ndefault_tools_approval_mode = "never"\n');
    const before = await snapshot(w);
    const r = await configure(w, { client: 'codex', scope: 'user' });
    expect(r.error?.message).toMatch(/invalid Codex approval mode \(mcp_servers\.mine\.default_tools_approval_mode = "never"\)/);
    expect(await snapshot(w)).toEqual(before);
  });

  const refusals: [string, { args: Record<string, unknown>; want: RegExp }][] = [
    ['roo --scope user', { args: { client: 'roo', scope: 'user' }, want: /Roo Code's user-wide MCP settings/ }],
    ['vscode --scope user', { args: { client: 'vscode', scope: 'user' }, want: /VS Code's user mcp\.json/ }],
    ['unknown tier', { args: { client: 'claude', tiers: 'read,admin' }, want: /unknown tier admin/ }],
  ];
  it.each(refusals)('%s is a usage error', async (_n, { args, want }) => {
    const r = await configure(w, args as { client: string });
    expect(r.error?.name).toBe('UsageError');
    expect(r.error?.message).toMatch(want);
    expect((await snapshot(w)).size).toBe(0);
  });

  it('codex writes the project file by default; the next step is to trust the folder, and it warns about the sandbox', async () => {
    const r = await configure(w, { client: 'codex' });
    expect(r.err).toMatch(/Never start Codex with --dangerously-bypass-approvals-and-sandbox/);
    expect(r.out).toMatch(/next: Trust the folder: Codex ignores .*\.codex\/config\.toml until .* --trust/);
    expect(parse(await readFile(join(w.project, '.codex', 'config.toml'), 'utf8'))).toHaveProperty('mcp_servers.runos');
    expect(existsSync(join(w.home, '.codex'))).toBe(false);
  });

  it('codex --trust also writes [projects."<dir>"] trust_level = "trusted" into ~/.codex/config.toml, keeping the rest', async () => {
    const user = join(w.home, '.codex', 'config.toml');
    const original = '# mine\nmodel = "o3"\n\n[projects."/elsewhere"]\ntrust_level = "untrusted"\n';
    await put(user, original);
    const r = await configure(w, { client: 'codex', trust: true });
    expect(r.error).toBeUndefined();
    expect(r.out).not.toMatch(/Trust the folder/);
    const text = await readFile(user, 'utf8');
    expect(text.startsWith(original)).toBe(true);
    expect((parse(text) as any).projects[w.project]).toEqual({ trust_level: 'trusted' });
    expect((parse(text) as any).projects['/elsewhere']).toEqual({ trust_level: 'untrusted' });
    const again = await configure(w, { client: 'codex', trust: true });
    expect(again.out).toMatch(/already up to date/);
    await configure(w, { client: 'codex', remove: true });
    expect(await readFile(user, 'utf8')).toBe(text);
  });

  it('claude --trust sets projects["<dir>"].hasTrustDialogAccepted in ~/.claude.json and nothing else', async () => {
    const state = join(w.home, '.claude.json');
    const original = JSON.stringify({ numStartups: 3, projects: { [w.project]: { allowedTools: [], history: [] } } }, null, 2) + '\n';
    await put(state, original);
    const before = await configure(w, { client: 'claude', dryRun: true });
    expect(before.out).not.toContain(state);
    const r = await configure(w, { client: 'claude', trust: true });
    expect(r.error).toBeUndefined();
    expect(r.out).not.toMatch(/Trust the folder/);
    const value = JSON.parse(await readFile(state, 'utf8'));
    expect(value).toEqual({ numStartups: 3, projects: { [w.project]: { allowedTools: [], history: [], hasTrustDialogAccepted: true } } });
  });

  it('claude without --trust says how to trust the folder', async () => {
    const r = await configure(w, { client: 'claude' });
    expect(r.out).toMatch(/next: Trust the folder: Claude Code ignores \.claude\/settings\.json .* --trust/);
    expect(existsSync(join(w.home, '.claude.json'))).toBe(false);
  });

  const trustRefusals: [string, { args: Record<string, unknown>; want: RegExp }][] = [
    ['roo --trust', { args: { client: 'roo', trust: true }, want: /Roo Code has no folder-trust setting/ }],
    ['codex --scope user --trust', { args: { client: 'codex', scope: 'user', trust: true }, want: /use it with --scope project/ }],
    ['claude --remove --trust', { args: { client: 'claude', remove: true, trust: true }, want: /--remove never changes the trust entry/ }],
  ];
  it.each(trustRefusals)('%s is a usage error', async (_n, { args, want }) => {
    const r = await configure(w, args as { client: string });
    expect(r.error?.message).toMatch(want);
  });

  it('cursor warns that a new mcpAllowlist replaces the in-app allowlist', async () => {
    const r = await configure(w, { client: 'cursor' });
    expect(r.err).toMatch(/replaces the allowlist you edit in Cursor's settings/);
  });

  it('claude warns when the user disabled one of our servers or auto-approves a non-read one', async () => {
    await put(join(w.project, '.claude', 'settings.local.json'), '{"disabledMcpjsonServers": ["runos-write"]}\n');
    await put(join(w.project, '.claude', 'settings.json'), '{"permissions": {"allow": ["mcp__runos-write__*"]}}\n');
    const r = await configure(w, { client: 'claude' });
    expect(r.err).toMatch(/runos-write in disabledMcpjsonServers/);
    expect(r.err).toMatch(/auto-approves tools of runos-write/);
    const settings = JSON.parse(await readFile(join(w.project, '.claude', 'settings.json'), 'utf8'));
    expect(settings.permissions.allow).toEqual(['mcp__runos-write__*', 'mcp__runos', 'mcp__runos__*']);
  });
});

describe('writing', () => {
  it('writes through a symlinked config, keeps the mode, and keeps the previous version as a backup', async () => {
    const { chmod, lstat, stat, symlink } = await import('node:fs/promises');
    const real = join(w.root, 'dotfiles', 'gemini-settings.json');
    await put(real, '{\n  "theme": "GitHub"\n}\n');
    await chmod(real, 0o600);
    await put(join(w.project, '.gemini', 'keep'), '');
    await symlink(real, join(w.project, '.gemini', 'settings.json'));
    const r = await configure(w, { client: 'gemini' });
    expect(r.error).toBeUndefined();
    expect((await lstat(join(w.project, '.gemini', 'settings.json'))).isSymbolicLink()).toBe(true);
    expect(JSON.parse(await readFile(real, 'utf8')).mcpServers.runos.trust).toBe(true);
    expect((await stat(real)).mode & 0o777).toBe(0o600);
    const backup = r.out.match(/previous version: (\S+)\)/)?.[1];
    expect(await readFile(backup!, 'utf8')).toBe('{\n  "theme": "GitHub"\n}\n');
  });

  it('refuses to overwrite a file another program changed after runos read it', async () => {
    const { applyChanges } = await import('../../src/clients/apply.js');
    const file = join(w.home, '.claude.json');
    await put(file, '{"numStartups": 2}\n');
    const change = { path: file, before: '{"numStartups": 1}\n', after: '{"numStartups": 1, "mcpServers": {}}\n' };
    await expect(applyChanges([change], [w.home], w.env)).rejects.toThrow(/changed while runos was editing it/);
    expect(await readFile(file, 'utf8')).toBe('{"numStartups": 2}\n');
  });
});

describe('a large ~/.claude.json (megabytes of Claude Code state)', () => {
  it('is edited only inside mcpServers and restored byte for byte', async () => {
    const projects = Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [`/p/${i}`, { history: Array.from({ length: 20 }, (_, j) => ({ display: `prompt ${j} `.repeat(5) })) }]),
    );
    const text = JSON.stringify({ numStartups: 7, projects, mcpServers: {}, tipsHistory: { a: 1 } }, null, 2) + '\n';
    const file = join(w.home, '.claude.json');
    await put(file, text);
    expect((await configure(w, { client: 'claude', scope: 'user' })).error).toBeUndefined();
    const configured = await readFile(file, 'utf8');
    const at = configured.indexOf('"mcpServers": {');
    expect(configured.slice(0, at)).toBe(text.slice(0, at));
    expect(configured.endsWith('  },\n  "tipsHistory": {\n    "a": 1\n  }\n}\n')).toBe(true);
    expect(Object.keys(JSON.parse(configured).mcpServers)).toHaveLength(4);
    expect((await configure(w, { client: 'claude', scope: 'user', remove: true })).error).toBeUndefined();
    expect(await readFile(file, 'utf8')).toBe(text);
  });
});

describe('Claude Desktop keeps its config in a per-OS folder', () => {
  it.each([
    ['linux', { env: {}, want: '/h/.config/Claude/claude_desktop_config.json' }],
    ['linux', { env: { XDG_CONFIG_HOME: '/x' }, want: '/x/Claude/claude_desktop_config.json' }],
    ['darwin', { env: {}, want: '/h/Library/Application Support/Claude/claude_desktop_config.json' }],
    ['win32', { env: { APPDATA: '/h/AppData/Roaming' }, want: '/h/AppData/Roaming/Claude/claude_desktop_config.json' }],
  ] as const)('%s %j', async (platform, { env, want }) => {
    const { locateClaudeDesktopFile } = await import('../../src/clients/claude-desktop.js');
    expect(locateClaudeDesktopFile({ home: '/h', env }, platform)).toBe(want);
  });

  it('refuses --scope project: it has no project config', async () => {
    const r = await configure(w, { client: 'claude-desktop', scope: 'project' });
    expect(r.error?.message).toMatch(/one user-wide config and no project config/);
  });
});
