// The read server never returns a secret that the sensitive-read server can: collect every secret value
// through sensitive-read, then call every read tool on every resource and search its output for each.
// Twice: against the sandbox as it is, and through a "leaky platform" proxy that adds every collected
// secret to every JSON answer, which only the read server's redaction stands between and the model.
import type { Client } from '@modelcontextprotocol/client';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSecretFieldName, SECRET_VALUE_PATTERNS } from '../../src/core/secret-vocabulary.js';
import { readToolTable, type ToolEntry, type ToolTable } from '../../src/core/tool-table.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { callTool, connectTier, HAS_CLI, isolatedEnv, NO_CLI_MESSAGE, resultJson, resultText, runosTableDir, type ToolResult } from './helpers.js';

type Ctx = Record<string, unknown>;
type Items = { items: Record<string, unknown>[] };

// Arguments no listing can supply: bodies and metric names, per tool.
const FIXED: Record<string, Ctx[]> = {
  estimate_service_price: [{ body: { type: 'postgresql', replicas: 2 } }],
  validate_sql_query: [{ body: { sql: 'SELECT name FROM users' } }],
  run_sql_query: [{ body: { sql: 'SELECT * FROM users' } }],
  get_metrics: [{ resource: 'service:users-db', metric: 'connections' }, { resource: 'cluster:prod', metric: 'cpu_percent' }],
};

/**
 * Secret values inside a sensitive result, each with the field it came in: secret-named fields (the whole
 * value), and inside any text the passwords of URIs, `token: …` style assignments and key-looking strings.
 */
