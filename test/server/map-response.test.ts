import { describe, expect, it } from 'vitest';
import { decodeBody, mapResponse, type ToolResult } from '../../src/server/map-response.js';
import { createRedactor, redactionMarker } from '../../src/server/redact.js';
import type { RawResponse } from '../../src/server/send.js';

const MARK = redactionMarker('runos-sensitive-read');
const redactor = createRedactor([], MARK);

function raw(body: string | Buffer, contentType = 'application/json', status = 200): RawResponse {
  return { status, statusText: status === 200 ? 'OK' : 'Error', contentType, body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), path: '/v1/x' };
}
const map = (r: RawResponse, maxBytes = 100_000): ToolResult => mapResponse(r, { method: 'GET', maxBytes, redactor });
const shown = (r: ToolResult): string => r.content.map((c) => c.text).join('\n') + (r.structuredContent ? JSON.stringify(r.structuredContent) : '');

// Issue 12, item 1: the reproductions of the attack run, whatever the body's type or shape.
describe('redaction does not depend on the response parsing as JSON', () => {
  const body = '{"name":"db","password":"hunter2"}';
  const cases: [string, RawResponse][] = [
    ['text/plain holding JSON', raw(body, 'text/plain')],
    ['text/html holding JSON', raw(`<html><body><pre>${body}</pre></body></html>`, 'text/html')],
    ['JSON with a UTF-8 BOM', raw(`\uFEFF${body}`)],
    ['invalid JSON', raw(body.slice(0, -1) + ',')],
    ['no content type', raw(body, '')],
    ['YAML', raw('name: db\npassword: hunter2\n', 'application/yaml')],
    ['an env file', raw('NAME=db\nDB_PASSWORD=hunter2\n', 'text/plain')],
    ['a log line', raw('2026-01-05T09:00:00Z INFO connect user=app password=hunter2 host=db\n', 'text/plain')],
    ['JSON escaped inside invalid JSON', raw('{"msg":"{\\"password\\":\\"hunter2\\"}"', 'application/json')],
  ];
  it.each(cases)('%s', (_name, res) => {
    const out = shown(map(res));
    expect(out).not.toContain('hunter2');
    expect(out).toContain(MARK);
  });

  it('a BOM-prefixed JSON body is parsed as JSON', () => {
    const r = map(raw('\uFEFF{"name":"db","password":"hunter2"}'));
    expect(r.structuredContent).toEqual({ name: 'db', password: MARK });
    expect(r.content).toHaveLength(1);
  });

  it('a text/plain body that is valid JSON is redacted as JSON (fields of any shape)', () => {
    const r = map(raw('{"name":"db","credentials":{"user":"app","pw":"hunter2"}}', 'text/plain'));
    expect(shown(r)).not.toContain('hunter2');
    expect(r.content[0]!.text).toContain('"name":"db"');
  });
});

// Issue 12, item 2: error bodies go through the same field-aware redactor as results.
describe('error bodies are redacted like results', () => {
  const cases: [string, RawResponse][] = [
    ['401 JSON without a message', raw('{"error":{"code":"bad","password":"hunter2"}}', 'application/json', 401)],
    ['400 JSON with a message and a secret beside it', raw('{"message":"bad request","details":{"token":"hunter2"}}', 'application/json', 400)],
    ['400 message holding a key=value', raw('{"message":"login failed for password=hunter2"}', 'application/json', 400)],
    ['500 text/plain', raw('db connect failed: password=hunter2', 'text/plain', 500)],
    ['502 invalid JSON', raw('{"error":"upstream","password":"hunter2"', 'application/json', 502)],
    ['403 with a BOM', raw('\uFEFF{"client_secret":"hunter2"}', 'application/json', 403)],
  ];
  it.each(cases)('%s', (_name, res) => {
    const r = map(res);
    expect(r.isError).toBe(true);
    expect(shown(r)).not.toContain('hunter2');
    expect(shown(r)).toMatch(/HTTP \d{3}/);
  });

  it('a long error body is redacted before it is cut, so no half secret survives the cut', () => {
    const r = map(raw(`${'x'.repeat(990)} ghp_${'a'.repeat(36)} and more`, 'text/plain', 500));
    expect(shown(r)).not.toMatch(/ghp_a/);
  });

  it('without a redactor (sensitive tiers) a cut never ends in half a word', () => {
    const r = mapResponse(raw(`${'x '.repeat(497)}ghp_${'a'.repeat(36)}`, 'text/plain', 500), { method: 'GET', maxBytes: 1000 });
    expect(shown(r)).not.toMatch(/ghp_a/);
  });
});

