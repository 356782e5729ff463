import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigFileError, UsageError } from '../../src/core/errors.js';
import {
  isCleartextRemote,
  pickProfile,
  readProfiles,
  saveProfile,
  validateApiUrl,
} from '../../src/credentials/profiles.js';
import { makeHome } from './run-cli.js';

describe('validateApiUrl', () => {
  it.each([
    ['https origin', 'https://api.runos.dev', 'https://api.runos.dev'],
    ['trailing slash dropped', 'https://api.runos.dev/', 'https://api.runos.dev'],
    ['base path kept', 'https://example.com/runos/api/', 'https://example.com/runos/api'],
    ['local http with port', 'http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
  ])('accepts %s', (_name, given, want) => expect(validateApiUrl(given)).toBe(want));

  it.each([
    ['not a URL', 'api.runos.dev', /not a URL/],
    ['another scheme', 'ftp://api.runos.dev', /https:\/\//],
    ['file scheme', 'file:///etc/passwd', /https:\/\//],
    ['user and password', 'https://me:hunter2@api.runos.dev', /user name or password/],
    ['user only', 'https://token@api.runos.dev', /user name or password/],
    ['query', 'https://api.runos.dev/?key=abc', /query/],
  ])('refuses %s', (_name, given, want) => {
    expect(() => validateApiUrl(given)).toThrow(UsageError);
    expect(() => validateApiUrl(given)).toThrow(want);
  });
});

describe('isCleartextRemote', () => {
  it.each([
    ['https://api.runos.dev', false],
    ['http://127.0.0.1:9', false],
    ['http://localhost:9', false],
    ['http://[::1]:9', false],
    ['http://api.example.com', true],
  ])('%s → %s', (url, want) => expect(isCleartextRemote(url)).toBe(want));
});

describe('pickProfile', () => {
  it.each([
    ['explicit wins', 'staging', { RUNOS_PROFILE: 'prod' }, 'staging'],
    ['RUNOS_PROFILE next', undefined, { RUNOS_PROFILE: 'prod' }, 'prod'],
    ['default last', undefined, {}, 'default'],
  ])('%s', (_name, explicit, env, want) => expect(pickProfile(explicit, env)).toBe(want));

  it('an empty name means the default', () => expect(pickProfile('', {})).toBe('default'));

  it.each(['../etc', 'a b', 'x'.repeat(65), '-dash', 'naïve'])('refuses %j', (name) => {
    expect(() => pickProfile(name, {})).toThrow(UsageError);
  });
});

describe('profiles.json', () => {
  it('is created 0600 in a 0700 folder, and keeps other profiles and fields', async () => {
    const { env } = await makeHome();
    const path = await saveProfile('default', { url: 'https://a.example' }, env);
    await saveProfile('staging', { url: 'https://b.example' }, env);
    await saveProfile('default', { url: 'https://c.example' }, env);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(env.RUNOS_CONFIG_DIR!)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      default: { url: 'https://c.example' },
      staging: { url: 'https://b.example' },
    });
  });

  it('missing is empty; broken is a ConfigFileError naming the file', async () => {
    const { env } = await makeHome();
    expect(await readProfiles(env)).toEqual({});
    await mkdir(env.RUNOS_CONFIG_DIR!, { recursive: true });
    await writeFile(join(env.RUNOS_CONFIG_DIR!, 'profiles.json'), '{"default": ');
    await expect(readProfiles(env)).rejects.toThrow(ConfigFileError);
    await expect(readProfiles(env)).rejects.toThrow(/profiles\.json: not valid JSON/);
    await writeFile(join(env.RUNOS_CONFIG_DIR!, 'profiles.json'), '[]');
    await expect(readProfiles(env)).rejects.toThrow(/expected a JSON object/);
  });
});
