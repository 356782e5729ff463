import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { diffChars } from 'diff';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveBackupPath } from '../../src/clients/apply.js';
import { checkCodexConfig } from '../../src/clients/codex.js';
import { resolveEntryScript } from '../../src/clients/launch.js';
import { checkRooFile } from '../../src/clients/roo-rules.js';
import { TIERS } from '../../src/core/tiers.js';
import { CASES, OURS, caseName, parseFile } from './cases.js';
import { FIXTURE_READ_TOOLS, configure, makeWorld, put, snapshot, type World } from './helpers.js';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
  w.env.RUNOS_API_KEY = 'sk_live_THIS_MUST_NEVER_BE_WRITTEN_1234';
  w.env.RUNOS_PROFILE = 'staging';
});
afterEach(() => w.cleanup());

async function readAll(files: string[]): Promise<Map<string, string | null>> {
  return new Map(await Promise.all(files.map(async (f) => [f, existsSync(f) ? await readFile(f, 'utf8') : null] as const)));
}

function serverMap(c: (typeof CASES)[number], text: string): Record<string, any> {
  const { file, container } = c.servers(w);
  return container.reduce((v: any, k) => v?.[k], parseFile(file, text));
}

describe.each(CASES.map((c) => [caseName(c), c] as const))('runos mcp configure %s', (_name, c) => {
  const args = { client: c.client, ...(c.scope ? { scope: c.scope } : {}) };

  it('writes a fresh config: four servers with absolute command, valid files, no secret', async () => {
    const r = await configure(w, args);
    expect(r.error).toBeUndefined();
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/next: /);
    const files = await readAll(c.files(w));
    const servers = serverMap(c, files.get(c.servers(w).file)!);
    expect(Object.keys(servers)).toEqual(OURS);
    for (const [i, tier] of TIERS.entries()) {
      const entry = servers[OURS[i]!];
      expect(entry.command).toBe(process.execPath);
      expect(entry.args).toEqual([resolveEntryScript(), 'mcp', 'serve', tier]);
    }
    for (const [file, text] of files) {
      expect(text, file).not.toBeNull();
      expect(text!.endsWith('\n')).toBe(true);
      expect(text).not.toContain('sk_live_THIS_MUST_NEVER_BE_WRITTEN_1234');
      parseFile(file, text!);
      if (c.client === 'roo') expect(checkRooFile(JSON.parse(text!))).toEqual([]);
      if (c.client === 'codex') expect(checkCodexConfig(parseFile(file, text!))).toEqual([]);
    }
  });

  it('merges into files with other servers, permissions, unknown keys and comments, keeping every byte', async () => {
    const originals = c.originals(w);
    for (const [file, text] of Object.entries(originals)) await put(file, text);
    const r = await configure(w, args);
    expect(r.error).toBeUndefined();
    for (const [file, before] of Object.entries(originals)) {
      const after = await readFile(file, 'utf8');
      expect(after, file).not.toBe(before);
      // Every original byte is still there, in order: we only inserted.
      const removed = diffChars(before, after).filter((p) => p.removed);
      expect(removed, file).toEqual([]);
      // And what we inserted is exactly our entries and allowlist items.
      expect(c.strip(file, parseFile(file, after), w)).toEqual(parseFile(file, before));
    }
  });

  it('is idempotent: a second run writes nothing and says so', async () => {
    for (const [file, text] of Object.entries(c.originals(w))) await put(file, text);
    await configure(w, args);
    const first = await snapshot(w);
    const r = await configure(w, args);
    expect(r.out).toMatch(/already up to date/);
    expect(await snapshot(w)).toEqual(first);
  });

  it('stops on a malformed file with its line and column, and writes nothing at all', async () => {
    for (const [file, text] of Object.entries(c.originals(w))) await put(file, text);
    const bad = c.broken(w);
    await put(bad.file, bad.text);
    const before = await snapshot(w);
    const r = await configure(w, args);
    expect(r.error?.name).toBe('ConfigFileError');
    expect(r.error?.message).toContain(bad.file);
    expect(r.error?.message).toMatch(bad.where);
    expect(await snapshot(w)).toEqual(before);
  });

  it('--remove restores the original bytes, and deletes files it created', async () => {
    const originals = c.originals(w);
    for (const [file, text] of Object.entries(originals)) await put(file, text);
    await configure(w, args);
    const r = await configure(w, { ...args, remove: true });
    expect(r.error).toBeUndefined();
    for (const [file, text] of Object.entries(originals)) expect(await readFile(file, 'utf8'), file).toBe(text);
    expect(existsSync(resolveBackupPath(c.servers(w).file, w.env))).toBe(true);

    const fresh = await makeWorld();
    try {
      await configure(fresh, args);
      await configure(fresh, { ...args, remove: true });
      for (const file of c.files(fresh)) expect(existsSync(file), file).toBe(false);
    } finally {
      await fresh.cleanup();
    }
  });

  it('--dry-run prints a diff and writes nothing', async () => {
    for (const [file, text] of Object.entries(c.originals(w))) await put(file, text);
    const before = await snapshot(w);
    const r = await configure(w, { ...args, dryRun: true });
    expect(r.error).toBeUndefined();
    expect(r.out).toContain(`+++ ${c.servers(w).file}`);
    expect(r.out).toMatch(/^\+.*runos-sensitive-write/m);
    expect(r.out).toMatch(/nothing was written/);
    expect(await snapshot(w)).toEqual(before);
  });

  it('--tiers read writes only the read server; --sandbox adds the flag', async () => {
    const r = await configure(w, { ...args, tiers: 'read', sandbox: true });
    expect(r.error).toBeUndefined();
    const servers = serverMap(c, (await readFile(c.servers(w).file, 'utf8'))!);
    expect(Object.keys(servers)).toEqual(['runos']);
    expect(servers.runos.args).toEqual([resolveEntryScript(), 'mcp', 'serve', 'read', '--sandbox']);
  });
});

