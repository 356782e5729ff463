import { describe, expect, it } from 'vitest';
import { isExactInDouble, parseJsonExact } from '../../src/server/json-exact.js';

describe('isExactInDouble', () => {
  it.each(['0', '-0', '42', '9007199254740991', '0.1', '12.50', '1e21', '1.5e-7', '123456789012345', '-0.000000000000001234', '1e308'])('%s survives a double', (l) =>
    expect(isExactInDouble(l)).toBe(true));
  it.each(['9007199254740993', '1234567890123456789', '3.14159265358979323846', '1e400', '-1e400', '1e-400', '0.1000000000000000055511151231257827'])('%s does not', (l) =>
    expect(isExactInDouble(l)).toBe(false));
});

describe('parseJsonExact', () => {
  it('is JSON.parse on ordinary bodies (the same value, nothing to restore)', () => {
    const body = '{"id":"svc-1","n":12,"f":0.5,"created_at":"2026-01-05T09:00:00Z","name":"service-1234"}';
    const p = parseJsonExact(body);
    expect(p.value).toEqual(JSON.parse(body));
    expect(p.restoreText(JSON.stringify(p.value))).toBe(body);
  });

  it('skips a UTF-8 BOM', () => expect(parseJsonExact('\uFEFF[1]').value).toEqual([1]));

  it('throws on invalid JSON, as JSON.parse does', () => expect(() => parseJsonExact('{"a":12345678901234567890,')).toThrow(SyntaxError));

  it('keeps digits inside strings and keys as they are', () => {
    const body = '{"12345678901234567890":"98765432109876543210","x":12345678901234567890}';
    const p = parseJsonExact(body);
    expect(p.restoreText(JSON.stringify(p.value))).toBe(body);
  });

  it('an upstream cannot forge a placeholder', () => {
    const body = JSON.stringify({ fake: '\u0000000000000000#0', real: 0 }).replace('"real":0', '"real":12345678901234567890');
    const p = parseJsonExact(body);
    expect(p.restoreText(JSON.stringify(p.value))).toBe(body);
    expect(p.restoreValue(p.value)).toEqual({ fake: '\u0000000000000000#0', real: '12345678901234567890' });
  });

  it('a __proto__ key stays data', () => {
    const p = parseJsonExact('{"__proto__":{"n":12345678901234567890}}');
    expect(Object.keys(p.restoreValue(p.value) as object)).toEqual(['__proto__']);
  });

  it('a hostile megabyte of digits is shown cut, as a string', () => {
    const p = parseJsonExact(`[${'7'.repeat(1_000_000)}]`);
    expect(p.restoreText(JSON.stringify(p.value))).toMatch(/^\["7{40}…\[999960 more characters\]"\]$/);
  });
});
