// Issue 12, item 13: an argument that looks like a key is never printed back, whatever the error.
import { beforeAll, describe, expect, it } from 'vitest';
import { hideKeyLikeArgs, looksLikeKey } from '../../src/core/argv-secrets.js';
import { makeHome, requireBuiltCli, runCli } from '../credentials/run-cli.js';

describe('looksLikeKey', () => {
  const cases: [string, { given: string; want: boolean }][] = [
    ['a runos key', { given: 'runos_test_ReproKey12345678', want: true }],
    ['a Stripe-style key', { given: 'sk_live_abcdefghijklmnop1234', want: true }],
    ['a long opaque token', { given: 'Zx81kQp0Lm2Nb7Vc4Xs9Qa1W', want: true }],
    ['a command name', { given: 'configure', want: false }],
    ['a typo', { given: 'confgure', want: false }],
    ['a tier', { given: 'sensitive-read', want: false }],
    ['a path', { given: '/home/me/project-2024', want: false }],
    ['a URL', { given: 'https://api.runos.dev', want: false }],
    ['a version', { given: '2026.07.28.1234567890123', want: false }],
  ];
  it.each(cases)('%s', (_n, { given, want }) => expect(looksLikeKey(given)).toBe(want));

  it('hides the value half of --opt=value too', () => {
    expect(hideKeyLikeArgs('Unknown argument: runos_test_ReproKey12345678', ['--key=runos_test_ReproKey12345678'])).toBe('Unknown argument: [hidden: looks like a key]');
  });
});

describe('the built CLI never prints a key given on the command line', () => {
  beforeAll(requireBuiltCli);
  const KEY = 'runos_test_ReproKey12345678';
  const runs: [string, string[]][] = [
    ['login <key>', ['login', KEY]],
    ['login --url <key>', ['login', '--url', KEY]],
    ['login --key=<key>', ['login', `--key=${KEY}`]],
    ['an unknown option value', ['whoami', '--token', KEY]],
    ['configure <key> (a choices error)', ['mcp', 'configure', KEY]],
    ['serve <key>', ['mcp', 'serve', KEY]],
  ];
  it.each(runs)('%s', async (_n, args) => {
    const { env } = await makeHome();
    const r = await runCli(args, { ...env, RUNOS_KEYRING: 'off' });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).not.toContain(KEY);
    expect(r.stdout + r.stderr).not.toContain('ReproKey');
    expect(r.stderr).toMatch(/runos: /);
  });

  it('login <key> says how to give the key instead', async () => {
    const { env } = await makeHome();
    const r = await runCli(['login', KEY], { ...env, RUNOS_KEYRING: 'off' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/login takes no key on the command line .*\| runos login/);
  });
});
