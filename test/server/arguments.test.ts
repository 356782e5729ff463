// Arguments that cannot go on the wire as the model meant them — text that is not Unicode, numbers that
// are not finite or lost their digits — are refused as isError results with nothing sent; an integer
// beyond 2^53 given as a string of digits is sent exactly. A real tier server, a real loopback platform.
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/server/audit.js';
import { createTierServerFactory } from '../../src/server/create-server.js';
import { type FaultServer, startFaultServer } from './fault-server.js';
import { fixtureTable } from './fixture-table.js';

type Result = { content: { type: string; text: string }[]; isError?: boolean };

let platform: FaultServer;
let dir: string;
const clients: Client[] = [];

async function connect(tier: 'read' | 'write'): Promise<Client> {
  const { factory } = createTierServerFactory({
    table: fixtureTable(), tier, version: '0.0.0-test', audit: openAuditLog({ path: join(dir, 'audit.jsonl') }),
    credentials: async () => ({ profile: 'default', keySource: 'env', apiUrl: platform.url, apiKey: 'test-key' }),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await factory().connect(serverSide);
  const client = new Client({ name: 'arguments-test', version: '1.0.0' });
  await client.connect(clientSide);
  clients.push(client);
  return client;
}

let read: Client;
let write: Client;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runos-args-'));
  platform = await startFaultServer();
  [read, write] = await Promise.all([connect('read'), connect('write')]);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await platform.close();
  await rm(dir, { recursive: true, force: true });
});

const call = async (c: Client, name: string, args: Record<string, unknown>): Promise<Result> => (await c.callTool({ name, arguments: args })) as Result;

describe('arguments a server cannot send as given', () => {
  // [case, client, tool, arguments, what the isError text must say]
  const refused: [string, 'read' | 'write', string, Record<string, unknown>, RegExp][] = [
    ['a lone surrogate in a path value', 'read', 'get_service', { id: 'users\ud800db' }, /id is not valid Unicode text/],
    ['a lone surrogate in a query value', 'read', 'list_services', { cluster: 'prod', labels: ['ok', 'x\udc00'] }, /labels\.1 is not valid Unicode text/],
    ['a lone surrogate in a JSON body', 'write', 'create_service', { body: { name: '\udbff' } }, /body\.name is not valid Unicode text/],
    ['a lone surrogate in a member name', 'write', 'create_service', { body: { name: 's', ['k\ud800']: 1 } }, /not valid Unicode text/],
    ['"1e999" for an integer', 'write', 'create_service', { body: { name: 's', replicas: '1e999' } }, /body\.replicas must be a finite number/],
    ['"Infinity" for an integer', 'write', 'create_service', { body: { name: 's', replicas: 'Infinity' } }, /body\.replicas must be a finite number/],
    ['1e400 (Infinity once parsed) for an integer', 'write', 'create_service', { body: { name: 's', replicas: Infinity } }, /body\.replicas must be integer/],
    ['Infinity where any value goes', 'write', 'create_service', { body: { name: 's', extra: { n: -Infinity } } }, /body\.extra\.n must be a finite number/],
    ['NaN where any value goes', 'write', 'create_charge', { body: { metadata: { n: NaN } } }, /body\.metadata\.n must be a finite number/],
    ['an integer beyond 2^53 as a JSON number', 'write', 'create_service', { body: { name: 's', replicas: 1234567890123456789 } },
      /body\.replicas is beyond 2\^53 .*1234567890123456800.*as a string of digits/],
    ['a fraction text that is an integer only after rounding', 'write', 'create_charge', { body: { amount: '12345678901234567.5e3' } }, /body\.amount .*cannot be sent exactly/],
  ];
  it.each(refused)('refuses %s with an isError result, sending nothing', async (_name, who, tool, args, want) => {
    const before = platform.requests.length;
    const r = await call(who === 'read' ? read : write, tool, args);
    expect(r.isError).toBe(true);
    expect(r.content[0]!.text).toMatch(want);
    expect(platform.requests.length).toBe(before);
  });
});

describe('integers beyond 2^53', () => {
  it.each([
    ['in a JSON body, as a JSON number', 'create_service', { body: { name: 's', replicas: '1234567890123456789' } }, '{"name":"s","replicas":1234567890123456789}'],
    ['negative, in a form body', 'create_charge', { body: { amount: '-98765432109876543210' } }, 'amount=-98765432109876543210'],
  ])('given as a string of digits, are sent exactly: %s', async (_name, tool, args, body) => {
    const r = await call(write, tool, args);
    expect(r.isError).toBeFalsy();
    expect(platform.requests.at(-1)?.body).toBe(body);
  });

  it('a safe integer given as text is still sent as a plain number', async () => {
    await call(write, 'create_service', { body: { name: 's', replicas: '42' } });
    expect(platform.requests.at(-1)?.body).toBe('{"name":"s","replicas":42}');
  });
});