// Issue 12, items 8 and 9 (response side): deep JSON and numbers a double cannot hold.
describe('hostile JSON shapes', () => {
  it.each([5_000, 100_000])('JSON nested %i deep is a normal result with a note, never a throw', (depth) => {
    const r = map(raw('['.repeat(depth) + ']'.repeat(depth)));
    expect(r.isError).toBeFalsy();
    expect(r.content.map((c) => c.text).join(' ')).toMatch(/nested deeper than \d+ levels/);
    expect(() => JSON.stringify(r)).not.toThrow();
  });

  it('a deep object still hides its secrets (redaction walks it without overflowing)', () => {
    const body = '{"a":'.repeat(3000) + '{"password":"hunter2"}' + '}'.repeat(3000);
    expect(shown(map(raw(body)))).not.toContain('hunter2');
    expect(shown(map(raw(body, 'text/plain')))).not.toContain('hunter2');
  });

  it('a deep error body is an isError result, not a throw', () => {
    const r = map(raw('{"error":'.repeat(200_000) + '"x"' + '}'.repeat(200_000), 'application/json', 500));
    expect(r.isError).toBe(true);
  });

  it('keeps integers beyond 2^53 and out-of-range numbers exact in what the model sees', () => {
    const r = map(raw('{"id":1234567890123456789,"big":1e400,"tiny":-1e-400,"pi":3.14159265358979323846264,"ok":12.5,"list":[18446744073709551615]}'));
    const text = r.content[0]!.text;
    expect(text).toBe('{"id":1234567890123456789,"big":1e400,"tiny":-1e-400,"pi":3.14159265358979323846264,"ok":12.5,"list":[18446744073709551615]}');
    // structuredContent is a JS object: the exact digits travel as a string there.
    expect(r.structuredContent).toEqual({ id: '1234567890123456789', big: '1e400', tiny: '-1e-400', pi: '3.14159265358979323846264', ok: 12.5, list: ['18446744073709551615'] });
  });

  it('digits inside strings and ordinary numbers are untouched', () => {
    const body = '{"id":"12345678901234567890","n":9007199254740991,"f":0.1,"e":1e21,"neg":-12.5}';
    const r = map(raw(body));
    expect(JSON.parse(r.content[0]!.text)).toEqual(JSON.parse(body));
  });

  it('a big number under a secret name is still hidden', () => {
    expect(shown(map(raw('{"pin":12345678901234567890}')))).not.toContain('12345678901234567890');
  });

  it('a big number in an error message is shown digit for digit', () => {
    expect(shown(map(raw('{"message":12345678901234567890123}', 'application/json', 409)))).toMatch(/: 12345678901234567890123$/);
  });

  it('big numbers survive truncation', () => {
    const r = map(raw(JSON.stringify({ items: Array.from({ length: 500 }, () => 0) }).replace('"items":[0', '"items":[1234567890123456789')), 300);
    expect(r.content[0]!.text).toContain('1234567890123456789');
  });
});

describe('decodeBody: UTF-16 is read as UTF-16 (as UTF-8 it would slip past every text rule)', () => {
  const le = (s: string): Buffer => Buffer.from(s, 'utf16le');
  const be = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();
  const cases: [string, { body: Buffer; type: string; want: string }][] = [
    ['UTF-8 as it is', { body: Buffer.from('{"a":"é"}'), type: 'application/json', want: '{"a":"é"}' }],
    ['declared utf-16, with a BOM', { body: Buffer.concat([Buffer.from([0xff, 0xfe]), le('{"a":1}')]), type: 'application/json; charset=UTF-16', want: '{"a":1}' }],
    ['big-endian BOM, nothing declared', { body: Buffer.concat([Buffer.from([0xfe, 0xff]), be('pw=x')]), type: 'text/plain', want: 'pw=x' }],
    ['declared utf-16be', { body: be('pw=x'), type: 'text/plain; charset="utf-16be"', want: 'pw=x' }],
    ['neither: NUL in every other byte', { body: le('password=hunter2'), type: 'text/plain', want: 'password=hunter2' }],
    ['an odd trailing byte is dropped', { body: Buffer.concat([Buffer.from([0xff, 0xfe]), le('ab'), Buffer.from([0x41])]), type: '', want: 'ab' }],
    ['binary with a few NULs stays UTF-8', { body: Buffer.from([0x00, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47]), type: 'text/plain', want: '\u0000ABCDEFG' }],
  ];
  it.each(cases)('%s', (_name, { body, type, want }) => expect(decodeBody(body, type)).toBe(want));

  it('a UTF-16 body is redacted like any other', () => {
    expect(shown(map(raw(Buffer.concat([Buffer.from([0xff, 0xfe]), le('{"password":"hunter2"}')]))))).not.toContain('hunter2');
  });
});
