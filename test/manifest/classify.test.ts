import { describe, expect, it } from 'vitest';
import { ManifestError } from '../../src/core/errors.js';
import type { Tier } from '../../src/core/tiers.js';
import { classifyDocument, classifyOperation } from '../../src/manifest/classify.js';
import type { Schema, TierOverride } from '../../src/manifest/model.js';
import { makeDoc, makeOp, obj, str, type OpGiven } from './classify-helpers.js';

const opts = { platform: 'runos' };
type Case = [string, { given: OpGiven; want: { tier: Tier; reason?: RegExp; response?: string[]; request?: string[] } }];

function check([, { given, want }]: Case): void {
  const got = classifyOperation(makeOp(given), opts);
  expect(got.tier, got.reason).toBe(want.tier);
  if (want.reason) expect(got.reason).toMatch(want.reason);
  if (want.response) expect(got.secrets.response).toEqual(want.response);
  if (want.request) expect(got.secrets.request).toEqual(want.request);
}

describe('rule 1: a reviewed override wins, and one that names no operation is an error', () => {
  const search = makeOp({ method: 'POST', path: '/v1/search', operationId: 'search', body: obj({ q: str() }) });
  const creds = makeOp({ path: '/v1/creds', operationId: 'get-creds', response: obj({ password: str() }), extensions: { 'x-runos-tier': 'read' } });
  const cases: [string, { given: [string, TierOverride]; want: { id: string; tier: Tier; reason: string } }][] = [
    ['a POST that only reads moves to read', { given: ['search', { tier: 'read', reason: 'only reads; reviewed by A' }], want: { id: 'search', tier: 'read', reason: 'override: only reads; reviewed by A' } }],
    ['the override beats the extension and rule 4', { given: ['get-creds', { tier: 'sensitive-read', reason: 'r' }], want: { id: 'get-creds', tier: 'sensitive-read', reason: 'override: r' } }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    const got = classifyDocument(makeDoc([search, creds]), new Map([given]), opts).get(want.id)!;
    expect(got).toMatchObject({ tier: want.tier, reason: want.reason });
  });

  it('keeps the secrets found under an override', () => {
    const got = classifyDocument(makeDoc([creds]), new Map([['get-creds', { tier: 'read', reason: 'r' }]]), opts).get('get-creds')!;
    expect(got.secrets.response).toEqual(['password']);
  });

  it.each([
    ['plain id', 'nope', '/nope'],
    ['id with a slash is escaped (RFC 6901)', 'repos/get', '/repos~1get'],
  ])('unknown operationId (%s) is a ManifestError naming the file and pointer', (_n, id, pointer) => {
    const run = () => classifyDocument(makeDoc([search]), new Map([[id, { tier: 'read', reason: 'r' }]]), { ...opts, overridesFile: 'manifest/tier-overrides.json' });
    expect(run).toThrow(ManifestError);
    expect(run).toThrow(`manifest/tier-overrides.json#${pointer}`);
  });
});

