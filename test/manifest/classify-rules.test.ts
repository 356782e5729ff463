/**
 * One case per decision rule of CLASSIFICATION.md that the classifier reads from the whole operation —
 * path, operationId, summary, tags, field descriptions, examples, sibling operations — named after the rule,
 * with the look-alikes each rule must leave alone.
 */
import { describe, expect, it } from 'vitest';
import type { Tier } from '../../src/core/tiers.js';
import { classifyDocument, classifyOperation } from '../../src/manifest/classify.js';
import type { OperationModel, Schema } from '../../src/manifest/model.js';
import { makeDoc, makeOp, obj, str, type OpGiven } from './classify-helpers.js';

const opts = { platform: 'runos' };
type Case = [string, { given: OpGiven; want: { tier: Tier; reason?: RegExp; redacts?: string[] } }];

function check([, { given, want }]: Case): void {
  const got = classifyOperation(makeOp(given), opts);
  expect(got.tier, got.reason).toBe(want.tier);
  if (want.reason) expect(got.reason).toMatch(want.reason);
  if (want.redacts) expect(got.redacts).toEqual(want.redacts);
}

const list = (item: Record<string, Schema>) => ({ type: 'array', items: obj(item) });
const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`field_${i}`, str()]));

describe('rule 2: the method does not decide — a GET that triggers an action is a write', () => {
  const cases: Case[] = [
    ['GET …/restart', { given: { path: '/v1/apps/{id}/restart', response: obj({ message: str() }) }, want: { tier: 'write', reason: /triggers an action \(restart\)/ } }],
    ['GET /deploy', { given: { path: '/v1/deploy', response: obj({ message: str() }) }, want: { tier: 'write' } }],
    ['GET …/re-deploy', { given: { path: '/v1/apps/{id}/re-deploy', response: obj({ message: str() }) }, want: { tier: 'write' } }],
    ['GET …/tokens/{id}/regenerate issues a credential', { given: { path: '/v1/tokens/{id}/regenerate', response: obj({ id: str() }) }, want: { tier: 'sensitive-write' } }],
    ['a noun is not a verb: GET …/runs', { given: { path: '/v1/jobs/{id}/runs', response: obj({ id: str() }) }, want: { tier: 'read' } }],
    ['GET …/revoke/{service}/{app}: the verb before its parameters', { given: { path: '/vault/revoke/{service}/{app}', responses: { '301': { content: {} } } }, want: { tier: 'sensitive-write' } }],
    ['GET an OAuth callback exchanges a code', { given: { path: '/vault/callback', parameters: [{ name: 'code', in: 'query', description: 'An authorization code which Vault will later exchange for an access token.' }], responses: { '301': { content: {} } } }, want: { tier: 'sensitive-write' } }],
    ['an RPC-style method named for a change (`/views.update`)', { given: { path: '/views.update', response: obj({ ok: { type: 'boolean' } }) }, want: { tier: 'write', reason: /triggers an action \(update\)/ } }],
    ['an RPC-style method that revokes (`/auth.revoke`)', { given: { path: '/auth.revoke', response: obj({ revoked: { type: 'boolean' } }) }, want: { tier: 'sensitive-write' } }],
    ['an RPC-style method that reads (`/conversations.history`)', { given: { path: '/conversations.history', response: obj({ ok: { type: 'boolean' } }) }, want: { tier: 'read' } }],
    ['a file name is not a method (`/openapi.json`)', { given: { path: '/openapi.json', response: obj({ openapi: str() }) }, want: { tier: 'read' } }],
    ['GET /authorize starts a sign-in', { given: { path: '/authorize', responses: { '302': { description: 'redirect', content: {} } } }, want: { tier: 'sensitive-write' } }],
    ['GET …/login starts a sign-in', { given: { path: '/github/login', responses: { '302': { description: 'redirect', content: {} } } }, want: { tier: 'sensitive-write' } }],
    ['GET …/status stays a read', { given: { path: '/v1/apps/{id}/status', response: obj({ state: str() }) }, want: { tier: 'read' } }],
    ['GET …/start-time stays a read', { given: { path: '/v1/apps/{id}/start-time', response: obj({ at: str() }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));
});

describe('rule 3: a short-lived signed value is secret material', () => {
  const cases: Case[] = [
    ['a public signature URL', { given: { path: '/v1/assets/{id}/public_signature', response: obj({ url: str() }) }, want: { tier: 'sensitive-read', reason: /signed URL/ } }],
    ['a setting that signs webhooks hands out no URL', { given: { method: 'PATCH', path: '/user/webhooks/event/settings/signed', body: obj({ enabled: { type: 'boolean' } }), response: obj({ public_key: str() }) }, want: { tier: 'write' } }],
    ['a mail sender\'s signature hands out no URL', { given: { path: '/senders/{signatureid}', operationId: 'getSenderSignature', response: obj({ Name: str(), EmailAddress: str(), Confirmed: { type: 'boolean' } }) }, want: { tier: 'read' } }],
    ['a redirect to a URL with a one-time token', { given: { path: '/repos/{r}/attachments/{path}', description: 'The Location header contains a one-time token that has a limited lifetime.', responses: { '302': { description: "A redirect to the file's contents", content: {} } } }, want: { tier: 'sensitive-read', reason: /redirects to a short-lived signed URL/ } }],
    ['a plain redirect is a read', { given: { path: '/repos/{r}/attachments/{path}', responses: { '302': { description: "A redirect to the file's contents", content: {} } } }, want: { tier: 'read' } }],
    ['an upload URL from its operationId', { given: { method: 'POST', path: '/v1/runners/{id}/uploads', operationId: 'createRunnerUploadUrl', response: obj({ url: str() }) }, want: { tier: 'sensitive-write' } }],
    ['a presigned download', { given: { path: '/v1/objects/{id}/presigned', response: obj({ url: str() }) }, want: { tier: 'sensitive-read' } }],
    ['a POST that decrypts', { given: { method: 'POST', path: '/v1/transit/decrypt/{name}', body: obj({ ciphertext: str() }), response: obj({ plaintext: str() }) }, want: { tier: 'sensitive-write', reason: /decrypts/ } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));
});

describe('rule 5: the credential lifecycle is sensitive-write, an integration holding a secret is not', () => {
  const cases: Case[] = [
    ['DELETE a robot account', { given: { method: 'DELETE', path: '/v1/robots/{id}' }, want: { tier: 'sensitive-write' } }],
    ['DELETE a database user (a leased credential, rule 3)', { given: { method: 'DELETE', path: '/v2/databases/{id}/users/{name}' }, want: { tier: 'sensitive-write' } }],
    ['DELETE a platform user is an ordinary write', { given: { method: 'DELETE', path: '/v2/users/{id}' }, want: { tier: 'write' } }],
    ['DELETE an item of a vault', { given: { method: 'DELETE', path: '/v1/vaults/{v}/items/{i}' }, want: { tier: 'sensitive-write' } }],
    ['revoke by operationId', { given: { method: 'POST', path: '/v1/grants/{id}/end', operationId: 'revokeGrant' }, want: { tier: 'sensitive-write' } }],
    ['DELETE a login session at the top of the path', { given: { method: 'DELETE', path: '/v1/sessions/{id}' }, want: { tier: 'sensitive-write' } }],
    ['an agent\'s session is not a login session', { given: { method: 'PATCH', path: '/v1/agents/{id}/sessions/{sid}', body: obj({ title: str() }) }, want: { tier: 'write' } }],
    ['validating a stored token only checks it', { given: { method: 'POST', path: '/v1/cloud-tokens/{id}/validate', response: obj({ valid: { type: 'boolean' } }) }, want: { tier: 'write' } }],
    ['a GPG signing key is not a login credential', { given: { method: 'POST', path: '/v1/gpg-keys', body: obj({ armored: str() }) }, want: { tier: 'write' } }],
    ['an SSH login key is', { given: { method: 'POST', path: '/v1/user/ssh-keys', body: obj({ title: str() }) }, want: { tier: 'sensitive-write' } }],
    ['a summary naming the secret store (rule 9, generic path)', { given: { method: 'PUT', path: '/v1/{mount}/data/{path}', summary: 'Create or update a secret', body: obj({ data: { type: 'object' } }) }, want: { tier: 'sensitive-write', reason: /summary or tag "secret"/ } }],
    ['a summary about secret scanning is not', { given: { method: 'PUT', path: '/v1/repos/{id}/settings', summary: 'Enable secret scanning', body: obj({ on: { type: 'boolean' } }) }, want: { tier: 'write' } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));
});

describe('rule 6: authentication and authorisation configuration, even with no secret travelling', () => {
  const cases: Case[] = [
    ['setting which certificates a truststore trusts', { given: { method: 'PATCH', path: '/cluster/me/security/truststore', body: obj({ certIds: { type: 'array', items: str() } }) }, want: { tier: 'sensitive-write' } }],
    ['account lockout settings (password policy)', { given: { method: 'PATCH', path: '/user/lockout_config', body: obj({ enabled: { type: 'boolean' }, maxFailedLogins: { type: 'integer' } }) }, want: { tier: 'sensitive-write' } }],
    ['SSO settings', { given: { method: 'PUT', path: '/v1/sso/settings', body: obj({ enabled: { type: 'boolean' } }) }, want: { tier: 'sensitive-write', reason: /security configuration/ } }],
    ['an auth method\'s role', { given: { method: 'POST', path: '/v1/auth/{mount}/role/{name}', body: obj({ ttl: str() }) }, want: { tier: 'sensitive-write' } }],
    ['an MFA factor', { given: { method: 'DELETE', path: '/v1/users/{id}/mfa' }, want: { tier: 'sensitive-write' } }],
    ['an audit device', { given: { method: 'PUT', path: '/v1/sys/audit/{path}', body: obj({ type: str() }) }, want: { tier: 'sensitive-write' } }],
    ['audit logs are not an audit device', { given: { method: 'DELETE', path: '/v1/audit-logs/{id}' }, want: { tier: 'write' } }],
    ['identity providers', { given: { method: 'POST', path: '/v1/identity-providers', body: obj({ issuer: str() }) }, want: { tier: 'sensitive-write' } }],
    ['an identity entity is membership, not configuration', { given: { method: 'POST', path: '/v1/identity/entity', body: obj({ name: str() }) }, want: { tier: 'write' } }],
    ['an access policy', { given: { method: 'PUT', path: '/v1/policies/{name}', body: obj({ statement: str() }) }, want: { tier: 'sensitive-write' } }],
    ['a bucket policy', { given: { method: 'PUT', path: '/v1/buckets/{id}/policy', body: obj({ document: str() }) }, want: { tier: 'sensitive-write' } }],
    ['a login link', { given: { method: 'POST', path: '/v1/accounts/{id}/login_links', response: obj({ url: str() }) }, want: { tier: 'sensitive-write' } }],
    ['a replication policy governs operations', { given: { method: 'PUT', path: '/v1/replication/policies/{id}', body: obj({ name: str() }) }, want: { tier: 'write' } }],
    ['a bare policy id beside a qualified path', { given: { method: 'POST', path: '/v1/projects/{p}/preheat/policies', operationId: 'CreatePolicy', body: obj({ name: str() }) }, want: { tier: 'write' } }],
    ['importing users from LDAP configures nothing', { given: { method: 'POST', path: '/v1/ldap/users/import', operationId: 'importLdapUser', body: obj({ uids: { type: 'array', items: str() } }) }, want: { tier: 'write' } }],
    ['an OAuth ticket is not OAuth configuration', { given: { method: 'POST', path: '/v1/oauth/tickets', body: obj({ client: str() }) }, want: { tier: 'write' } }],
    ['permissions as the object of an operationId', { given: { method: 'PUT', path: '/v1/orgs/{o}/teams/{t}/repos/{r}', operationId: 'teams/add-or-update-repo-permissions-in-org', body: obj({ level: str() }) }, want: { tier: 'sensitive-write' } }],
    ['access logs are not access rules', { given: { method: 'DELETE', path: '/v1/access/logs' }, want: { tier: 'write' } }],
    ['an authentication flow under a parameter', { given: { method: 'POST', path: '/{realm}/authentication/flows', body: obj({ alias: str() }) }, want: { tier: 'sensitive-write' } }],
    ['an OAuth client scope', { given: { method: 'DELETE', path: '/{realm}/client-scopes/{id}' }, want: { tier: 'sensitive-write', reason: /security configuration \(path \/\{realm\}\/client-scopes/ } }],
    ['a protocol mapper', { given: { method: 'DELETE', path: '/{realm}/clients/{id}/protocol-mappers/models/{m}' }, want: { tier: 'sensitive-write' } }],
    ['brute-force protection', { given: { method: 'DELETE', path: '/{realm}/attack-detection/brute-force/users' }, want: { tier: 'sensitive-write' } }],
    ['an initial access token', { given: { method: 'DELETE', path: '/{realm}/clients-initial-access/{id}' }, want: { tier: 'sensitive-write' } }],
    ['a request field that configures SSO', { given: { method: 'PATCH', path: '/v1/teams/{id}', body: obj({ name: str(), saml: obj({ enforced: { type: 'boolean' } }) }) }, want: { tier: 'sensitive-write', reason: /request field saml/ } }],
    ['an action selector that can reset a password', { given: { method: 'POST', path: '/v1/droplets/{id}/actions', body: obj({ type: { type: 'string', enum: ['reboot', 'power_off', 'password_reset'] } }) }, want: { tier: 'sensitive-write', reason: /can be password_reset/ } }],
    ['a profile whose request sets authentication methods, 2FA and login keys', { given: { method: 'PUT', path: '/v4/profile', body: obj({ email: str(), lish_auth_method: str(), two_factor_auth: { type: 'boolean' }, authorized_keys: { type: 'array', items: str() } }) }, want: { tier: 'sensitive-write' } }],
    ['confirming two-factor authentication', { given: { method: 'POST', path: '/v4/profile/tfa-enable-confirm', body: obj({ tfa_code: str() }) }, want: { tier: 'sensitive-write' } }],
    ['resetting MFA factors', { given: { method: 'POST', path: '/api/v1/users/{id}/lifecycle/reset_factors' }, want: { tier: 'sensitive-write' } }],
    ['an action selector without one', { given: { method: 'POST', path: '/v1/droplets/{id}/actions', body: obj({ type: { type: 'string', enum: ['reboot', 'power_off'] } }) }, want: { tier: 'write' } }],
    ['a request field that is an access policy', { given: { method: 'POST', path: '/v1/projects', body: obj({ name: str(), roles: list({ name: str(), policies: { type: 'array', items: str() } }) }) }, want: { tier: 'sensitive-write', reason: /security configuration \(request field roles\[\]\.policies\)/ } }],
    ['a restart policy is not', { given: { method: 'POST', path: '/v1/pods', body: obj({ restartPolicy: str(), imagePullPolicy: str() }) }, want: { tier: 'write' } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));
});

describe('rule 7: optional secret fields count', () => {
  const cases: Case[] = [
    ['an env list whose entries may be secret (is_secret)', { given: { method: 'POST', path: '/v1/sites/{id}/deploys', body: obj({ environment: list({ key: str(), value: str(), is_secret: { type: 'boolean' } }) }) }, want: { tier: 'sensitive-write', reason: /value beside is_secret/ } }],
    ['an entry whose type may be SECRET', { given: { method: 'PUT', path: '/v1/apps/{id}/settings', body: obj({ items: list({ name: str(), value: str(), type: { type: 'string', enum: ['PLAIN', 'SECRET'] } }) }) }, want: { tier: 'sensitive-write' } }],
    ['a variable store\'s value', { given: { method: 'POST', path: '/v1/variables', body: obj({ key: str(), value: str() }) }, want: { tier: 'sensitive-write', reason: /stored variable/ } }],
    ['a map of variables', { given: { method: 'POST', path: '/v1/source-control/pull', body: obj({ force: { type: 'boolean' }, variables: { type: 'object', example: { foo: 'bar' } } }) }, want: { tier: 'sensitive-write' } }],
    ['a configuration read of key/value options', { given: { path: '/v1/config', response: obj({ sections: list({ name: str(), options: list({ key: str(), value: str() }) }) }) }, want: { tier: 'sensitive-read' } }],
    ['a value the document says is masked', { given: { path: '/v1/variables', response: list({ key: str(), value: str({ description: 'The value, masked.' }) }) }, want: { tier: 'read' } }],
    ['a metric\'s value is not a stored variable', { given: { path: '/v1/metrics', response: list({ key: str(), value: { type: 'number' } }) }, want: { tier: 'read' } }],
    ['a free-form settings map sent to the platform', { given: { method: 'POST', path: '/v1/notification-targets', body: obj({ service: str(), properties: { type: 'object', additionalProperties: str() } }) }, want: { tier: 'sensitive-write', reason: /values of properties/ } }],
    ['labels are not settings', { given: { method: 'POST', path: '/v1/things', body: obj({ labels: { type: 'object', additionalProperties: str() } }) }, want: { tier: 'write' } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));

  it('a configuration file uploaded, or a configuration reset, with nothing described', () => {
    const got = classifyDocument(
      makeDoc([
        makeOp({ method: 'POST', path: '/v1/configs/import', operationId: 'import', body: obj({ file: str({ format: 'binary' }) }) }),
        makeOp({ method: 'POST', path: '/v1/configs/{name}/reset', operationId: 'reset' }),
        makeOp({ method: 'POST', path: '/v1/projects/{p}/scanner', operationId: 'set-scanner', body: obj({ uuid: str() }) }),
      ]),
      new Map(),
      opts,
    );
    expect(got.get('import')!.tier).toBe('sensitive-write');
    expect(got.get('reset')!.tier).toBe('sensitive-write');
    expect(got.get('set-scanner')!.tier).toBe('write');
  });

  it('a write with an undescribed body into an env store', () => {
    check(['', { given: { method: 'POST', path: '/v1/projects/{id}/envs' }, want: { tier: 'write' } }]);
    const got = classifyDocument(makeDoc([makeOp({ method: 'POST', path: '/v1/projects/{id}/envs', operationId: 'create-env' })]), new Map(), opts);
    expect(got.get('create-env')).toMatchObject({ tier: 'sensitive-write', basis: 'doubt', reason: expect.stringMatching(/store of variables/) });
  });
});

describe('rule 8: a secret in the path or query', () => {
  const cases: Case[] = [
    ['a claim token in the path', { given: { method: 'POST', path: '/v1/claim/{token}', parameters: [{ name: 'token', in: 'path' }] }, want: { tier: 'sensitive-write', reason: /path parameter/ } }],
    ['a collection item named for its collection', { given: { path: '/v1/tokens/{token}', parameters: [{ name: 'token', in: 'path' }], response: obj({ id: str(), last4: str() }) }, want: { tier: 'read' } }],
    ['a paging token beside a continuation_token result', { given: { path: '/v1/logs', parameters: [{ name: 'token', in: 'query' }], response: obj({ lines: list({ text: str() }), continuation_token: str() }) }, want: { tier: 'read' } }],
    ['a query parameter described as a cursor', { given: { path: '/v1/items', parameters: [{ name: 'page_token', in: 'query', description: 'Cursor of the next page' }], response: obj({ id: str() }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));
});

describe('rule 9: where the document is silent, be strict — and where it describes, read it', () => {
  const cases: Case[] = [
    ['an undescribed /kubeconfig in YAML', { given: { path: '/v1/clusters/{id}/kubeconfig', responses: { '200': { content: { 'application/yaml': { schema: { type: 'string' } } } } } }, want: { tier: 'sensitive-read', reason: /undescribed text, and path/ } }],
    ['an undescribed /docker-credentials file', { given: { path: '/v1/registries/{id}/docker-credentials', responses: { '200': { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } } }, want: { tier: 'sensitive-read' } }],
    ['recovery codes behind /auth-code-like words', { given: { path: '/v1/users/{id}/recovery-codes', responses: { '200': { content: { 'text/plain': { schema: { type: 'string' } } } } } }, want: { tier: 'sensitive-read' } }],
    ['a text under a plain path stays read', { given: { path: '/v1/apps/{id}/readme', responses: { '200': { content: { 'text/plain': { schema: { type: 'string' } } } } } }, want: { tier: 'read' } }],
    ['a free-form JSON /kubeconfig', { given: { path: '/v1/clusters/{id}/kubeconfig', responses: { '200': { content: { 'application/json': {} } } } }, want: { tier: 'sensitive-read', reason: /suggests credentials/ } }],
    ['a kubeconfig field', { given: { path: '/v1/clusters/{id}/access', response: obj({ kubeconfig: str() }) }, want: { tier: 'sensitive-read' } }],
    ['a configuration export whose payload is one opaque string', { given: { path: '/v1/configs/export', response: obj({ status: str(), value: str() }) }, want: { tier: 'sensitive-read', reason: /field value is the whole payload/ } }],
    ['a free-form configuration', { given: { path: '/v1/internalconfig', response: { type: 'object', additionalProperties: obj({ value: { type: 'object' }, editable: { type: 'boolean' } }) } }, want: { tier: 'sensitive-read' } }],
    ['the schema of a credential type describes, it does not carry', { given: { path: '/v1/credentials/schema/{type}', summary: 'Show credential data schema', responses: { '200': { content: { 'application/json': { schema: { type: 'object', example: { apiKey: { type: 'string' } } } } } } } }, want: { tier: 'read' } }],
    ['SSH keys listed by an API are public', { given: { path: '/v1/providers/{id}/ssh-keys', responses: { '200': { description: 'keys', content: {} } } }, want: { tier: 'read' } }],
    ['an undescribed read under a credential path is the credential', { given: { path: '/v1/clusters/{id}/kubeconfig', responses: { '200': { description: 'OK', content: {} } } }, want: { tier: 'sensitive-read', reason: /suggests credentials/ } }],
    ['an untyped answer whose example shows no secret is described by it', { given: { path: '/v1/groups/{id}/roles', responses: { '200': { content: { 'application/json': { schema: { type: 'object' }, example: [{ name: 'Org Collaborator', publicId: '6525b356' }] } } } } }, want: { tier: 'read' } }],
    ['an untyped answer whose example shows a secret is not', { given: { path: '/v1/groups/{id}/roles', responses: { '200': { content: { 'application/json': { schema: { type: 'object' }, example: [{ name: 'ci', api_key: 'x' }] } } } } }, want: { tier: 'sensitive-read' } }],
    ['an incoming-webhook URL by its description', { given: { method: 'PUT', path: '/v3/projects/{id}/services/slack', body: obj({ webhook: str({ description: 'The Slack webhook. e.g. https://hooks.slack.com/services/...' }), channel: str() }) }, want: { tier: 'sensitive-write', reason: /incoming-webhook/ } }],
    ['a map described as environment variables', { given: { method: 'POST', path: '/v1/project/{p}/builds', body: obj({ revision: str(), build_parameters: { type: 'object', description: 'Additional environment variables to inject into the build environment.' } }) }, want: { tier: 'sensitive-write', reason: /described as environment variables/ } }],
    ['`/envvar` is a store of environment variables', { given: { path: '/v1/project/{p}/envvar', response: list({ name: str(), value: str() }) }, want: { tier: 'sensitive-read', reason: /environment variable value/ } }],
    ['a variable marked `secured` may hold a secret (rule 7)', { given: { method: 'POST', path: '/v1/repos/{r}/pipelines/variables', body: obj({ key: str(), value: str(), secured: { type: 'boolean' } }) }, want: { tier: 'sensitive-write', reason: /value beside secured/ } }],
    ['a value that "will be empty" when secured is not returned', { given: { path: '/v1/repos/{r}/pipelines/variables', response: list({ key: str(), value: str({ description: 'The value of the variable. If the variable is secured, this will be empty.' }), secured: { type: 'boolean' } }) }, want: { tier: 'read' } }],
    ['a key mailed in a link is the link\'s secret (`validationKey`)', { given: { path: '/self/validate_email', parameters: [{ name: 'validationKey', in: 'query' }], response: obj({ ok: { type: 'boolean' } }) }, want: { tier: 'sensitive-read', reason: /validationKey/ } }],
    ['MFA backup codes under an undescribed read', { given: { path: '/self/mfa/{kind}/backupcodes', responses: { '200': { description: 'OK', content: {} } } }, want: { tier: 'sensitive-read', reason: /suggests credentials/ } }],
    ['a URL the document says expires is a capability', { given: { path: '/video/v1/assets/{id}', response: obj({ id: str(), master: obj({ status: str(), url: str({ description: 'The temporary URL to the master version of the video, as an MP4 file. This URL will expire after 24 hours.' }) }) }) }, want: { tier: 'sensitive-read', reason: /temporary url/ } }],
    ['a value likened to credentials is one', { given: { path: '/video/v1/live-streams/{id}', response: obj({ id: str(), ingest: str({ description: 'This should be considered as sensitive as credentials; anyone with it can begin streaming.' }) }) }, want: { tier: 'sensitive-read', reason: /as sensitive as credentials/ } }],
    ['keys that publish, stream or unlock', { given: { path: '/v1/sources/{id}', response: obj({ writeKey: str(), stream_key: str(), UnlockKey: str() }) }, want: { tier: 'sensitive-read', reason: /and 2 more/ } }],
    ['a key clients "can use to authenticate"', { given: { path: '/v1/caches/{id}', response: obj({ primaryKey: str({ description: 'The current primary key that clients can use to authenticate with Redis cache.' }) }) }, want: { tier: 'sensitive-read' } }],
    ['environment variables written `VAR=value`', { given: { path: '/containers/{id}/json', response: obj({ Config: obj({ Env: { type: 'array', description: 'A list of environment variables in the form ["VAR=value", ...].', items: str() } }) }) }, want: { tier: 'sensitive-read', reason: /Config\.Env\[\] \(environment variable entry/ } }],
    ['…but not a list of their keys', { given: { path: '/v13/deployments/{id}', response: obj({ env: { type: 'array', description: 'The keys of the environment variables.', items: str() } }) }, want: { tier: 'read' } }],
    ['the members of an object named for several secrets', { given: { path: '/swarm', response: obj({ ID: str(), JoinTokens: obj({ Worker: str(), Manager: str() }) }) }, want: { tier: 'sensitive-read', reason: /JoinTokens\.Worker \(member of JoinTokens\)/ } }],
    ['…not those of an object named for one (its metadata)', { given: { path: '/v5/user/tokens/{id}', response: obj({ token: obj({ id: str(), name: str(), origin: str() }) }) }, want: { tier: 'read' } }],
    ['…but the same wording does not make a value sent less secret', { given: { method: 'PUT', path: '/v1/repos/{r}/pipelines/variables/{v}', body: obj({ key: str(), value: str({ description: 'The value of the variable. If the variable is secured, this will be empty.' }), secured: { type: 'boolean' } }) }, want: { tier: 'sensitive-write' } }],
    ['a secret field behind a wrapper (`{value, editable}`)', { given: { path: '/v1/configurations', response: obj({ auth_mode: obj({ value: str(), editable: { type: 'boolean' } }), uaa_client_secret: obj({ value: str(), editable: { type: 'boolean' } }) }) }, want: { tier: 'sensitive-read', reason: /uaa_client_secret\.value/ } }],
    ['a credential pattern describes credentials', { given: { path: '/v1/adapters', response: { type: 'object', additionalProperties: obj({ credential_pattern: obj({ access_key_type: str(), access_key_data: str() }) }) } }, want: { tier: 'read' } }],
    ['a TLS key sent, though responses redact it', { given: { method: 'POST', path: '/v4/nodebalancers/{id}/configs', body: obj({ port: { type: 'integer' }, ssl_key: str({ description: 'The PEM-formatted private key for the SSL certificate. Returned as <REDACTED>.' }) }) }, want: { tier: 'sensitive-write' } }],
    ['a pre-signed URL by its example', { given: { method: 'POST', path: '/v4/buckets/{b}/object-url', response: obj({ url: str({ example: 'https://b.example.com/x?Signature=Zm9vYmFyYmF6cXV4cXV1eA%3D%3D&Expires=1' }) }) }, want: { tier: 'sensitive-write' } }],
    ['a vault\'s data wrapper is not itself a stored value', { given: { path: '/vault/consumers', response: obj({ status_code: { type: 'integer' }, data: list({ consumer_id: str(), name: str() }) }) }, want: { tier: 'read' } }],
    ['an incoming-webhook URL by its example', { given: { path: '/v2/monitoring/alerts', response: list({ slack: list({ channel: str(), url: str({ example: 'https://hooks.slack.com/services/T1234567/AAAAAAAA/ZZZZZZ' }) }) }) }, want: { tier: 'sensitive-read', reason: /incoming-webhook-url/ } }],
    ['a key described as what authenticates', { given: { path: '/v2/functions/namespaces', response: list({ uuid: str(), key: str({ description: "A random string used in conjunction with the namespace's UUID to authenticate a user." }) }) }, want: { tier: 'sensitive-read' } }],
    ['the content of a file in a vault', { given: { path: '/v1/vaults/{v}/items/{i}/files', response: list({ id: str(), name: str(), content: str({ format: 'byte' }) }) }, want: { tier: 'sensitive-read', reason: /value stored in a vault/ } }],
    ['a free-form attributes map is metadata', { given: { path: '/v1/scopes/{id}', response: obj({ name: str(), attributes: { type: 'object' } }) }, want: { tier: 'read' } }],
    ['a free-form data payload may hold anything', { given: { path: '/v1/revisions/{id}', response: obj({ name: str(), data: { type: 'object' } }) }, want: { tier: 'sensitive-read' } }],
    ['an auth header is the credential it sends', { given: { path: '/v1/hooks', response: list({ url: str(), auth_header: str({ description: 'The webhook auth header' }) }) }, want: { tier: 'sensitive-read' } }],
    ['the name of a header is not', { given: { path: '/v1/apis', response: list({ api_key_header: str() }) }, want: { tier: 'read' } }],
    ['a description saying the field needs a sensitive scope', { given: { path: '/v1/servers/{id}/proxy', response: obj({ configuration: str({ description: 'Only returned when the token has read:sensitive.' }) }) }, want: { tier: 'sensitive-read' } }],
    ['case-sensitive is not sensitive data', { given: { path: '/v1/things', response: obj({ name: str({ description: 'A case-sensitive value' }) }) }, want: { tier: 'read' } }],
    ['a free-form env object', { given: { method: 'POST', path: '/v1/services', response: obj({ id: str(), env: { type: 'object' } }) }, want: { tier: 'sensitive-write', reason: /free-form env/ } }],
    ['free-form credentials whose example shows references', { given: { path: '/v1/workflows/{id}/nodes', response: list({ name: str(), credentials: { type: 'object', example: { jiraApi: { id: '35', name: 'jira' } } } }) }, want: { tier: 'read' } }],
    ['secret-scanning matches are not secrets', { given: { path: '/v1/deploys/{id}', response: obj({ result: obj({ secretsScanMatches: list({ file: str(), line: { type: 'integer' } }) }) }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));
});

describe('the document as a whole: sibling operations of one resource', () => {
  const doc = (ops: OperationModel[]) => classifyDocument(makeDoc(ops), new Map(), opts);

  it('a write with an undescribed body beside a read that is sensitive by evidence', () => {
    const got = doc([
      makeOp({ path: '/v1/notifications/slack', operationId: 'get-slack', response: obj({ webhook_url: str({ description: 'The Slack webhook URL; a secret value' }) }) }),
      makeOp({ method: 'PATCH', path: '/v1/notifications/slack', operationId: 'patch-slack' }),
    ]);
    expect(got.get('get-slack')!.tier).toBe('sensitive-read');
    expect(got.get('patch-slack')).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/request body undescribed, and GET/) });
  });

  it('a field the document calls secret on one operation is secret on the others of the resource', () => {
    const got = doc([
      makeOp({ path: '/v1/servers/{id}/proxy', operationId: 'get-proxy', response: obj({ configuration: str({ description: 'Only returned when the token has read:sensitive.' }) }) }),
      makeOp({ method: 'PUT', path: '/v1/servers/{id}/proxy/configuration', operationId: 'save-proxy', body: obj({ configuration: str() }) }),
      makeOp({ method: 'PUT', path: '/v1/servers/{id}/name', operationId: 'rename', body: obj({ configuration: str() }) }),
    ]);
    expect(got.get('save-proxy')).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/field configuration, which GET/) });
    expect(got.get('rename')!.tier).toBe('write');
  });

  it('a token parameter or form field on nearly every method is the caller signing in, wherever it is written', () => {
    const token = { name: 'token', in: 'query' as const };
    const got = doc([
      makeOp({ path: '/users.list', operationId: 'users-list', parameters: [token], response: obj({ ok: { type: 'boolean' } }) }),
      makeOp({ path: '/team.info', operationId: 'team-info', parameters: [{ name: 'token', in: 'header' }], response: obj({ ok: { type: 'boolean' } }) }),
      makeOp({ method: 'POST', path: '/chat.postMessage', operationId: 'post', body: obj({ token: str(), channel: str(), text: str() }) }),
      makeOp({ method: 'POST', path: '/chat.delete', operationId: 'delete', body: obj({ token: str(), ts: str() }) }),
    ]);
    expect([...got.values()].map((c) => c.tier)).toEqual(['read', 'read', 'write', 'write']);
  });

  it('a secret field every write of a small API sets is what those writes are about, not sign-in', () => {
    const got = doc([
      makeOp({ method: 'POST', path: '/users', operationId: 'create', body: obj({ name: str(), password: str() }) }),
      makeOp({ method: 'PUT', path: '/users/{id}', operationId: 'update', body: obj({ password: str() }) }),
      makeOp({ method: 'POST', path: '/users/{id}/reset', operationId: 'reset', body: obj({ password: str() }) }),
    ]);
    expect([...got.values()].map((c) => c.tier)).toEqual(['sensitive-write', 'sensitive-write', 'sensitive-write']);
  });

  it('clients with OAuth registration metadata are OAuth clients (rule 6), with no secret path', () => {
    const got = doc([
      makeOp({ method: 'POST', path: '/client', operationId: 'createClient', body: obj({ client_name: str(), redirect_uris: { type: 'array', items: str() } }) }),
      makeOp({ method: 'DELETE', path: '/client/{client_id}', operationId: 'deleteClient' }),
    ]);
    expect(got.get('createClient')!.tier).toBe('sensitive-write');
    expect(got.get('deleteClient')).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/an OAuth client/) });
    const plain = doc([makeOp({ method: 'DELETE', path: '/client/{client_id}', operationId: 'deleteClient' }), makeOp({ method: 'POST', path: '/client', operationId: 'createClient', body: obj({ name: str(), email: str() }) })]);
    expect(plain.get('deleteClient')!.tier).toBe('write');
  });

  it('a secret-named header on nearly every operation is the caller signing in, not what an operation is about', () => {
    const token = { name: 'X-Postmark-Server-Token', in: 'header' as const, required: true };
    const ops = [
      makeOp({ path: '/bounces', operationId: 'bounces', parameters: [token], response: obj({ Email: str() }) }),
      makeOp({ path: '/stats', operationId: 'stats', parameters: [token], response: obj({ Sent: { type: 'integer' } }) }),
      makeOp({ method: 'POST', path: '/email', operationId: 'send', parameters: [token], body: obj({ To: str(), Subject: str() }) }),
      makeOp({ method: 'PUT', path: '/server', operationId: 'edit', parameters: [token], body: obj({ Name: str(), InboundHookUrl: str() }) }),
      makeOp({ method: 'POST', path: '/checks', operationId: 'verify', parameters: [token, { name: 'X-Api-Key', in: 'header' }], response: obj({ ok: { type: 'boolean' } }) }),
    ];
    const got = doc(ops);
    expect([...got.values()].map((c) => c.tier)).toEqual(['read', 'read', 'write', 'write', 'sensitive-write']);
    // On one operation of five, the same header is what that operation takes: a secret parameter (rule 4).
    const once = doc([makeOp({ path: '/a', operationId: 'a', parameters: [token] }), ...ops.slice(0, 4).map((o) => ({ ...o, parameters: [] }))]);
    expect(once.get('a')).toMatchObject({ tier: 'sensitive-read', reason: expect.stringMatching(/X-Postmark-Server-Token \(header parameter, secret parameter name\)/) });
  });
});

describe('incidental secrets: a few secret fields beside much other data stay in the plain tier, redacted there', () => {
  const repo = obj({ ...many(30), temp_clone_token: str() });
  const cases: Case[] = [
    ['a rich read with one secret field', { given: { path: '/v1/repos/{owner}/{repo}', response: repo }, want: { tier: 'read', redacts: ['temp_clone_token'], reason: /which the read server redacts \(temp_clone_token\)/ } }],
    ['the same nested in a list', { given: { path: '/v1/repos/{owner}/{repo}/issues', response: list({ ...many(20), repository: repo }) }, want: { tier: 'read', redacts: ['temp_clone_token'] } }],
    ['a write that echoes a rich object', { given: { method: 'PATCH', path: '/v1/repos/{owner}/{repo}', body: obj({ name: str() }), response: repo }, want: { tier: 'write', redacts: ['temp_clone_token'] } }],
    ['a small record whose secret is its point', { given: { path: '/v1/connections/{id}', response: obj({ ...many(8), password: str() }) }, want: { tier: 'sensitive-read' } }],
    ['a credential resource is never incidental', { given: { path: '/v1/robots', response: list({ ...many(30), secret: str() }) }, want: { tier: 'sensitive-read' } }],
    ['a secret returned only at creation is the point of the create', { given: { method: 'POST', path: '/v1/webhooks', response: obj({ ...many(30), secret: str({ description: 'Only returned at creation.' }) }) }, want: { tier: 'sensitive-write' } }],
    ['environment values are never incidental', { given: { path: '/v1/apps/{id}/envs', response: obj({ ...many(30), value: str() }) }, want: { tier: 'sensitive-read' } }],
  ];
  it.each(cases)('%s', (...c) => check(c as unknown as Case));
});

describe('rule 9: a store whose whole purpose is secrets is sensitive on both sides', () => {
  const vault = (ops: OperationModel[]) => classifyDocument({ ...makeDoc(ops), title: 'Vault API', description: 'HashiCorp Vault: a secrets engine and identity-based access.' }, new Map(), opts);

  it('reads and writes of generic paths with free-form values', () => {
    const got = vault([
      makeOp({ path: '/{mount}/data/{path}', operationId: 'kv-read', response: obj({ data: { type: 'object' }, lease_duration: { type: 'integer' } }) }),
      makeOp({ method: 'POST', path: '/{mount}/data/{path}', operationId: 'kv-write', body: { type: 'object' } }),
      makeOp({ path: '/sys/health', operationId: 'health', response: obj({ sealed: { type: 'boolean' }, version: str() }) }),
    ]);
    expect(got.get('kv-read')).toMatchObject({ tier: 'sensitive-read', reason: expect.stringMatching(/the document \("hashicorp vault"\)/) });
    expect(got.get('kv-write')!.tier).toBe('sensitive-write');
    expect(got.get('health')!.tier).toBe('read');
  });

  it('in a key vault every change manages secrets, even one that sends none', () => {
    const got = classifyDocument({ ...makeDoc([makeOp({ method: 'DELETE', path: '/certificates/{name}', operationId: 'DeleteCertificate', response: obj({ id: str() }) }), makeOp({ path: '/certificates', operationId: 'GetCertificates', response: list({ id: str(), x5t: str() }) })]), title: 'KeyVaultClient', description: 'The key vault client performs cryptographic key operations and vault operations against the Key Vault service.' }, new Map(), opts);
    expect(got.get('DeleteCertificate')).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/rule 9: changes a secrets store \("key vault"\)/) });
    expect(got.get('GetCertificates')!.tier).toBe('read');
  });

  it('the same operations in an ordinary document are not escalated by the domain', () => {
    const got = classifyDocument(makeDoc([makeOp({ method: 'POST', path: '/{mount}/data/{path}', operationId: 'kv-write', body: { type: 'object' } })]), new Map(), opts);
    expect(got.get('kv-write')!.tier).toBe('write');
  });
});

describe('rule 6: OAuth clients, where the document gives clients secrets', () => {
  it('writes to clients are security configuration only in a document whose clients have secrets', () => {
    const withSecrets = classifyDocument(
      makeDoc([
        makeOp({ method: 'GET', path: '/{realm}/clients/{id}/client-secret', operationId: 'get-secret', response: obj({ value: str() }) }),
        makeOp({ method: 'DELETE', path: '/{realm}/clients/{id}', operationId: 'delete-client' }),
      ]),
      new Map(),
      opts,
    );
    expect(withSecrets.get('delete-client')).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/OAuth client/) });
    const without = classifyDocument(makeDoc([makeOp({ method: 'DELETE', path: '/v1/clients/{id}', operationId: 'delete-client' })]), new Map(), opts);
    expect(without.get('delete-client')!.tier).toBe('write');
  });
});
