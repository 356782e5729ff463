// The built server's stdin, line by line, as a hostile or broken client writes it: every message that is
// not a usable JSON-RPC request gets the JSON-RPC 2.0 §5 error reply (-32700 parse error, -32600 invalid
// request), a message above the size limit gets an error and the session goes on, and the 2025-11-25 era
// serves tools only after `initialize` (the 2026-07-28 era has no initialize: each request names its revision).
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultServer, startFaultServer } from '../server/fault-server.js';
import { CLI, HAS_CLI, isolatedEnv, NO_CLI_MESSAGE, runosTableDir } from './helpers.js';

type Reply = { jsonrpc: string; id: string | number | null; result?: Record<string, unknown>; error?: { code: number; message: string } };

interface RawSession {
  /** Write one raw line (a newline is added) and return the replies it got, waiting at most `ms`. */
  exchange(line: string, want?: number, ms?: number): Promise<Reply[]>;
  send(line: string): void;
  end(): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function rawSession(env: Record<string, string>): RawSession {
  const child = spawn(process.execPath, [CLI, 'mcp', 'serve', 'read', '--table', runosTableDir()], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let seen = 0;
  const waiters = new Set<() => void>();
  child.stdout.on('data', (d) => {
    stdout += d;
    for (const w of waiters) w();
  });
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const lines = (): string[] => stdout.split('\n').slice(0, -1);
  const send = (line: string): void => void child.stdin.write(`${line}\n`);
  return {
    send,
    async exchange(line, want = 1, ms = 10_000) {
      send(line);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done(): void {
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        }
        function check(): void {
          if (lines().length - seen >= want) done();
        }
        waiters.add(check);
        check();
      });
      const fresh = lines().slice(seen);
      seen += fresh.length;
      return fresh.map((l) => JSON.parse(l) as Reply);
    },
    async end() {
      child.stdin.end();
      return { code: await exited, stdout, stderr };
    },
  };
}

const ping = (id: number | string): string => JSON.stringify({ jsonrpc: '2.0', id, method: 'ping' });
const initialize = (id: number): string =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
const MODERN_META = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };

// [case, the raw line, the reply it must get: code and id]
const MALFORMED: [string, string, { code: number; id: string | number | null }][] = [
  ['invalid JSON', '{"jsonrpc":"2.0","id":1,"method":"ping"', { code: -32700, id: null }],
  ['not JSON at all', 'hello server', { code: -32700, id: null }],
  ['JSON with a trailing comma', '{"jsonrpc":"2.0","id":2,"method":"ping",}', { code: -32700, id: null }],
  ['an empty batch', '[]', { code: -32600, id: null }],
  ['a batch of requests (MCP has no batches since 2025-06-18)', `[${ping(3)},${ping(4)}]`, { code: -32600, id: null }],
  ['a batch of junk', '[1,2,3]', { code: -32600, id: null }],
  ['a number', '42', { code: -32600, id: null }],
  ['a string', '"tools/list"', { code: -32600, id: null }],
  ['null', 'null', { code: -32600, id: null }],
  ['an empty object', '{}', { code: -32600, id: null }],
  ['id an object', '{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}', { code: -32600, id: null }],
  ['id an array', '{"jsonrpc":"2.0","id":[5],"method":"ping"}', { code: -32600, id: null }],
  ['id a boolean', '{"jsonrpc":"2.0","id":true,"method":"ping"}', { code: -32600, id: null }],
  ['id a fraction', '{"jsonrpc":"2.0","id":1.5,"method":"ping"}', { code: -32600, id: null }],
  ['id null', '{"jsonrpc":"2.0","id":null,"method":"ping"}', { code: -32600, id: null }],
  ['no jsonrpc member', '{"id":6,"method":"ping"}', { code: -32600, id: 6 }],
  ['jsonrpc "1.0"', '{"jsonrpc":"1.0","id":7,"method":"ping"}', { code: -32600, id: 7 }],
  ['jsonrpc as a number', '{"jsonrpc":2,"id":"seven","method":"ping"}', { code: -32600, id: 'seven' }],
  ['method not a string', '{"jsonrpc":"2.0","id":8,"method":5}', { code: -32600, id: 8 }],
  ['no method', '{"jsonrpc":"2.0","id":9}', { code: -32600, id: 9 }],
  ['params a string', '{"jsonrpc":"2.0","id":10,"method":"ping","params":"x"}', { code: -32600, id: 10 }],
  ['params a number', '{"jsonrpc":"2.0","id":11,"method":"ping","params":3}', { code: -32600, id: 11 }],
  ['params an array (JSON-RPC allows it, MCP params are objects)', '{"jsonrpc":"2.0","id":12,"method":"ping","params":[1]}', { code: -32602, id: 12 }],
  ['a member JSON-RPC does not define', '{"jsonrpc":"2.0","id":13,"method":"ping","extra":1}', { code: -32600, id: 13 }],
  ['a notification with method not a string', '{"jsonrpc":"2.0","method":1,"params":"bar"}', { code: -32600, id: null }],
];

