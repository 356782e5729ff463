// Tokens runos issues: shown once, stored as a hash in a 0600 file, looked up by hash, refused once revoked
// or expired (with no restart), and a damaged file admits nobody.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBearer } from '../../../src/server/identity/authenticate.js';
import { tiersFromScopes } from '../../../src/server/identity/caller.js';
import { metadataUrls, readScopes } from '../../../src/server/identity/jwt.js';
import { parseExpiry, runTokenCreate, runTokenList, runTokenRevoke, type TokenIO } from '../../../src/server/identity/token-command.js';
import { hashToken, openTokenStore } from '../../../src/server/identity/token-store.js';

function io(now = new Date('2026-12-01T10:00:00Z')): TokenIO & { stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'runos-tokens-'));
  const o = {
    stdout: '',
    stderr: '',
    env: { RUNOS_CONFIG_DIR: join(dir, 'config') } as NodeJS.ProcessEnv,
    now: () => now,
    out: (t: string) => void (o.stdout += t),
    err: (t: string) => void (o.stderr += t),
  };
  return o;
}

describe('runos mcp token', () => {
  it('create prints the token alone on stdout, once, and stores only its SHA-256 in a 0600 file', async () => {
    const t = io();
    await runTokenCreate({ name: 'ci-bot', tiers: 'write,read', expires: '30d' }, t);
    const token = t.stdout.trim();
    expect(token).toMatch(/^runos_[A-Za-z0-9_-]{43}$/);
    const path = join(t.env.RUNOS_CONFIG_DIR!, 'tokens.json');
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.slice(6, 20));
    expect(JSON.parse(text).tokens[0]).toMatchObject({ name: 'ci-bot', tiers: ['read', 'write'], sha256: hashToken(token), expires: '2026-12-31T10:00:00.000Z', revoked: null });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(t.env.RUNOS_CONFIG_DIR!).mode & 0o777).toBe(0o700);
    expect(t.stderr).toContain('the only time the token is shown');
  });

  it('list shows name, tiers and state, never a token or a hash', async () => {
    const t = io();
    await runTokenCreate({ name: 'a', tiers: 'read' }, t);
    const token = t.stdout.trim();
    t.stdout = '';
    await runTokenList({}, t);
    expect(t.stdout).toMatch(/^name\s+id\s+tiers\s+state\s+created\s+expires\na\s+t_[0-9a-f]{8}\s+read\s+active\s+2026-12-01T10:00:00\s+-\n$/);
    t.stdout = '';
    await runTokenList({ json: true }, t);
    expect(t.stdout).not.toContain(hashToken(token));
    expect(JSON.parse(t.stdout)).toMatchObject({ name: 'a', state: 'active' });
  });

  it('a revoked token is refused by an open store from the next lookup', async () => {
    const t = io();
    await runTokenCreate({ name: 'bot', tiers: 'read,sensitive-read' }, t);
    const token = t.stdout.trim();
    const store = openTokenStore(join(t.env.RUNOS_CONFIG_DIR!, 'tokens.json'));
    expect(store.lookup(token)).toMatchObject({ kind: 'token', name: 'bot', tiers: ['read', 'sensitive-read'] });
    await runTokenRevoke({ token: 'bot' }, t);
    expect(() => store.lookup(token)).toThrow(/token bot is revoked/);
    await expect(runTokenRevoke({ token: 'bot' }, t)).rejects.toThrow(/no unrevoked token/);
  });

  it('an expired token is refused; a new token may then take the name', async () => {
    const t = io(new Date(Date.now() - 2 * 3_600_000));
    await runTokenCreate({ name: 'short', tiers: 'read', expires: '1h' }, t);
    const store = openTokenStore(join(t.env.RUNOS_CONFIG_DIR!, 'tokens.json'));
    expect(() => store.lookup(t.stdout.trim())).toThrow(/token short is expired/);
    const same = { ...t, now: () => new Date() };
    await expect(runTokenCreate({ name: 'short', tiers: 'read' }, same)).resolves.toBe(0);
  });

  it('refuses a second active token of the same name, bad names, tiers and expiries', async () => {
    const t = io();
    await runTokenCreate({ name: 'dup', tiers: 'read' }, t);
    await expect(runTokenCreate({ name: 'dup', tiers: 'read' }, t)).rejects.toThrow(/an active token named dup exists/);
    await expect(runTokenCreate({ name: 'has space', tiers: 'read' }, t)).rejects.toThrow(/--name takes/);
    await expect(runTokenCreate({ name: 'x', tiers: 'read,admin' }, t)).rejects.toThrow(/unknown: admin/);
    await expect(runTokenCreate({ name: 'x', tiers: 'read', expires: 'soon' }, t)).rejects.toThrow(/--expires takes/);
    await expect(runTokenCreate({ name: 'x', tiers: 'read', expires: '2020-01-01' }, t)).rejects.toThrow(/in the past/);
  });

  it('an unknown token and a damaged token file admit nobody (fail closed)', async () => {
    const t = io();
    await runTokenCreate({ name: 'ok', tiers: 'read' }, t);
    const path = join(t.env.RUNOS_CONFIG_DIR!, 'tokens.json');
    const store = openTokenStore(path);
    expect(() => store.lookup('runos_nope')).toThrow(/unknown token/);
    writeFileSync(path, '{"format":1,"tokens":[{"id":1}]}');
    expect(() => store.lookup(t.stdout.trim())).toThrow(/token store cannot be read/);
    await expect(runTokenList({}, t)).rejects.toThrow(/tokens\[0\] is not a valid token record/);
  });

  it.each([
    ['30d', '2026-12-31T10:00:00.000Z'],
    ['12h', '2026-12-01T22:00:00.000Z'],
    ['90m', '2026-12-01T11:30:00.000Z'],
    ['2w', '2026-12-15T10:00:00.000Z'],
    ['2027-03-01T00:00:00Z', '2027-03-01T00:00:00.000Z'],
  ])('--expires %s', (given, want) => {
    expect(parseExpiry(given, new Date('2026-12-01T10:00:00Z')).toISOString()).toBe(want);
  });
});

describe('reading credentials and scopes', () => {
  it.each([
    ['Bearer abc.def-ghi_jk', 'abc.def-ghi_jk'],
    ['bearer runos_x', 'runos_x'],
    ['Basic dXNlcg==', undefined],
    ['Bearer two words', undefined],
    ['', undefined],
  ])('Authorization %j → %j', (header, want) => {
    expect(readBearer(header)).toBe(want);
  });

  it.each([
    [{ scope: 'openid runos:read runos:sensitive-write' }, ['read', 'sensitive-write']],
    [{ scp: ['runos:write', 'other:read'] }, ['write']],
    [{ scp: 'runos:sensitive-read' }, ['sensitive-read']],
    [{ scope: 'runos:admin runos:readx' }, []],
    [{}, []],
  ])('scopes of %j grant %j', (payload, want) => {
    expect(tiersFromScopes('runos', readScopes(payload))).toEqual(want);
  });

  it('issuer metadata is looked for where RFC 8414 and OpenID Discovery put it', () => {
    expect(metadataUrls(new URL('https://idp.example.com/realms/ops'))).toEqual([
      'https://idp.example.com/.well-known/oauth-authorization-server/realms/ops',
      'https://idp.example.com/realms/ops/.well-known/openid-configuration',
    ]);
  });
});