function collectSecrets(value: unknown, redactFields: Set<string>, out: Map<string, string>, key = ''): void {
  if (typeof value === 'string') {
    if (key && (isSecretFieldName(key) || redactFields.has(key.toLowerCase())) && value.length >= 6) out.set(value, key);
    for (const m of value.matchAll(/:\/\/[^\s/:@]+:([^\s/@]{6,})@/g)) out.set(m[1]!, '');
    for (const m of value.matchAll(/(?:token|password|client-key-data|secret)["']?\s*[:=]\s*["']?([A-Za-z0-9+/=_.-]{12,})/gi)) out.set(m[1]!, '');
    for (const { re } of SECRET_VALUE_PATTERNS) {
      const m = new RegExp(re.source, re.flags.replace('g', '') + 'g');
      for (const hit of value.matchAll(m)) if (hit[0].length >= 12) out.set(hit[0], 'note');
    }
  } else if (Array.isArray(value)) value.forEach((v) => collectSecrets(v, redactFields, out, key));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collectSecrets(v, redactFields, out, k);
}

/** A platform with a bug: forwards to the sandbox and adds the given fields to every JSON object it answers. */
async function startLeakyProxy(target: string, leak: () => Record<string, unknown>): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const upstream = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k === 'authorization' || k === 'content-type')) as Record<string, string>,
      body: body.length ? body : undefined,
    });
    let text = await upstream.text();
    if ((upstream.headers.get('content-type') ?? '').includes('json')) {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) text = JSON.stringify({ ...parsed, debug: leak() });
    }
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe.skipIf(!HAS_CLI)(`read never shows what sensitive-read can (${HAS_CLI ? 'built CLI' : NO_CLI_MESSAGE})`, () => {
  let sandbox: Sandbox;
  let table: ToolTable;
  let read: Client;
  let sensitive: Client;
  let leakyRead: Client;
  let proxy: Server;
  const contexts: Ctx[] = [];
  const secrets = new Map<string, string>();

  const names = async (tool: string, args: Ctx = {}): Promise<string[]> => resultJson<Items>(await callTool(read, tool, { ...args, limit: 200 })).items.map((i) => String(i.name ?? i.secret_name ?? i.id));

  beforeAll(async () => {
    table = await readToolTable(runosTableDir());
    sandbox = await startSandbox({ quiet: true, seed: 11 });
    const env = isolatedEnv({ RUNOS_API_URL: sandbox.url, RUNOS_API_KEY: sandbox.key });
    const leaky = await startLeakyProxy(sandbox.url, leakFields);
    proxy = leaky.server;
    [read, sensitive, leakyRead] = await Promise.all([connectTier('read', env), connectTier('sensitive-read', env), connectTier('read', { ...env, RUNOS_API_URL: leaky.url })]);
    // Every resource of the demo world, found through the read server's own listings.
    for (const cluster of await names('list_clusters')) {
      contexts.push({ cluster });
      for (const node of await names('list_nodes', { cluster })) contexts.push({ cluster, node });
    }
    for (const service of await names('list_services')) {
      contexts.push({ service });
      for (const database of await names('list_databases', { service }).catch(() => [])) contexts.push({ service, database });
      for (const bucket of await names('list_buckets', { service }).catch(() => [])) contexts.push({ service, bucket });
    }
    for (const app of await names('list_apps')) {
      contexts.push({ app });
      const vars = resultJson<{ items: { name: string }[] }>(await callTool(read, 'list_env_vars', { app }));
      for (const v of vars.items) contexts.push({ app, name: v.name });
    }
    for (const secret_name of await names('list_secrets')) contexts.push({ secret_name });
  });
  afterAll(async () => {
    await Promise.all([read?.close(), sensitive?.close(), leakyRead?.close()]);
    await new Promise((resolve) => proxy?.close(resolve));
    await sandbox?.close();
  });

  /**
   * The leak a buggy platform would make: each secret under the field name it came in (a list when a name
   * repeats); a key-looking value inside prose; a bare password inside a connection URI; other bare values
   * (base64 key data) as the kubeconfig line they came from.
   */
  function leakFields(): Record<string, unknown> {
    const fields: Record<string, unknown[]> = {};
    const add = (name: string, v: unknown): number => (fields[name] ??= []).push(v);
    for (const [value, key] of secrets) {
      if (key === 'note') add('note', `see ${value} for access`);
      else if (key) add(key, value);
      else if (/^[A-Za-z0-9._~-]+$/.test(value)) add('note', `postgres://someone:${value}@db.example:5432/app`);
      else add('note', `client-key-data: ${value}`);
    }
    return fields;
  }

  /** Every argument set a tool can take here: each resource context that has its required arguments. */
  function argumentSets(tool: ToolEntry): Ctx[] {
    const props = Object.keys((tool.inputSchema.properties ?? {}) as object);
    const required = ((tool.inputSchema.required ?? []) as string[]).filter((r) => !(FIXED[tool.name]?.[0] && r in FIXED[tool.name]![0]!));
    const base = required.length === 0 ? [{}] : contexts.filter((c) => required.every((r) => r in c) && Object.keys(c).every((k) => props.includes(k)));
    return base.flatMap((c) => (FIXED[tool.name] ?? [{}]).map((f) => ({ ...c, ...f })));
  }

  it('collects the secrets through sensitive-read, then finds none of them through read', async () => {
    const redactFields = new Set(table.redactFields);
    let sensitiveCalls = 0;
    for (const tool of table.tools.filter((t) => t.tier === 'sensitive-read')) {
      for (const args of argumentSets(tool)) {
        const r = await callTool(sensitive, tool.name, args);
        if (r.isError) continue;
        sensitiveCalls++;
        collectSecrets(r.structuredContent ?? JSON.parse(r.content[0]!.text), redactFields, secrets);
      }
    }
    // The demo world has passwords, connection strings, kubeconfigs, secret values and env vars: a test that
    // collected only a handful would prove little.
    expect(sensitiveCalls).toBeGreaterThanOrEqual(10);
    expect(secrets.size).toBeGreaterThanOrEqual(10);

    await expectNoLeaks(read);
  });

  it('still finds none when the platform itself leaks them into every read answer (redaction)', async () => {
    expect(secrets.size).toBeGreaterThanOrEqual(10);
    // The proxy really leaks: the sensitive-read server (no redaction) would see every secret through it.
    const leakedProbe = await startLeakyProxy(sandbox.url, leakFields);
    const direct = await fetch(`${leakedProbe.url}/v1/clusters`, { headers: { authorization: `Bearer ${sandbox.key}` } }).then((r) => r.text());
    await new Promise((resolve) => leakedProbe.server.close(resolve));
    for (const s of secrets.keys()) expect(direct).toContain(JSON.stringify(s).slice(1, -1));
    await expectNoLeaks(leakyRead, true);
  });

  async function expectNoLeaks(client: Client, wantMarkers = false): Promise<void> {
    const leaks: string[] = [];
    const unexercised: string[] = [];
    let readCalls = 0;
    let markers = 0;
    for (const tool of table.tools.filter((t) => t.tier === 'read')) {
      let succeeded = 0;
      for (const args of argumentSets(tool)) {
        const r: ToolResult = await callTool(client, tool.name, args);
        readCalls++;
        if (!r.isError) succeeded++;
        const text = resultText(r);
        if (text.includes('[redacted: use runos-sensitive-read]')) markers++;
        for (const s of secrets.keys()) if (text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1))) leaks.push(`${tool.name}(${JSON.stringify(args)}) shows ${s.slice(0, 6)}…`);
      }
      if (!succeeded) unexercised.push(tool.name);
    }
    expect(leaks).toEqual([]);
    expect(unexercised).toEqual([]);
    expect(readCalls).toBeGreaterThan(40);
    if (wantMarkers) expect(markers).toBeGreaterThan(readCalls / 2);
  }
});
