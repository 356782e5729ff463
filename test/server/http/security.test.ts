// Every way in that must be shut, against the real `serve --http` process: each attempt is refused with
// the right status (and the challenge a client needs), audited with its reason, and nothing reaches the
// platform — a loopback platform counts every request it gets, and after all the attacks it has seen none.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectHttp, createToken, HAS_CLI, isolatedEnv, modernCall, NO_CLI_MESSAGE, rawRequest, readAudit, revokeToken, startIssuer, startServe, startUpstream,
  type Issuer, type RawResponse, type ServeProcess, type Upstream,
} from './helpers.js';

describe.skipIf(!HAS_CLI)(`serve --http refuses every way in that is not allowed (${HAS_CLI ? 'built CLI' : NO_CLI_MESSAGE})`, () => {
  let upstream: Upstream;
  let issuer: Issuer;
  let serve: ServeProcess;
  let env: Record<string, string>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    [upstream, issuer] = await Promise.all([startUpstream(), startIssuer()]);
    env = isolatedEnv({ RUNOS_API_URL: upstream.url, RUNOS_API_KEY: 'platform-key' });
    tokens.reader = createToken(env, 'reader', 'read');
    tokens.gone = createToken(env, 'gone', 'read,write');
    revokeToken(env, 'gone');
    tokens.old = createToken(env, 'old', 'read', ['--expires', '1h']);
    // Expire it by hand: the CLI refuses to create a token that is already past its date.
    const file = join(env.RUNOS_CONFIG_DIR!, 'tokens.json');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { tokens: { name: string; expires: string }[] };
    stored.tokens.find((t) => t.name === 'old')!.expires = new Date(Date.now() - 60_000).toISOString();
    writeFileSync(file, JSON.stringify(stored));
    serve = await startServe(['--issuer', issuer.issuer], env);
  });
  afterAll(async () => {
    await serve?.stop();
    await Promise.all([upstream?.close(), issuer?.close()]);
  });

  const url = (tier: string): string => `${serve.url}/mcp/${tier}`;
  const aud = (tier: string): string => url(tier);
  // Each attack is a complete stateless tools/call: were it admitted, it would reach the platform at once.
  const probes: Record<string, [string, string]> = { read: ['get_cluster', 'cluster'], write: ['delete_app', 'app'], 'sensitive-write': ['delete_secret', 'secret_name'] };
  const call = (tier: string, token: string | undefined, extra: Record<string, string> = {}, value = 'attack'): Promise<RawResponse> =>
    rawRequest(url(tier), modernCall(probes[tier]![0], { [probes[tier]![1]]: value }, token, extra));

  type Attack = { tier: string; send: () => Promise<RawResponse>; status: number; reason: RegExp; challenge?: RegExp };
  const attacks: [string, () => Promise<Attack>][] = [
    ['no token', async () => ({ tier: 'read', send: () => call('read', undefined), status: 401, reason: /no bearer token/, challenge: /^Bearer scope="runos:read", resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp\/read"$/ })],
    ['a Basic credential instead of a bearer token', async () => ({ tier: 'read', send: () => call('read', undefined, { authorization: 'Basic YWxpY2U6c2VjcmV0' }), status: 401, reason: /not a Bearer token/, challenge: /error="invalid_token"/ })],
    ['a made-up runos token', async () => ({ tier: 'read', send: () => call('read', 'runos_' + 'x'.repeat(43)), status: 401, reason: /unknown token/, challenge: /error="invalid_token"/ })],
    ['a revoked runos token', async () => ({ tier: 'read', send: () => call('read', tokens.gone), status: 401, reason: /token gone is revoked/, challenge: /error="invalid_token"/ })],
    ['an expired runos token', async () => ({ tier: 'read', send: () => call('read', tokens.old), status: 401, reason: /token old is expired/, challenge: /error="invalid_token"/ })],
    ['a forged JWT (signed with a key the issuer never published)', async () => {
      const jwt = await issuer.sign({ sub: 'mallory', aud: aud('read'), scope: 'runos:read' }, { forge: true });
      return { tier: 'read', send: () => call('read', jwt), status: 401, reason: /signature does not verify/, challenge: /error="invalid_token"/ };
    }],
    ['an expired JWT', async () => {
      const jwt = await issuer.sign({ sub: 'alice', aud: aud('read'), scope: 'runos:read', exp: Math.floor(Date.now() / 1000) - 3600 });
      return { tier: 'read', send: () => call('read', jwt), status: 401, reason: /token expired/, challenge: /error="invalid_token"/ };
    }],
    ['a JWT for another audience', async () => {
      const jwt = await issuer.sign({ sub: 'alice', aud: 'https://other.example.com/mcp', scope: 'runos:read' });
      return { tier: 'read', send: () => call('read', jwt), status: 401, reason: /aud claim/, challenge: /error="invalid_token"/ };
    }],
    ['a JWT for another tier of this server', async () => {
      const jwt = await issuer.sign({ sub: 'alice', aud: aud('read'), scope: 'runos:read runos:write' });
      return { tier: 'write', send: () => call('write', jwt), status: 401, reason: /aud claim/, challenge: /error="invalid_token"/ };
    }],
    ['a JWT from another issuer', async () => {
      const jwt = await issuer.sign({ sub: 'alice', aud: aud('read'), scope: 'runos:read', iss: 'https://evil.example.com' });
      return { tier: 'read', send: () => call('read', jwt), status: 401, reason: /iss claim/, challenge: /error="invalid_token"/ };
    }],
    ['an unsigned JWT (alg none)', async () => {
      const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
      const jwt = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'mallory', aud: aud('read'), iss: issuer.issuer, scope: 'runos:read', exp: Math.floor(Date.now() / 1000) + 600 })}.`;
      return { tier: 'read', send: () => call('read', jwt), status: 401, reason: /token rejected/, challenge: /error="invalid_token"/ };
    }],
    ['a JWT without the tier\'s scope', async () => {
      const jwt = await issuer.sign({ sub: 'alice', aud: aud('write'), scope: 'runos:read' });
      return { tier: 'write', send: () => call('write', jwt), status: 403, reason: /jwt alice is not granted the write tier/, challenge: /error="insufficient_scope".*scope="runos:write"/ };
    }],
    ['a runos token on another tier\'s path', async () => ({ tier: 'write', send: () => call('write', tokens.reader), status: 403, reason: /token reader is not granted the write tier/, challenge: /error="insufficient_scope".*scope="runos:write"/ })],
    ['a read token sent to sensitive-write', async () => ({ tier: 'sensitive-write', send: () => call('sensitive-write', tokens.reader), status: 403, reason: /not granted the sensitive-write tier/ })],
    ['a bad Origin (a web page calling the server)', async () => ({ tier: 'read', send: () => call('read', tokens.reader, { origin: 'https://evil.example.com' }), status: 403, reason: /Origin not allowed: https:\/\/evil\.example\.com/ })],
    ['the opaque null Origin', async () => ({ tier: 'read', send: () => call('read', tokens.reader, { origin: 'null' }), status: 403, reason: /Origin not allowed/ })],
    ['a DNS-rebinding Host', async () => ({ tier: 'read', send: () => call('read', tokens.reader, { host: `evil.example.com:${new URL(serve.url).port}` }), status: 403, reason: /Host header not allowed: evil\.example\.com/ })],
    ['an oversized body (declared)', async () => ({ tier: 'read', send: () => call('read', tokens.reader, {}, 'x'.repeat(2 * 1024 * 1024)), status: 413, reason: /over the 1048576-byte limit/ })],
    ['an oversized body (chunked, no length)', async () => ({
      tier: 'read',
      send: () => rawRequest(url('read'), { headers: { ...modernCall('get_cluster', {}, tokens.reader).headers, 'transfer-encoding': 'chunked' }, body: Buffer.alloc(1_200_000, 0x20) }),
      status: 413,
      reason: /over the 1048576-byte limit/,
    })],
  ];

  it.each(attacks)('%s: refused, audited, and nothing reaches the platform', async (_name, make) => {
    const a = await make();
    const before = readAudit(env).length;
    const res = await a.send();
    expect(res.status).toBe(a.status);
    if (a.challenge) expect(res.headers['www-authenticate']).toMatch(a.challenge);
    // The audit line is written before the answer leaves: it is there now.
    const lines = readAudit(env).slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ tier: a.tier, status: a.status, tool: '-', address: '127.0.0.1' });
    expect(lines[0]!.refusal).toMatch(a.reason);
    expect(upstream.requests).toEqual([]);
  });

  it('an oversized body still being sent when the server refuses it: the client reads the 413 every time, never a reset', async () => {
    // A server that closes with unread bytes on the socket answers them with a reset, and the client's
    // unread 413 is lost with it (it sees EPIPE or ECONNRESET). The rest of the body is read and dropped.
    const big = modernCall('get_cluster', {}, tokens.reader);
    const before = readAudit(env).length;
    for (let i = 0; i < 12; i++) {
      const declared = await rawRequest(url('read'), { headers: big.headers, body: Buffer.alloc(6 * 1024 * 1024, 0x20) });
      expect(declared.status).toBe(413);
      const chunked = await rawRequest(url('read'), { headers: { ...big.headers, 'transfer-encoding': 'chunked' }, body: Buffer.alloc(6 * 1024 * 1024, 0x20) });
      expect(chunked.status).toBe(413);
    }
    expect(readAudit(env).slice(before).map((l) => l.status)).toEqual(Array(24).fill(413));
    expect(upstream.requests).toEqual([]);
  });

  it('a body past what the server will read and drop is cut off, and the server goes on serving', async () => {
    const big = modernCall('get_cluster', {}, tokens.reader);
    // Declared far past the limit: answered at once and the connection closed; the client may see the 413 or a reset.
    await rawRequest(url('read'), { headers: big.headers, body: Buffer.alloc(64 * 1024 * 1024, 0x20) }).then((r) => expect(r.status).toBe(413), (err: NodeJS.ErrnoException) => expect(err.code).toMatch(/^(EPIPE|ECONNRESET)$/));
    expect(readAudit(env).at(-1)).toMatchObject({ status: 413, refusal: expect.stringMatching(/67108864 bytes\) is over the 1048576-byte limit/) });
    // Chunked, so nothing declared: read and dropped up to the bound, then cut.
    const chunked = { ...big.headers, 'transfer-encoding': 'chunked' };
    await rawRequest(url('read'), { headers: chunked, body: Buffer.alloc(40 * 1024 * 1024, 0x20) }).then((r) => expect(r.status).toBe(413), (err: NodeJS.ErrnoException) => expect(err.code).toMatch(/^(EPIPE|ECONNRESET)$/));
    expect(readAudit(env).at(-1)).toMatchObject({ status: 413, refusal: 'the request body is over the 1048576-byte limit' });
    const res = await rawRequest(url('read'), modernCall('get_cluster', { cluster: 'after' }, tokens.reader));
    expect(res.status).toBe(200);
    expect(upstream.requests).toEqual([{ method: 'GET', url: '/v1/clusters/after', authorization: 'Bearer platform-key' }]);
    upstream.requests.length = 0;
  });

  it('the same raw call with a valid token does reach the platform (the probe above would have been seen)', async () => {
    const res = await rawRequest(url('read'), modernCall('get_cluster', { cluster: 'probe' }, tokens.reader));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).result.structuredContent).toMatchObject({ id: 'probe' });
    expect(upstream.requests).toEqual([{ method: 'GET', url: '/v1/clusters/probe', authorization: 'Bearer platform-key' }]);
    upstream.requests.length = 0;
  });

  it('a caller holding a valid token gets through, with the platform key (never its own token) upstream', async () => {
    const client = await connectHttp(url('read'), tokens.reader);
    const r = (await client.callTool({ name: 'get_cluster', arguments: { cluster: 'c-42' } })) as { content: { text: string }[]; isError?: boolean };
    await client.close();
    expect(r.isError).toBeFalsy();
    expect(JSON.parse(r.content[0]!.text)).toMatchObject({ id: 'c-42' });
    expect(upstream.requests).toEqual([{ method: 'GET', url: '/v1/clusters/c-42', authorization: 'Bearer platform-key' }]);
    const line = readAudit(env).at(-1)!;
    expect(line).toMatchObject({ tier: 'read', tool: 'get_cluster', status: 200, caller: 'token:reader', address: '127.0.0.1' });
    expect(line.refusal).toBeUndefined();
  });

  it('a JWT with the right audience and scope gets through as its subject; the JWT never goes upstream', async () => {
    const jwt = await issuer.sign({ sub: 'alice@example.com', aud: aud('read'), scope: 'runos:read' });
    const client = await connectHttp(url('read'), jwt, { modern: true });
    const r = (await client.callTool({ name: 'get_cluster', arguments: { cluster: 'c-7' } })) as { content: { text: string }[] };
    await client.close();
    expect(JSON.parse(r.content[0]!.text)).toMatchObject({ id: 'c-7' });
    expect(upstream.requests.at(-1)).toEqual({ method: 'GET', url: '/v1/clusters/c-7', authorization: 'Bearer platform-key' });
    expect(readAudit(env).at(-1)).toMatchObject({ tool: 'get_cluster', caller: 'jwt:alice@example.com' });
  });

  it('serves RFC 9728 metadata naming the issuer and the tier scope', async () => {
    const res = await rawRequest(`${serve.url}/.well-known/oauth-protected-resource/mcp/write`, { method: 'GET' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({
      resource: `${serve.url}/mcp/write`,
      authorization_servers: [issuer.issuer],
      scopes_supported: ['runos:write'],
      bearer_methods_supported: ['header'],
      resource_name: 'runos MCP server, write tier',
    });
  });
});