describe('auto-approval: the read server only', () => {
  it('claude: permissions.allow gets mcp__runos and mcp__runos__*, enabledMcpjsonServers lists all four', async () => {
    await configure(w, { client: 'claude' });
    const settings = JSON.parse(await readFile(`${w.project}/.claude/settings.json`, 'utf8'));
    expect(settings.permissions.allow).toEqual(['mcp__runos', 'mcp__runos__*']);
    const local = JSON.parse(await readFile(`${w.project}/.claude/settings.local.json`, 'utf8'));
    expect(local.enabledMcpjsonServers).toEqual(OURS);
    const mcp = JSON.parse(await readFile(`${w.project}/.mcp.json`, 'utf8'));
    expect(mcp.mcpServers.runos.type).toBe('stdio');
    expect(mcp.mcpServers.runos.env).toEqual({ RUNOS_PROFILE: 'staging', RUNOS_CACHE_DIR: w.env.RUNOS_CACHE_DIR, RUNOS_STATE_DIR: w.env.RUNOS_STATE_DIR, RUNOS_CONFIG_DIR: w.env.RUNOS_CONFIG_DIR });
  });

  it('roo: alwaysAllow lists the read tools exactly; other servers get none', async () => {
    await configure(w, { client: 'roo' });
    const roo = JSON.parse(await readFile(`${w.project}/.roo/mcp.json`, 'utf8'));
    expect(roo.mcpServers.runos.alwaysAllow).toEqual(FIXTURE_READ_TOOLS);
    for (const n of OURS.slice(1)) expect(roo.mcpServers[n].alwaysAllow).toBeUndefined();
  });

  it('codex: approve for the read server, prompt for the others, env_vars forwarded by name', async () => {
    await configure(w, { client: 'codex' });
    const cfg = parseFile('x.toml', await readFile(`${w.project}/.codex/config.toml`, 'utf8'));
    expect(cfg.mcp_servers.runos.default_tools_approval_mode).toBe('approve');
    for (const n of OURS.slice(1)) expect(cfg.mcp_servers[n].default_tools_approval_mode).toBe('prompt');
    expect(cfg.mcp_servers.runos.env_vars).toContain('RUNOS_API_KEY');
  });

  it('cursor: mcpAllowlist gets runos:* only', async () => {
    await configure(w, { client: 'cursor' });
    const p = parseFile('p.json', await readFile(`${w.project}/.cursor/permissions.json`, 'utf8'));
    expect(p.mcpAllowlist).toEqual(['runos:*']);
  });

  it('gemini: trust only on the read server', async () => {
    await configure(w, { client: 'gemini' });
    const g = parseFile('g.json', await readFile(`${w.project}/.gemini/settings.json`, 'utf8'));
    expect(g.mcpServers.runos.trust).toBe(true);
    for (const n of OURS.slice(1)) expect(g.mcpServers[n].trust).toBeUndefined();
  });
});
