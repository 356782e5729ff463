import { describe, expect, it } from 'vitest';
import { SECRET_VALUE_PATTERNS, isMaskedValue, isRedactedFieldName, isSecretFieldName, secretNameHint, splitFieldName } from '../../src/core/secret-vocabulary.js';

describe('splitFieldName', () => {
  it.each([
    ['apiKey', ['api', 'key']],
    ['X-Api-Key', ['x', 'api', 'key']],
    ['secret_access_key', ['secret', 'access', 'key']],
    ['last4', ['last', '4']],
    ['DBPassword', ['db', 'password']],
  ] as const)('%s', (given, want) => expect(splitFieldName(given)).toEqual(want));
});

describe('isSecretFieldName: secrets that must escalate', () => {
  it.each([
    'password', 'Password', 'db_password', 'newPassword', 'password_confirmation', 'passphrase',
    'api_key', 'apiKey', 'X-Api-Key', 'apikey', 'connection_string', 'connectionString', 'connection_uri',
    'database_url', 'internal_db_url', 'dsn', 'private_key', 'privateKey', 'secret_value', 'secret',
    'client_secret', 'webhook_secret', 'token', 'access_token', 'refresh_token', 'Authorization',
    'secret_access_key', 'secretAccessKey', 'credentials', 'basic_auth', 'signing_key', 'encryption_key',
    'totp_secret', 'reset_password_token', 'slack_webhook_url', 'build_hook_url', 'SipAuthPassword',
    'Proxy-Authorization', 'room_passcode', 'passcode', 'leader_pin', 'pin', 'pin_code', 'activation_code',
    'recovery_codes', 'verificationCode', 'stream_key', 'writeKey', 'UnlockKey', 'validationKey', 'sasUrl', 'sas_uri', 'containerSasUrl',
    'authorizationKey', 'authCode', 'auth_code',
  ])('%s is a secret', (name) => expect(isSecretFieldName(name)).toBe(true));
});

describe('isSecretFieldName: look-alikes that must not escalate', () => {
  it.each([
    'pinned', 'pin_message', 'is_pinned', 'country_code', 'status_code', 'authorization_code', 'code', 'zip_code',
    'next_token', 'nextToken', 'page_token', 'token_type', 'public_key', 'publicKey', 'key_id', 'access_key_id',
    'fingerprint', 'last4', 'last_four', 'token_last_eight', 'secret_name', 'has_password', 'hasPassword',
    'password_updated_at', 'expires_at', 'html_url', 'tokens_url', 'key', 'value', 'name', 'id',
    'password_set', 'is_secret', 'hashed_token', 'token_expires_at', 'secret_type', 'secret_scanning_url',
    'auth_method', 'private', 'secrets_count', 'masked_password', 'cursor', 'idempotency_key',
    'cloud_provider_token_uuid', 'PageToken', 'CredentialListSid', 'SipAuthUsername', 'authorization_code',
    'token_env_var', 'authorized_credential_note', 'cvc_check', 'webhook_url', 'secretNamespace', 'secretFile',
    'company_authorization', 'issuing_authorization', 'credential_lists', 'gmsaCredentialSpec', 'tagsRequiringAuth',
    'signingKeyFingerprintsSha256', 'certificateThumbprints', 'authorizationType',
  ])('%s is not a secret', (name) => expect(isSecretFieldName(name)).toBe(false));
});

