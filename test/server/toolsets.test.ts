// Narrowing a tier (--toolsets / --tools / --exclude-tools) and switching tables live, with a real SDK
// client on in-memory linked transports and the platform on a loopback HTTP server.
import { Client, InMemoryTransport, ProtocolError } from '@modelcontextprotocol/client';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tier } from '../../src/core/tiers.js';
import type { ToolSelection } from '../../src/core/tool-selection.js';
import type { ToolEntry, ToolTable } from '../../src/core/tool-table.js';
import { openAuditLog } from '../../src/server/audit.js';
import { createTierServerFactory, type TierServerFactory } from '../../src/server/create-server.js';
import { fixtureTable } from './fixture-table.js';

type Result = { content: { type: string; text: string }[]; isError?: boolean };

/** The fixture table with toolsets: services, charges, echo. */
function table(edit: (tools: ToolEntry[]) => ToolEntry[] = (t) => t): ToolTable {
  const base = fixtureTable();
  const toolset = (name: string) => (name.includes('charge') ? 'charges' : name.startsWith('echo') ? 'echo' : 'services');
  return { ...base, tools: edit(base.tools.map((t) => ({ ...t, toolset: toolset(t.name) }))).sort((a, b) => (a.name < b.name ? -1 : 1)) };
}

/** A read tool (`toolset` echo) at GET /v1/echo/special: more literal than echo_read's /v1/echo/{mode}. */
const special: ToolEntry = { ...fixtureTable().tools.find((t) => t.name === 'echo_read')!, name: 'echo_special', operationId: 'echo_special', path: '/v1/echo/special', toolset: 'special', request: { params: [] }, inputSchema: { type: 'object', properties: {} } };

// The platform: answers every request at once, except /v1/echo/hold, which waits for release().
let http: HttpServer;
let apiUrl: string;
let release: () => void = () => {};
let held: Promise<void> = Promise.resolve();
const seen: string[] = [];
let dir: string;
const clients: Client[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runos-toolsets-'));
  http = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const answer = () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    };
    if (req.url === '/v1/echo/hold') void held.then(answer);
    else answer();
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await new Promise((r) => http.close(r));
  await rm(dir, { recursive: true, force: true });
});