describe('rule 2: x-runos-tier / x-<platform>-tier / x-mcp-tier', () => {
  const cases: Case[] = [
    ['x-runos-tier moves a POST search to read', { given: { method: 'POST', extensions: { 'x-runos-tier': 'read' } }, want: { tier: 'read', reason: /^extension x-runos-tier$/ } }],
    ['x-mcp-tier, the generic spelling', { given: { method: 'POST', extensions: { 'x-mcp-tier': 'sensitive-read' } }, want: { tier: 'sensitive-read', reason: /x-mcp-tier/ } }],
    ['the extension beats rule 4 (explicit, reviewed in the manifest)', { given: { response: obj({ password: str() }), extensions: { 'x-runos-tier': 'sensitive-write' } }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));

  it('x-<platform>-tier is read for another platform name, before x-mcp-tier', () => {
    const op = makeOp({ method: 'POST', extensions: { 'x-acme-tier': 'read', 'x-mcp-tier': 'write' } });
    expect(classifyOperation(op, { platform: 'acme' })).toMatchObject({ tier: 'read', reason: 'extension x-acme-tier' });
  });

  it.each([['not a tier', 'admin'], ['not a string', 3]])('an invalid value (%s) is a ManifestError naming the operation pointer', (_n, value) => {
    const op = makeOp({ method: 'POST', path: '/v1/a/b', extensions: { 'x-runos-tier': value } });
    expect(() => classifyOperation(op, { ...opts, source: 'api.json' })).toThrow(ManifestError);
    expect(() => classifyOperation(op, { ...opts, source: 'api.json' })).toThrow('api.json#/paths/~1v1~1a~1b/post/x-runos-tier');
  });
});

describe('rule 3: read class = GET/HEAD/OPTIONS, write class = everything else', () => {
  const cases: Case[] = (['GET', 'HEAD', 'OPTIONS'] as const)
    .map((m): Case => [`${m} is read`, { given: { method: m, response: obj({ name: str() }) }, want: { tier: 'read', reason: new RegExp(`^rule 3: ${m}, no secret material$`) } }])
    .concat(
      (['POST', 'PUT', 'PATCH', 'DELETE', 'TRACE'] as const).map((m): Case => [`${m} is write`, { given: { method: m, path: '/v1/services/{id}' }, want: { tier: 'write', reason: new RegExp(`^rule 3: ${m}`) } }]),
    )
    .concat([['a POST that only searches is still write without 1 or 2', { given: { method: 'POST', path: '/v1/search', body: obj({ q: str() }), response: obj({ hits: { type: 'array', items: obj({ title: str() }) } }) }, want: { tier: 'write' } }]]);
  it.each(cases)('%s', (...c) => check(c as unknown as Case));
});

const secret = (response: Schema): OpGiven => ({ response });
describe('rule 4: secrets that must escalate', () => {
  const cases: Case[] = [
    ['format: password', { given: secret(obj({ connection: obj({ password: str({ format: 'password' }) }) })), want: { tier: 'sensitive-read', reason: /^rule 4: response field connection\.password \(format: password\)$/ } }],
    ['x-sensitive on a field', { given: secret(obj({ rows: { type: 'array', items: { type: 'object' }, 'x-sensitive': true } })), want: { tier: 'sensitive-read', response: ['rows'] } }],
    ['x-sensitive on the operation (customer data rows)', { given: { method: 'POST', path: '/v1/query', extensions: { 'x-sensitive': true } }, want: { tier: 'sensitive-write', reason: /x-sensitive/ } }],
    ['field name password in array items', { given: secret({ type: 'array', items: obj({ user: str(), password: str() }) }), want: { tier: 'sensitive-read', response: ['[].password'] } }],
    ['nested items path', { given: secret(obj({ items: { type: 'array', items: obj({ password: str() }) } })), want: { tier: 'sensitive-read', response: ['items[].password'] } }],
    ['connection_string', { given: secret(obj({ connection_string: str() })), want: { tier: 'sensitive-read' } }],
    ['api key in camelCase', { given: secret(obj({ apiKey: str() })), want: { tier: 'sensitive-read' } }],
    ['allOf branch', { given: secret({ allOf: [obj({ id: str() }), obj({ private_key: str() })] }), want: { tier: 'sensitive-read', response: ['private_key'] } }],
    ['anyOf branch', { given: secret({ anyOf: [obj({ id: str() }), obj({ token: str() })] }), want: { tier: 'sensitive-read' } }],
    ['oneOf branch', { given: secret({ oneOf: [obj({ secret_value: str() })] }), want: { tier: 'sensitive-read' } }],
    ['additionalProperties of secret objects', { given: secret({ type: 'object', additionalProperties: obj({ password: str() }) }), want: { tier: 'sensitive-read', response: ['*.password'] } }],
    ['env map (name: env, string values)', { given: secret(obj({ build: obj({ env: { type: 'object', additionalProperties: str() } }) })), want: { tier: 'sensitive-read', response: ['build.env.*'] } }],
    ['Kubernetes Secret data: a map described as secret data', { given: secret(obj({ data: { type: 'object', description: 'Data contains the secret data.', additionalProperties: str({ format: 'byte' }) } })), want: { tier: 'sensitive-read' } }],
    ['description: connection string', { given: secret(obj({ uri: str({ description: 'The PostgreSQL connection string, including the password.' }) })), want: { tier: 'sensitive-read', reason: /description/ } }],
    ['description: shown only once, in the create response', { given: { method: 'POST', path: '/v1/widgets', response: obj({ value: str({ description: 'The key value; it is shown only once.' }) }) }, want: { tier: 'sensitive-write' } }],
    ['a build hook URL (the URL is the credential)', { given: { path: '/v1/sites/{id}/build_hooks', response: { type: 'array', items: obj({ id: str(), url: str() }) } }, want: { tier: 'sensitive-read', response: ['[].url'] } }],
    ['a Slack incoming webhook URL', { given: secret(obj({ slack_webhook_url: str() })), want: { tier: 'sensitive-read' } }],
    ['example value is a PEM private key', { given: secret(obj({ material: str({ example: '-----BEGIN RSA PRIVATE KEY-----\nMII' }) })), want: { tier: 'sensitive-read', reason: /pem-private-key/ } }],
    ['example value is a URL with user:password', { given: secret(obj({ database_link: str({ example: 'postgres://app:pw@db:5432/app' }) })), want: { tier: 'sensitive-read', reason: /uri-credentials/ } }],
    ['*_url naming a database carries credentials', { given: secret(obj({ internal_db_url: str() })), want: { tier: 'sensitive-read' } }],
    ['env var value under an /envs path', { given: { path: '/v1/apps/{id}/envs', response: { type: 'array', items: obj({ key: str(), value: str() }) } }, want: { tier: 'sensitive-read', response: ['[].value'] } }],
    ['media type application/x-pem-file', { given: { responses: { '200': { content: { 'application/x-pem-file': {} } } } }, want: { tier: 'sensitive-read' } }],
    ['default response counts when no 2xx is declared', { given: { responses: { default: { content: { 'application/json': { schema: obj({ token: str() }) } } } } }, want: { tier: 'sensitive-read' } }],
    ['a write response: a created key is returned', { given: { method: 'POST', path: '/v1/api-tokens', response: obj({ id: str(), token: str() }) }, want: { tier: 'sensitive-write', reason: /response field token/ } }],
    ['write request body: set a password', { given: { method: 'POST', path: '/v1/databases/{id}/users', body: obj({ name: str(), password: str() }) }, want: { tier: 'sensitive-write', request: ['password'] } }],
    ['write request body: writeOnly input', { given: { method: 'PUT', path: '/v1/x', body: obj({ pin: str({ writeOnly: true }) }) }, want: { tier: 'sensitive-write', reason: /writeOnly/ } }],
    ['a password query parameter on a GET', { given: { parameters: [{ name: 'password', in: 'query' }] }, want: { tier: 'sensitive-read', request: ['password'] } }],
    ['a parameter described as a private key', { given: { method: 'POST', parameters: [{ name: 'key', in: 'query', description: 'PEM-encoded private key.' }] }, want: { tier: 'sensitive-write' } }],
    ['operation description: the secret is shown only once', { given: { method: 'POST', description: 'Creates a key. The secret is shown only once.' }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));
});

describe('rule 4: credential and secret-management writes are sensitive-write with nothing secret travelling', () => {
  const cases: Case[] = [
    ['/rotate', { given: { method: 'POST', path: '/v1/services/{id}/credentials/rotate' }, want: { tier: 'sensitive-write', reason: /^rule 4: credential management \(path \/v1\/services\/\{id\}\/credentials\/rotate\)$/ } }],
    ['/access-keys delete', { given: { method: 'DELETE', path: '/v1/buckets/{id}/access-keys/{key_id}' }, want: { tier: 'sensitive-write' } }],
    ['/api-keys', { given: { method: 'DELETE', path: '/v1/api-keys/{id}' }, want: { tier: 'sensitive-write' } }],
    ['/secrets', { given: { method: 'PUT', path: '/v1/apps/{id}/secrets/{name}' }, want: { tier: 'sensitive-write' } }],
    ['/policy', { given: { method: 'PUT', path: '/v1/buckets/{id}/policy', body: obj({ public: { type: 'boolean' } }) }, want: { tier: 'sensitive-write' } }],
    ['operationId revoke', { given: { method: 'POST', path: '/v1/grants/{id}/end', operationId: 'revokeGrant' }, want: { tier: 'sensitive-write', reason: /operationId revokeGrant/ } }],
    ['reset-password', { given: { method: 'POST', path: '/v1/users/{id}/reset-password' }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));

  it('a GET on a credentials path with a described, secret-free result stays read', () => {
    check(['', { given: { path: '/v1/api-keys', response: { type: 'array', items: obj({ id: str(), name: str(), last4: str(), created_at: str() }) } }, want: { tier: 'read' } }]);
  });
});

describe('rule 4: look-alikes that must not escalate', () => {
  const lookalikes = [
    'next_token', 'token_type', 'public_key', 'key_id', 'fingerprint', 'last4', 'secret_name', 'password_updated_at',
    'expires_at', 'html_url', 'tokens_url', 'access_key_id', 'key', 'value', 'secret_type', 'username',
  ];
  it.each(lookalikes)('%s (string)', (name) => check(['', { given: secret(obj({ [name]: str() })), want: { tier: 'read' } }]));
  const cases: Case[] = [
    ['has_password (boolean)', { given: secret(obj({ has_password: { type: 'boolean' } })), want: { tier: 'read' } }],
    ['a boolean named password', { given: secret(obj({ password: { type: 'boolean' } })), want: { tier: 'read' } }],
    ['masked example ****1234', { given: secret(obj({ api_key: str({ example: '****1234' }) })), want: { tier: 'read' } }],
    ['masked per description', { given: secret(obj({ card: str({ description: 'The masked card number' }) })), want: { tier: 'read' } }],
    ['an enumerated permission called secret_scanning', { given: secret(obj({ secret_scanning: str({ enum: ['read', 'write'] }) })), want: { tier: 'read' } }],
    ['writeOnly in a response never travels back', { given: secret(obj({ password: str({ writeOnly: true }), name: str() })), want: { tier: 'read' } }],
    ['readOnly in a request body is never sent', { given: { method: 'POST', path: '/v1/things', body: obj({ token: str({ readOnly: true }), name: str() }) }, want: { tier: 'write' } }],
    ['x-sensitive: false silences a name', { given: secret(obj({ token: str({ 'x-sensitive': false }) })), want: { tier: 'read' } }],
    ['a list of secret names is not secret', { given: { path: '/v1/apps/{id}/secret-names', response: obj({ secrets: { type: 'array', items: obj({ name: str(), updated_at: str() }) } }) }, want: { tier: 'read' } }],
    ['a boolean query parameter described with a passphrase', { given: { parameters: [{ name: 'encrypt', in: 'query', description: 'If true and passphrase is set, encrypt', schema: { type: 'boolean' } }], response: obj({ id: str() }) }, want: { tier: 'read' } }],
    ['a path parameter named for its collection is the item\'s identifier (/tokens/{token})', { given: { path: '/v1/tokens/{token}', parameters: [{ name: 'token', in: 'path' }], response: obj({ id: str() }) }, want: { tier: 'read' } }],
    ['a description mentioning a password on an id field', { given: secret(obj({ credential_id: str({ description: 'Id of the password credential' }) })), want: { tier: 'read' } }],
    ['an error (default) body beside a 2xx is not the result', { given: { responses: { '200': { content: { 'application/json': { schema: obj({ id: str() }) } } }, default: { content: { 'application/json': { schema: obj({ token: str() }) } } } } }, want: { tier: 'read' } }],
    ['a Stripe-style expandable reference travels as an id', { given: secret(obj({ payment_intent: { anyOf: [str(), obj({ client_secret: str() })], 'x-expansionResources': { oneOf: [obj({})] } } })), want: { tier: 'read' } }],
    ['a read described as "the key is shown only once" (at creation, not here)', { given: { path: '/v1/keys/{id}', description: 'The secret is shown only once, when the key is created.', response: obj({ id: str(), name: str() }) }, want: { tier: 'read' } }],
    ['a field returned only at creation is absent from a read', { given: secret(obj({ secret: str({ description: "The endpoint's secret. Only returned at creation." }) })), want: { tier: 'read' } }],
    ['an outgoing webhook target URL', { given: { path: '/v1/repos/{id}/hooks', response: obj({ url: str(), events: { type: 'array', items: str() } }) }, want: { tier: 'read' } }],
    ['the request body of a GET is not looked at', { given: { body: obj({ password: str() }), response: obj({ id: str() }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));
});

describe('rule 5: when in doubt, the stricter tier', () => {
  const cases: Case[] = [
    ['an undescribed result under /credentials', { given: { path: '/v1/services/{id}/credentials', responses: { '200': { description: 'The credentials.', content: {} } } }, want: { tier: 'sensitive-read', reason: /^rule 5: / } }],
    ['a shapeless JSON result under /envs', { given: { path: '/v1/team/envs', responses: { '200': { content: { 'application/json': { schema: { type: 'object' } } } } } }, want: { tier: 'sensitive-read' } }],
    ['an undescribed result whose text promises secrets', { given: { path: '/v1/notifications/slack', description: 'Encrypted secrets are returned to admins.', responses: { '200': { content: {} } } }, want: { tier: 'sensitive-read' } }],
    // CLASSIFICATION.md rule 9 asks for a pointer at credentials; what comes back is masked by the read server anyway.
    ['a read whose result is not described at all, and nothing points at credentials', { given: { path: '/v1/regions', responses: { '200': { description: 'Regions', content: {} } } }, want: { tier: 'read' } }],
    ['a read whose result is not described at all, under a credential path', { given: { path: '/v1/registry/credentials', responses: { '200': { description: 'OK', content: {} } } }, want: { tier: 'sensitive-read', reason: /^rule 5: response 200 has no content described, and path \/v1\/registry\/credentials suggests credentials$/ } }],
    ['a read with a free-form field (Kubernetes ControllerRevision data)', { given: { response: obj({ revision: { type: 'integer' }, data: { allOf: [{ type: 'object' }] } }) }, want: { tier: 'sensitive-read', reason: /field data has no described fields/ } }],
    ['a HEAD has no body to describe', { given: { method: 'HEAD', responses: { '200': { description: 'exists', content: {} } } }, want: { tier: 'read' } }],
    ['a bare string declared as JSON may hold any structure', { given: { path: '/v1/resources', responses: { '200': { content: { 'application/json': { schema: { type: 'string' } } } } } }, want: { tier: 'sensitive-read', reason: /^rule 5: / } }],
    ['a log declared as a JSON string is only text', { given: { path: '/v1/pods/{name}/log', responses: { '200': { content: { 'application/json': { schema: { type: 'string' } } } } } }, want: { tier: 'read' } }],
    ['202 Accepted beside a described 200 is not the result', { given: { responses: { '200': { content: { 'application/json': { schema: obj({ n: { type: 'integer' } }) } } }, '202': { content: { 'application/json': { schema: { type: 'object' } } } } } }, want: { tier: 'read' } }],
    ['a free-form map of links is not data', { given: { response: obj({ id: str(), subresource_uris: { type: 'object' } }) }, want: { tier: 'read' } }],
    ['a write returning an undescribed result needs a hint (writes are approved anyway)', { given: { method: 'POST', path: '/v1/jobs', responses: { '200': { content: { 'application/json': { schema: { type: 'object' } } } } } }, want: { tier: 'write' } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));

  it('an undescribed read beside a write that sends a password is sensitive-read', () => {
    const read = makeOp({ path: '/v1/databases/{id}/log', operationId: 'get-db', responses: { '200': { content: { 'application/json': { schema: { type: 'string' } } } } } });
    const list = makeOp({ path: '/v1/databases', operationId: 'list-db', responses: { '200': { content: { 'application/json': {} } } } });
    const patch = makeOp({ method: 'PATCH', path: '/v1/databases/{id}/log', operationId: 'patch-db', body: obj({ postgres_password: str() }) });
    const got = classifyDocument(makeDoc([list, read, patch]), new Map(), opts);
    expect(got.get('get-db')).toMatchObject({ tier: 'sensitive-read', reason: expect.stringMatching(/^rule 5: .*PATCH \/v1\/databases\/\{id\}\/log sends secret field postgres_password/) });
    expect(got.get('list-db')!.tier).toBe('sensitive-read');
  });

  it('a /watch/ stream takes the tier of the read it mirrors (a free-form event object alone would be doubt)', () => {
    const event = obj({ type: str(), object: { allOf: [{ type: 'object' }] } });
    const pod = makeOp({ path: '/api/v1/pods', operationId: 'pods', response: obj({ items: { type: 'array', items: obj({ env: { type: 'array', items: obj({ name: str(), value: str() }) } }) } }) });
    const watchPods = makeOp({ path: '/api/v1/watch/pods', operationId: 'watch-pods', response: event });
    const maps = makeOp({ path: '/api/v1/configmaps', operationId: 'maps', response: obj({ items: { type: 'array', items: obj({ data: { type: 'object', additionalProperties: str() } }) } }) });
    const watchMaps = makeOp({ path: '/api/v1/watch/configmaps', operationId: 'watch-maps', response: event });
    const got = classifyDocument(makeDoc([pod, watchPods, maps, watchMaps]), new Map(), opts);
    expect(got.get('pods')!.tier).toBe('sensitive-read');
    expect(got.get('watch-pods')).toMatchObject({ tier: 'sensitive-read', reason: expect.stringContaining('streams the objects of GET /api/v1/pods') });
    expect(got.get('watch-maps')).toMatchObject({ tier: 'read', reason: 'rule 3: GET, streams the objects of GET /api/v1/configmaps, which is read' });
    const alone = classifyDocument(makeDoc([watchMaps]), new Map(), opts).get('watch-maps')!;
    expect(alone.tier).toBe('sensitive-read');
  });
});

describe('cyclic schemas (the loader turns circular $refs into object cycles)', () => {
  it('terminates on a self-cycle without secrets', () => {
    const node: Schema = obj({ name: str() });
    (node.properties as Record<string, Schema>).children = { type: 'array', items: node };
    check(['', { given: secret(node), want: { tier: 'read' } }]);
  });

  it('finds a secret behind a mutual cycle, whichever member an operation starts from', () => {
    const a: Schema = obj({ id: str() });
    const b: Schema = obj({ owner: a, password: str() });
    (a.properties as Record<string, Schema>).b = b;
    const fromA = makeOp({ path: '/v1/a', operationId: 'a', response: a });
    const fromB = makeOp({ path: '/v1/b', operationId: 'b', response: b });
    const fromAList = makeOp({ path: '/v1/as', operationId: 'as', response: { type: 'array', items: a } });
    const got = classifyDocument(makeDoc([fromB, fromA, fromAList]), new Map(), opts);
    expect(got.get('a')).toMatchObject({ tier: 'sensitive-read', secrets: { response: ['b.password'] } });
    expect(got.get('b')).toMatchObject({ tier: 'sensitive-read', secrets: { response: ['password'] } });
    expect(got.get('as')!.secrets.response).toEqual(['[].b.password']);
  });
});

describe('rule 5: a schema deeper than any walk goes is not guessed secret-free', () => {
  it('escalates a 100-level acyclic nesting', () => {
    let deep: Schema = obj({ leaf: str() });
    for (let i = 0; i < 100; i++) deep = obj({ next: deep });
    check(['', { given: secret(deep), want: { tier: 'sensitive-read', reason: /nested deeper than 64 levels/ } }]);
  });
});
