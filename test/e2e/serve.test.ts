// End to end: the built `runos mcp serve <tier>` over stdio, driven by the MCP SDK client, against the sandbox.
import type { Client } from '@modelcontextprotocol/client';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverName, TIERS, type Tier } from '../../src/core/tiers.js';
import { readToolTable, type ToolTable } from '../../src/core/tool-table.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { callTool, connectTier, HAS_CLI, isolatedEnv, NO_CLI_MESSAGE, resultJson, resultText, runosTableDir } from './helpers.js';

type Items<T = Record<string, unknown>> = { items: T[] };

describe.skipIf(!HAS_CLI)(`runos mcp serve, end to end (${HAS_CLI ? 'built CLI' : NO_CLI_MESSAGE})`, () => {
  let sandbox: Sandbox;
  let table: ToolTable;
  let env: Record<string, string>;
  const servers = {} as Record<Tier, Client>;

  beforeAll(async () => {
    table = await readToolTable(runosTableDir());
    sandbox = await startSandbox({ quiet: true, seed: 7 });
    env = isolatedEnv({ RUNOS_API_URL: sandbox.url, RUNOS_API_KEY: sandbox.key });
    env.RUNOS_AUDIT_LOG = join(env.HOME!, 'audit.jsonl');
    await Promise.all(TIERS.map(async (tier) => (servers[tier] = await connectTier(tier, env))));
  });
  afterAll(async () => {
    await Promise.all(Object.values(servers).map((c) => c.close()));
    await sandbox?.close();
  });

  it('names each server after its tier and lists disjoint tools that together are the table', async () => {
    const lists = await Promise.all(TIERS.map(async (tier) => (await servers[tier].listTools()).tools.map((t) => t.name)));
    TIERS.forEach((tier, i) => {
      expect(servers[tier].getServerVersion()?.name).toBe(serverName(tier, table.platform));
      expect(lists[i]).toEqual(table.tools.filter((t) => t.tier === tier).map((t) => t.name));
    });
    const all = lists.flat();
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual(table.tools.map((t) => t.name).sort());
  });

  describe('the example sentences of PRODUCT.md, each through the right tier', () => {
    it('"What services are running in my production cluster?" (read)', async () => {
      const out = resultJson<Items>(await callTool(servers.read, 'list_services', { cluster: 'prod', status: 'running' }));
      expect(out.items.map((s) => s.name)).toContain('users-db');
      expect(out.items.every((s) => s.status === 'running' && s.cluster_name === 'prod')).toBe(true);
    });

    it('"Give me the PostgreSQL connection string for the users-db service" (sensitive-read only)', async () => {
      const out = resultJson(await callTool(servers['sensitive-read'], 'get_connection_string', { service: 'users-db' }));
      expect(String(out.connection_string)).toMatch(/^postgres(ql)?:\/\/[^:]+:[^@]+@users-db\./);
      await expect(servers.read.callTool({ name: 'get_connection_string', arguments: { service: 'users-db' } })).rejects.toMatchObject({ code: -32602 });
    });

    it('"Create a new Valkey cache called session-store with 2 replicas" (write), then see it listed (read)', async () => {
      const created = await callTool(servers.write, 'create_service', { body: { name: 'session-store', type: 'valkey', cluster: 'prod', replicas: 2 } });
      expect(created.isError).toBeFalsy();
      const out = resultJson<Items>(await callTool(servers.read, 'list_services', { type: 'valkey' }));
      expect(out.items.find((s) => s.name === 'session-store')).toMatchObject({ type: 'valkey', replicas: 2 });
    });

    it('"Show me the status of all nodes in cluster i4y" (read)', async () => {
      const out = resultJson<Items>(await callTool(servers.read, 'list_nodes', { cluster: 'i4y' }));
      expect(out.items.length).toBeGreaterThan(0);
      for (const n of out.items) expect(typeof n.status).toBe('string');
    });

    it('"Show me a database view of all users and the count of their posts" (sensitive-read, read-only SQL)', async () => {
      const sql = 'SELECT u.name, COUNT(p.id) AS posts FROM users u LEFT JOIN posts p ON p.user_id = u.id GROUP BY u.name ORDER BY u.name';
      const out = resultJson<{ columns: unknown[]; rows: unknown[][] }>(await callTool(servers['sensitive-read'], 'run_sql_query', { service: 'users-db', database: 'users', body: { sql } }));
      expect(out.rows.length).toBe(8);
      const before = sandbox.requests.length;
      const refused = await callTool(servers['sensitive-read'], 'run_sql_query', { service: 'users-db', database: 'users', body: { sql: 'DELETE FROM posts' } });
      expect(refused.isError).toBe(true);
      expect(sandbox.requests.length).toBe(before + 1);
    });

    it('"Create a new bucket in my object store that can be accessed by the public" (write, then sensitive-write)', async () => {
      const stores = resultJson<Items>(await callTool(servers.read, 'list_services', { type: 'object-storage' }));
      const service = String(stores.items[0]!.name);
      const created = await callTool(servers.write, 'create_bucket', { service, body: { name: 'public-site-e2e' } });
      expect(created.isError, resultText(created)).toBeFalsy();
      const opened = await callTool(servers['sensitive-write'], 'set_bucket_policy', { service, bucket: 'public-site-e2e', body: { access: 'public-read' } });
      expect(opened.isError, resultText(opened)).toBeFalsy();
      const bucket = resultJson(await callTool(servers.read, 'get_bucket', { service, bucket: 'public-site-e2e' }));
      expect(bucket.access).toBe('public-read');
    });

    it('"Create a new database and user on my PostgreSQL instance" (write, then sensitive-write)', async () => {
      const db = await callTool(servers.write, 'create_database', { service: 'users-db', body: { name: 'analytics' } });
      expect(db.isError, resultText(db)).toBeFalsy();
      const user = resultJson(await callTool(servers['sensitive-write'], 'create_database_user', { service: 'users-db', body: { username: 'analyst', roles: ['readonly'], databases: ['analytics'] } }));
      expect(String(user.password ?? '')).not.toBe('');
      const users = resultJson<Items>(await callTool(servers.read, 'list_database_users', { service: 'users-db' }));
      expect(users.items.map((u) => u.username)).toContain('analyst');
      expect(JSON.stringify(users)).not.toContain(String(user.password));
    });
  });

  it('never lets another tier’s tool, a path trick or invalid arguments reach the sandbox', async () => {
    const before = sandbox.requests.length;
    for (const [tier, tool] of [['read', 'get_service_credentials'], ['read', 'create_service'], ['write', 'get_connection_string'], ['sensitive-read', 'delete_service']] as const) {
      await expect(servers[tier].callTool({ name: tool, arguments: { service: 'users-db' } })).rejects.toMatchObject({ code: -32602 });
    }
    const tricks = ['..', '.', '', '%2e%2e', '%2E%2E', '..%2f', 'users-db/credentials', '../users-db/credentials', 'users-db?x=1', 'users-db#x', 'a\\b', 'users-db%2Fcredentials'];
    for (const service of tricks) {
      const r = await callTool(servers.read, 'get_service', { service });
      expect(r.isError, `get_service ${JSON.stringify(service)}`).toBe(true);
    }
    const invalid: [Tier, string, Record<string, unknown>][] = [
      ['read', 'list_services', { status: 'exploding' }],
      ['read', 'list_clusters', { limit: 100000 }],
      ['write', 'create_service', { body: { name: 'X bad name', type: 'valkey', cluster: 'prod' } }],
      ['write', 'create_service', { body: { name: 'ok-name', type: 'oracle', cluster: 'prod' } }],
      ['write', 'create_service', {}],
      ['read', 'get_service', { service: { nested: true } }],
    ];
    for (const [tier, tool, args] of invalid) {
      const r = await callTool(servers[tier], tool, args);
      expect(r.isError, `${tool} ${JSON.stringify(args)}`).toBe(true);
      expect(resultText(r)).toMatch(/invalid arguments/);
    }
    expect(sandbox.requests.slice(before)).toEqual([]);
  });

  it('accepts nested objects sent as JSON text', async () => {
    const r = await callTool(servers.read, 'validate_sql_query', { service: 'users-db', database: 'users', body: JSON.stringify({ sql: 'SELECT 1' }) });
    expect(r.isError, resultText(r)).toBeFalsy();
  });

  it('serves the 2026-07-28 protocol era too', async () => {
    const modern = await connectTier('read', env, { modern: true, clientName: 'modern-client' });
    try {
      expect((await modern.listTools()).tools.length).toBe(table.tools.filter((t) => t.tier === 'read').length);
      expect(resultJson<Items>(await callTool(modern, 'list_clusters')).items.map((c) => c.name)).toEqual(expect.arrayContaining(['prod', 'i4y']));
      await expect(modern.callTool({ name: 'get_connection_string', arguments: { service: 'users-db' } })).rejects.toMatchObject({ code: -32602 });
      // On this era the client's name comes with each request (the _meta envelope), not from initialize.
      const audited = (): boolean => readFileSync(env.RUNOS_AUDIT_LOG!, 'utf8').includes('"client":"modern-client"');
      for (let i = 0; i < 100 && !audited(); i++) await new Promise((r) => setTimeout(r, 20));
      expect(audited()).toBe(true);
    } finally {
      await modern.close();
    }
    // The SDK client probes the era with a short-lived sibling process first: slow on a loaded machine.
  }, 60_000);

  it('writes one 0600 audit line per call, with redacted arguments and the client name', async () => {
    await callTool(servers['sensitive-write'], 'create_database_user', { service: 'users-db', body: { username: 'audited', password: 'Audit-Pass-123456789' } });
    const path = env.RUNOS_AUDIT_LOG!;
    // The servers write audit lines in the background, just after answering: wait (bounded) for this one.
    for (let i = 0; i < 100 && !readFileSync(path, 'utf8').includes('"audited"'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('Audit-Pass-123456789');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l));
    const last = lines.find((l) => l.tool === 'create_database_user' && l.args?.body?.username === 'audited');
    expect(last).toMatchObject({ tier: 'sensitive-write', method: 'POST', path: '/v1/services/users-db/users', client: 'runos-e2e' });
    expect(last.args.body.password).toBe('[redacted]');
    expect(last.status).toBeGreaterThanOrEqual(200);
    expect(new Set(lines.map((l) => l.tier))).toEqual(new Set(TIERS));
  });
});
