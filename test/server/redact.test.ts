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
    ['nested arrays of objects', { given: [{ creds: { secret: 'x', user: 'app', port: 5432 } }], want: [{ creds: { secret: MARK, user: 'app', port: MARK } }] }],
    ['a list of secret names stays readable, what they hold does not', {
      given: { total_count: 2, secrets: [{ name: 'GH_TOKEN', created_at: '2019-08-10', value: 'ghx-9' }, { name: 'DB', updated_at: '2020-01-01' }], api_keys: ['k-1', 'k-2'] },
      want: { total_count: 2, secrets: [{ name: 'GH_TOKEN', created_at: '2019-08-10', value: MARK }, { name: 'DB', updated_at: '2020-01-01' }], api_keys: [MARK, MARK] },
    }],
    ['a secret name inside a secret container is not taken for a describing one', { given: { secrets: [{ name: 'hook', webhook_url: 'https://h.io/x' }] }, want: { secrets: [{ name: 'hook', webhook_url: MARK }] } }],
    ['an opaque key inside a secret container', { given: { tokens: { a1b2c3d4e5f6g7h8i9: { scopes: 'repo' } } }, want: { tokens: { [MARK]: { scopes: 'repo' } } } }],
    ['numbers under a secret name', { given: { pin: 1, otp: 123456, count: 3 }, want: { pin: MARK, otp: MARK, count: 3 } }],
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

