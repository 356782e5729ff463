import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { call } from './helpers.js';

describe('a state file shares one world between sandbox processes', () => {
  let dir: string;
  let file: string;
  let a: Sandbox;
  let b: Sandbox;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runos-sandbox-state-'));
    file = join(dir, 'nested', 'sandbox-state.json');
    a = await startSandbox({ stateFile: file, quiet: true });
    b = await startSandbox({ stateFile: file, quiet: true });
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is created with demo data, mode 0600 (it holds passwords)', () => {
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const state = JSON.parse(readFileSync(file, 'utf8'));
    expect(state.clusters.map((c: any) => c.name)).toEqual(['prod', 'i4y']);
  });

  it('both instances see the same secrets, and each other\'s writes', async () => {
    const pa = (await call(a, 'GET', '/v1/services/users-db/credentials')).body.password;
    expect((await call(b, 'GET', '/v1/services/users-db/credentials')).body.password).toBe(pa);
    expect((await call(a, 'POST', '/v1/services', { name: 'shared-cache', type: 'valkey', cluster: 'i4y', replicas: 2 })).status).toBe(201);
    expect((await call(b, 'GET', '/v1/services/shared-cache')).body.replicas).toBe(2);
    expect((await call(b, 'DELETE', '/v1/services/shared-cache')).status).toBe(204);
    expect((await call(a, 'GET', '/v1/services/shared-cache')).status).toBe(404);
  });

  it('a failed write leaves the file byte for byte as it was', async () => {
    const before = readFileSync(file, 'utf8');
    expect((await call(a, 'POST', '/v1/services', { name: 'users-db', type: 'postgresql', cluster: 'prod' })).status).toBe(409);
    expect((await call(b, 'DELETE', '/v1/services/assets/buckets/backups')).status).toBe(409);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('loses no write when both instances write at once', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `burst-${i}`);
    const replies = await Promise.all(names.map((name, i) => call(i % 2 ? a : b, 'POST', '/v1/secrets', { secret_name: name.replace('-', '_'), secret_value: `v${i}` })));
    expect(replies.map((r) => r.status)).toEqual(names.map(() => 201));
    const listed = (await call(a, 'GET', '/v1/secrets?limit=200')).body.items.map((s: any) => s.secret_name);
    for (const n of names) expect(listed).toContain(n.replace('-', '_'));
  });

  it('a sandbox started later keeps the existing world instead of making a new one', async () => {
    const before = (await call(a, 'GET', '/v1/services/users-db/credentials')).body.password;
    const c = await startSandbox({ stateFile: file, quiet: true });
    try {
      expect((await call(c, 'GET', '/v1/services/users-db/credentials')).body.password).toBe(before);
    } finally {
      await c.close();
    }
  });
});
