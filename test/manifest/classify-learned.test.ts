/**
 * The cases each tuning round added after a held-out set's first look (README, "What tuning carries over"): one
 * per general rule, each failing without it, with the look-alikes the rule must leave alone. Named after what the
 * set showed; the rule numbers are CLASSIFICATION.md's.
 */
import { describe, expect, it } from 'vitest';
import type { Tier } from '../../src/core/tiers.js';
import { classifyDocument, classifyOperation } from '../../src/manifest/classify.js';
import { exampleSecrets } from '../../src/manifest/classify-examples.js';
import type { OperationModel, Schema } from '../../src/manifest/model.js';
import { makeDoc, makeOp, obj, str, type OpGiven } from './classify-helpers.js';

const opts = { platform: 'runos' };
type Case = [string, { given: OpGiven; want: { tier: Tier; reason?: RegExp } }];

function check([, { given, want }]: Case): void {
  const got = classifyOperation(makeOp(given), opts);
  expect(got.tier, got.reason).toBe(want.tier);
  if (want.reason) expect(got.reason).toMatch(want.reason);
}

const list = (item: Record<string, Schema>) => ({ type: 'array', items: obj(item) });

describe('what examples and Azure wording show (the eighth set tuned on)', () => {
  const media = (schema: Schema, example: unknown) => ({ '200': { description: 'OK', content: { 'application/json': { schema, example } } } });
  const cases: Case[] = [
    ['a SAS URL in the query (rule 8)', { given: { method: 'POST', path: '/sites/{name}/networkTrace/start', parameters: [{ name: 'sasUrl', in: 'query', description: 'The Blob URL to store capture file.' }] }, want: { tier: 'sensitive-write', reason: /sasUrl/ } }],
    ['a URL that must carry a shared access signature', { given: { method: 'POST', path: '/pools/{p}/nodes/{n}/uploadlogs', body: obj({ containerUrl: str({ description: 'The URL of the container to which to upload the log files. The URL must include a Shared Access Signature (SAS) granting write permissions.' }), startTime: str() }) }, want: { tier: 'sensitive-write', reason: /shared access signature/ } }],
    ['a key the document says will not be returned', { given: { path: '/sites/{name}/hybridConnection/{n}', response: obj({ name: str(), port: { type: 'integer' }, sendKeyValue: str({ description: 'The value of the send key used to authenticate. In ARM this key will not be returned normally, use the POST /listKeys API instead.' }) }) }, want: { tier: 'read' } }],
    ['tags that require auth are not a secret', { given: { method: 'PUT', path: '/sites/{name}/pushsettings', body: obj({ isPushEnabled: { type: 'boolean' }, tagsRequiringAuth: str() }) }, want: { tier: 'write' } }],
    ['application settings are environment variables', { given: { path: '/sites/{name}/appsettings', response: obj({ id: str(), properties: { type: 'object', additionalProperties: str() } }) }, want: { tier: 'sensitive-read' } }],
    ['user-defined functions in a database are not its users', { given: { method: 'PUT', path: '/sqlDatabases/{db}/containers/{c}/userDefinedFunctions/{f}', body: obj({ resource: obj({ id: str(), body: str() }) }) }, want: { tier: 'write' } }],
    ['…its users are credentials', { given: { method: 'DELETE', path: '/v2/databases/{db}/users/{name}' }, want: { tier: 'sensitive-write', reason: /credential management/ } }],
    ['sessions a verb ends', { given: { method: 'POST', path: '/users/terminate_sessions', body: obj({ user_ids: { type: 'array', items: str() } }) }, want: { tier: 'sensitive-write', reason: /sessions/ } }],
    ['a key sent whose example is masked (responses print it so)', { given: { method: 'POST', path: '/nodebalancers/{id}/configs', body: obj({ port: { type: 'integer' }, ssl_key: str({ example: '<REDACTED>', description: 'The PEM-formatted private key. Responses print <REDACTED> instead.' }) }) }, want: { tier: 'sensitive-write', reason: /ssl_key/ } }],
    ['an example showing secrets the schema leaves undeclared', { given: { path: '/fleet/{name}', responses: media(obj({ name: str(), members: { type: 'array', items: {} } }), { name: 'blue', members: [{ client_id: 'zamit', client_secret: 'o0Ie0Ph4' }] }) }, want: { tier: 'sensitive-read', reason: /members\[\]\.client_secret \(example shows client_secret/ } }],
    ['an example of signed export URLs', { given: { path: '/data/v1/exports', responses: media(obj({ data: { type: 'array', items: str() }, total: { type: 'integer' } }), { data: ['https://s3.amazonaws.com/exports/1/2021_01_01.csv.gz?...signature...'], total: 1 }) }, want: { tier: 'sensitive-read', reason: /presigned-url/ } }],
    ['…not a link to where secrets are listed', { given: { path: '/Accounts/{a}/SIP/CredentialLists', responses: media(obj({ credential_lists: list({ sid: str(), subresource_uris: { type: 'object' } }) }), { credential_lists: [{ sid: 'CL1', subresource_uris: { credentials: '/2010-04-01/Accounts/AC1/SIP/CredentialLists/CL1/Credentials.json' } }] }) }, want: { tier: 'read' } }],
    ['…nor a placeholder, a masked value or a template', { given: { path: '/v1/sas/{name}', operationId: 'getTemplate', responses: media(obj({ name: str(), templateUri: str(), other: list({ id: str() }) }), { name: 'n', templateUri: 'https://x.blob.core.windows.net/?sv=2018&sig=c2lnbmF0dXJlc2lnbmF0dXJl', other: [{ password: '<password>', api_key: 'string', secret: '****abcd' }] }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));

  it('a request example that sends a password the schema declares read-only', () => {
    const op = makeOp({ method: 'PUT', path: '/v2/databases/{id}/online-migration', body: obj({ source: obj({ host: str(), password: str({ readOnly: true }) }) }) });
    op.requestBody!.content['application/json']!.example = { source: { host: 'db.example.com', password: 'paakjnfe10rsrsmf' } };
    const got = classifyOperation(op, opts);
    expect(got).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/source\.password \(example sends password\)/) });
  });
});

describe('what the ninth set taught (tuned on after its first look)', () => {
  const text = (type: string) => ({ '200': { description: 'OK', content: { [type]: { schema: { type: 'string' } } } } });
  const cases: Case[] = [
    ['environment variables serialised into one string', { given: { method: 'POST', path: '/functions', body: obj({ name: str(), vars: str({ description: 'Function environment variables.' }) }) }, want: { tier: 'sensitive-write', reason: /vars, environment variables as text/ } }],
    ['…not a link to the variables', { given: { path: '/api/v2', response: obj({ variables: str({ format: 'uri' }), buckets: str({ format: 'uri' }) }) }, want: { tier: 'read' } }],
    ['a connection\'s configuration, whatever its example shows', { given: { path: '/v1/sources/{id}', response: obj({ name: str(), connectionConfiguration: { description: 'The values required to configure the source.', example: { user: 'charles' } } }) }, want: { tier: 'sensitive-read', reason: /credentials of a connection/ } }],
    ['HTTP headers the platform will send', { given: { method: 'PUT', path: '/app/{a}/endpoint/{e}/headers', body: obj({ headers: { type: 'object', additionalProperties: str() } }) }, want: { tier: 'sensitive-write', reason: /request field headers/ } }],
    ['`log_out` in two words', { given: { method: 'POST', path: '/admin/users/{id}/log_out.json' }, want: { tier: 'sensitive-write', reason: /security configuration/ } }],
    ['an authenticator instance', { given: { method: 'PATCH', path: '/{authenticator}/{service_id}/{account}', operationId: 'enableAuthenticatorInstance', body: obj({ enabled: { type: 'boolean' } }) }, want: { tier: 'sensitive-write', reason: /security configuration \(operationId/ } }],
    ['a delete described as revoking a key', { given: { method: 'DELETE', path: '/api/v1/app/{a}/integration/{i}', description: "Delete an integration and revoke it's key." }, want: { tier: 'sensitive-write', reason: /description "revoke it's key"/ } }],
    ['DNSSEC crypto keys', { given: { method: 'DELETE', path: '/servers/{s}/zones/{z}/cryptokeys/{id}' }, want: { tier: 'sensitive-write' } }],
    ['a URI that expires', { given: { method: 'POST', path: '/file_actions/begin_upload/{path}', response: obj({ upload_uri: str({ description: 'The URI to upload this part to. This URI expires after 15 minutes.' }) }) }, want: { tier: 'sensitive-write', reason: /uri expires/ } }],
    ['settings as a file', { given: { path: '/projects/{a}/{p}/settings/yaml', responses: text('text/plain') }, want: { tier: 'sensitive-read', reason: /suggests credentials/ } }],
    ['…not settings as such', { given: { path: '/projects/{a}/{p}/settings', responses: text('text/plain') }, want: { tier: 'read' } }],
    ['the one key a path names', { given: { path: '/api/v1/app/{a}/integration/{i}/key', response: obj({ key: str() }) }, want: { tier: 'sensitive-read', reason: /the key the path names/ } }],
    ['…not a public key', { given: { path: '/repos/{r}/actions/secrets/public-key', response: obj({ key_id: str(), key: str() }) }, want: { tier: 'read' } }],
    ['unlocking a user\'s sign-in', { given: { method: 'POST', path: '/users/{id}/unlock' }, want: { tier: 'sensitive-write', reason: /sign-in unlock/ } }],
    ['…not blocking an account socially', { given: { method: 'POST', path: '/api/v1/accounts/{id}/block', response: obj({ id: str(), blocking: { type: 'boolean' } }) }, want: { tier: 'write' } }],
    ['a cookie by its description', { given: { path: '/bundle_registrations', response: list({ id: { type: 'integer' }, code: str({ description: 'Registration cookie code' }) }) }, want: { tier: 'sensitive-read', reason: /cookie/ } }],
    ['…not cookie consent', { given: { path: '/sites/{id}', response: obj({ id: str(), banner: str({ description: 'The cookie consent banner text' }) }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));
});

describe('what the tenth set taught (tuned on after its first look)', () => {
  const doc = (ops: OperationModel[], extra: Partial<ReturnType<typeof makeDoc>> = {}) => classifyDocument({ ...makeDoc(ops), ...extra }, new Map(), opts);
  const cases: Case[] = [
    ['a SQLAlchemy URI is a connection string', { given: { method: 'POST', path: '/database/', body: obj({ database_name: str(), sqlalchemy_uri: str() }) }, want: { tier: 'sensitive-write', reason: /sqlalchemy_uri/ } }],
    ['the value of a header entry may be Authorization', { given: { path: '/datasources', response: list({ id: str(), headers: list({ name: str(), value: str() }) }) }, want: { tier: 'sensitive-read', reason: /value of a header in headers/ } }],
    ['two-step verification', { given: { method: 'DELETE', path: '/settings/account/two-step' }, want: { tier: 'sensitive-write', reason: /security configuration/ } }],
    ['an action enum naming a secret operation marks nothing', { given: { path: '/secret/{name}', response: obj({ action: str({ enum: ['getSecret'] }), data: list({ name: str(), description: str() }) }) }, want: { tier: 'read' } }],
    ['…an entry type SECRET does', { given: { path: '/v1/settings', response: list({ key: str(), value: str(), type: str({ enum: ['plain', 'secret'] }) }) }, want: { tier: 'sensitive-read', reason: /value beside type/ } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));

  it('an API of POSTs only signs in with the secret every body sends', () => {
    const ops = Array.from({ length: 12 }, (_, i) => makeOp({ method: 'POST', path: `/thing_${i}/get`, operationId: `op${i}`, body: obj({ client_id: str(), secret: str(), thing_id: str() }), response: obj({ id: str() }) }));
    const got = doc(ops);
    expect(got.get('op0')).toMatchObject({ tier: 'write' });
    const withReads = doc([...ops, makeOp({ path: '/things', operationId: 'list', response: obj({ id: str() }) })]);
    expect(withReads.get('op0')!.tier).toBe('sensitive-write');
  });

  it('a secrets store is what the title or opening sentence says, not a feature list', () => {
    const op = makeOp({ method: 'DELETE', path: '/rules/{id}', operationId: 'deleteRule' });
    const listed = doc([op], { title: 'Rudder API', description: 'Download the OpenAPI specification.\n<ul><li>Node status endpoint</li><li>Secret management</li></ul>' });
    expect(listed.get('deleteRule')!.tier).toBe('write');
    const store = doc([op], { title: 'Conjur', description: 'A secrets manager for machine identities. More text.' });
    expect(store.get('deleteRule')).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/secrets manager/) });
  });

  it('a content key that is no media type describes nothing', () => {
    const got = classifyOperation(makeOp({ path: '/entities/clusters', responses: { '200': { description: 'OK', content: { 'application/json': { schema: obj({ results: list({ entity_id: str() }), cursor: str() }) }, cursor: { example: null }, total_count: { example: 4 } } } } }), opts);
    expect(got.tier, got.reason).toBe('read');
  });
});

describe('what the eleventh set taught (tuned on after its first look)', () => {
  const cases: Case[] = [
    ['a body whose schema example sends a token', { given: { method: 'POST', path: '/apis/{o}/{a}/{v}/integrations', body: { type: 'object', example: { configType: 'GITHUB', repository: 'petstore', token: 'abcd12345' } } }, want: { tier: 'sensitive-write', reason: /token \(example sends token\)/ } }],
    ['an SDK key in a header', { given: { method: 'PUT', path: '/v1/settings/{key}/value', parameters: [{ name: 'X-CONFIGCAT-SDKKEY', in: 'header' }], body: obj({ value: { type: 'boolean' } }) }, want: { tier: 'sensitive-write', reason: /SDKKEY/ } }],
    ['deauthorizing devices', { given: { method: 'POST', path: '/QuickConnect/Deauthorize' }, want: { tier: 'sensitive-write', reason: /credential management/ } }],
    ['a cookies map sent on the caller\'s behalf', { given: { method: 'POST', path: '/api/perf/profile', body: obj({ name: str(), request_cookies: { type: 'object', additionalProperties: str() } }) }, want: { tier: 'sensitive-write', reason: /request_cookies/ } }],
    ['a method name as a GET\'s last segment is an action (rule 2)', { given: { path: '/api/1/createGroup', response: obj({ groupID: str() }) }, want: { tier: 'write', reason: /triggers an action \(create\)/ } }],
    ['…a noun is not (`addOns`, `settings`)', { given: { path: '/api/1/add-ons', response: list({ id: str() }) }, want: { tier: 'read' } }],
    ['creating a session mints one', { given: { method: 'POST', path: '/api/1/createSession', response: obj({ code: { type: 'integer' } }) }, want: { tier: 'sensitive-write', reason: /security configuration/ } }],
    ['the keys an operationId names, as a few bare strings', { given: { path: '/v1/configs/{c}/environments/{e}', operationId: 'get-sdk-keys', response: obj({ primary: str(), secondary: str() }) }, want: { tier: 'sensitive-read', reason: /one of the keys operationId get-sdk-keys names/ } }],
    ['…not their metadata', { given: { path: '/v1/projects/{p}', operationId: 'list-api-keys', response: obj({ id: str(), name: str(), created_at: str() }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));
});

describe('what the thirteenth set taught (its tuning half, after its first look)', () => {
  const amz = (action: string) => `/#X-Amz-Target=AWSCognitoIdentityProviderService.${action}`;
  // The way a description is put beside a `$ref`: a value written as allOf branches.
  const described = (branch: Schema, description: string): Schema => ({ allOf: [branch, { description }] });
  const cases: Case[] = [
    ['a password written as allOf branches (rule 1: branches count)', { given: { method: 'POST', path: '/users', body: obj({ Username: str(), TemporaryPassword: described(str({ format: 'password' }), "The user's temporary password.") }) }, want: { tier: 'sensitive-write', reason: /TemporaryPassword \(format: password\)/ } }],
    ['…and one named so, whatever its branches say', { given: { path: '/clients/{id}', response: obj({ ClientSecret: described(str({ minLength: 1 }), 'The client secret.') }) }, want: { tier: 'sensitive-read', reason: /ClientSecret/ } }],
    ['…but a closed set of values is no secret', { given: { method: 'POST', path: '/things', body: obj({ secret: described(str({ enum: ['public', 'private'] }), 'Visibility.') }) }, want: { tier: 'write' } }],
    ['an identifier marked `format: password` is an identifier', { given: { method: 'POST', path: '/users/{id}/confirm', body: obj({ Username: str({ format: 'password' }), ClientId: str({ format: 'password' }) }) }, want: { tier: 'write' } }],
    ['the service name in an AWS target is not what the operation does', { given: { method: 'POST', path: amz('TagResource'), operationId: 'TagResource', body: obj({ ResourceArn: str(), Tags: { type: 'object', additionalProperties: str() } }) }, want: { tier: 'write' } }],
    ['…the action name is (an OAuth-free MFA configuration)', { given: { method: 'POST', path: amz('SetUserPoolMfaConfig'), operationId: 'SetUserPoolMfaConfig', body: obj({ UserPoolId: str(), MfaConfiguration: str({ enum: ['OFF', 'ON'] }) }) }, want: { tier: 'sensitive-write', reason: /security configuration/ } }],
    ['an AWS Describe/Get/List action only looks up (rule 2)', { given: { method: 'POST', path: amz('DescribeUserImportJob'), operationId: 'DescribeUserImportJob', body: obj({ JobId: str() }), response: obj({ UserImportJob: obj({ JobName: str(), PreSignedUrl: str({ description: 'The pre-signed URL to be used to upload the .csv file.' }) }) }) }, want: { tier: 'sensitive-read', reason: /PreSignedUrl/ } }],
    ['…and with nothing secret, is in read', { given: { method: 'POST', path: amz('ListGroups'), operationId: 'ListGroups', body: obj({ UserPoolId: str() }), response: obj({ Groups: list({ GroupName: str() }) }) }, want: { tier: 'read' } }],
    ['…but a Get that sends or issues something stays a write', { given: { method: 'POST', path: amz('GetUserAttributeVerificationCode'), operationId: 'GetUserAttributeVerificationCode', body: obj({ AttributeName: str() }) }, want: { tier: 'sensitive-write', reason: /credential management/ } }],
    ['…as does a Get that changes something', { given: { method: 'POST', path: amz('GetOrCreateGroup'), operationId: 'GetOrCreateGroup', body: obj({ GroupName: str() }) }, want: { tier: 'write' } }],
    ['…and a lookup of security configuration is a read, judged by its answer: details whose description lists `client_secret` (set 30)', { given: { method: 'POST', path: amz('DescribeIdentityProvider'), operationId: 'DescribeIdentityProvider', body: obj({ ProviderName: str() }), response: obj({ IdentityProvider: obj({ ProviderDetails: { allOf: [{ type: 'object', additionalProperties: str() }, { description: 'The IdP details. For Google: client_id, client_secret, authorize_scopes.' }] } }) }) }, want: { tier: 'sensitive-read', reason: /lists the key client_secret/ } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));

  it('an AWS query action sent as a GET is what its name says (rule 2): `GET /#Action=CreateUser` is a write', () => {
    const tier = (path: string) => classifyOperation(makeOp({ path, operationId: path.slice(2), response: obj({ UserName: str() }) }), opts).tier;
    expect(tier('/#Action=CreateGroup&Version=2010-05-08')).toBe('write');
    expect(tier('/#Action=DeleteUser&Version=2010-05-08')).toBe('write');
    expect(tier('/#Action=ListGroups&Version=2010-05-08')).toBe('read');
    expect(tier('/#Action=ListAccessKeys&Version=2010-05-08')).toBe('read');
    // A Get that hands out a credential issues it (rule 3).
    expect(tier('/#Action=GetSessionToken&Version=2011-06-15')).not.toBe('read');
    // A bare fragment that tells two paths apart selects no action.
    expect(tier('/shared_items#folders')).toBe('read');
  });

  it('where a document marks identifiers `format: password`, the format alone shows no secret', () => {
    const attrs = obj({ Attributes: list({ Name: str(), Value: str({ format: 'password' }) }) });
    const ops = [
      makeOp({ method: 'POST', path: amz('AdminGetUser'), operationId: 'get', body: obj({ Username: str({ format: 'password' }), ClientId: str({ format: 'password' }) }), response: attrs }),
      makeOp({ method: 'POST', path: amz('AdminCreateUser'), operationId: 'create', body: obj({ Username: str({ format: 'password' }), TemporaryPassword: str({ format: 'password' }) }) }),
    ];
    const got = classifyDocument(makeDoc(ops), new Map(), opts);
    expect(got.get('get')).toMatchObject({ tier: 'read' });
    expect(got.get('create')).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/TemporaryPassword \(secret field name\)/) });
    // One such identifier is not yet a habit: the document's other password-formatted values still count.
    const single = classifyDocument(makeDoc([makeOp({ method: 'POST', path: '/v1/users/{id}/attributes', operationId: 'set', body: obj({ username: str({ format: 'password' }), value: str({ format: 'password' }) }) })]), new Map(), opts);
    expect(single.get('set')).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/value \(format: password\)/) });
  });

  it('the caller\'s own key at the head of every path, or described as the API key on every operation, is its sign-in', () => {
    const media = (n: number) => makeOp({ path: `/{apiKey}/videos/${n}`, operationId: `videos${n}`, parameters: [{ name: 'apiKey', in: 'path', required: true }], response: obj({ title: str() }) });
    const google = (n: number) => makeOp({ path: `/v1/{name}/datasets/${n}`, operationId: `datasets${n}`, parameters: [{ name: 'key', in: 'query', description: 'API key. Your API key identifies your project and provides you with API access, quota, and reports.' }], response: obj({ name: str() }) });
    for (const ops of [[1, 2, 3, 4].map(media), [1, 2, 3, 4].map(google)]) {
      const got = classifyDocument(makeDoc(ops), new Map(), opts);
      expect([...got.values()].map((c) => c.tier)).toEqual(['read', 'read', 'read', 'read']);
    }
    // A key in the path of a few operations is what they are about (rule 8), not how the caller signs in.
    const hooks = [makeOp({ method: 'POST', path: '/hooks/{token}', operationId: 'hook', parameters: [{ name: 'token', in: 'path', required: true }] }), ...[1, 2, 3].map(media)];
    expect(classifyDocument(makeDoc(hooks), new Map(), opts).get('hook')).toMatchObject({ tier: 'sensitive-write' });
  });

  it('a secret-named field the document calls public, or a checksum of the secret, is not the secret (rule 1)', () => {
    const public_ = makeOp({ path: '/me', response: obj({ id: str(), clientKey: str({ description: 'Public key used for client-side authentication. The client key is required for Drop-in.' }) }) });
    const checksum = makeOp({ path: '/webhooks/{id}', response: obj({ url: str(), hmacKeyCheckValue: str({ description: 'The checksum of the HMAC key generated for this webhook.' }) }) });
    const real = makeOp({ path: '/webhooks/{id}/secret', response: obj({ hmacKey: str({ description: 'The HMAC key, used to check the hash of each notification.' }) }) });
    expect([public_, checksum, real].map((op) => classifyOperation(op, opts).tier)).toEqual(['read', 'read', 'sensitive-read']);
  });

  it('the rights the caller\'s own credential needs, or a link\'s address, say nothing of what comes back (rule 9)', () => {
    const description = 'Returns the logo as a Base64-encoded string.\n\nTo make this request, your API credential must have one of the following [roles](https://docs.adyen.com/development-resources/api-credentials#api-permissions):\n* Management API—Terminal settings read';
    const got = classifyOperation(makeOp({ path: '/terminals/{id}/terminalLogos', description, response: obj({ data: str({ description: 'The image file, converted to a Base64-encoded string.' }) }) }), opts);
    expect(got.tier, got.reason).toBe('read');
    const told = classifyOperation(makeOp({ path: '/terminals/{id}/bundle', description: 'Returns the terminal bundle, with its credentials.', response: obj({ data: str() }) }), opts);
    expect(told.tier, told.reason).toBe('sensitive-read');
  });

  it('a JSON Patch sends whatever secret its resource\'s PUT or create sends (rule 7)', () => {
    const patch = { type: 'array', items: obj({ op: str({ enum: ['add', 'replace', 'remove'] }), path: str(), value: {} }) };
    const ops = [
      makeOp({ method: 'POST', path: '/api/verifiers', operationId: 'create', body: obj({ name: str(), secret: str() }) }),
      makeOp({ method: 'PATCH', path: '/api/verifiers/{id}', operationId: 'patch', body: patch }),
      makeOp({ method: 'PATCH', path: '/api/teams/{id}', operationId: 'patchTeam', body: patch }),
      makeOp({ method: 'POST', path: '/api/teams', operationId: 'createTeam', body: obj({ name: str() }) }),
    ];
    const got = classifyDocument(makeDoc(ops), new Map(), opts);
    expect(got.get('patch')).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/JSON Patch can set any field, and POST \/api\/verifiers sends secret field secret/) });
    expect(got.get('patchTeam')).toMatchObject({ tier: 'write' });
  });

  it('in a collection of keys, each entry\'s `key` is one; unless the keys are public (SSH, deploy, GPG)', () => {
    const entry = (extra: Record<string, Schema>, title?: string): Schema => ({ ...obj({ id: str(), name: str(), key: str(), ...extra }), ...(title && { title }) });
    const tier = (given: OpGiven) => classifyOperation(makeOp(given), opts).tier;
    expect(tier({ path: '/apps/{app_id}/keys', response: { type: 'array', items: entry({ capability: { type: 'object' } }) } })).toBe('sensitive-read');
    expect(tier({ path: '/apps/{app_id}/keys/{key_id}', response: entry({}) })).toBe('sensitive-read');
    expect(tier({ path: '/user/keys', response: { type: 'array', items: entry({ fingerprint: str() }) } })).toBe('read');
    expect(tier({ path: '/repos/{o}/{r}/keys', response: { type: 'array', items: entry({}, 'Deploy Key') } })).toBe('read');
    expect(tier({ path: '/projects/{id}/keys', summary: "Get a specific project's deploy keys", response: { type: 'array', items: entry({}) } })).toBe('read');
    expect(tier({ path: '/apps/{app_id}/keys', response: { type: 'array', items: entry({ key: str({ description: 'The masked key value.' }) }) } })).toBe('read');
  });

  it('a time, a UUID or an address is what its format says; an id or a name sent write-only is still an id or a name', () => {
    const tier = (given: OpGiven) => classifyOperation(makeOp(given), opts).tier;
    const author = obj({ id: str(), revoke_tokens_issued_before: str({ format: 'date-time' }) });
    expect(tier({ method: 'POST', path: '/channels/{id}/message', body: obj({ message: obj({ text: str(), user: author }) }) })).toBe('write');
    expect(tier({ method: 'PUT', path: '/blocklists/{name}', body: obj({ Name: str({ writeOnly: true }), words: { type: 'array', items: str() } }) })).toBe('write');
    expect(tier({ method: 'PUT', path: '/users/{id}', body: obj({ password: str({ writeOnly: true }) }) })).toBe('sensitive-write');
    expect(tier({ method: 'PUT', path: '/users/{id}', body: obj({ token: str({ format: 'byte' }) }) })).toBe('sensitive-write');
  });

  it('a field named for a credential action on what the body sets is credential management (rule 5), not on what it mentions', () => {
    const user = obj({ id: str(), role: str(), revoke_tokens_issued_before: str({ format: 'date-time' }) });
    const got = (given: OpGiven) => classifyOperation(makeOp(given), opts);
    expect(got({ method: 'POST', path: '/users', body: obj({ users: { type: 'object', additionalProperties: user } }) })).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/users\.\*\.revoke_tokens_issued_before/) });
    expect(got({ method: 'PUT', path: '/users/{id}', body: obj({ name: str(), is_password_reset_required: { type: 'boolean' } }) })).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/is_password_reset_required/) });
    expect(got({ method: 'POST', path: '/channels/{id}/message', body: obj({ message: obj({ text: str(), user }) }) }).tier).toBe('write');
  });

  it('a URL the document says is valid only minutes, or needs no authentication, is a signed URL (rule 3)', () => {
    const tier = (description: string) => classifyOperation(makeOp({ path: '/attachments/{id}', response: obj({ name: str(), download_url: str({ format: 'uri', description }) }) }), opts).tier;
    expect(tier('The URL containing the content of the attachment. If present, this URL may only be valid for two minutes from the time of retrieval.')).toBe('sensitive-read');
    expect(tier('The URL to download the archive. This URL does not require any form of authentication.')).toBe('sensitive-read');
    expect(tier('The URL of the attachment in the web app.')).toBe('read');
    expect(tier('The quote is valid for 5 minutes; see its URL for details')).toBe('read');
  });

  it('the users and groups under an access policy are its grants (rule 6); under a sign-in method, they are other targets', () => {
    const tier = (method: 'PUT' | 'POST', path: string) => classifyOperation(makeOp({ method, path, body: obj({ name: str(), action: str() }) }), opts).tier;
    expect(tier('PUT', '/admin/permission-schemes/{name}/groups')).toBe('sensitive-write');
    expect(tier('PUT', '/admin/permission-schemes/{name}/anonymous-users')).toBe('sensitive-write');
    expect(tier('POST', '/ldap/users/import')).toBe('write');
    expect(tier('POST', '/admin/permission-schemes/{name}/logs/export')).toBe('write');
  });

  it('defining a user with an undescribed body may set its password (rules 7, 9)', () => {
    const got = classifyDocument(makeDoc([
      makeOp({ method: 'POST', path: '/admin/users/', operationId: 'create' }),
      makeOp({ method: 'PUT', path: '/admin/users/{name}', operationId: 'replace' }),
      makeOp({ method: 'POST', path: '/admin/users/{name}/disable', operationId: 'disable' }),
      makeOp({ method: 'POST', path: '/admin/users/', operationId: 'described', body: obj({ name: str(), email: str() }) }),
    ]), new Map(), opts);
    expect([...got.values()].map((c) => c.tier)).toEqual(['sensitive-write', 'sensitive-write', 'write', 'write']);
  });

  it('a role\'s permissions are an access policy, and deleting or patching what a sibling shows to be one is rule 6 too', () => {
    const perms = obj({ name: str(), groups: { type: 'array', items: obj({ name: str(), permissions: { type: 'array', items: obj({ name: str(), allowed: { type: 'boolean' } }) } }) } });
    const got = classifyDocument(makeDoc([
      makeOp({ method: 'PUT', path: '/roles', operationId: 'update', body: perms }),
      makeOp({ method: 'DELETE', path: '/roles/{id}', operationId: 'delete' }),
      makeOp({ method: 'POST', path: '/hooks', operationId: 'hook', body: obj({ url: str(), secret: str() }) }),
      makeOp({ method: 'DELETE', path: '/hooks/{id}', operationId: 'unhook' }),
      makeOp({ method: 'PUT', path: '/collaborators/{u}', operationId: 'collab', body: obj({ permission: str({ enum: ['pull', 'push'] }) }) }),
    ]), new Map(), opts);
    expect(got.get('update')).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/groups\[\]\.permissions/) });
    expect(got.get('delete')).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/deletes what PUT \/roles shows to be security configuration/) });
    // A webhook that holds a signing secret is no access policy: deleting it is a plain write (rule 5).
    expect(got.get('unhook')).toMatchObject({ tier: 'write' });
    expect(got.get('collab')).toMatchObject({ tier: 'write' });
  });

  it('a GET whose last segment deletes, creates, sends, starts or stops is a write (rule 2; found by sweeping every APIs.guru document)', () => {
    const tier = (path: string) => classifyOperation(makeOp({ path, response: obj({ ok: { type: 'boolean' } }) }), opts).tier;
    expect(['/screenshot/delete', '/api/rest/v1/sms/send', '/hashlookup/create/{name}', '/api/2/monitoring/jmx/startExposing'].map(tier)).toEqual(Array(4).fill('write'));
    expect(['/items/deleted', '/sends/data_series', '/api/articles/latest', '/v3/stops/{stop_id}'].map(tier)).toEqual(Array(4).fill('read'));
  });

  it('a write whose summary names a certificate is rule 5–6 (stricter when in doubt); a read of one is not', () => {
    const got = (method: 'DELETE' | 'POST' | 'GET', summary: string) => classifyOperation(makeOp({ method, path: '/certificate/agent/{id}', summary, ...(method === 'GET' && { response: obj({ id: str(), name: str() }) }) }), opts);
    expect(got('DELETE', 'Remove a secondary certificate from the agents').tier).toBe('sensitive-write');
    expect(got('POST', 'Upload the external certificate').reason).toMatch(/summary "certificate"/);
    expect(got('GET', 'Get the certificate of an agent').tier).toBe('read');
    expect(got('DELETE', 'Remove an agent').tier).toBe('write');
  });

  it('a GET that reloads is a write (rule 2)', () => {
    expect(classifyOperation(makeOp({ path: '/usermanagement/users/reload', response: obj({ status: str() }) }), opts).tier).toBe('write');
  });

  it('OAuth client metadata one wrapper deep makes the document\'s clients OAuth clients (rule 6)', () => {
    const ops = [
      makeOp({ method: 'POST', path: amz('CreateUserPoolClient'), operationId: 'create', body: obj({ ClientName: str() }), response: obj({ UserPoolClient: obj({ ClientId: str(), ClientSecret: str() }) }) }),
      makeOp({ method: 'POST', path: amz('DeleteUserPoolClient'), operationId: 'delete', body: obj({ ClientId: str() }) }),
    ];
    expect(classifyDocument(makeDoc(ops), new Map(), opts).get('delete')).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/OAuth client/) });
  });
});

