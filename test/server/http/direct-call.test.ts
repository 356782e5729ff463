// The HTTP fast path for complete stateless tools/call requests (src/server/http/direct-call.ts): which requests
// it takes (everything else stays with the SDK, which owns the protocol's validation and error answers), and,
// against a real `serve --http`, that its answers and audit lines are the SDK path's, byte for byte where the
// protocol fixes them.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directCallOf } from '../../../src/server/http/direct-call.js';
import { createTierEndpoint } from '../../../src/server/http/tier-endpoint.js';
import { createToken, HAS_CLI, isolatedEnv, modernCall, NO_CLI_MESSAGE, rawRequest, readAudit, startServe, startUpstream, type ServeProcess, type Upstream } from './helpers.js';

const call = modernCall('get_cluster', { cluster: 'c-1' }, 'token');
const fakeReq = (headers: Record<string, string | undefined>, method = 'POST') => ({ method, headers }) as unknown as IncomingMessage;
const body = () => JSON.parse(call.body) as { params: Record<string, unknown> & { _meta: Record<string, unknown> } } & Record<string, unknown>;

describe('which requests the fast path takes', () => {
  it('a complete stateless tools/call', () => {
    expect(directCallOf(fakeReq(call.headers), body())).toEqual({ id: 1, name: 'get_cluster', args: { cluster: 'c-1' }, client: 'raw-http' });
  });

  const without = (name: string) => Object.fromEntries(Object.entries(call.headers).filter(([k]) => k !== name));
  it.each([
    ['GET', fakeReq(call.headers, 'GET'), body()],
    ['no Mcp-Name header', fakeReq(without('mcp-name')), body()],
    ['an Mcp-Name naming another tool', fakeReq({ ...call.headers, 'mcp-name': 'get_app' }), body()],
    ['a Base64 Mcp-Name', fakeReq({ ...call.headers, 'mcp-name': '=?base64?Z2V0X2NsdXN0ZXI=?=' }), body()],
    ['no MCP-Protocol-Version header', fakeReq(without('mcp-protocol-version')), body()],
    ['an Mcp-Method of another method', fakeReq({ ...call.headers, 'mcp-method': 'tools/list' }), body()],
    ['a session header', fakeReq({ ...call.headers, 'mcp-session-id': 's' }), body()],
    ['Accept without an event stream', fakeReq({ ...call.headers, accept: 'application/json' }), body()],
    ['a form body', fakeReq({ ...call.headers, 'content-type': 'application/x-www-form-urlencoded' }), body()],
    ['a batch', fakeReq(call.headers), [body()]],
    ['a notification (no id)', fakeReq(call.headers), { ...body(), id: undefined }],
    ['a fractional id', fakeReq(call.headers), { ...body(), id: 1.5 }],
    ['another method', fakeReq(call.headers), { ...body(), method: 'tools/list' }],
    ['a key beside jsonrpc, id, method and params', fakeReq(call.headers), { ...body(), extra: 1 }],
    ['arguments not an object', fakeReq(call.headers), { ...body(), params: { ...body().params, arguments: [1] } }],
    ['a name not a string', fakeReq(call.headers), { ...body(), params: { ...body().params, name: 7 } }],
    ['a progress token', fakeReq(call.headers), { ...body(), params: { ...body().params, _meta: { ...body().params._meta, progressToken: 1 } } }],
    ['another revision in the envelope', fakeReq(call.headers), { ...body(), params: { ...body().params, _meta: { ...body().params._meta, 'io.modelcontextprotocol/protocolVersion': '2026-01-01' } } }],
    ['no client capabilities', fakeReq(call.headers), { ...body(), params: { ...body().params, _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'x', version: '1' } } } }],
    ['a client without a version', fakeReq(call.headers), { ...body(), params: { ...body().params, _meta: { ...body().params._meta, 'io.modelcontextprotocol/clientInfo': { name: 'x' } } } }],
    ['another params key', fakeReq(call.headers), { ...body(), params: { ...body().params, task: {} } }],
    ['client info with a non-text part', fakeReq(call.headers), { ...body(), params: { ...body().params, _meta: { ...body().params._meta, 'io.modelcontextprotocol/clientInfo': { name: 'x', version: '1', icons: [] } } } }],
    ['a capability that is no object', fakeReq(call.headers), { ...body(), params: { ...body().params, _meta: { ...body().params._meta, 'io.modelcontextprotocol/clientCapabilities': { sampling: true } } } }],
  ])('not: %s', (_what, req, b) => {
    expect(directCallOf(req, b)).toBeUndefined();
  });
});

