// End to end: the built server against platforms that fail, and without credentials.
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadUrl, type FaultServer, startFaultServer } from '../server/fault-server.js';
import { callTool, connectTier, HAS_CLI, isolatedEnv, NO_CLI_MESSAGE, resultText } from './helpers.js';

describe.skipIf(!HAS_CLI)(`the built server under faults (${HAS_CLI ? 'built CLI' : NO_CLI_MESSAGE})`, () => {
  let platform: FaultServer;
  let read: Client;
  const opened: Client[] = [];

  beforeAll(async () => {
    platform = await startFaultServer();
    read = await connectTier('read', isolatedEnv({ RUNOS_API_URL: platform.url, RUNOS_API_KEY: 'k', RUNOS_TIMEOUT_MS: '500', RUNOS_MAX_RESPONSE_BYTES: '4000' }));
    opened.push(read);
  });
  afterAll(async () => {
    await Promise.all(opened.map((c) => c.close()));
    await platform?.close();
  });

  // The fault server answers by the last path segment: get_service {service: <fault>} → GET /v1/services/<fault>.
  const faults: [string, { fault: string; isError: boolean; want: RegExp }][] = [
    ['slow past the timeout', { fault: 'slow', isError: true, want: /did not answer within 500 ms/ }],
    ['5xx', { fault: '500', isError: true, want: /HTTP 500.*database on fire/ }],
    ['non-JSON', { fault: 'html502', isError: true, want: /HTTP 502.*HTML error page/ }],
    ['oversized', { fault: 'big', isError: false, want: /above the 4000-byte limit, so it was cut/ }],
    ['far too large', { fault: 'huge', isError: true, want: /larger than 10000000 bytes/ }],
  ];
  it.each(faults)('%s: a clear result in bounded time, and the server keeps serving', async (_name, { fault, isError, want }) => {
    const t0 = performance.now();
    const r = await callTool(read, 'get_service', { service: fault });
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(Boolean(r.isError)).toBe(isError);
    expect(resultText(r)).toMatch(want);
    expect((await callTool(read, 'get_service', { service: 'users-db' })).isError).toBeFalsy();
  });

  it('platform down: a clear error naming the origin', async () => {
    const url = await deadUrl();
    const down = await connectTier('read', isolatedEnv({ RUNOS_API_URL: url, RUNOS_API_KEY: 'k' }));
    opened.push(down);
    const r = await callTool(down, 'list_clusters');
    expect(r.isError).toBe(true);
    expect(resultText(r)).toContain(`cannot reach the platform at ${url}`);
  });

  it('no key: lists tools, and a call answers with the login command without sending anything', async () => {
    const before = platform.requests.length;
    const nokey = await connectTier('read', isolatedEnv({ RUNOS_API_URL: platform.url }));
    opened.push(nokey);
    expect((await nokey.listTools()).tools.length).toBeGreaterThan(0);
    const r = await callTool(nokey, 'list_clusters');
    expect(r.isError).toBe(true);
    expect(resultText(r)).toContain(`runos login --url ${platform.url}`);
    expect(resultText(r)).toContain('RUNOS_API_KEY');
    expect(platform.requests.length).toBe(before);
  });
});