describe('what the fourteenth set taught (its tuning half, after its first look)', () => {
  it('sign-in headers that together cover nearly every operation are the caller\'s sign-in (a developer token here, a user token there)', () => {
    const header = (name: string) => ({ name, in: 'header' as const, required: true });
    const dev = (n: number, method: 'GET' | 'POST' = 'GET') => makeOp({ method, path: `/admin/systems/${n}`, operationId: `dev${n}${method}`, parameters: [header('Acme-DevToken')], response: obj({ name: str() }) });
    const user = (n: number) => makeOp({ path: `/data/collections/${n}`, operationId: `user${n}`, parameters: [header('Acme-UserToken')], response: obj({ rows: { type: 'array', items: obj({ id: str() }) } }) });
    const registry = makeOp({ method: 'POST', path: '/admin/images/pull', operationId: 'pull', parameters: [header('Acme-DevToken'), header('X-Registry-Auth')] });
    const ops = [...[1, 2, 3, 4, 5, 6].map((n) => dev(n)), dev(7, 'POST'), ...[1, 2, 3].map(user), registry];
    const got = classifyDocument(makeDoc(ops), new Map(), opts);
    expect(got.get('dev1GET')).toMatchObject({ tier: 'read' });
    expect(got.get('dev7POST')).toMatchObject({ tier: 'write' });
    expect(got.get('user2')).toMatchObject({ tier: 'read' });
    // A secret header only one operation takes is what that operation sends (rule 4).
    expect(got.get('pull')).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/X-Registry-Auth/) });
    // Without the other half, one token on a third of the operations is not yet how the caller signs in.
    const few = classifyDocument(makeDoc([...[1, 2, 3].map(user), ...[1, 2, 3, 4, 5, 6].map((n) => makeOp({ path: `/open/${n}`, operationId: `open${n}`, response: obj({ name: str() }) }))]), new Map(), opts);
    expect(few.get('user1')).toMatchObject({ tier: 'sensitive-read' });
  });

  it('deleting an entry whose creation sends a secret as its value removes that secret (rules 5, 9); a webhook holding a secret is no such entry', () => {
    const amz = (action: string) => `/#X-Amz-Target=AmazonSSM.${action}`;
    const ops = [
      makeOp({ method: 'POST', path: '/projects/{id}/variables', operationId: 'createVariable', body: obj({ key: str(), value: str() }) }),
      makeOp({ method: 'DELETE', path: '/projects/{id}/variables/{key}', operationId: 'deleteVariable' }),
      makeOp({ method: 'POST', path: '/webhooks', operationId: 'createHook', body: obj({ url: str(), secret: str() }) }),
      makeOp({ method: 'DELETE', path: '/webhooks/{id}', operationId: 'deleteHook' }),
      makeOp({ method: 'POST', path: amz('PutParameter'), operationId: 'PutParameter', body: obj({ Name: str(), Value: str({ format: 'password' }) }) }),
      makeOp({ method: 'POST', path: amz('DeleteParameters'), operationId: 'DeleteParameters', body: obj({ Names: { type: 'array', items: str() } }) }),
      makeOp({ method: 'POST', path: amz('DeleteDocument'), operationId: 'DeleteDocument', body: obj({ Name: str() }) }),
    ];
    const got = classifyDocument(makeDoc(ops), new Map(), opts);
    expect(got.get('deleteVariable')).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/POST \/projects\/\{id\}\/variables .*value/) });
    expect(got.get('DeleteParameters')).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/PutParameter/) });
    expect(got.get('deleteHook')).toMatchObject({ tier: 'write' });
    expect(got.get('DeleteDocument')).toMatchObject({ tier: 'write' });
  });

  it('an AWS Get hands out what the name is about (`GetSessionToken`), not a key it mentions (`GetAccessKeyLastUsed`, `GetPublicKey`)', () => {
    const tier = (path: string) => classifyOperation(makeOp({ path, operationId: path.slice(2), response: obj({ UserName: str() }) }), opts).tier;
    expect(tier('/#Action=GetAccessKeyLastUsed&Version=2010-05-08')).toBe('read');
    expect(tier('/#Action=GetSSHPublicKey&Version=2010-05-08')).toBe('read');
    expect(tier('/#Action=GetSessionToken&Version=2011-06-15')).not.toBe('read');
    expect(tier('/#Action=GetCredentialsForIdentity&Version=2014-06-30')).not.toBe('read');
  });

  const cases: Case[] = [
    ['an idempotency token is no secret (rule 1)', { given: { method: 'POST', path: '/#X-Amz-Target=AmazonSSM.CreateMaintenanceWindow', operationId: 'CreateMaintenanceWindow', body: obj({ Name: str(), ClientToken: { allOf: [str({ minLength: 1 }), { description: 'User-provided idempotency token.' }] } }) }, want: { tier: 'write' } }],
    ['…a client token described otherwise still is', { given: { path: '/v1/auth/token/lookup-self', response: obj({ client_token: str({ description: 'The token the client authenticates with.' }) }) }, want: { tier: 'sensitive-read', reason: /client_token/ } }],
    ['an object whose example shows its fields is described by it (`{count: 1}`)', { given: { path: '/api/v/3/devices/{systemKey}/count', response: { type: 'object', example: { count: 1 } } }, want: { tier: 'read' } }],
    ['…but not when the example shows a secret', { given: { path: '/api/v/3/devices/{systemKey}/link', response: { type: 'object', example: { password: 'hunter2hunter2' } } }, want: { tier: 'sensitive-read' } }],
    ['an administrator deleting sessions ends logins (rule 5)', { given: { method: 'DELETE', path: '/admin/v/4/session/{systemKey}/device', operationId: 'DeleteDeviceSession' }, want: { tier: 'sensitive-write', reason: /session/ } }],
    ['…not a media session of a player', { given: { method: 'DELETE', path: '/players/{id}/sessions/{sessionId}', operationId: 'DeletePlayerSession' }, want: { tier: 'write' } }],
    ['a run of X in a response example is a placeholder, not a mask (rule 1: only what the document says is masked)', { given: { path: '/account/keys', response: { type: 'array', items: obj({ id: str({ format: 'uuid' }), comment: str(), token: str({ example: 'CTXXXXXXXXXXXXX' }) }) } }, want: { tier: 'sensitive-read', reason: /\[\]\.token/ } }],
    ['…while stars are what a masking answer prints', { given: { path: '/account/keys', response: { type: 'array', items: obj({ id: str({ format: 'uuid' }), comment: str(), token: str({ example: 'CT**********4f2a' }) }) } }, want: { tier: 'read' } }],
    ['a read whose summary says it returns a temporary URL hands out a signed URL (rule 3)', { given: { path: '/org/tasks/{task_id}/log', summary: 'Returns a temporary task log data url', responses: { '200': { description: 'Automatically created', content: { '*/*': { schema: obj({ id: str(), url: str() }) } } } } }, want: { tier: 'sensitive-read', reason: /temporary task log data url/ } }],
    ['…also where the URL is only declared by its format', { given: { path: '/org/tasks/{task_id}/data', summary: 'Returns a temporary task scan data url', response: obj({ id: str({ format: 'url' }) }) }, want: { tier: 'sensitive-read', reason: /temporary task scan data url/ } }],
    ['…not one whose answer has no URL', { given: { path: '/org/tasks/{task_id}/stats', summary: 'Returns the temporary task log data url statistics', response: obj({ count: { type: 'integer' } }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));
});

describe('what the sixteenth set taught (opened for tuning after its one clean scoring)', () => {
  const ds = (action: string) => `/#X-Amz-Target=DirectoryService_20150416.${action}`;
  const cases: Case[] = [
    ['enabling LDAP over TLS is authentication configuration (rule 6)', { given: { method: 'POST', path: ds('EnableLDAPS'), operationId: 'EnableLDAPS', body: obj({ DirectoryId: str(), Type: str() }) }, want: { tier: 'sensitive-write', reason: /ldaps/i } }],
    ['…as is disabling RADIUS multi-factor authentication', { given: { method: 'POST', path: ds('DisableRadius'), operationId: 'DisableRadius', body: obj({ DirectoryId: str() }) }, want: { tier: 'sensitive-write', reason: /radius/i } }],
    ['…and switching an attribute-based access-control mechanism', { given: { method: 'POST', path: '/v1/projects/{p}/locations/{l}/clusters/{c}:setLegacyAbac', operationId: 'container.projects.locations.clusters.setLegacyAbac', body: obj({ enabled: { type: 'boolean' } }) }, want: { tier: 'sensitive-write', reason: /abac/i } }],
    ['…not an ordinary directory write', { given: { method: 'POST', path: ds('AddIpRoutes'), operationId: 'AddIpRoutes', body: obj({ DirectoryId: str(), IpRoutes: { type: 'array', items: obj({ CidrIp: str() }) } }) }, want: { tier: 'write' } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));
});

describe('settings written as a list (rule 7, beside free-form settings maps)', () => {
  const settings = { type: 'array', items: obj({ Namespace: str(), OptionName: str(), Value: str() }) };
  const cases: Case[] = [
    ['a list of name/value settings sent to the platform can carry a password', { given: { method: 'POST', path: '/#Action=CreateEnvironment', operationId: 'CreateEnvironment', body: obj({ EnvironmentName: str(), OptionSettings: settings }) }, want: { tier: 'sensitive-write', reason: /OptionSettings\[\]\.Value \(value of a setting in OptionSettings/ } }],
    ['…whatever the case of its value', { given: { method: 'PUT', path: '/v1/groups/{id}', operationId: 'updateGroup', body: obj({ name: str(), properties: { type: 'array', items: obj({ key: str(), value: str() }) } }) }, want: { tier: 'sensitive-write', reason: /properties\[\]\.value/ } }],
    ['…not tags, which are no settings', { given: { method: 'POST', path: '/#Action=AddTags', operationId: 'AddTags', body: obj({ ResourceArn: str(), Tags: { type: 'array', items: obj({ Key: str(), Value: str() }) } }) }, want: { tier: 'write' } }],
    ['…nor the same list read back (rule 1 judges what a read returns)', { given: { path: '/#Action=DescribeConfigurationSettings', operationId: 'DescribeConfigurationSettings', response: obj({ OptionSettings: settings }) }, want: { tier: 'read' } }],
    ['…nor a setting whose value is a flag', { given: { method: 'POST', path: '/v1/features', operationId: 'setFeatures', body: obj({ options: { type: 'array', items: obj({ name: str(), value: { type: 'boolean' } }) } }) }, want: { tier: 'write' } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));
});

describe('example values shaped like secrets, whatever their key', () => {
  const samples: [string, string][] = [
    ['uri-credentials', 'postgres://app:hunter2@db.example.com/app'],
    ['pem-private-key', '-----BEGIN RSA PRIVATE KEY-----\nMIIE'],
    ['pgp-private-key', '-----BEGIN PGP PRIVATE KEY BLOCK-----'],
    ['aws-access-key-id', 'AKIAIOSFODNN7EXAMPLE'],
    ['github-token', `ghp_${'a'.repeat(36)}`],
    ['stripe-key', `sk_live_${'a'.repeat(24)}`],
    ['slack-token', 'xoxb-1234567890-abcdefghij'],
    ['presigned-url', `https://b.s3.amazonaws.com/o?X-Amz-Signature=${'f'.repeat(32)}`],
    ['incoming-webhook-url', 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX'],
    ['google-api-key', `AIza${'a'.repeat(35)}`],
    ['llm-api-key', `sk-proj-${'a'.repeat(24)}`],
    ['gitlab-token', `glpat-${'a'.repeat(20)}`],
    ['npm-token', `npm_${'a'.repeat(36)}`],
    ['runos-key', `runos_live_${'a'.repeat(20)}`],
    ['jwt', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2ln'],
  ];
  it.each(samples)('%s', (name, value) => {
    const got = exampleSecrets({ items: [{ note: value }] }, obj({ items: list({ note: str() }) }), 'response');
    expect(got).toEqual([{ path: 'items[].note', evidence: `example looks like ${name}` }]);
  });
});