describe('an endpoint with the fast path', () => {
  it('answers an eligible call without an MCP server instance, and hands it the caller and the client', async () => {
    const seen: unknown[] = [];
    let audited = 0;
    const endpoint = createTierEndpoint({
      factory: () => {
        throw new Error('the SDK path was taken');
      },
      sessionSecret: Buffer.alloc(32),
      maxBodyBytes: 1_000_000,
      auditFlushed: async () => void audited++,
      onerror: () => {},
      direct: {
        serverInfo: { name: 'runos', version: '9' },
        callDirect: (name, args, info) => {
          seen.push({ name, args, client: info.client, caller: info.authInfo?.clientId });
          return name === 'get_cluster' ? Promise.resolve({ content: [{ type: 'text', text: 'ok' }] }) : undefined;
        },
      },
    });
    const server = createServer((req, res) => {
      let text = '';
      req.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => {
        Object.assign(req, { auth: { token: 't', clientId: 'token:reader', scopes: [] } });
        endpoint.handle(req, res, JSON.parse(text)).catch((err: Error) => res.writeHead(500).end(err.message));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ok = await rawRequest(url, { headers: call.headers, body: call.body });
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.text)).toEqual({ result: { content: [{ type: 'text', text: 'ok' }], resultType: 'complete', _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'runos', version: '9' } } }, jsonrpc: '2.0', id: 1 });
      expect(seen).toEqual([{ name: 'get_cluster', args: { cluster: 'c-1' }, client: 'raw-http', caller: 'token:reader' }]);
      expect(audited).toBe(1);
      // A tool the tier does not serve goes on to the SDK (here: the factory that throws).
      const other = modernCall('delete_app', {}, 'token');
      const refused = await rawRequest(url, { headers: other.headers, body: other.body });
      expect(refused.text).toMatch(/the SDK path was taken|Internal/);
    } finally {
      await endpoint.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe.skipIf(!HAS_CLI)(`the fast path against the SDK path, one serve --http (${HAS_CLI ? 'built CLI' : NO_CLI_MESSAGE})`, () => {
  let upstream: Upstream;
  let env: Record<string, string>;
  let server: ServeProcess;
  let token: string;

  beforeAll(async () => {
    upstream = await startUpstream();
    env = isolatedEnv({ RUNOS_API_URL: upstream.url, RUNOS_API_KEY: 'platform-key' });
    token = createToken(env, 'reader', 'read');
    server = await startServe([], env);
  });
  afterAll(async () => {
    await server?.stop();
    await upstream?.close();
  });

  /** The same request twice: as it is (fast path), and with one more `_meta` key, which leaves it to the SDK. */
  async function both(tool: string, args: Record<string, unknown>) {
    const fast = modernCall(tool, args, token);
    const sdkBody = JSON.parse(fast.body) as { params: { _meta: Record<string, unknown> } };
    sdkBody.params._meta['com.example/trace'] = 'sdk-path';
    const viaFast = await rawRequest(`${server.url}/mcp/read`, { headers: fast.headers, body: fast.body });
    const fastAudit = readAudit(env).at(-1);
    const viaSdk = await rawRequest(`${server.url}/mcp/read`, { headers: fast.headers, body: JSON.stringify(sdkBody) });
    const sdkAudit = readAudit(env).at(-1);
    return { viaFast, viaSdk, fastAudit, sdkAudit };
  }

  it('a call answers as the SDK answers it, and is audited alike', async () => {
    const { viaFast, viaSdk, fastAudit, sdkAudit } = await both('get_cluster', { cluster: 'c-9' });
    expect(viaFast.status).toBe(200);
    expect(viaSdk.status).toBe(200);
    expect(viaFast.headers['content-type']).toMatch(/^application\/json/);
    expect(viaFast.text).toBe(viaSdk.text);
    expect(JSON.parse(viaFast.text)).toMatchObject({ jsonrpc: '2.0', id: 1, result: { resultType: 'complete', _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'runos' } } } });
    const strip = (e: typeof fastAudit) => ({ ...e, time: undefined, durationMs: undefined });
    expect(strip(fastAudit)).toEqual(strip(sdkAudit));
    expect(fastAudit).toMatchObject({ tool: 'get_cluster', status: 200, caller: 'token:reader', address: '127.0.0.1', client: 'raw-http', path: '/v1/clusters/c-9' });
  });

  it('arguments the tool refuses: the same isError answer, audited, nothing sent', async () => {
    const before = upstream.requests.length;
    const { viaFast, viaSdk, fastAudit } = await both('get_cluster', {});
    expect(viaFast.text).toBe(viaSdk.text);
    expect(JSON.parse(viaFast.text)).toMatchObject({ result: { isError: true } });
    expect(fastAudit).toMatchObject({ tool: 'get_cluster', status: null, caller: 'token:reader' });
    expect(upstream.requests.length).toBe(before);
  });

  it('a tool this tier does not serve is left to the SDK: -32602, audited as refused, nothing sent', async () => {
    const before = upstream.requests.length;
    const r = await rawRequest(`${server.url}/mcp/read`, modernCall('delete_app', { app: 'x' }, token));
    expect(JSON.parse(r.text)).toMatchObject({ error: { code: -32602, message: expect.stringMatching(/Unknown tool: delete_app/) } });
    expect(readAudit(env).at(-1)).toMatchObject({ tool: 'delete_app', caller: 'token:reader', error: expect.stringMatching(/^refused: delete_app is not a tool of/) });
    expect(upstream.requests.length).toBe(before);
  });
});
