import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';
import { ConfigFileError, UsageError } from '../../src/core/errors.js';
import { credentialsFilePath, deleteFileKey, readFileKey, writeFileKey } from '../../src/credentials/file-store.js';
import { keychainDisabledReason, readKeychainKey } from '../../src/credentials/keychain.js';
import { saveProfile } from '../../src/credentials/profiles.js';
import { resolveCredentials } from '../../src/credentials/resolve.js';
import { makeHome } from './run-cli.js';

// Every test here runs with RUNOS_KEYRING=off: a developer's machine may have a real keychain, and a test
// must never read or write the developer's own runos entry. The real probe is tested in keychain.test.ts.
async function home(extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  const { env } = await makeHome();
  return { ...env, RUNOS_KEYRING: 'off', ...extra };
}

const KEY = 'rk_live_4f9c2a7e1b3d5f6a8c0e2b4d6f8a0c1e';

describe('the file store', () => {
  it('writes 0600, reads back per profile, deletes one profile only', async () => {
    const env = await home();
    await writeFileKey('default', KEY, env);
    await writeFileKey('staging', 'other-key-000000000000', env);
    expect((await stat(credentialsFilePath(env))).mode & 0o777).toBe(0o600);
    expect(await readFileKey('default', env)).toBe(KEY);
    expect(await deleteFileKey('default', env)).toBe(true);
    expect(await deleteFileKey('default', env)).toBe(false);
    expect(await readFileKey('default', env)).toBeUndefined();
    expect(await readFileKey('staging', env)).toBe('other-key-000000000000');
  });

  it('a broken file is reported without quoting its content', async () => {
    const env = await home();
    await mkdir(env.RUNOS_CONFIG_DIR!, { recursive: true });
    await writeFile(credentialsFilePath(env), `{"default": {"key": "${KEY}"`);
    const err = await readFileKey('default', env).catch((e: Error) => e);
    expect(String(err)).toMatch(/credentials\.json: not a JSON object/);
    expect(String(err)).not.toContain(KEY);
  });
});

describe('resolveCredentials', () => {
  it.each([
    ['no profile, no key', {}, { profile: 'default', apiUrl: 'https://api.runos.dev', urlSource: 'default', keySource: 'none' }],
    ['env key and URL', { RUNOS_API_KEY: ` ${KEY}\n`, RUNOS_API_URL: 'http://127.0.0.1:7/' },
      { apiUrl: 'http://127.0.0.1:7', urlSource: 'env', apiKey: KEY, keySource: 'env' }],
    ['RUNOS_PROFILE picks the profile', { RUNOS_PROFILE: 'staging' }, { profile: 'staging', keySource: 'none' }],
  ] as const)('%s', async (_name, extra, want) => {
    const creds = await resolveCredentials({ env: await home(extra) });
    expect(creds).toMatchObject(want);
    if (want.keySource === 'none') expect(creds.notice).toMatch(/run `runos login/);
  });

  it('profile URL and file key; env overrides both; --profile beats RUNOS_PROFILE', async () => {
    const env = await home();
    await saveProfile('default', { url: 'https://default.example' }, env);
    await saveProfile('staging', { url: 'https://staging.example' }, env);
    await writeFileKey('staging', KEY, env);

    const staging = await resolveCredentials({ profile: 'staging', env: { ...env, RUNOS_PROFILE: 'default' } });
    expect(staging).toMatchObject({ profile: 'staging', apiUrl: 'https://staging.example', urlSource: 'profile', apiKey: KEY, keySource: 'file' });
    // the notice says which store and why (here: the environment switched the keychain off)
    expect(staging.notice).toBe(`API key read from ${credentialsFilePath(env)} (no OS keychain: RUNOS_KEYRING=off)`);

    const overridden = await resolveCredentials({
      profile: 'staging',
      env: { ...env, RUNOS_API_KEY: 'env-key-1234567890abcdef', RUNOS_API_URL: 'https://env.example' },
    });
    expect(overridden).toMatchObject({ apiKey: 'env-key-1234567890abcdef', keySource: 'env', apiUrl: 'https://env.example', urlSource: 'env' });
    expect(overridden.notice).toBeUndefined();

    const other = await resolveCredentials({ env });
    expect(other).toMatchObject({ profile: 'default', apiUrl: 'https://default.example', keySource: 'none' });
    expect(other.notice).toBe('no API key for profile "default": run `runos login` (or set RUNOS_API_KEY)');
  });

  it('warns when the credentials file is readable by others', async () => {
    const env = await home();
    await writeFileKey('default', KEY, env);
    await chmod(credentialsFilePath(env), 0o644);
    const creds = await resolveCredentials({ env });
    expect(creds.notice).toContain(`run \`chmod 600 ${credentialsFilePath(env)}\``);
  });

  it('an invalid RUNOS_API_URL is a usage error naming the variable', async () => {
    const env = await home({ RUNOS_API_URL: 'https://u:p@x.example' });
    await expect(resolveCredentials({ env })).rejects.toThrow(UsageError);
    await expect(resolveCredentials({ env })).rejects.toThrow(/^RUNOS_API_URL: /);
  });

  it('a hand-edited profile URL gets the login checks, as a ConfigFileError naming profiles.json', async () => {
    const env = await home();
    await saveProfile('default', { url: 'ftp://files.example' }, env);
    await expect(resolveCredentials({ env })).rejects.toThrow(ConfigFileError);
    await expect(resolveCredentials({ env })).rejects.toThrow(/profiles\.json: profile "default": the API URL must start with https/);
  });

  it('never writes anything while resolving', async () => {
    const env = await home();
    await resolveCredentials({ env });
    await expect(readFile(credentialsFilePath(env))).rejects.toThrow(/ENOENT/);
  });
});

describe('RUNOS_KEYRING', () => {
  it.each([
    ['off', 'RUNOS_KEYRING=off'],
    ['0', 'RUNOS_KEYRING=0'],
    ['OFF', 'RUNOS_KEYRING=OFF'],
    ['on', undefined],
    [undefined, undefined],
  ])('%s → %s', (value, want) => expect(keychainDisabledReason(value === undefined ? {} : { RUNOS_KEYRING: value })).toBe(want));

  it('off means the keychain is never asked', async () => {
    expect(await readKeychainKey('default', { RUNOS_KEYRING: 'off' })).toEqual({ ok: false, reason: 'RUNOS_KEYRING=off' });
  });
});