async function connect(tier: Tier, selection: ToolSelection, t: ToolTable = table(), onList?: () => void): Promise<{ client: Client; server: TierServerFactory }> {
  const server = createTierServerFactory({
    table: t,
    tier,
    version: '0.0.0-test',
    credentials: async () => ({ profile: 'default', keySource: 'env', apiUrl, apiKey: 'k' }),
    audit: openAuditLog({ path: join(dir, 'audit.jsonl') }),
    selection,
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.factory().connect(serverSide);
  const client = new Client({ name: 'toolsets-test', version: '1.0.0' }, onList ? { listChanged: { tools: { onChanged: onList, debounceMs: 0, autoRefresh: false } } } : {});
  await client.connect(clientSide);
  clients.push(client);
  return { client, server };
}

const names = async (c: Client) => (await c.listTools()).tools.map((t) => t.name);
const refusal = (c: Client, name: string) => c.callTool({ name, arguments: {} }).then(() => undefined, (err: unknown) => err);

describe('narrowing a tier', () => {
  it('--toolsets serves only the tier’s tools in those toolsets', async () => {
    const { client } = await connect('read', { toolsets: ['echo'] });
    expect(await names(client)).toEqual(['echo_read']);
    const write = await connect('write', { toolsets: ['charges'] });
    expect(await names(write.client)).toEqual(['create_charge']);
  });

  it('refuses a call outside the toolsets exactly as a call of another tier (-32602, unknown tool)', async () => {
    const { client } = await connect('read', { toolsets: ['echo'] });
    const crossToolset = await refusal(client, 'get_service');
    const crossTier = await refusal(client, 'create_service');
    for (const err of [crossToolset, crossTier]) {
      expect(err).toBeInstanceOf(ProtocolError);
      expect((err as ProtocolError).code).toBe(-32602);
      expect((err as Error).message).toMatch(/Unknown tool: \w+ \(not a tool of runos\)/);
    }
  });

  it('never widens: a tool of another tier named in --tools is reported and not served', async () => {
    const { client, server } = await connect('read', { tools: ['get_service', 'create_service', 'get_service_credentials'] });
    expect(await names(client)).toEqual(['get_service']);
    expect(server.selected.otherTier).toEqual([{ name: 'create_service', tier: 'write' }, { name: 'get_service_credentials', tier: 'sensitive-read' }]);
    expect(((await refusal(client, 'create_service')) as ProtocolError).code).toBe(-32602);
  });

  it('takes --toolsets and --tools together (either), then --exclude-tools out; reports names the table lacks', async () => {
    const { client, server } = await connect('read', { toolsets: ['services'], tools: ['echo_read'], excludeTools: ['get_service', 'no_such_tool'] });
    expect(await names(client)).toEqual(['echo_read', 'list_services']);
    expect(server.selected.unknownTools).toEqual(['no_such_tool']);
    const typo = await connect('read', { toolsets: ['servics'] });
    expect(typo.server.selected.unknownToolsets).toEqual(['servics']);
    expect(await names(typo.client)).toEqual([]);
  });

  it('keeps the request guard to the served tools: a path a left-out tool owns more literally is refused', async () => {
    const { client } = await connect('read', { toolsets: ['echo'] }, table((tools) => [...tools, special]));
    seen.length = 0;
    const r = (await client.callTool({ name: 'echo_read', arguments: { mode: 'special' } })) as Result;
    expect(r.isError).toBe(true);
    expect(r.content[0]!.text).toContain('refused: GET /v1/echo/special is not an operation of this server');
    expect(seen).toEqual([]);
    const ok = (await client.callTool({ name: 'echo_read', arguments: { mode: 'plain' } })) as Result;
    expect(ok.isError).toBeFalsy();
    expect(seen).toEqual(['GET /v1/echo/plain']);
  });
});

describe('switching to a newer table while connected', () => {
  it('tells the client the list changed, serves the new tool, and lets a call in flight finish on the old table', async () => {
    let notified = 0;
    const { client, server } = await connect('read', {}, table(), () => notified++);
    expect(await names(client)).not.toContain('echo_special');
    held = new Promise((r) => (release = r));
    const inFlight = client.callTool({ name: 'echo_read', arguments: { mode: 'hold' } }) as Promise<Result>;
    await new Promise((r) => setTimeout(r, 100));

    // The new table drops echo_read and adds echo_special.
    const outcome = server.replaceTable(table((tools) => [...tools.filter((t) => t.name !== 'echo_read'), special]));
    expect(outcome).toEqual({ switched: true, listChanged: true });
    await expect.poll(() => notified, { timeout: 5_000 }).toBe(1);
    const after = await names(client);
    expect(after).toContain('echo_special');
    expect(after).not.toContain('echo_read');
    expect(((await client.callTool({ name: 'echo_special', arguments: {} })) as Result).isError).toBeFalsy();
    expect(((await refusal(client, 'echo_read')) as ProtocolError).code).toBe(-32602);

    release();
    const finished = await inFlight;
    expect(finished.isError).toBeFalsy();
    expect(finished.content[0]!.text).toContain('/v1/echo/hold');
  });

  it('says nothing when the new table lists the same tools, and refuses a table of another platform', async () => {
    let notified = 0;
    const { server } = await connect('read', {}, table(), () => notified++);
    expect(server.replaceTable(table((tools) => tools.map((t) => ({ ...t, reason: 'reviewed again' }))))).toEqual({ switched: true, listChanged: false });
    expect(server.replaceTable({ ...table(), platform: 'other' })).toMatchObject({ switched: false, why: expect.stringContaining('platform other') });
    await new Promise((r) => setTimeout(r, 200));
    expect(notified).toBe(0);
  });
});
