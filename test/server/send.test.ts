// sendRequest against a real loopback server: where the request goes, what it carries on the wire, and how
// a call is stopped (timeout, cancellation) or refused.
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltRequest } from '../../src/server/build-request.js';
import { sendRequest, SendError, type SendOptions } from '../../src/server/send.js';
import { type FaultServer, startFaultServer } from './fault-server.js';

let platform: FaultServer;
beforeAll(async () => {
  platform = await startFaultServer();
});
afterAll(() => platform.close());

const get = (path: string, query = ''): BuiltRequest => ({ method: 'GET', path, query, headers: {} });
const opts = (over: Partial<SendOptions> = {}): SendOptions => ({ apiUrl: platform.url, apiKey: 'k-1', timeoutMs: 2_000, maxRawBytes: 1_000_000, guard: () => true, ...over });
const last = (): string => platform.requests.at(-1)!.url;

async function refusal(p: Promise<unknown>): Promise<SendError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(SendError);
  return err as SendError;
}

describe('sendRequest', () => {
  it.each([
    ['the API URL alone', '', '/v1/x', '', '/v1/x'],
    ['under a path prefix of the API URL', '/api/', '/v1/x', 'a=1', '/api/v1/x?a=1'],
    ['percent-encoded arguments as they are', '', '/v1/a%20b%2Cc', 'q=%C3%A9%26', '/v1/a%20b%2Cc?q=%C3%A9%26'],
    ["a template's own space and non-ASCII text, encoded as UTF-8", '/r\u00e9gion', '/v1/my items/caf\u00e9', 'x=\u{1f600}', '/r%C3%A9gion/v1/my%20items/caf%C3%A9?x=%F0%9F%98%80'],
  ])('sends a request %s to the API origin', async (_name, prefix, path, query, want) => {
    const res = await sendRequest(get(path, query), opts({ apiUrl: `${platform.url}${prefix}` }));
    expect(res.status).toBe(200);
    expect(last()).toBe(want);
    expect(platform.requests.at(-1)!.authorization).toBe('Bearer k-1');
  });

  // The API URL's path is part of where the key may go: a redirect out of it (to another API on the same
  // host) is refused like one to another origin; one inside it is followed, and its final path reported.
  it.each([
    ['an absolute path outside the prefix', '/v1/echo/redirect-same', ''],
    ['a path that only starts with the prefix text', '/v1/echo/redirect-to', 'to=/apix/v1/echo/json'],
    ['dot segments climbing out of it', '/v1/echo/redirect-to', 'to=../../../v1/echo/json'],
  ])('refuses a same-origin redirect that leaves the API URL path prefix: %s', async (_name, path, query) => {
    const before = platform.requests.length;
    const err = await refusal(sendRequest(get(path, query), opts({ apiUrl: `${platform.url}/api` })));
    expect(err.kind).toBe('refused');
    expect(err.message).toMatch(/outside the API URL .*\/api/);
    expect(platform.requests.slice(before).map((r) => r.url)).toEqual([`/api${path}${query ? `?${query}` : ''}`]);
  });

  it.each([
    ['an absolute path inside the prefix', 'to=/api/v1/echo/json'],
    ['a relative reference', 'to=json'],
  ])('follows a same-origin redirect inside the prefix (%s) and reports the final path', async (_name, query) => {
    const res = await sendRequest(get('/v1/echo/redirect-to', query), opts({ apiUrl: `${platform.url}/api/` }));
    expect(res.status).toBe(200);
    expect(res.path).toBe('/v1/echo/json');
    expect(last()).toBe('/api/v1/echo/json');
  });

  it('reuses one kept-alive connection and sends the body with its length', async () => {
    const before = platform.requests.length;
    const post: BuiltRequest = { method: 'POST', path: '/v1/echo', query: '', headers: { 'content-type': 'application/json' }, body: '{"n":1}' };
    const results = await Promise.all([sendRequest(post, opts()), sendRequest(post, opts())]);
    for (const r of results) expect(JSON.parse(r.body.toString('utf8'))).toMatchObject({ method: 'POST', body: '{"n":1}' });
    expect(platform.requests.length - before).toBe(2);
  });

  it.each([
    ['not a URL', 'nope'],
    ['another scheme', 'ftp://127.0.0.1/'],
  ])('refuses an API URL that is %s, saying how to fix it', async (_name, apiUrl) => {
    const err = await refusal(sendRequest(get('/v1/x'), opts({ apiUrl })));
    expect(err.kind).toBe('refused');
    expect(err.message).toMatch(/runos login --url/);
  });

  it('stops at the timeout, also while the body is still arriving', async () => {
    for (const path of ['/v1/slow', '/v1/slowbody']) {
      const t0 = performance.now();
      const err = await refusal(sendRequest(get(path), opts({ timeoutMs: 150 })));
      expect(err.kind).toBe('timeout');
      expect(performance.now() - t0).toBeLessThan(2_000);
    }
  });

  it('stops when the client cancels, before or during the exchange', async () => {
    const early = new AbortController();
    early.abort();
    expect((await refusal(sendRequest(get('/v1/slow'), opts({ signal: early.signal })))).kind).toBe('cancelled');
    const late = new AbortController();
    setTimeout(() => late.abort(), 50);
    expect((await refusal(sendRequest(get('/v1/slow'), opts({ signal: late.signal })))).kind).toBe('cancelled');
    // A finished call leaves no listener on the client's signal (one signal can outlive many calls).
    const after = new AbortController();
    await sendRequest(get('/v1/x'), opts({ signal: after.signal }));
    expect(getEventListeners(after.signal, 'abort')).toHaveLength(0);
  });
});
