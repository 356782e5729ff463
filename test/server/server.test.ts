import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tier } from '../../src/core/tiers.js';
import type { Credentials } from '../../src/credentials/resolve.js';
import { openAuditLog } from '../../src/server/audit.js';
import { createTierServerFactory } from '../../src/server/create-server.js';
import { deadUrl, type FaultServer, SECRET_PASSWORD, startFaultServer } from './fault-server.js';
import { fixtureTable } from './fixture-table.js';

type Result = { content: { type: string; text: string }[]; structuredContent?: Record<string, unknown>; isError?: boolean };

let platform: FaultServer;
let elsewhere: FaultServer;
let dir: string;
const clients: Client[] = [];

const flushes: (() => Promise<void>)[] = [];

async function connect(tier: Tier, creds: (Partial<Credentials> & { apiUrl?: string }) | Error, opts: { timeoutMs?: number; maxBytes?: number } = {}): Promise<Client> {
  const audit = openAuditLog({ path: join(dir, 'audit.jsonl') });
  const credentials = async (): Promise<Credentials> => {
    if (creds instanceof Error) throw creds;
    return { profile: 'default', keySource: creds.apiKey ? 'env' : 'none', ...creds };
  };
  const { factory, flushAudit } = createTierServerFactory({ table: fixtureTable(), tier, version: '0.0.0-test', credentials, audit, ...opts });
  flushes.push(flushAudit);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await factory().connect(serverSide);
  const client = new Client({ name: 'unit-test-client', version: '1.0.0' });
  await client.connect(clientSide);
  clients.push(client);
  return client;
}

