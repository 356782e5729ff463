// `runos mcp serve --http` as a client sees it: both protocol eras through the SDK's own HTTP client, each
// tier's endpoint listing exactly its tools, 2025-11-25 sessions that any replica sharing the secret can
// take up (and no other caller can use), the audit log naming caller and address, and the per-caller limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TIERS } from '../../../src/core/tiers.js';
import { readToolTable } from '../../../src/core/tool-table.js';
import {
  connectHttp, createToken, HAS_CLI, INITIALIZE, isolatedEnv, mcpHeaders, modernCall, NO_CLI_MESSAGE, rawRequest, readAudit, runosTableDir, startServe, startUpstream,
  type ServeProcess, type Upstream,
} from './helpers.js';

type Result = { content: { text: string }[]; isError?: boolean };

describe.skipIf(!HAS_CLI)(`serve --http, both eras (${HAS_CLI ? 'built CLI' : NO_CLI_MESSAGE})`, () => {
  let upstream: Upstream;
  let env: Record<string, string>;
  let a: ServeProcess;
  let b: ServeProcess;
  let all: string;
  let reader: string;
  const secret = 'x'.repeat(16) + 'shared-session-secret';

  beforeAll(async () => {
    upstream = await startUpstream();
    env = isolatedEnv({ RUNOS_API_URL: upstream.url, RUNOS_API_KEY: 'platform-key', RUNOS_SESSION_SECRET: secret });
    all = createToken(env, 'ops', TIERS.join(','));
    reader = createToken(env, 'reader', 'read');
    // Two replicas sharing the token file, the audit log and the session secret.
    [a, b] = await Promise.all([startServe(['--max-in-flight', '4'], env), startServe([], env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await upstream?.close();
  });

  it.each([['2025-11-25 (sessions)', false], ['2026-07-28 (stateless)', true]] as const)('%s: each tier lists exactly its own tools', async (_era, modern) => {
    const table = await readToolTable(runosTableDir());
    for (const tier of TIERS) {
      const client = await connectHttp(`${a.url}/mcp/${tier}`, all, { modern });
      const names = (await client.listTools()).tools.map((t) => t.name).sort();
      await client.close();
      expect(names).toEqual(table.tools.filter((t) => t.tier === tier).map((t) => t.name).sort());
    }
  });

  it.each([['2025-11-25', false], ['2026-07-28', true]] as const)('%s: a call goes to the platform and is audited with caller, address and client', async (_era, modern) => {
    const client = await connectHttp(`${a.url}/mcp/read`, reader, { modern, clientName: `client-${String(modern)}` });
    const r = (await client.callTool({ name: 'get_cluster', arguments: { cluster: `era-${String(modern)}` } })) as Result;
    await client.close();
    expect(JSON.parse(r.content[0]!.text)).toMatchObject({ id: `era-${String(modern)}` });
    expect(readAudit(env).at(-1)).toMatchObject({ tier: 'read', tool: 'get_cluster', path: `/v1/clusters/era-${String(modern)}`, status: 200, caller: 'token:reader', address: '127.0.0.1', client: `client-${String(modern)}` });
  });

  it('a tool of another tier is unknown on this endpoint, even to a caller granted every tier', async () => {
    const client = await connectHttp(`${a.url}/mcp/read`, all);
    await expect(client.callTool({ name: 'delete_app', arguments: { app: 'x' } })).rejects.toThrow(/Unknown tool: delete_app/);
    await client.close();
    expect(upstream.requests.some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('a 2025 session opened on one replica is taken up by another sharing RUNOS_SESSION_SECRET', async () => {
    const init = await rawRequest(`${a.url}/mcp/read`, { headers: mcpHeaders(reader), body: INITIALIZE });
    const sid = init.headers['mcp-session-id'] as string;
    expect(init.status).toBe(200);
    expect(sid).toMatch(/^[\x21-\x7e]+$/); // visible ASCII only (MCP 2025-11-25, Session Management)
    const onB = await rawRequest(`${b.url}/mcp/read`, {
      headers: mcpHeaders(reader, { 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' }),
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_cluster', arguments: { cluster: 'resumed' } } }),
    });
    expect(onB.status).toBe(200);
    expect(JSON.parse(onB.text).result.structuredContent).toMatchObject({ id: 'resumed' });
    // The resumed session still knows its client (from the session ID), for the audit log.
    expect(readAudit(env).at(-1)).toMatchObject({ tool: 'get_cluster', client: 'http-test', caller: 'token:reader' });
  });

  it('a session is never authentication: another caller presenting it gets 404, without a token 401', async () => {
    const init = await rawRequest(`${a.url}/mcp/read`, { headers: mcpHeaders(reader), body: INITIALIZE });
    const sid = init.headers['mcp-session-id'] as string;
    const list = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    for (const url of [a.url, b.url]) {
      const other = await rawRequest(`${url}/mcp/read`, { headers: mcpHeaders(all, { 'mcp-session-id': sid }), body: list });
      expect(other.status).toBe(404);
      const none = await rawRequest(`${url}/mcp/read`, { headers: mcpHeaders(undefined, { 'mcp-session-id': sid }), body: list });
      expect(none.status).toBe(401);
    }
  });

  it('a forged or tampered session ID is not found; after DELETE the session is gone on that replica', async () => {
    const init = await rawRequest(`${a.url}/mcp/read`, { headers: mcpHeaders(reader), body: INITIALIZE });
    const sid = init.headers['mcp-session-id'] as string;
    const list = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    const tampered = sid.replace(/^./, (c) => (c === 'e' ? 'f' : 'e'));
    expect((await rawRequest(`${b.url}/mcp/read`, { headers: mcpHeaders(reader, { 'mcp-session-id': tampered }), body: list })).status).toBe(404);
    expect((await rawRequest(`${a.url}/mcp/read`, { method: 'DELETE', headers: mcpHeaders(reader, { 'mcp-session-id': sid }) })).status).toBe(200);
    expect((await rawRequest(`${a.url}/mcp/read`, { headers: mcpHeaders(reader, { 'mcp-session-id': sid }), body: list })).status).toBe(404);
  });

  it('GET (a standalone SSE stream) is 405: these tools never notify', async () => {
    const res = await rawRequest(`${a.url}/mcp/read`, { method: 'GET', headers: { accept: 'text/event-stream', authorization: `Bearer ${reader}` } });
    expect(res.status).toBe(405);
  });

  it('more than --max-in-flight concurrent requests of one caller: the excess gets 429, audited', async () => {
    const slow = Array.from({ length: 6 }, (_, i) => rawRequest(`${a.url}/mcp/read`, modernCall('get_cluster', { cluster: `slow-${1500 + i}` }, reader)));
    const statuses = (await Promise.all(slow)).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    expect(readAudit(env).filter((e) => e.status === 429 && e.caller === 'token:reader' && /more than 4 requests in flight/.test(e.refusal ?? ''))).toHaveLength(2);
  });

  it('health check, unknown paths, and no resource metadata without an issuer', async () => {
    expect((await rawRequest(`${a.url}/healthz`, { method: 'GET' })).status).toBe(200);
    expect((await rawRequest(`${a.url}/mcp/admin`, { headers: mcpHeaders(all), body: '{}' })).status).toBe(404);
    expect((await rawRequest(`${a.url}/.well-known/oauth-protected-resource/mcp/read`, { method: 'GET' })).status).toBe(404);
  });
});

describe.skipIf(!HAS_CLI)('serve --http options', () => {
  it('--tiers serves only the named tiers; the others answer 404, audited', async () => {
    const env = isolatedEnv({ RUNOS_API_URL: 'http://127.0.0.1:9', RUNOS_API_KEY: 'k' });
    const token = createToken(env, 'ops', TIERS.join(','));
    const s = await startServe(['--tiers', 'read,sensitive-read'], env);
    try {
      expect((await rawRequest(`${s.url}/mcp/sensitive-read`, { headers: mcpHeaders(token), body: INITIALIZE })).status).toBe(200);
      expect((await rawRequest(`${s.url}/mcp/write`, { headers: mcpHeaders(token), body: INITIALIZE })).status).toBe(404);
      expect(readAudit(env).at(-1)).toMatchObject({ tier: 'write', status: 404, refusal: 'the write tier is not served here' });
    } finally {
      await s.stop();
    }
  });

  it('--trust-proxy: the audit log takes the address the proxy appended, not what the client claimed', async () => {
    const upstream = await startUpstream();
    const env = isolatedEnv({ RUNOS_API_URL: upstream.url, RUNOS_API_KEY: 'k' });
    const token = createToken(env, 'ops', 'read');
    const trusting = await startServe(['--trust-proxy'], env);
    const plain = await startServe([], env);
    try {
      const xff = { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' };
      await rawRequest(`${trusting.url}/mcp/read`, modernCall('get_cluster', { cluster: 'a' }, token, xff));
      expect(readAudit(env).at(-1)).toMatchObject({ address: '203.0.113.9', caller: 'token:ops' });
      await rawRequest(`${plain.url}/mcp/read`, modernCall('get_cluster', { cluster: 'b' }, token, xff));
      expect(readAudit(env).at(-1)).toMatchObject({ address: '127.0.0.1' });
    } finally {
      await Promise.all([trusting.stop(), plain.stop()]);
      await upstream.close();
    }
  });

  it.each([
    [['--host', '0.0.0.0'], /needs the host names clients use/],
    [['--tiers', 'read,admin'], /unknown tier admin/],
    [['--public-url', 'https://mcp.example.com/base'], /origin only/],
    [['--audience', 'x'], /go with --issuer/],
    [['--max-body', 'lots'], /--max-body takes a size/],
  ])('refuses %j with a clear message', async (args, want) => {
    const { spawnSync } = await import('node:child_process');
    const { CLI } = await import('./helpers.js');
    const r = spawnSync(process.execPath, [CLI, 'mcp', 'serve', '--http', ...args], { env: isolatedEnv(), encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(want);
  });
});
