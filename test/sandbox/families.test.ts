import { createPrivateKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { call } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ quiet: true });
});
afterAll(() => sb.close());

const get = async (path: string) => {
  const r = await call(sb, 'GET', path);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

describe('PRODUCT.md example sentences, answered by the sandbox', () => {
  it('"What services are running in my production cluster?" — by name or id, only that cluster', async () => {
    const all = (await get('/v1/services?limit=200')).items;
    const byName = (await get('/v1/services?cluster=prod')).items;
    const prodId = (await get('/v1/clusters/prod')).id;
    expect(byName.length).toBeGreaterThan(0);
    expect(byName).toEqual(all.filter((s: any) => s.cluster_name === 'prod'));
    expect((await get(`/v1/services?cluster=${prodId}`)).items).toEqual(byName);
    expect(byName.map((s: any) => s.name)).toContain('users-db');
  });

  it('"Give me the PostgreSQL connection string for users-db" — carries the current password, and follows a rotation', async () => {
    const creds = await get('/v1/services/users-db/credentials');
    const { connection_string } = await get('/v1/services/users-db/connection-string');
    const url = new URL(connection_string);
    expect([url.protocol, url.username, url.password, url.port]).toEqual(['postgres:', creds.username, creds.password, '5432']);
    const rotated = (await call(sb, 'POST', '/v1/services/users-db/credentials/rotate')).body;
    expect(rotated.password).not.toBe(creds.password);
    const after = (await get('/v1/services/users-db/connection-string?replica=read')).connection_string;
    expect(after).toContain(`:${rotated.password}@users-db-ro.`);
    expect(after).not.toContain(creds.password);
  });

  it('"Create a new Valkey cache called session-store with 2 replicas" — then it is listed, once', async () => {
    const created = await call(sb, 'POST', '/v1/services', { name: 'session-store', type: 'valkey', cluster: 'prod', replicas: 2 });
    expect(created.status).toBe(201);
    const listed = (await get('/v1/services?type=valkey')).items.find((s: any) => s.name === 'session-store');
    expect(listed).toMatchObject({ type: 'valkey', replicas: 2, cluster_name: 'prod', status: 'running' });
    const replicas = (await get('/v1/services/session-store/replicas')).items;
    expect(replicas.map((r: any) => r.role)).toEqual(['primary', 'replica']);
    expect((await call(sb, 'POST', '/v1/services', { name: 'session-store', type: 'valkey', cluster: 'prod' })).status).toBe(409);
  });

  it('"Show me the status of all nodes in cluster i4y" — and the cluster health names the sick node', async () => {
    const nodes = (await get('/v1/clusters/i4y/nodes')).items;
    const sick = nodes.filter((n: any) => n.status !== 'ready');
    expect(nodes.every((n: any) => n.health && typeof n.health.cpu_percent === 'number')).toBe(true);
    expect(sick.length).toBeGreaterThan(0);
    const health = await get('/v1/clusters/i4y/health');
    expect(health.status).toBe('degraded');
    expect(health.nodes_total - health.nodes_ready).toBe(sick.length);
    expect(health.checks.find((c: any) => c.name === 'nodes').message).toContain(sick[0].name);
  });

  it('"Create a new bucket ... accessed by the public" — public URL and an allow-everyone policy, revocable', async () => {
    const refused = await call(sb, 'POST', '/v1/services/assets/buckets', { name: 'press-kit', access: 'public-read' });
    expect(refused.status).toBe(400);
    const b = await call(sb, 'POST', '/v1/services/assets/buckets', { name: 'press-kit' });
    expect(b.status).toBe(201);
    expect(b.body.access).toBe('private');
    const opened = await call(sb, 'PUT', '/v1/services/assets/buckets/press-kit/policy', { access: 'public-read' });
    expect(opened.status).toBe(200);
    expect((await get('/v1/services/assets/buckets/press-kit')).public_url).toMatch(/^https:\/\/press-kit\./);
    const policy = await get('/v1/services/assets/buckets/press-kit/policy');
    expect(policy.statements).toEqual([{ effect: 'allow', principal: '*', actions: ['get', 'list'] }]);
    const closed = await call(sb, 'PUT', '/v1/services/assets/buckets/press-kit/policy', { access: 'private' });
    expect(closed.body).toMatchObject({ access: 'private', statements: [] });
    expect((await get('/v1/services/assets/buckets/press-kit')).public_url).toBeUndefined();
    const stranger = await call(sb, 'PUT', '/v1/services/assets/buckets/press-kit/policy', { access: 'private', statements: [{ effect: 'allow', principal: 'RKNOTAKEY', actions: ['get'] }] });
    expect(stranger.status).toBe(400);
    expect((await call(sb, 'POST', '/v1/services/users-db/buckets', { name: 'nope' })).status).toBe(400);
  });

  it('"Create a new database and user on my PostgreSQL instance" — the password is returned once, never listed', async () => {
    expect((await call(sb, 'POST', '/v1/services/users-db/databases', { name: 'blog' })).status).toBe(201);
    const password = 'correct-horse-battery-staple';
    const u = await call(sb, 'POST', '/v1/services/users-db/users', { username: 'blog_app', password, databases: ['blog'] });
    expect(u.status).toBe(201);
    expect(u.body).toMatchObject({ password, user: { username: 'blog_app', databases: ['blog'], has_password: true } });
    const listed = await get('/v1/services/users-db/users');
    expect(listed.items.map((x: any) => x.username)).toContain('blog_app');
    expect(JSON.stringify(listed)).not.toContain(password);
    const reset = await call(sb, 'POST', '/v1/services/users-db/users/blog_app/reset-password');
    expect(reset.body.password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(reset.body.password).not.toBe(password);
    expect((await call(sb, 'POST', '/v1/services/users-db/users', { username: 'x_app', databases: ['missing'] })).status).toBe(400);
    expect((await call(sb, 'POST', '/v1/services/cache/databases', { name: 'blog' })).status).toBe(400);
  });
});

describe('secrets travel only where the manifest says', () => {
  it('API keys and access keys are returned once; lists show last4 only', async () => {
    const k = (await call(sb, 'POST', '/v1/api-keys', { name: 'bot', scopes: ['read'] })).body;
    expect(k.api_key).toMatch(/^runos_sk_[A-Za-z0-9]{40}$/);
    const keys = await get('/v1/api-keys');
    expect(JSON.stringify(keys)).not.toContain(k.api_key);
    expect(keys.items.find((x: any) => x.key_id === k.key.key_id).last4).toBe(k.api_key.slice(-4));
    const a = (await call(sb, 'POST', '/v1/services/assets/access-keys', { name: 'uploader' })).body;
    expect(a.secret_access_key).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(JSON.stringify(await get('/v1/services/assets/access-keys'))).not.toContain(a.secret_access_key);
  });

  it('env var values are masked in the list and plain in the single read; secrets show a fingerprint', async () => {
    const full = (await get('/v1/apps/web/env/DATABASE_URL')).value;
    expect(full).toMatch(/^postgres:\/\/app_rw:[A-Za-z0-9]+@/);
    const listed = (await get('/v1/apps/web/env')).items.find((e: any) => e.name === 'DATABASE_URL');
    expect(listed.value_masked).toBe(`****${full.slice(-4)}`);
    expect(JSON.stringify(await get('/v1/apps/web/env'))).not.toContain(full.slice(0, 30));
    const value = (await get('/v1/secrets/GITHUB_TOKEN/value')).secret_value;
    expect(value).toMatch(/^ghp_[A-Za-z0-9]{36}$/);
    expect(JSON.stringify(await get('/v1/secrets'))).not.toContain(value);
  });

  it('the kubeconfig key is a real PEM private key, and demo secrets differ between unseeded sandboxes', async () => {
    const { client_key, kubeconfig } = await get('/v1/clusters/prod/kubeconfig');
    expect(createPrivateKey(client_key).asymmetricKeyType).toBe('ec');
    expect(kubeconfig).toContain(Buffer.from(client_key).toString('base64'));
    const other = await startSandbox({ quiet: true });
    try {
      const mine = (await get('/v1/services/orders-mysql/credentials')).password;
      const theirs = (await call(other, 'GET', '/v1/services/orders-mysql/credentials')).body.password;
      expect(mine).not.toBe(theirs);
    } finally {
      await other.close();
    }
  });

  it('a seed makes secrets and the default key reproducible', async () => {
    const [a, b] = await Promise.all([startSandbox({ seed: 42, quiet: true }), startSandbox({ seed: 42, quiet: true })]);
    try {
      expect(a.key).toBe(b.key);
      const pa = (await call(a, 'GET', '/v1/services/users-db/credentials')).body.password;
      expect((await call(b, 'GET', '/v1/services/users-db/credentials')).body.password).toBe(pa);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('apps and deployments', () => {
  it('deploy supersedes, rollback returns to the previous image, logs follow', async () => {
    const before = await get('/v1/apps/web');
    const d = (await call(sb, 'POST', '/v1/apps/web/deployments', { image: 'ghcr.io/acme/web:9.9.9' })).body;
    expect((await get('/v1/apps/web')).image).toBe('ghcr.io/acme/web:9.9.9');
    const rb = await call(sb, 'POST', '/v1/apps/web/rollback');
    expect(rb.body.image).toBe(before.image);
    const deps = (await get('/v1/apps/web/deployments')).items;
    expect(deps.find((x: any) => x.id === d.id).status).toBe('rolled-back');
    expect(deps.filter((x: any) => x.status === 'live')).toHaveLength(1);
    const logs = (await get('/v1/apps/web/logs?tail=20')).items.map((l: any) => l.message);
    expect(logs).toContain('starting ghcr.io/acme/web:9.9.9');
    expect(logs).toContain(`starting ${before.image}`);
  });

  it('a non-empty bucket cannot be deleted; a firing alert is acknowledged once', async () => {
    expect((await call(sb, 'DELETE', '/v1/services/assets/buckets/backups')).status).toBe(409);
    const firing = (await get('/v1/alerts?state=firing')).items[0];
    expect((await call(sb, 'POST', `/v1/alerts/${firing.id}/acknowledge`)).body.state).toBe('acknowledged');
    expect((await call(sb, 'POST', `/v1/alerts/${firing.id}/acknowledge`)).status).toBe(409);
  });
});
