// Reading stdin lines as JSON-RPC: which id an error reply carries, found also in a message too large to keep.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readMessage, TopLevelIdScanner } from '../../src/server/inbound-message.js';
import { LineTransport } from '../../src/server/stdio-transport.js';

describe('TopLevelIdScanner', () => {
  it.each([
    ['id first', '{"id":7,"method":"ping"}', 7],
    ['id last, after params', '{"jsonrpc":"2.0","method":"tools/call","params":{"a":[1,{"b":"}"}]},"id":"req-9"}', 'req-9'],
    ['a nested "id" is not the id', '{"method":"x","params":{"id":5,"arguments":{"id":"decoy"}}}', undefined],
    ['the top-level one, not the nested one', '{"params":{"id":5},"id":6}', 6],
    ['string id with escapes', '{"id":"a\\"b\\\\","method":"x"}', 'a"b\\'],
    ['whitespace around', '{ "id" : 12 , "method":"x"}', 12],
    ['a string holding braces and quotes before it', '{"method":"{\\"id\\":1}","id":3}', 3],
    ['an object id is not usable', '{"id":{"a":1},"method":"x"}', undefined],
    ['a fraction is not usable', '{"id":1.5,"method":"x"}', undefined],
    ['null is not usable', '{"id":null,"method":"x"}', undefined],
    ['an array message has none', '[{"id":1}]', undefined],
    ['the last of two wins, as with JSON.parse', '{"id":1,"id":2}', 2],
  ])('%s', (_name, text, want) => {
    // Fed whole, and fed one byte at a time (a chunk boundary can fall anywhere).
    const whole = new TopLevelIdScanner();
    whole.feed(Buffer.from(text));
    expect(whole.id).toBe(want);
    const bytewise = new TopLevelIdScanner();
    for (const b of Buffer.from(text)) bytewise.feed(Uint8Array.of(b));
    expect(bytewise.id).toBe(want);
  });
});

describe('readMessage', () => {
  it.each([
    ['a request', '{"jsonrpc":"2.0","id":1,"method":"ping"}', 'message'],
    ['a response', '{"jsonrpc":"2.0","id":1,"result":{}}', 'message'],
    ['a malformed response: noted, not answered', '{"jsonrpc":"2.0","id":1,"result":3}', 'no reply'],
    ['nested deeper than 1,000 levels: answered under its id', `{"jsonrpc":"2.0","id":4,"method":"ping","params":{"a":${'['.repeat(1000)}${']'.repeat(1000)}}}`, -32600],
    ['nested 990 levels: a message', `{"jsonrpc":"2.0","id":4,"method":"ping","params":{"a":${'['.repeat(990)}${']'.repeat(990)}}}`, 'message'],
    ['an invalid _meta: answered under its id', '{"jsonrpc":"2.0","id":4,"method":"ping","params":{"_meta":{"progressToken":1.5}}}', -32600],
  ])('%s', (_name, line, want) => {
    const got = readMessage(line);
    if (want === 'message') expect(got).toHaveProperty('message');
    else if (want === 'no reply') expect(got).toEqual({ problem: expect.stringMatching(/malformed JSON-RPC response/) });
    else expect(got).toMatchObject({ reply: { id: 4, error: { code: want } } });
  });
});

describe('LineTransport', () => {
  it('splits lines across chunks, skips blank and CRLF ends, and answers an oversized line under its id', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const t = new LineTransport(stdin, stdout, 64);
    const got: unknown[] = [];
    const errors: string[] = [];
    t.onmessage = (m) => got.push(m);
    t.onerror = (e) => errors.push(e.message);
    await t.start();
    stdin.write('{"jsonrpc":"2.0",');
    stdin.write('"id":1,"method":"ping"}\r\n\n   \n');
    const big = `{"jsonrpc":"2.0","method":"x","params":{"pad":"${'p'.repeat(100)}"},"id":2}`;
    stdin.write(`${big}\n{"jsonrpc":"2.0","id":3,"method":"ping"}\n`);
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual([{ jsonrpc: '2.0', id: 1, method: 'ping' }, { jsonrpc: '2.0', id: 3, method: 'ping' }]);
    const replies = String(stdout.read()).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(replies).toEqual([{ jsonrpc: '2.0', id: 2, error: { code: -32600, message: expect.stringContaining(`is ${big.length} bytes, above the 64-byte limit`) } }]);
    expect(errors).toHaveLength(1);
    let closed = false;
    t.onclose = () => (closed = true);
    stdin.end();
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(true);
    await expect(t.send({ jsonrpc: '2.0', id: 9, result: {} })).rejects.toThrow(/closed/);
  });
});
