// Issue 12 end to end: the built servers over stdio, a real MCP client, and a loopback upstream that
// answers with the planted-secret corpus (every body with its own content type and status). The read and
// write tiers show none of the secrets; no tier's audit line stores one; deep and big-number JSON come
// back as normal results.
import type { Client } from '@modelcontextprotocol/client';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/core/paths.js';
import { callTool, connectTier, HAS_CLI, isolatedEnv, NO_CLI_MESSAGE, resultText, type ToolResult } from './helpers.js';

interface Case { shape: string; name: string; contentType: string; status: number; body: string; secrets: string[] }
const { plantedCases, serveCase, shownSecrets } = (await import(pathToFileURL(join(packageRoot(), 'bench', 'lib', 'redaction-planted.mjs')).href)) as {
  plantedCases(): Case[];
  serveCase(res: ServerResponse, c: Case): void;
  shownSecrets(shown: string, secrets: string[]): string[];
};

const cases = plantedCases();
// Beyond the corpus: the reproductions of items 8 and 9 (response side).
const DEEP = '['.repeat(6_000) + ']'.repeat(6_000);
const BIG = '{"id":1234567890123456789,"x":1e400}';

describe.skipIf(!HAS_CLI)(`planted secrets through the built servers (${HAS_CLI ? 'built CLI' : NO_CLI_MESSAGE})`, () => {
  let upstream: Server;
  let env: Record<string, string>;
  const clients: Client[] = [];

  beforeAll(async () => {
    // The case index is the path segment after the collection: /v1/services/7, /v1/alerts/7/acknowledge.
    upstream = createServer((req, res) => {
      const segment = (req.url ?? '').split('/')[3] ?? '';
      if (segment === 'deep' || segment === 'big') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(segment === 'deep' ? DEEP : BIG);
      }
      const c = cases[Number(segment)];
      if (!c) return void res.writeHead(404).end();
      serveCase(res, c);
    });
    // Idle keep-alive sockets outlive the pauses between tests (Node's 5 s default races a reused socket).
    upstream.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    env = isolatedEnv({ RUNOS_API_URL: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, RUNOS_API_KEY: 'runos_test_ReproKey12345678', RUNOS_KEYRING: 'off' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await new Promise((resolve) => upstream?.close(resolve));
  });
  const connect = async (tier: 'read' | 'write' | 'sensitive-read'): Promise<Client> => {
    const client = await connectTier(tier, env);
    clients.push(client);
    return client;
  };

  /** The planted secrets a tool of this server shows, calling it once per case (the case index as its argument). */
  const shownThrough = async (client: Client, tool: string, arg: string): Promise<string[]> => {
    const shown: string[] = [];
    for (const [i, c] of cases.entries()) {
      const r = await callTool(client, tool, { [arg]: String(i) });
      shown.push(...shownSecrets(resultText(r), c.secrets).map((s) => `${c.shape}/${c.name}: ${s.slice(0, 8)}…`));
    }
    return shown;
  };

  it('the read tier shows none of them, whatever the body type or status', async () => {
    expect(await shownThrough(await connect('read'), 'get_service', 'service')).toEqual([]);
  });

  it('the write tier shows none of them either', async () => {
    expect(await shownThrough(await connect('write'), 'acknowledge_alert', 'alert')).toEqual([]);
  });

  it('no audit line stores a secret from an error body, on any tier (sensitive-read shows them, its log does not)', async () => {
    const sensitive = await connect('sensitive-read');
    const errors = cases.map((c, i) => [c, i] as const).filter(([c]) => c.status >= 400);
    expect(errors.length).toBeGreaterThanOrEqual(8);
    let shownToModel = 0;
    for (const [c, i] of errors) {
      const r = await callTool(sensitive, 'get_secret_value', { secret_name: String(i) });
      expect(r.isError).toBe(true);
      shownToModel += shownSecrets(resultText(r), c.secrets).length;
    }
    // The sensitive tier exists to show secrets: the model sees them (so the log check below can fail)…
    expect(shownToModel).toBeGreaterThan(0);
    // …while the log, written after each answer, keeps none, from this tier or the ones above.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const log = readFileSync(join(env.RUNOS_STATE_DIR!, 'audit.jsonl'), 'utf8');
    const lines = log.trim().split('\n').map((l) => JSON.parse(l) as { tier: string; error?: string });
    expect(lines.filter((l) => l.tier === 'sensitive-read' && l.error).length).toBe(errors.length);
    const leaked = cases.flatMap((c) => shownSecrets(log, c.secrets).map((s) => `${c.name}: ${s.slice(0, 8)}…`));
    expect(leaked).toEqual([]);
  });

  it('JSON nested 6,000 deep is a result with a note, not JSON-RPC -32603', async () => {
    const read = clients[0] ?? (await connect('read'));
    const r: ToolResult = await callTool(read, 'get_service', { service: 'deep' });
    expect(r.isError, resultText(r).slice(-300)).toBeFalsy();
    expect(resultText(r)).toMatch(/nested deeper than 100 levels/);
  });

  it('integers beyond 2^53 and 1e400 reach the model digit for digit', async () => {
    const read = clients[0] ?? (await connect('read'));
    const r: ToolResult = await callTool(read, 'get_service', { service: 'big' });
    expect(r.content[0]!.text).toBe(BIG);
    expect(r.structuredContent).toEqual({ id: '1234567890123456789', x: '1e400' });
  });
});
