// The built CLI: exit codes and where the messages go.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveEntryScript } from '../../src/clients/launch.js';
import { makeWorld, put, snapshot, type World } from './helpers.js';

function runos(w: World, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [resolveEntryScript(), 'mcp', 'configure', ...args, '--dir', w.project], { env: w.env as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!existsSync(resolveEntryScript()))('runos mcp configure (built CLI)', () => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld();
  });
  afterEach(() => w.cleanup());

  it('configures, reruns as a no-op, and removes', () => {
    const first = runos(w, ['gemini']);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/created .*\.gemini\/settings\.json/);
    expect(first.stdout).toMatch(/next: Restart Gemini CLI/);
    const second = runos(w, ['gemini']);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/already up to date/);
    const removed = runos(w, ['gemini', '--remove']);
    expect(removed.status).toBe(0);
    expect(removed.stdout).toMatch(/deleted .*\.gemini\/settings\.json/);
    expect(existsSync(join(w.project, '.gemini'))).toBe(false);
  });

  it('a malformed file: exit 1, one plain sentence on stderr naming file, line and column, nothing written', async () => {
    await put(join(w.project, '.mcp.json'), '{\n  "mcpServers": {\n    "a": 1,\n  }\n}\n');
    const before = await snapshot(w);
    const r = runos(w, ['claude']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^runos: .*\.mcp\.json: not valid JSON at line 4, column 3 \(\w+\); fix it and run again \(nothing was written\)\n$/);
    expect(r.stdout).toBe('');
    expect(await snapshot(w)).toEqual(before);
  });

  it('--dry-run prints the diff on stdout and exits 0', async () => {
    const r = runos(w, ['codex', '--dry-run', '--tiers', 'read']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\+\[mcp_servers\.runos\]$/m);
    expect(r.stdout).toMatch(/^\+default_tools_approval_mode = "approve"$/m);
    expect(existsSync(join(w.project, '.codex'))).toBe(false);
  });

  it('a usage mistake exits 2', () => {
    const r = runos(w, ['vscode', '--scope', 'user']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^runos: VS Code's user mcp\.json/);
  });
});

it('the configure command never writes the API key', async () => {
  const w = await makeWorld();
  try {
    w.env.RUNOS_API_KEY = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';
    const { configure } = await import('./helpers.js');
    const { CLIENTS } = await import('../../src/core/clients.js');
    for (const client of CLIENTS) await configure(w, { client });
    await configure(w, { client: 'codex', trust: true });
    for (const text of (await snapshot(w)).values()) expect(text).not.toContain('ghp_0123456789');
    expect(await readFile(join(w.project, '.codex', 'config.toml'), 'utf8')).toContain('"RUNOS_API_KEY"');
  } finally {
    await w.cleanup();
  }
});
