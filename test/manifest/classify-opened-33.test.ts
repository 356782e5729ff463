/**
 * What set 33 taught, opened whole for tuning after its one clean scoring (and after set 34 was fixed and given to
 * its reviewers): one case per general rule, each failing without it, with the look-alikes the rule must leave
 * alone. The rule numbers are CLASSIFICATION.md's. Cases run through `classifyDocument`, every pass.
 */
import { describe, expect, it } from 'vitest';
import { classifyDocument } from '../../src/manifest/classify.js';
import { checkCase, makeDoc, makeOp, obj, str, type Case } from './classify-helpers.js';

describe('a token a client makes up to name its own request authorises nothing (rule 1)', () => {
  const cases: Case[] = [
    ['`clientToken`, "A client token."', { given: { method: 'PUT', path: '/finding', operationId: 'UpdateFindings', body: obj({ status: str(), clientToken: str({ description: 'A client token.' }) }) }, want: { tier: 'write' } }],
    ['`ClientRequestToken`, "The unique ID for the client making the request"', { given: { method: 'POST', path: '/app-instances', operationId: 'CreateAppInstance', body: obj({ Name: str(), ClientRequestToken: str({ description: 'The unique ID for the client making the request.' }) }) }, want: { tier: 'write' } }],
    ["…not a client's token handed out in an answer (Vault's `client_token`)", { given: { method: 'POST', path: '/v1/auth/approle/login', operationId: 'login', body: obj({ role_id: str() }), response: obj({ auth: obj({ client_token: str() }) }) }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe("the caller's key or token passed on every operation of a small document is how it signs in (rule 8)", () => {
  it("Google's standard `access_token`, `oauth_token` and `key` on both operations of Verified Access", () => {
    const google = [{ name: 'access_token', in: 'query' as const, description: 'OAuth access token.' }, { name: 'oauth_token', in: 'query' as const, description: 'OAuth 2.0 token for the current user.' }, { name: 'key', in: 'query' as const, description: 'API key. Your API key identifies your project and provides you with API access, quota, and reports.' }];
    const ops = [
      makeOp({ method: 'POST', path: '/v2/challenge:generate', operationId: 'verifiedaccess.challenge.generate', parameters: google, response: obj({ challenge: str({ format: 'byte' }) }) }),
      makeOp({ path: '/v2/devices', operationId: 'verifiedaccess.devices.list', parameters: google, response: obj({ devices: { type: 'array', items: obj({ name: str() }) } }) }),
    ];
    const out = classifyDocument(makeDoc(ops), new Map(), { platform: 'other' });
    expect(out.get('verifiedaccess.challenge.generate')!.tier).toBe('write');
    expect(out.get('verifiedaccess.devices.list')!.tier).toBe('read');
  });
  it('…not a password both operations of a small document take in their bodies', () => {
    const ops = [
      makeOp({ method: 'POST', path: '/login', operationId: 'login', body: obj({ user: str(), password: str() }) }),
      makeOp({ method: 'POST', path: '/password', operationId: 'changePassword', body: obj({ user: str(), password: str() }) }),
    ];
    const out = classifyDocument(makeDoc(ops), new Map(), { platform: 'other' });
    expect(out.get('changePassword')!.tier).toBe('sensitive-write');
  });
});

describe('public keys, signed JWTs and grants that authorise a connection (rules 1, 3)', () => {
  const cases: Case[] = [
    ['a field described as a "public signing key" is no secret', { given: { path: '/apps/{id}/signer', operationId: 'signer_retrieve', response: obj({ status: str(), since: str(), sub: str({ description: 'base64safe encoded public signing key' }) }) }, want: { tier: 'read' } }],
    ['…while a signing key described otherwise is one', { given: { path: '/apps/{id}', operationId: 'app_retrieve', response: obj({ status: str(), sub: str({ description: 'base64safe encoded signing key' }) }) }, want: { tier: 'sensitive-read' } }],
    ['an answer of media type application/jwt is a token (RFC 7519)', { given: { path: '/scope/{job}', operationId: 'sign_retrieve', responses: { '200': { description: 'JWT', content: { 'application/jwt': { schema: obj({ exp: { type: 'integer' }, field: str() }) } } } } }, want: { tier: 'sensitive-read', reason: /application\/jwt/ } }],
    ['a grant "that authorizes the player SDK to connect"', { given: { path: '/v1/PlayerStreamers/{Sid}/PlaybackGrant', operationId: 'FetchPlayerStreamerPlaybackGrant', response: obj({ sid: str(), grant: { description: 'The grant that authorizes the player sdk to connect to the livestream', nullable: true } }) }, want: { tier: 'sensitive-read' } }],
    ['…not a role that authorizes users', { given: { path: '/v1/roles/{Sid}', operationId: 'FetchRole', response: obj({ sid: str(), role: str({ description: 'The role that authorizes users to manage channels.' }) }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('an SSH public key to install as a login, described beside its `$ref` (rule 6)', () => {
  const cases: Case[] = [
    ['`SshKey`: {allOf: [{$ref}, {description: "The SSH public key to install on the HSM."}]}', { given: { method: 'POST', path: '/#X-Amz-Target=CloudHsmFrontendService.CreateHsm', operationId: 'CreateHsm', body: obj({ SubnetId: str(), SshKey: { allOf: [str(), { description: 'The SSH public key to install on the HSM.' }] } }) }, want: { tier: 'sensitive-write', reason: /SshKey/ } }],
  ];
  it.each(cases)('%s', checkCase);
});
