import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledManifestPath, bundledOverridesPath } from '../../src/core/paths.js';
import { isTier } from '../../src/core/tiers.js';
import { compileResponseValidators, compileRoutes } from '../../src/sandbox/routes.js';

type Json = Record<string, any>;
const doc: Json = JSON.parse(readFileSync(bundledManifestPath(), 'utf8'));
const ops: (Json & { method: string; path: string })[] = Object.entries<Json>(doc.paths).flatMap(([path, item]) =>
  Object.entries<Json>(item).map(([method, op]) => ({ ...op, method, path })),
);
const byId = new Map(ops.map((o) => [o.operationId as string, o]));
const deref = (node: Json): Json => (node?.$ref ? deref(node.$ref.slice(2).split('/').reduce((o: Json, k: string) => o[k], doc)) : node);

// Every property of every component schema, as `Schema.prop` → its schema.
const props = new Map<string, Json>();
for (const [name, schema] of Object.entries<Json>(doc.components.schemas)) {
  for (const [p, s] of Object.entries<Json>(schema.properties ?? {})) props.set(`${name}.${p}`, s);
}
const marked = (s: Json) => s.format === 'password' || s.writeOnly === true || s['x-sensitive'] === true;

describe('the RunOS manifest', () => {
  it('is OpenAPI 3.1 on https://api.runos.dev with bearer auth, and every schema compiles under Ajv 2020 strict', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0].url).toBe('https://api.runos.dev');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    const routes = compileRoutes(doc);
    expect(routes).toHaveLength(ops.length);
    for (const r of routes) expect(r.validators().path).toBeTypeOf('function');
    expect(compileResponseValidators(doc).size).toBeGreaterThan(ops.length);
  });

  it('has 50-70 operations with short snake_case ids, a summary and a description, under /v1/', () => {
    expect(ops.length).toBeGreaterThanOrEqual(50);
    expect(ops.length).toBeLessThanOrEqual(70);
    expect(byId.size).toBe(ops.length);
    for (const o of ops) {
      expect(o.operationId).toMatch(/^[a-z][a-z0-9_]{2,35}$/);
      expect(o.summary && o.description, o.operationId).toBeTruthy();
      expect(o.path.startsWith('/v1/'), o.path).toBe(true);
    }
  });

  it('declares every path template parameter, documents 401 and {error:{code,message}} errors', () => {
    for (const o of ops) {
      const declared = (o.parameters ?? []).map(deref).filter((p: Json) => p.in === 'path').map((p: Json) => p.name);
      expect(declared, o.operationId).toEqual([...o.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
      expect(o.responses['401'], o.operationId).toBeDefined();
      for (const [status, r] of Object.entries<Json>(o.responses)) {
        if (Number(status) >= 400) expect(deref(r).content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
      }
    }
  });

  it('paginates lists with limit and next_token', () => {
    const paged = ops.filter((o) => deref(o.responses['200']?.content?.['application/json']?.schema ?? {}).properties?.next_token);
    expect(paged.length).toBeGreaterThan(10);
    for (const o of paged) expect((o.parameters ?? []).map(deref).map((p: Json) => p.name), o.operationId).toEqual(expect.arrayContaining(['limit', 'next_token']));
  });

  it('marks the secrets a real platform has, and leaves the look-alikes plain', () => {
    const secrets = [
      'ServiceCredentials.password',
      'ConnectionString.connection_string',
      'Kubeconfig.client_key',
      'Kubeconfig.kubeconfig',
      'CreateDatabaseUserRequest.password',
      'DatabaseUserWithPassword.password',
      'ResetPasswordRequest.password',
      'CreatedAccessKey.secret_access_key',
      'CreatedApiKey.api_key',
      'EnvVar.value',
      'SetEnvVarRequest.value',
      'CreateSecretRequest.secret_value',
      'SecretValue.secret_value',
    ];
    for (const s of secrets) expect(marked(props.get(s)!), s).toBe(true);
    expect(doc.components.schemas.SqlResult['x-sensitive']).toBe(true);
    expect(doc.components.schemas.SqlExecuteResult['x-sensitive']).toBe(true);
    const lookalikes = ['next_token', 'key_id', 'fingerprint', 'last4', 'secret_name', 'has_password', 'password_updated_at', 'public_key', 'value_masked'];
    const seen = new Set<string>();
    for (const [key, s] of props) {
      if (lookalikes.includes(key.split('.')[1]!)) {
        seen.add(key.split('.')[1]!);
        expect(marked(s), key).toBe(false);
      }
    }
    expect([...seen].sort()).toEqual([...lookalikes].sort());
  });

  it('maps every PRODUCT.md example sentence to operations', () => {
    const bodyOf = (id: string) => deref(byId.get(id)!.requestBody.content['application/json'].schema);
    const queryOf = (id: string) => (byId.get(id)!.parameters ?? []).map(deref).filter((p: Json) => p.in === 'query').map((p: Json) => p.name);
    // "What services are running in my production cluster?"
    expect(queryOf('list_services')).toContain('cluster');
    // "Give me the PostgreSQL connection string for the users-db service" (service by name)
    expect(byId.get('get_connection_string')!.path).toBe('/v1/services/{service}/connection-string');
    expect(doc.components.parameters.Service.description).toMatch(/name/);
    // "Create a new Valkey cache called session-store with 2 replicas"
    expect(deref(bodyOf('create_service').properties.type).enum).toContain('valkey');
    expect(bodyOf('create_service').properties.replicas.type).toBe('integer');
    // "Show me the status of all nodes in cluster i4y"
    expect(deref(deref(byId.get('list_nodes')!.responses['200'].content['application/json'].schema).properties.items.items).properties.status).toBeDefined();
    // "Show me a database view of all users and the count of their posts": a POST that only reads customer rows
    expect(byId.get('run_sql_query')).toMatchObject({ method: 'post', 'x-runos-tier': 'sensitive-read' });
    // "Create a new bucket in my object store that can be accessed by the public"
    expect(bodyOf('create_bucket').properties.access).toBeUndefined(); // public only through the policy (sensitive-write)
    expect(byId.get('set_bucket_policy')!.method).toBe('put');
    // "Create a new database and user on my PostgreSQL instance"
    expect(bodyOf('create_database').required).toEqual(['name']);
    expect(marked(bodyOf('create_database_user').properties.password)).toBe(true);
  });
});

describe('manifest/tier-overrides.json', () => {
  const raw: Json = JSON.parse(readFileSync(bundledOverridesPath(), 'utf8'));
  const entries = Object.entries<Json>(raw).filter(([k]) => !k.startsWith('$'));

  it('is small, and each entry names an operation, a tier and a reason that says who reviewed it', () => {
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThanOrEqual(10);
    for (const [id, o] of entries) {
      expect(byId.has(id), id).toBe(true);
      expect(isTier(o.tier), id).toBe(true);
      expect(o.reason, id).toMatch(/reviewed by/);
    }
  });

  it('moves to read only POSTs that create nothing', () => {
    for (const [id, o] of entries.filter(([, o]) => o.tier === 'read')) {
      expect(byId.get(id)!.method, id).toBe('post');
      expect(byId.get(id)!.responses['201'], id).toBeUndefined();
    }
  });
});
