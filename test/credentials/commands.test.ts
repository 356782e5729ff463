import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { maskKey, validateKey } from '../../src/credentials/commands.js';

describe('maskKey', () => {
  it.each([
    ['a long key shows its last 4', 'runos_sk_4f9c2a7e1b3d5f6a', '****5f6a'],
    ['16 characters is long enough', 'abcdefghijklmnop', '****mnop'],
    ['a short key shows only its length', 'short-key-123', '**** (13 characters)'],
  ])('%s', (_name, key, want) => {
    expect(maskKey(key)).toBe(want);
    expect(maskKey(key)).not.toContain(key);
  });
});

describe('validateKey', () => {
  it.each([['runos_sk_abc123'], ['A-b.c_d~e+f/g=']])('accepts %s', (key) => expect(validateKey(key)).toBe(key));

  it.each([
    ['empty', '', /no API key given/],
    ['inner space', 'abc def', /spaces or non-printable/],
    ['tab', 'abc\tdef', /spaces or non-printable/],
    ['non-ASCII', 'clé', /spaces or non-printable/],
    ['escape sequence', 'abc\u001b[A', /spaces or non-printable/],
  ])('refuses %s', (_name, key, want) => {
    expect(() => validateKey(key)).toThrow(UsageError);
    expect(() => validateKey(key)).toThrow(want);
  });
});
