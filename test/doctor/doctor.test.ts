// `runos mcp doctor` through the built CLI: a fresh configure on the sandbox is all green; three broken
// set-ups (no key, an untrusted project, a stale table) each exit 1 with the ✗ line and its fix.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveEntryScript } from '../../src/clients/launch.js';
import { bundledTableDir } from '../../src/core/paths.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { makeWorld, put, type World } from '../clients/helpers.js';

const CLI = resolveEntryScript();

function runos(w: World, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: w.env, cwd: w.project, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(!existsSync(CLI))('runos mcp doctor (built CLI; the servers it starts are the real ones)', () => {
  let w: World;
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ quiet: true });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    w = await makeWorld();
    // The bundled RunOS table (the sandbox implements it), no keychain of the developer's.
    w.env.RUNOS_CACHE_DIR = join(w.root, 'empty-cache');
    w.env.RUNOS_KEYRING = 'off';
  });
  afterEach(() => w.cleanup());

  const configure = async (args: string[]): Promise<void> => {
    const r = await runos(w, ['mcp', 'configure', ...args, '--dir', w.project]);
    expect(r.code, r.stderr).toBe(0);
  };

  it('a fresh `configure claude --sandbox --trust`: every check green, exit 0', async () => {
    await configure(['claude', '--sandbox', '--trust']);
    const r = await runos(w, ['mcp', 'doctor']);
    expect(r.stdout).toMatch(/^Claude Code \(project\) .*\.mcp\.json$/m);
    expect(r.stdout).toMatch(/✓ trust +.* is trusted/);
    for (const server of ['runos (read)', 'runos-sensitive-read (sensitive-read)', 'runos-write (write)', 'runos-sensitive-write (sensitive-write)']) expect(r.stdout).toContain(`  ${server}\n`);
    expect(r.stdout).toMatch(/✓ tools +started in \d+ ms, 30 read tools/);
    expect(r.stdout).toMatch(/✓ api +list_\w+ \(GET \/v1\/\w+\) answered through the server/);
    expect(r.stdout).toMatch(/✓ table age +built from the manifest the sandbox/);
    expect(r.stdout).not.toContain('✗');
    expect(r.stdout).toMatch(/doctor: all 1 config\(s\) fine/);
    expect(r.code).toBe(0);
    const json = JSON.parse((await runos(w, ['mcp', 'doctor', '--json'])).stdout);
    expect(json.problems).toBe(0);
    expect(json.configs[0].servers).toHaveLength(4);
  });

  it('no key (fix: runos login): key and API checks fail, exit 1', async () => {
    w.env.RUNOS_API_URL = sandbox.url;
    await configure(['claude', '--trust', '--tiers', 'read']);
    const r = await runos(w, ['mcp', 'doctor']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ key +no API key for profile "default"[^\n]*\n +fix: run `runos login`/);
    expect(r.stdout).toMatch(/✗ api +list_\w+: No API key[^\n]*\n +fix: run `runos login`/);
    // With the key, the same set-up is green (the API check reached the sandbox).
    w.env.RUNOS_API_KEY = sandbox.key;
    const fixed = await runos(w, ['mcp', 'doctor']);
    expect(fixed.stdout).not.toContain('✗');
    expect(fixed.code).toBe(0);
  });

  it('an untrusted project (fix: configure --trust): exit 1', async () => {
    await configure(['codex', '--sandbox', '--tiers', 'read']);
    const r = await runos(w, ['mcp', 'doctor']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ trust +Codex does not trust .* yet[^\n]*\n +fix: run `runos mcp configure codex --trust`/);
    await configure(['codex', '--sandbox', '--tiers', 'read', '--trust']);
    expect((await runos(w, ['mcp', 'doctor'])).code).toBe(0);
  });

  it('a stale table (fix: runos manifest update): the served table was built from another manifest', async () => {
    const table = JSON.parse(await readFile(join(bundledTableDir(), 'tools.json'), 'utf8'));
    table.manifest.sha256 = 'a1'.repeat(32); // what an older platform manifest produced
    await put(join(w.env.RUNOS_CACHE_DIR!, 'tools.json'), JSON.stringify(table));
    await configure(['claude', '--sandbox', '--trust', '--tiers', 'read']);
    const r = await runos(w, ['mcp', 'doctor']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ table age +built from manifest a1a1a1a1, but the sandbox \(bundled manifest\) is 2b2f9a4b: the table is stale/);
    expect(r.stdout).toMatch(/fix: run `runos manifest update/);
  });

  it('allow rules a client ignores or that approve too much, and leftovers of removed tools', async () => {
    await configure(['claude', '--sandbox', '--trust', '--tiers', 'read']);
    const settings = join(w.project, '.claude', 'settings.json');
    const value = JSON.parse(await readFile(settings, 'utf8'));
    value.permissions.allow.push('mcp__runos__list_*', 'mcp__runos-write__*', 'mcp__runos__get_old_thing');
    await writeFile(settings, JSON.stringify(value));
    const r = await runos(w, ['mcp', 'doctor']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ allow rules +.*"mcp__runos__list_\*" is a partial glob/);
    expect(r.stdout).toMatch(/✗ allow rules +.*"mcp__runos-write__\*" auto-approves tools of runos-write/);
    expect(r.stdout).toMatch(/✗ allow rules +.*"mcp__runos__get_old_thing" names get_old_thing, which runos no longer serves/);
  });

  it('nothing configured: says how to start, exit 1', async () => {
    const r = await runos(w, ['mcp', 'doctor']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/no runos servers found .* run `runos mcp configure <client>`/);
  });
});
