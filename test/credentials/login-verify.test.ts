// Issue 13, item 5: `runos login` tries the key with one cheap authenticated read before storing it,
// against the real sandbox on 127.0.0.1, and says who it is.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickCheapRead } from '../../src/credentials/verify.js';
import { readToolTable } from '../../src/core/tool-table.js';
import { bundledTableDir } from '../../src/core/paths.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { makeHome, requireBuiltCli, runCli } from './run-cli.js';

let sandbox: Sandbox;
beforeAll(async () => {
  requireBuiltCli();
  sandbox = await startSandbox({ quiet: true });
});
afterAll(() => sandbox.close());

describe('runos login verifies the key first', () => {
  it('picks a read-tier GET without arguments, identity paths first', async () => {
    const table = await readToolTable(bundledTableDir());
    const tool = pickCheapRead(table)!;
    expect(tool.tier).toBe('read');
    expect(tool.path).not.toContain('{');
    const withMe = { ...table, tools: [...table.tools, { ...tool, name: 'get_me', path: '/v1/organization/me' }] };
    expect(pickCheapRead(withMe)!.name).toBe('get_me');
  });

  it('a good key is stored, and login says it was accepted and who it is', async () => {
    const { home, env } = await makeHome();
    try {
      const r = await runCli(['login', '--url', sandbox.url], { ...env, RUNOS_KEYRING: 'off' }, `${sandbox.key}\n`);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Key accepted: GET \/v1\/\S+ answered 200\./);
      expect(r.stdout).toMatch(new RegExp(`Logged in as profile "default" at ${sandbox.url.replace(/[.]/g, '\\.')}\\.`));
      expect(await readFile(join(env.RUNOS_CONFIG_DIR!, 'credentials.json'), 'utf8')).toContain(sandbox.key);
      expect(r.stdout + r.stderr).not.toContain(sandbox.key);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it.each([
    ['a wrong key', (url: string) => ['login', '--url', url], 'runos_test_WrongKeyWrongKey1234', /refused the key \(GET \/v1\/\S+ answered 401\); nothing was stored/],
    ['an API that does not answer', () => ['login', '--url', 'http://127.0.0.1:9'], 'runos_test_AnyKeyAnyKeyAnyKey12', /cannot reach http:\/\/127\.0\.0\.1:9 .*; nothing was stored/],
  ])('%s: refused, nothing stored, the key never printed', async (_n, args, key, want) => {
    const { home, env } = await makeHome();
    try {
      const r = await runCli(args(sandbox.url), { ...env, RUNOS_KEYRING: 'off' }, `${key}\n`);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(want);
      expect(r.stderr).toMatch(/--no-verify/);
      expect(existsSync(join(env.RUNOS_CONFIG_DIR!, 'credentials.json'))).toBe(false);
      expect(existsSync(join(env.RUNOS_CONFIG_DIR!, 'profiles.json'))).toBe(false);
      expect(r.stdout + r.stderr).not.toContain(key);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('--no-verify stores the key unchecked and says so', async () => {
    const { home, env } = await makeHome();
    try {
      const r = await runCli(['login', '--no-verify', '--url', 'http://127.0.0.1:9'], { ...env, RUNOS_KEYRING: 'off' }, 'runos_test_Unchecked1234567890\n');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/key not verified: --no-verify/);
      expect(existsSync(join(env.RUNOS_CONFIG_DIR!, 'credentials.json'))).toBe(true);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