// Response redaction masks a few names too ambiguous to move an operation to a sensitive tier by (a
// false alarm there hides a tool; here it hides one value): issue 12, item 3.
describe('isRedactedFieldName: what a non-sensitive tier masks in a response', () => {
  it.each([
    'password', 'api_key', 'db_pass', 'rootPass', 'smtp_pass', 'pin', 'card_pin', 'pinCode', 'passcode', 'sas', 'sas_token', 'sas_url',
    '.dockerconfigjson', '.dockercfg', 'htpasswd', 'pgpass', 'netrc', 'webhook_url', 'WebhookUrl', 'hook_url', 'incoming_webhook_uri',
  ])('%s is masked', (name) => expect(isRedactedFieldName(name)).toBe(true));
  it.each([
    'next_token', 'token_type', 'key_id', 'public_key', 'last4', 'fingerprint', 'html_url', 'hooks_url', 'callback_url', 'webhook_id',
    'pass_rate', 'passes', 'pass_count', 'pinned', 'pin_enabled', 'has_pin', 'webhook_events', 'name', 'id', 'value', 'signature',
  ])('%s is kept', (name) => expect(isRedactedFieldName(name)).toBe(false));
  it('the classifier does not see the redaction-only names', () => {
    for (const name of ['db_pass', 'sas', 'webhook_url']) expect(isSecretFieldName(name)).toBe(false);
  });
});

describe('secretNameHint: a cheap test that a text may hold a secret-named field', () => {
  it('matches every name either predicate accepts', () => {
    const names = ['password', 'DB_PASSWD', 'pwd', 'client_secret', 'X-Api-Key', 'authToken', 'dsn', 'otp', 'cvv', 'jwt', 'Cookie', 'salt', 'mnemonic',
      'connection_string', 'database_url', 'jdbc_uri', 'basic_auth', 'Authorization', 'signing_key', 'rootPass', 'pin', 'sas', '.dockerconfigjson', 'webhook_url', 'slack_hook_url'];
    for (const n of names) {
      expect(isSecretFieldName(n) || isRedactedFieldName(n)).toBe(true);
      expect(secretNameHint.test(`${n}=x`)).toBe(true);
    }
  });
  it('does not match ordinary text', () => {
    expect(secretNameHint.test('running')).toBe(false);
    expect(secretNameHint.test('2026-01-05T09:00:00Z')).toBe(false);
  });
});

const matchesAny = (v: string) => SECRET_VALUE_PATTERNS.some(({ re }) => re.test(v));

describe('SECRET_VALUE_PATTERNS', () => {
  it.each([
    ['uri with user:password', 'postgres://app:s3cr3t@db.internal:5432/users'],
    ['PEM private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIE...'],
    ['OpenSSH private key', '-----BEGIN OPENSSH PRIVATE KEY-----'],
    ['PGP private key block', '-----BEGIN PGP PRIVATE KEY BLOCK-----'],
    ['AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['GitHub token', 'ghp_' + 'a'.repeat(36)],
    ['Stripe live key', 'sk_live_' + 'b'.repeat(24)],
    ['Slack token', 'xoxb-1234567890-abcdef'],
    ['JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
  ])('%s matches', (_name, value) => expect(matchesAny(value)).toBe(true));

  it.each([
    ['https URL without credentials', 'https://api.runos.dev/v1/services'],
    ['URL with user only', 'ssh://git@github.com/org/repo'],
    ['PEM public key', '-----BEGIN PUBLIC KEY-----'],
    ['PGP public key block', '-----BEGIN PGP PUBLIC KEY BLOCK-----'],
    ['plain word', 'session-store'],
    ['uuid', '3f2504e0-4f89-11d3-9a0c-0305e82c3301'],
    ['SSH fingerprint', 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8'],
  ])('%s does not match', (_name, value) => expect(matchesAny(value)).toBe(false));

  it('patterns are not global (no lastIndex state between calls)', () => {
    for (const { re } of SECRET_VALUE_PATTERNS) expect(re.global).toBe(false);
  });
});

describe('isMaskedValue', () => {
  it.each(['****1234', '••••', '••••••••4242', 'sk_live_****abcd', 'xxxx5678', '[REDACTED]', '***'])(
    '%s is masked',
    (v) => expect(isMaskedValue(v)).toBe(true),
  );
  it.each(['hunter2', 'sk_live_abcdefabcdef1234', '1234', 'postgres://a:b@c', 'x'])('%s is not masked', (v) =>
    expect(isMaskedValue(v)).toBe(false),
  );
});