describe.skipIf(!HAS_CLI)(`the built server's stdin protocol (${HAS_CLI ? 'built CLI' : NO_CLI_MESSAGE})`, () => {
  let platform: FaultServer;
  beforeAll(async () => {
    platform = await startFaultServer();
  });
  afterAll(() => platform?.close());
  const env = (): Record<string, string> => isolatedEnv({ RUNOS_API_URL: platform.url, RUNOS_API_KEY: 'k-protocol' });

  it(`answers each of ${MALFORMED.length} malformed messages per JSON-RPC 2.0 §5, and keeps serving`, async () => {
    const s = rawSession(env());
    const got: [string, unknown][] = [];
    for (const [name, line] of MALFORMED) {
      const replies = await s.exchange(line, 1, 3_000);
      got.push([name, replies.map((r) => ({ code: r.error?.code, id: r.id, jsonrpc: r.jsonrpc, hasMessage: typeof r.error?.message === 'string' }))]);
    }
    expect(got).toEqual(MALFORMED.map(([name, , want]) => [name, [{ ...want, jsonrpc: '2.0', hasMessage: true }]]));
    // Blank lines, a valid notification and a response from the client get no reply (JSON-RPC 2.0 §4.1, §5).
    expect(await s.exchange('', 1, 300)).toEqual([]);
    expect(await s.exchange('{"jsonrpc":"2.0","method":"notifications/unknown"}', 1, 300)).toEqual([]);
    expect(await s.exchange('{"jsonrpc":"2.0","id":99,"result":{}}', 1, 300)).toEqual([]);
    // The session is intact: initialize and tools/list work after all of that.
    expect((await s.exchange(initialize(20)))[0]).toMatchObject({ id: 20, result: { protocolVersion: '2025-11-25' } });
    s.send('{"jsonrpc":"2.0","method":"notifications/initialized"}');
    expect((await s.exchange('{"jsonrpc":"2.0","id":21,"method":"tools/list"}'))[0]?.result?.tools).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'list_clusters' })]));
    expect((await s.exchange('{oops'))[0]).toMatchObject({ id: null, error: { code: -32700 } });
    expect((await s.exchange(ping(22)))[0]).toMatchObject({ id: 22, result: {} });
    const { code, stdout } = await s.end();
    expect(code).toBe(0);
    for (const line of stdout.split('\n').filter(Boolean)) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
  });

  it('2025-11-25: tools/list and tools/call before initialize are refused (ping is not), then served once initialized', async () => {
    const s = rawSession(env());
    const before = platform.requests.length;
    const list = (await s.exchange('{"jsonrpc":"2.0","id":1,"method":"tools/list"}'))[0];
    expect(list).toMatchObject({ id: 1, error: { code: -32600, message: expect.stringMatching(/initialize/) } });
    const call = (await s.exchange('{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_service","arguments":{"service":"x"}}}'))[0];
    expect(call).toMatchObject({ id: 2, error: { code: -32600 } });
    expect(platform.requests.length).toBe(before);
    expect((await s.exchange(ping(3)))[0]).toMatchObject({ id: 3, result: {} });
    expect((await s.exchange(initialize(4)))[0]).toMatchObject({ id: 4, result: { protocolVersion: '2025-11-25' } });
    s.send('{"jsonrpc":"2.0","method":"notifications/initialized"}');
    expect((await s.exchange('{"jsonrpc":"2.0","id":5,"method":"tools/list"}'))[0]?.result?.tools).toBeDefined();
    const served = (await s.exchange('{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"get_service","arguments":{"service":"x"}}}'))[0];
    expect(served).toMatchObject({ id: 6, result: { structuredContent: { url: '/v1/services/x' } } });
    expect((await s.end()).code).toBe(0);
  });

  it('2026-07-28: a request naming its revision is served without initialize', async () => {
    const s = rawSession(env());
    const list = (await s.exchange(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: MODERN_META } })))[0];
    expect(list?.result?.tools).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'get_service' })]));
    const call = (await s.exchange(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_service', arguments: { service: 'x' }, _meta: MODERN_META } })))[0];
    expect(call).toMatchObject({ id: 2, result: { structuredContent: { url: '/v1/services/x' } } });
    expect((await s.end()).code).toBe(0);
  });

  it('a message nested deeper than 1,000 levels gets an error for its id (the SDK overflowed its stack: -32603)', async () => {
    const s = rawSession(env());
    expect((await s.exchange(initialize(1)))[0]).toMatchObject({ id: 1 });
    s.send('{"jsonrpc":"2.0","method":"notifications/initialized"}');
    for (const depth of [5_000, 100_000]) {
      const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const reply = (await s.exchange(`{"jsonrpc":"2.0","id":${depth},"method":"tools/call","params":{"name":"get_service","arguments":{"service":"x","deep":${deep}}}}`))[0];
      expect(reply).toMatchObject({ id: depth, error: { code: -32600, message: expect.stringMatching(/nested deeper than 1000 levels/) } });
    }
    const fine = `${'['.repeat(900)}${']'.repeat(900)}`;
    const served = (await s.exchange(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_service","arguments":{"service":"x","deep":${fine}}}}`))[0];
    expect(served).toMatchObject({ id: 2, result: { structuredContent: { url: '/v1/services/x' } } });
    expect((await s.end()).code).toBe(0);
  });

  it('a message above 10 MiB gets an error for its id (or id null) and the session goes on; one below is served', async () => {
    const s = rawSession(env());
    expect((await s.exchange(initialize(1)))[0]).toMatchObject({ id: 1 });
    s.send('{"jsonrpc":"2.0","method":"notifications/initialized"}');
    const pad = 'a'.repeat(10 * 1024 * 1024);
    // The id after 10 MiB of params: the reader finds it although it keeps none of the message.
    const late = (await s.exchange(`{"jsonrpc":"2.0","method":"tools/call","params":{"name":"get_service","arguments":{"service":"x","pad":"${pad}","id":"decoy"}},"id":2}`))[0];
    expect(late).toMatchObject({ id: 2, error: { code: -32600, message: expect.stringMatching(/10485760-byte limit/) } });
    const early = (await s.exchange(`{"jsonrpc":"2.0","id":"big-3","method":"ping","params":{"pad":"${pad}"}}`))[0];
    expect(early).toMatchObject({ id: 'big-3', error: { code: -32600 } });
    const noId = (await s.exchange(`{"jsonrpc":"2.0","method":"notifications/progress","params":{"pad":"${pad}"}}`))[0];
    expect(noId).toMatchObject({ id: null, error: { code: -32600 } });
    const below = (await s.exchange(`{"jsonrpc":"2.0","id":4,"method":"ping","params":{"pad":"${pad.slice(0, 9 * 1024 * 1024)}"}}`))[0];
    expect(below).toMatchObject({ id: 4, result: {} });
    expect((await s.exchange('{"jsonrpc":"2.0","id":5,"method":"tools/list"}'))[0]?.result?.tools).toBeDefined();
    const { code, stderr } = await s.end();
    expect(code).toBe(0);
    expect(stderr).toMatch(/above the 10485760-byte limit/);
  });
});