// Issue 12, item 3: blind spots in parsed JSON when the table's schema does not flag the field.
describe('blind spots the table does not flag', () => {
  const r = createRedactor([], MARK);
  const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const TWILIO_SECRET = 'Zx8kQ2mN4pR6tV8wY0aB2cD4eF6gH8jK';
  const pgp = '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBGXyz0kBCAC1\n=abcd\n-----END PGP PRIVATE KEY BLOCK-----';
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  const cases: [string, { given: unknown; hidden: string[]; kept?: string[] }][] = [
    ['db_pass', { given: { db_pass: 'hunter2a' }, hidden: ['hunter2a'] }],
    ['rootPass', { given: { rootPass: 'hunter2b' }, hidden: ['hunter2b'] }],
    ['pin', { given: { card: { pin: '4921' } }, hidden: ['4921'] }],
    ['passcode', { given: { passcode: '887766' }, hidden: ['887766'] }],
    ['sas', { given: { sas: 'sv=2022-11-02&sig=c2lnbmF0dXJl' }, hidden: ['c2lnbmF0dXJl'] }],
    ['.dockerconfigjson', { given: { data: { '.dockerconfigjson': b64('{"auths":{"r.io":{"auth":"dXNlcjpodW50ZXIy"}}}') } }, hidden: ['dXNlcjpodW50ZXIy', b64('{"auths"').slice(0, 12)] }],
    ['webhook_url (a capability URL)', { given: { webhook_url: 'https://hooks.example.com/T0/B0/Xy7hook9secret' }, hidden: ['Xy7hook9secret'] }],
    ['a Slack incoming-webhook URL under any name', { given: { target: 'https://hooks.slack.com/services/T000/B000/XXXXslackSECRET1' }, hidden: ['XXXXslackSECRET1'], kept: ['hooks.slack.com'] }],
    ['redis://:pw@host (empty user)', { given: { endpoint: 'redis://:hunter2c@cache:6379/0' }, hidden: ['hunter2c'], kept: ['cache:6379'] }],
    ['a password with an @ in it', { given: { endpoint: 'postgres://app:p@ss-hunter@db:5432/x' }, hidden: ['p@ss-hunter', 'ss-hunter'], kept: ['db:5432'] }],
    ['a token as the URL user', { given: { remote: 'https://ghx7Tk9aQ2mN4pR6tV8wY0aB2cD@github.com/o/r.git' }, hidden: ['ghx7Tk9aQ2mN4pR6tV8wY0aB2cD'] }],
    ['a PGP private key block', { given: { k: `${pgp}\nafter` }, hidden: ['lQOYBGXyz0kBCAC1'], kept: ['after'] }],
    ['password=… inside a log line', { given: { log: '09:00 connect user=app password=hunter2d host=db' }, hidden: ['hunter2d'], kept: ['user=app', 'host=db'] }],
    ['an opaque Bearer string', { given: { header: 'Bearer 8f2kQ0aZ93mN4pL7xYt' }, hidden: ['8f2kQ0aZ93mN4pL7xYt'] }],
    ['a Basic credential', { given: { header: 'Basic dXNlcjpodW50ZXIy' }, hidden: ['dXNlcjpodW50ZXIy'] }],
    ['Azure AccountKey', { given: { conn: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zm9vYmFyYmF6cXV4+/==;EndpointSuffix=core.windows.net' }, hidden: ['Zm9vYmFyYmF6cXV4+/=='], kept: ['AccountName=acct'] }],
    ['an AWS secret key beside its access key id', { given: { id: 'AKIAIOSFODNN7EXAMPLE', key: AWS_SECRET }, hidden: ['AKIAIOSFODNN7EXAMPLE', AWS_SECRET] }],
    ['an AWS pair in text', { given: { csv: `AKIAIOSFODNN7EXAMPLE,${AWS_SECRET}` }, hidden: [AWS_SECRET] }],
    ['a URL-encoded connection URI', { given: { next: 'https://x.io/cb?db=postgres%3A%2F%2Fapp%3Ahunter2e%40db%3A5432%2Fx' }, hidden: ['hunter2e'] }],
    ['a base64-encoded connection URI', { given: { blob: b64('postgres://app:hunter2f@db:5432/x') }, hidden: [b64('postgres://app:hunter2f@db:5432/x')] }],
    ['an S3 presigned URL', { given: { link: 'https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=9f1c2e3d4b5a69788796a5b4c3d2e1f0&X-Amz-Expires=60' }, hidden: ['9f1c2e3d4b5a69788796a5b4c3d2e1f0'], kept: ['X-Amz-Expires=60'] }],
    ['a GCS signed URL', { given: { link: 'https://storage.googleapis.com/b/o?X-Goog-Signature=0a1b2c3d4e5f60718293a4b5c6d7e8f9&X-Goog-Expires=900' }, hidden: ['0a1b2c3d4e5f60718293a4b5c6d7e8f9'] }],
    ['an Azure SAS URL', { given: { link: 'https://a.blob.core.windows.net/c/b?sv=2022-11-02&se=2026-01-01&sig=Zm9vYmFyJTJCc2ln%3D' }, hidden: ['Zm9vYmFyJTJCc2ln%3D'], kept: ['se=2026-01-01'] }],
    ['a Twilio API key secret beside its SID', { given: { sid: 'SK0123456789abcdef0123456789abcdef', k2: TWILIO_SECRET }, hidden: [TWILIO_SECRET], kept: ['SK0123456789abcdef0123456789abcdef'] }],
    ['a Twilio key pair in text', { given: { pair: `SK0123456789abcdef0123456789abcdef:${TWILIO_SECRET}` }, hidden: [TWILIO_SECRET] }],
    ['a secret used as an object key', { given: { grants: { ['ghp_' + 'k'.repeat(36)]: ['repo'] } }, hidden: ['ghp_' + 'k'.repeat(36)], kept: ['repo'] }],
    ['a secret name in fullwidth letters or with invisible characters', { given: { 'ｐａｓｓｗｏｒｄ': 'hunter2j', 'pass\u200bword': 'hunter2k' }, hidden: ['hunter2j', 'hunter2k'] }],
    ['a key=value used as an object key', { given: { 'password=hunter2g': 1 }, hidden: ['hunter2g'] }],
    ['JSON inside a string', { given: { raw: '{"user":"a","password":"hunter2h"}' }, hidden: ['hunter2h'], kept: ['\\"user\\":\\"a\\"'] }],
    ['YAML inside a string', { given: { manifest: 'apiVersion: v1\nstringData:\n  password: hunter2i\n' }, hidden: ['hunter2i'], kept: ['apiVersion: v1'] }],
  ];
  it.each(cases)('%s', (_name, { given, hidden, kept = [] }) => {
    const out = JSON.stringify(r.value(given));
    for (const h of hidden) expect(out).not.toContain(h);
    for (const k of kept) expect(out).toContain(k);
    expect(out).toContain('[redacted');
  });
});

describe('look-alikes the vocabulary protects stay as they are', () => {
  const r = createRedactor([], MARK);
  const cases: [string, unknown][] = [
    ['ids, names and hashes', { id: 'svc-0123456789abcdef', name: 'users-db', node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5', sha: '6dcb09b5b57875f334f61aebed695e2e4193db5e', etag: 'W/"a1b2c3"' }],
    ['tokens that are not', { next_token: 'eyJvZmZzZXQiOjEwMH0=', token_type: 'Bearer', page_token: 'CAESBggBEAEYAQ', key_id: '012345678912345678', last4: '4242', fingerprint: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8' }],
    ['ordinary links', { html_url: 'https://github.com/octocat/Hello-World', hooks_url: 'https://api.github.com/repos/octocat/Hello-World/hooks', callback_url: 'http://cap.com/streetfight', avatar_url: 'https://avatars.githubusercontent.com/u/583231?v=4' }],
    ['public keys', { public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG8Dnq5fhyrFs2Ne9f6VgZ8Df2W6m3kqCz9TbqQJ0bZL', key: '2Sg8iYjAxxmI2LvUXpJjkYrMxURPc8r+dB7TJyvv1234' }],
    ['prose with words that sound secret', { description: 'Rotate the token monthly; passwords are never returned.', title: 'Key rotation', body: 'See https://docs.example.com/auth for details' }],
    ['a Twilio account with SIDs only', { account_sid: 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', sid: 'SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', uri: '/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Keys/SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.json' }],
    ['a pin flag and a bearer word', { pinned: true, pin: false, scheme: 'Bearer authentication', auth_type: 'token' }],
    ['an S3 URL without a signature', { link: 'https://b.s3.amazonaws.com/k?X-Amz-Expires=60&versionId=3' }],
  ];
  it.each(cases)('%s', (_name, given) => {
    expect(r.value(given)).toEqual(given);
  });
});

describe('hostile shapes never overflow the stack', () => {
  it('a value nested 100,000 deep is cut, not thrown on', () => {
    let deep: unknown = { password: 'hunter2' };
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const out = createRedactor([], MARK).value(deep);
    expect(() => JSON.stringify(out)).not.toThrow();
    expect(JSON.stringify(out)).not.toContain('hunter2');
  });
});
