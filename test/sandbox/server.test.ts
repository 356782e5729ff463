import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledManifestPath } from '../../src/core/paths.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { call, rawGet } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ quiet: true });
});
afterAll(() => sb.close());

describe('auth and discovery', () => {
  it('serves the manifest at /openapi.json without a key, byte for byte', async () => {
    const res = await fetch(`${sb.url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(readFileSync(bundledManifestPath(), 'utf8'));
  });

  it.each([
    ['no key', null],
    ['wrong key', 'runos_sk_wrong'],
    ['key with a suffix', 'SUFFIX'],
  ])('refuses %s with 401 and the error shape', async (_name, key) => {
    const r = await call(sb, 'GET', '/v1/clusters', undefined, key === 'SUFFIX' ? `${sb.key}x` : key);
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthorized');
  });

  it('generates a runos_sk_ key when none is given, and a binding on 127.0.0.1', () => {
    expect(sb.key).toMatch(/^runos_sk_[A-Za-z0-9]{40}$/);
    expect(new URL(sb.url).hostname).toBe('127.0.0.1');
  });

  it('answers an unknown path 404 and a wrong method 405', async () => {
    expect((await call(sb, 'GET', '/v1/nope')).status).toBe(404);
    expect((await call(sb, 'GET', '/v2/clusters')).status).toBe(404);
    expect((await call(sb, 'PUT', '/v1/clusters')).status).toBe(405);
  });
});

describe('request validation against the manifest', () => {
  it.each([
    ['limit above its maximum', 'GET', '/v1/clusters?limit=500', undefined, /query parameter 'limit' must be <= 200/],
    ['a limit that is not a number', 'GET', '/v1/clusters?limit=ten', undefined, /'limit' must be integer/],
    ['an unknown query parameter', 'GET', '/v1/clusters?colour=red', undefined, /unknown query parameter 'colour'/],
    ['an enum outside its values', 'GET', '/v1/services?type=oracle', undefined, /'type' must be equal to one of the allowed values: postgresql/],
    ['a missing required query parameter', 'GET', '/v1/metrics?metric=cpu_percent', undefined, /'resource' is required/],
    ['a missing body property', 'POST', '/v1/services', { name: 'x-db', type: 'mysql' }, /request body \/ must have property 'cluster'/],
    ['a wrong body type', 'POST', '/v1/services', { name: 'abc', type: 'mysql', cluster: 'prod', replicas: '2' }, /\/replicas must be integer/],
    ['an unknown body property', 'POST', '/v1/secrets', { secret_name: 'A', secret_value: 'b', colour: 1 }, /unknown property 'colour'/],
    ['a name breaking its pattern', 'POST', '/v1/services', { name: 'Users DB', type: 'mysql', cluster: 'prod' }, /\/name must match pattern/],
    ['a required body left out', 'POST', '/v1/api-keys', undefined, /JSON request body is required/],
    ['a body where none is taken', 'POST', '/v1/services/users-db/restart', { now: true }, /takes no request body/],
  ])('400 for %s', async (_name, method, path, body, message) => {
    const r = await call(sb, method, path, body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
    expect(r.body.error.message).toMatch(message);
  });

  it.each([
    ['an encoded dot-dot segment', '/v1/services/%2e%2e/credentials', /not a valid name/],
    ['a literal dot-dot segment', '/v1/services/../credentials', /not a valid name/],
    ['an encoded dot segment', '/v1/services/%2E', /not a valid name/],
    ['an encoded slash in a segment', '/v1/services/users-db%2Fcredentials', /not a valid name/],
    ['broken percent-encoding', '/v1/services/%E0%A4%A', /not valid percent-encoding/],
  ])('400 for %s, sent raw', async (_name, target, message) => {
    const r = await rawGet(sb, target);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(message);
  });

  it('400 invalid_json for a body that is not JSON, 415 for another media type', async () => {
    const send = (type: string, body: string) => fetch(`${sb.url}/v1/secrets`, { method: 'POST', headers: { authorization: `Bearer ${sb.key}`, 'content-type': type }, body });
    const bad = await send('application/json', '{"secret_name":');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.code).toBe('invalid_json');
    expect((await send('text/plain', 'secret_name=A')).status).toBe(415);
  });

  it('fills documented defaults, so an optional body may be left out', async () => {
    const r = await call(sb, 'POST', '/v1/services', { name: 'defaults-db', type: 'postgresql', cluster: 'i4y' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ replicas: 1, storage_gb: 10, plan: 'standard' });
  });
});

describe('the request log', () => {
  it('records every request raw, query and body included, with the status answered', async () => {
    const before = sb.requests.length;
    await call(sb, 'GET', '/v1/services?cluster=i4y&limit=1');
    await call(sb, 'POST', '/v1/services', { name: 'Bad Name', type: 'valkey', cluster: 'prod' });
    await call(sb, 'GET', '/v1/clusters', undefined, null);
    const seen = sb.requests.slice(before);
    expect(seen.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/v1/services?cluster=i4y&limit=1', 200],
      ['POST', '/v1/services', 400],
      ['GET', '/v1/clusters', 401],
    ]);
    expect(JSON.parse(seen[1]!.body).name).toBe('Bad Name');
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${sb.key}`);
  });

  it('pages with limit and next_token until the list is exhausted', async () => {
    const all = (await call(sb, 'GET', '/v1/clusters/prod/nodes')).body.items.map((n: any) => n.name);
    const paged: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 10; i++) {
      const r = await call(sb, 'GET', `/v1/clusters/prod/nodes?limit=3${token ? `&next_token=${token}` : ''}`);
      paged.push(...r.body.items.map((n: any) => n.name));
      token = r.body.next_token;
      if (!token) break;
    }
    expect(all.length).toBeGreaterThan(3);
    expect(paged).toEqual(all);
    expect((await call(sb, 'GET', '/v1/clusters?next_token=garbage')).status).toBe(400);
  });
});
