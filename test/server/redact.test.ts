import { describe, expect, it } from 'vitest';
import { createRedactor, redactionMarker } from '../../src/server/redact.js';

const MARK = redactionMarker('runos-sensitive-read');

describe('redactor', () => {
  const r = createRedactor(['connection_info'], MARK);
  const cases: [string, { given: unknown; want: unknown }][] = [
    ['a password field', { given: { name: 'db', password: 'hunter2' }, want: { name: 'db', password: MARK } }],
    ['camelCase api key', { given: { apiKey: 'abc123' }, want: { apiKey: MARK } }],
    ['a field the table lists', { given: { connection_info: { host: 'h', pw: 'x' } }, want: { connection_info: MARK } }],
    ['look-alikes stay', { given: { next_token: 'n', key_id: 'k', public_key: 'ssh-ed25519 AAA', has_password: true, password_updated_at: '2026' }, want: { next_token: 'n', key_id: 'k', public_key: 'ssh-ed25519 AAA', has_password: true, password_updated_at: '2026' } }],
    ['empty and null secrets stay', { given: { password: null, token: '' }, want: { password: null, token: '' } }],
    ['masked values stay', { given: { api_key: '****1234' }, want: { api_key: '****1234' } }],
    ['a URI keeps its shape, loses its password', { given: { url: 'postgres://app:s3cr3t@db.internal:5432/users' }, want: { url: `postgres://app:${MARK}@db.internal:5432/users` } }],
    ['secret-looking values anywhere', { given: { notes: ['key AKIAABCDEFGHIJKLMNOP here'] }, want: { notes: [`key ${MARK} here`] } }],
    ['a PEM block entirely', { given: { k: '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\ntail' }, want: { k: `${MARK}\ntail` } }],
    ['a base64-wrapped private key (kubeconfig client-key-data)', { given: { cfg: `client-key-data: ${Buffer.from('-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----\n').toString('base64')}\n` }, want: { cfg: `client-key-data: ${MARK}\n` } }],
    ['a base64-wrapped certificate stays', { given: { ca: Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64') }, want: { ca: Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64') } }],
    ['nested arrays of objects', { given: [{ creds: { secret: 'x' } }], want: [{ creds: MARK }] }],
    ['numbers under a secret name', { given: { pin: 1, otp: 123456 }, want: { pin: 1, otp: MARK } }],
    ['a table-flagged name hides text, not numbers', { given: { connection_info: 'h:1', list: [{ connection_info: 0.5 }] }, want: { connection_info: MARK, list: [{ connection_info: 0.5 }] } }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(r.value(given)).toEqual(want);
  });

  it('counts replacements and leaves the input untouched', () => {
    const input = { password: 'p', list: [{ token: 't' }] };
    const before = r.count;
    const out = r.value(input);
    expect(r.count - before).toBe(2);
    expect(input.password).toBe('p');
    expect(JSON.stringify(out)).not.toContain('"p"');
  });

  it('redacts text too', () => {
    expect(r.text('use mysql://root:pw@10.0.0.1/db and ghp_' + 'a'.repeat(36))).toBe(`use mysql://root:${MARK}@10.0.0.1/db and ${MARK}`);
  });
});
