// Issue 13, item 5: every decision a server takes on a call is an audit line with its reason, refusals
// included (another tier's tool, invalid arguments, a path the builder refuses, no key).
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials } from '../../src/credentials/resolve.js';
import { openAuditLog } from '../../src/server/audit.js';
import { createTierServerFactory } from '../../src/server/create-server.js';
import { fixtureTable } from './fixture-table.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runos-audit-decisions-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function serve(file: string, creds: Partial<Credentials>): Promise<{ client: Client; lines: () => Promise<Record<string, any>[]> }> {
  const audit = openAuditLog({ path: join(dir, file) });
  const credentials = async (): Promise<Credentials> => ({ profile: 'default', keySource: creds.apiKey ? 'env' : 'none', ...creds });
  const { factory, flushAudit } = createTierServerFactory({ table: fixtureTable(), tier: 'read', version: '0.0.0-test', credentials, audit });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await factory().connect(serverSide);
  const client = new Client({ name: 'audit-test', version: '1.0.0' });
  await client.connect(clientSide);
  const lines = async () => {
    await flushAudit();
    return (await readFile(join(dir, file), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
  };
  return { client, lines };
}

describe('refused calls are audit lines with the reason', () => {
  it.each([
    ['another tier’s tool', { name: 'get_service_credentials', arguments: { id: 'users-db' }, want: { tool: 'get_service_credentials', error: /^refused: get_service_credentials is not a tool of runos \(it is not served by the read tier; it is a sensitive-read tool\)/ } }],
    ['a tool of no tier', { name: 'drop_everything', arguments: {}, want: { tool: 'drop_everything', error: /^refused: drop_everything is not a tool of runos/ } }],
    ['invalid arguments', { name: 'get_service', arguments: {}, want: { tool: 'get_service', error: /id/ } }],
    ['a path value the builder refuses', { name: 'get_service', arguments: { id: '..' }, want: { tool: 'get_service', error: /\.\./ } }],
  ])('%s', async (_n, { name, arguments: args, want }) => {
    const file = `${name}-${Math.random()}.jsonl`;
    const { client, lines } = await serve(file, { apiUrl: 'http://127.0.0.1:9', apiKey: 'k' });
    try {
      await client.callTool({ name, arguments: args }).catch(() => undefined);
      const [line, ...rest] = await lines();
      expect(rest).toEqual([]);
      expect(line).toMatchObject({ tier: 'read', tool: want.tool, status: null });
      expect(line!.error).toMatch(want.error);
      expect(line!.client).toBe('audit-test');
    } finally {
      await client.close();
    }
  });

  it('no key: the line says how to log in, and nothing was sent', async () => {
    const { client, lines } = await serve('nokey.jsonl', { apiUrl: 'http://127.0.0.1:9' });
    try {
      await client.callTool({ name: 'get_service', arguments: { id: 'users-db' } });
      const [line] = await lines();
      expect(line).toMatchObject({ tool: 'get_service', status: null });
      expect(line!.error).toMatch(/No API key .*runos login/);
    } finally {
      await client.close();
    }
  });

  it('an unknown tool still answers -32602, after its audit line', async () => {
    const { client, lines } = await serve('protocol.jsonl', { apiUrl: 'http://127.0.0.1:9', apiKey: 'k' });
    try {
      await expect(client.callTool({ name: 'rotate_service_credentials', arguments: { id: 'x' } })).rejects.toMatchObject({ code: -32602 });
      expect((await lines()).map((l) => l.tool)).toEqual(['rotate_service_credentials']);
    } finally {
      await client.close();
    }
  });
});

// A tools/call the SDK refuses before any tool is looked up (`arguments` not an object, `name` not a string) is
// a refused call too: it leaves an audit line with the reason, and the client still gets -32602.
describe('malformed tools/call requests are audit lines too', () => {
  async function raw(file: string, params: unknown): Promise<{ reply: Record<string, any>; lines: Record<string, any>[] }> {
    const audit = openAuditLog({ path: join(dir, file) });
    const credentials = async (): Promise<Credentials> => ({ profile: 'default', keySource: 'env', apiUrl: 'http://127.0.0.1:9', apiKey: 'k' });
    const { factory, flushAudit } = createTierServerFactory({ table: fixtureTable(), tier: 'read', version: '0.0.0-test', credentials, audit });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const replies = new Map<unknown, Record<string, any>>();
    clientSide.onmessage = (m) => void replies.set((m as { id?: unknown }).id, m as Record<string, any>);
    await factory().connect(serverSide);
    await clientSide.start();
    const until = async (id: number) => {
      for (let i = 0; i < 200 && !replies.has(id); i++) await new Promise((r) => setTimeout(r, 5));
      return replies.get(id)!;
    };
    await clientSide.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw-client', version: '1' } } });
    await until(1);
    await clientSide.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await clientSide.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params } as never);
    const reply = await until(2);
    await flushAudit();
    const lines = (await readFile(join(dir, file), 'utf8').catch(() => '')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
    await clientSide.close();
    return { reply, lines };
  }

  it.each([
    ['arguments that are not an object', { name: 'list_services', arguments: 'oops' }, 'list_services'],
    ['a name that is not a string', { name: 42, arguments: {} }, '42'],
  ])('%s', async (_n, params, tool) => {
    const { reply, lines } = await raw(`malformed-${Math.random()}.jsonl`, params);
    expect(reply.error).toMatchObject({ code: -32602 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ tier: 'read', tool, status: null, client: 'raw-client' });
    expect(lines[0]!.error).toMatch(/^refused: malformed tools\/call request: .*Invalid tools\/call request/);
  });
});
