import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateTable, type Generated } from '../../src/codegen/generate.js';
import { bundledManifestPath, bundledOverridesPath, bundledTableDir } from '../../src/core/paths.js';
import type { Tier } from '../../src/core/tiers.js';
import type { ToolEntry } from '../../src/core/tool-table.js';

let gen: Generated;
beforeAll(async () => {
  gen = await generateTable({ source: bundledManifestPath(), platform: 'runos', overridesFile: bundledOverridesPath() });
});

describe('the committed generated/ table', () => {
  it.each(['tools.json', 'tiers.md'] as const)('%s equals a fresh generation (else run `npm run generate`)', async (file) => {
    const committed = await readFile(join(bundledTableDir(), file), 'utf8');
    expect(committed === gen.files[file], `generated/${file} is stale: run \`npm run build && npm run generate\``).toBe(true);
  });
});

/** A tool of the table, found by name; the name is part of the contract with users' allowlists. */
function tool(name: string): ToolEntry {
  const t = gen.table.tools.find((x) => x.name === name);
  if (!t) throw new Error(`no tool ${name} in the RunOS table`);
  return t;
}

/** The body property's schema of a tool. */
function bodyProps(t: ToolEntry): Record<string, Record<string, unknown>> {
  const body = (t.inputSchema.properties as Record<string, Record<string, unknown>>)[t.request.body!.arg]!;
  return body.properties as Record<string, Record<string, unknown>>;
}

// PRODUCT.md, "The RunOS manifest": each example sentence of the docs must map to tools in the right tier.
describe('PRODUCT.md example sentences map to tools in the right tier', () => {
  it.each<[string, { tools: [string, string, Tier | Tier[]][] }]>([
    ['What services are running in my production cluster?', { tools: [['list_services', 'GET /v1/services', 'read'], ['list_clusters', 'GET /v1/clusters', 'read']] }],
    ['Give me the PostgreSQL connection string for the users-db service', { tools: [['get_connection_string', 'GET /v1/services/{service}/connection-string', 'sensitive-read']] }],
    ['Create a new Valkey cache called session-store with 2 replicas', { tools: [['create_service', 'POST /v1/services', 'write']] }],
    ['Show me the status of all nodes in cluster i4y', { tools: [['list_nodes', 'GET /v1/clusters/{cluster}/nodes', 'read']] }],
    ['Show me a database view of all users and the count of their posts', { tools: [['run_sql_query', 'POST /v1/services/{service}/databases/{database}/query', 'sensitive-read']] }],
    ['Create a new bucket in my object store that can be accessed by the public', {
      tools: [['create_bucket', 'POST /v1/services/{service}/buckets', ['write', 'sensitive-write']], ['set_bucket_policy', 'PUT /v1/services/{service}/buckets/{bucket}/policy', 'sensitive-write']],
    }],
    ['Create a new database and user on my PostgreSQL instance', {
      tools: [['create_database', 'POST /v1/services/{service}/databases', 'write'], ['create_database_user', 'POST /v1/services/{service}/users', 'sensitive-write']],
    }],
  ])('%s', (_, { tools }) => {
    for (const [name, op, tiers] of tools) {
      const t = tool(name);
      expect(`${t.method} ${t.path}`).toBe(op);
      expect([tiers].flat(), `${name} is in ${t.tier}`).toContain(t.tier);
    }
  });

  it('lets the model ask for a Valkey service with replicas', () => {
    const props = bodyProps(tool('create_service'));
    expect(JSON.stringify(props)).toContain('valkey');
    expect(props.replicas?.type).toBe('integer');
  });

  it('lets the model make a bucket public only through the access policy (sensitive-write)', () => {
    expect(JSON.stringify(bodyProps(tool('create_bucket')))).not.toMatch(/public/);
    expect(JSON.stringify(bodyProps(tool('set_bucket_policy')))).toMatch(/public-read/);
    expect(tool('set_bucket_policy').tier).toBe('sensitive-write');
  });

  it('sends the database user password only through a sensitive tier', () => {
    const user = tool('create_database_user');
    expect(bodyProps(user).password).toBeDefined();
    expect(user.tier).toBe('sensitive-write');
  });
});