const call = async (c: Client, name: string, args: Record<string, unknown> = {}): Promise<Result> => (await c.callTool({ name, arguments: args })) as Result;
const text = (r: Result): string => r.content.map((c) => c.text).join('\n');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runos-server-'));
  elsewhere = await startFaultServer();
  platform = await startFaultServer({ redirectTo: elsewhere.url });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all([platform.close(), elsewhere.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe('a tier server', () => {
  let read: Client;
  let sensitive: Client;
  /** Same server with the default 30 s timeout: for cases about a size bound, which a loaded machine must not turn into a timeout. */
  let patient: Client;
  beforeAll(async () => {
    read = await connect('read', { apiUrl: platform.url, apiKey: 'test-key' }, { timeoutMs: 400, maxBytes: 4_000 });
    sensitive = await connect('sensitive-read', { apiUrl: platform.url, apiKey: 'test-key' });
    patient = await connect('read', { apiUrl: platform.url, apiKey: 'test-key' }, { maxBytes: 4_000 });
  });

  it('lists exactly its tier’s tools in one page, with annotations', async () => {
    const list = await read.listTools();
    expect(list.nextCursor).toBeUndefined();
    const want = fixtureTable().tools.filter((t) => t.tier === 'read').map((t) => t.name);
    expect(list.tools.map((t) => t.name)).toEqual(want);
    for (const t of list.tools) {
      expect(t.inputSchema.type).toBe('object');
      expect(t.annotations?.readOnlyHint).toBe(true);
      expect(t.title).toBeTruthy();
      expect(t.description).toBeTruthy();
    }
  });

  it('answers -32602 for another tier’s tool, and sends nothing', async () => {
    const before = platform.requests.length;
    await expect(read.callTool({ name: 'get_service_credentials', arguments: { id: 'users-db' } })).rejects.toMatchObject({ code: -32602 });
    await expect(read.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toMatchObject({ code: -32602 });
    expect(platform.requests.length).toBe(before);
  });

  it('sends the key as a bearer token and maps JSON to text and structuredContent', async () => {
    const r = await call(read, 'list_services', { cluster: 'prod', labels: ['a', 'b'] });
    expect(r.isError).toBeFalsy();
    expect(platform.requests.at(-1)).toMatchObject({ method: 'GET', url: '/v1/clusters/prod/services?labels=a,b', authorization: 'Bearer test-key' });
    expect(JSON.parse(r.content[0]!.text)).toEqual(r.structuredContent);
  });

  it('redacts secrets on read, and shows them on sensitive-read', async () => {
    const r = await call(read, 'echo_read', { mode: 'json' });
    expect(text(r)).not.toContain(SECRET_PASSWORD);
    expect(JSON.stringify(r.structuredContent)).not.toContain(SECRET_PASSWORD);
    expect(r.structuredContent).toMatchObject({ id: 'users-db', password: '[redacted: use runos-sensitive-read]', connection_uri: '[redacted: use runos-sensitive-read]', uri: 'postgres://app:[redacted: use runos-sensitive-read]@db.internal:5432/users' });
    const s = await call(sensitive, 'echo_secret', { mode: 'json' });
    expect(s.structuredContent).toMatchObject({ password: SECRET_PASSWORD });
  });

  it('never shows the API key, even on a sensitive tier and when the platform echoes it', async () => {
    for (const mode of ['whoami', '401']) {
      const r = await call(sensitive, 'echo_secret', { mode });
      expect(text(r)).not.toContain('test-key');
      expect(text(r)).toContain('[redacted: API key]');
    }
  });

  it('refuses invalid arguments and path tricks before sending anything', async () => {
    const before = platform.requests.length;
    const bad: [string, Record<string, unknown>][] = [
      ['get_service', {}],
      ['get_service', { id: { x: 1 } }],
      ['get_service', { id: '..' }],
      ['get_service', { id: '%2e%2e' }],
      ['get_service', { id: 'users-db/credentials' }],
      ['get_service', { id: 'x?admin=1' }],
      ['get_service', { id: 'x#y' }],
      ['list_services', { cluster: 'prod', status: 'exploded' }],
    ];
    for (const [name, args] of bad) {
      const r = await call(read, name, args);
      expect(r.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
    }
    expect(platform.requests.length).toBe(before);
  });

  const faults: [string, { mode: string; want: RegExp; isError: boolean; maxMs?: number; patient?: true }][] = [
    ['slow past the timeout', { mode: 'slow', want: /did not answer within 400 ms/, isError: true, maxMs: 3_000 }],
    ['a body that stalls past the timeout', { mode: 'slowbody', want: /did not answer within 400 ms/, isError: true, maxMs: 3_000 }],
    ['a 5xx with the platform’s message', { mode: '500', want: /HTTP 500.*database on fire/, isError: true }],
    ['a 404', { mode: '404', want: /HTTP 404.*service nope not found/, isError: true }],
    ['an HTML error page', { mode: 'html502', want: /HTTP 502.*HTML error page/, isError: true }],
    ['plain text, redacted', { mode: 'text', want: /plain text with postgres:\/\/app:\[redacted/, isError: false }],
    ['invalid JSON', { mode: 'badjson', want: /invalid JSON/, isError: false }],
    ['binary content', { mode: 'binary', want: /64 bytes of application\/octet-stream/, isError: false }],
    ['no content', { mode: 'empty', want: /HTTP 204 \(no content\)/, isError: false }],
    ['oversized, cut to valid JSON', { mode: 'big', want: /above the 4000-byte limit, so it was cut/, isError: false }],
    // 10 MB through loopback took over 400 ms on a loaded machine: the timeout answered instead of the bound.
    ['far too large', { mode: 'huge', want: /larger than 10000000 bytes/, isError: true, maxMs: 15_000, patient: true }],
    ['a same-origin redirect', { mode: 'redirect-same', want: /"id":"users-db"/, isError: false }],
    ['a cross-origin redirect', { mode: 'redirect-cross', want: /refused to follow a redirect to another origin/, isError: true }],
    ['a redirect to another tier’s operation', { mode: 'redirect-other-tier', want: /not an operation of this server/, isError: true }],
  ];
  it.each(faults)('handles %s with a clear result in bounded time, then keeps serving', async (_name, { mode, want, isError, maxMs, patient: slowOk }) => {
    const t0 = performance.now();
    const r = await call(slowOk ? patient : read, 'echo_read', { mode });
    expect(performance.now() - t0).toBeLessThan(maxMs ?? 2_000);
    expect(Boolean(r.isError)).toBe(isError);
    expect(text(r)).toMatch(want);
    expect(text(r)).not.toContain('header-secret-never-shown');
    expect(text(r)).not.toContain(SECRET_PASSWORD);
    if (mode === 'big') expect(() => JSON.parse(r.content[0]!.text)).not.toThrow();
    const ok = await call(read, 'get_service', { id: 'users-db' });
    expect(ok.isError).toBeFalsy();
  });

  it('never sends the key to another origin, nor a redirect to another tier’s path', () => {
    expect(elsewhere.requests).toEqual([]);
    expect(platform.requests.some((r) => r.url.includes('/credentials'))).toBe(false);
  });

  it('passes the client’s cancellation to the request', async () => {
    const controller = new AbortController();
    const pending = read.callTool({ name: 'echo_read', arguments: { mode: 'slow' } }, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await expect(pending).rejects.toThrow();
    for (let i = 0; i < 50 && !platform.aborted.length; i++) await new Promise((r) => setTimeout(r, 20));
    expect(platform.aborted.some((u) => u.includes('/slow'))).toBe(true);
  });

  it('reports a platform that is down', async () => {
    const down = await connect('read', { apiUrl: await deadUrl(), apiKey: 'k' });
    const r = await call(down, 'get_service', { id: 'x' });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/cannot reach the platform at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it('without a key, still lists tools and answers with the login command', async () => {
    const before = platform.requests.length;
    const nokey = await connect('read', { apiUrl: platform.url });
    expect((await nokey.listTools()).tools.length).toBeGreaterThan(0);
    const r = await call(nokey, 'get_service', { id: 'x' });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain(`run \`runos login --url ${platform.url}\``);
    expect(text(r)).toContain('RUNOS_API_KEY');
    expect(platform.requests.length).toBe(before);
  });

  it('answers with what to fix when the credentials cannot be read', async () => {
    const broken = await connect('read', new Error('/home/u/.config/runos/profiles.json: invalid JSON'));
    const r = await call(broken, 'get_service', { id: 'x' });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain('cannot read the runos credentials: /home/u/.config/runos/profiles.json: invalid JSON');
  });

  it('form-encodes a write body and audits every call, redacted, in a 0600 file', async () => {
    const write = await connect('write', { apiUrl: platform.url, apiKey: 'test-key' });
    const r = await call(write, 'create_charge', { body: { amount: 500, metadata: { order: 'A1' }, expand: ['customer'] } });
    expect(r.isError).toBeFalsy();
    expect(platform.requests.at(-1)?.body).toBe('amount=500&metadata[order]=A1&expand[0]=customer');
    await call(write, 'create_service', { body: { name: 'session-store', replicas: 2, password: 'audit-must-not-see-this' } });
    await Promise.all(flushes.map((f) => f()));
    const log = join(dir, 'audit.jsonl');
    expect((await stat(log)).mode & 0o777).toBe(0o600);
    const lines = (await readFile(log, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const last = lines.at(-1);
    expect(last).toMatchObject({ tier: 'write', tool: 'create_service', method: 'POST', path: '/v1/services', status: 200, client: 'unit-test-client' });
    expect(last.args.body.password).toBe('[redacted]');
    expect(typeof last.durationMs).toBe('number');
    expect(last.bytes).toBeGreaterThan(0);
    expect(lines.some((l) => l.tool === 'get_service' && l.status === null && /must be a single path segment/.test(l.error))).toBe(true);
    expect(await readFile(log, 'utf8')).not.toContain('audit-must-not-see-this');
  });

  it('audits a redirected call under the path that answered, and a refused redirect under the one asked', async () => {
    const r = await call(read, 'echo_read', { mode: 'redirect-same' });
    expect(r.isError).toBeFalsy();
    await call(read, 'echo_read', { mode: 'redirect-other-tier' });
    await Promise.all(flushes.map((f) => f()));
    const lines = (await readFile(join(dir, 'audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-2)).toMatchObject({ tool: 'echo_read', path: '/v1/echo/json', status: 200 });
    expect(lines.at(-1)).toMatchObject({ tool: 'echo_read', path: '/v1/echo/redirect-other-tier', status: null, error: expect.stringMatching(/refused to follow a redirect/) });
  });
});
