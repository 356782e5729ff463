/**
 * What set 30 taught, opened whole for tuning after its one clean scoring (and after set 31 was fixed and given to
 * its reviewers): one case per general rule, each failing without it, with the look-alikes the rule must leave
 * alone. The rule numbers are CLASSIFICATION.md's. Cases run through `classifyDocument`, every pass.
 */
import { describe, expect, it } from 'vitest';
import { classifyDocument } from '../../src/manifest/classify.js';
import { checkCase, makeDoc, makeOp, obj, str, type Case, type OpGiven } from './classify-helpers.js';

describe('a redirect that describes its body answers, when nothing succeeds otherwise (rule 3)', () => {
  const redirect = (description: string): OpGiven => ({
    path: '/v1/Deactivations',
    operationId: 'FetchDeactivation',
    responses: { '307': { description: 'Temporary Redirect', content: { 'application/json': { schema: obj({ redirect_to: str({ format: 'uri', description }) }) } } } },
  });
  const cases: Case[] = [
    ['Twilio\'s `redirect_to`, "an authenticated url … valid for up to two minutes"', { given: redirect('Returns an authenticated url that redirects to a file containing the deactivated numbers for the requested day. This url is valid for up to two minutes.'), want: { tier: 'sensitive-read', reason: /valid for up to two minutes/ } }],
    ['…not a link with no such words', { given: redirect('A url that redirects to a file containing the deactivated numbers.'), want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe("Azure's `x-ms-secret`: a secret the service takes but leaves out of its answers (rules 1, 7)", () => {
  const path = '/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.ApiManagement/service/{name}/subscriptions/{sid}';
  const marked = str({ description: "Subscription primary key. This property will not be filled on 'GET' operations!", 'x-ms-secret': true });
  const classify = (marks: boolean) => {
    const get = makeOp({ path, operationId: 'Subscription_Get', response: obj({ properties: obj({ displayName: str(), primaryKey: marks ? marked : str({ description: 'Subscription primary key.' }) }) }) });
    const put = makeOp({ method: 'PUT', path, operationId: 'Subscription_CreateOrUpdate', body: obj({ properties: obj({ displayName: str(), primaryKey: str({ description: 'Primary subscription key. If not specified during request key will be generated automatically.' }) }) }) });
    const out = classifyDocument(makeDoc([get, put]), new Map(), { platform: 'other' });
    return [out.get('Subscription_Get')!, out.get('Subscription_CreateOrUpdate')!];
  };
  it('a marked field is left out of the answer; the same name unmarked in a request is that secret', () => {
    const [get, put] = classify(true);
    expect(get.tier, get.reason).toBe('read');
    expect(put.tier, put.reason).toBe('sensitive-write');
    expect(put.reason).toMatch(/x-ms-secret on the same field elsewhere/);
  });
  it('…not where the document marks nothing', () => {
    const [, put] = classify(false);
    expect(put.tier, put.reason).toBe('write');
  });
});

describe('an action looked up by name is a read by POST too, judged by its answer and its name as a read is (rules 2, 9)', () => {
  const amz = (action: string) => `/#Action=${action}`;
  const cases: Case[] = [
    ["a role's inline policy looked up by POST", { given: { method: 'POST', path: amz('GetRolePolicy'), operationId: 'POST_GetRolePolicy', body: obj({ RoleName: str(), PolicyName: str() }), response: obj({ RoleName: str(), PolicyName: str(), PolicyDocument: str() }) }, want: { tier: 'read' } }],
    ['a login profile looked up: a login profile is a thing, not a login', { given: { path: amz('GetLoginProfile'), operationId: 'GET_GetLoginProfile', parameters: [{ name: 'UserName', in: 'query' }], response: obj({ LoginProfile: obj({ UserName: str(), CreateDate: str({ format: 'date-time' }), PasswordResetRequired: { type: 'boolean' } }) }) }, want: { tier: 'read' } }],
    ['an OpenID Connect provider looked up', { given: { path: amz('GetOpenIDConnectProvider'), operationId: 'GET_GetOpenIDConnectProvider', parameters: [{ name: 'OpenIDConnectProviderArn', in: 'query' }], response: obj({ Url: str(), ClientIDList: { type: 'array', items: str() } }) }, want: { tier: 'read' } }],
    ['…while access keys looked up by POST stay under doubt, as a read', { given: { method: 'POST', path: amz('ListAccessKeys'), operationId: 'POST_ListAccessKeys', body: obj({ UserName: str() }), response: obj({ AccessKeyMetadata: { type: 'array', items: obj({ AccessKeyId: str(), Status: str(), Data: str() }) } }) }, want: { tier: 'sensitive-read', reason: /its name speaks of "keys"/ } }],
    ['…and a Get that changes something is a write', { given: { method: 'POST', path: amz('GetOrCreateGroup'), operationId: 'GetOrCreateGroup', body: obj({ GroupName: str() }) }, want: { tier: 'write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe("a map of plain values whose description lists a secret-named key carries that secret (rule 1)", () => {
  const details = (description: string) => ({ allOf: [{ type: 'object', additionalProperties: str() }, { description }] });
  const cases: Case[] = [
    ["Cognito's `ProviderDetails`: \"client_id, client_secret, authorize_scopes\"", { given: { path: '/identity-providers/{name}', operationId: 'getIdentityProvider', response: obj({ ProviderName: str(), ProviderDetails: details('The IdP details. For Google: client_id, client_secret, authorize_scopes.') }) }, want: { tier: 'sensitive-read', reason: /lists the key client_secret/ } }],
    ['…not one whose keys are plain', { given: { path: '/identity-providers/{name}', operationId: 'getIdentityProvider', response: obj({ ProviderName: str(), ProviderDetails: details('The IdP details: client_id, authorize_scopes, oidc_issuer.') }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('an AWS access key ID in an id field names a key; the secret half is another value (rule 1)', () => {
  const cases: Case[] = [
    ['a user whose `UserId` example is an access key ID', { given: { path: '/users/{name}', operationId: 'describeUser', response: obj({ User: obj({ UserName: str(), UserId: str({ example: 'AKIAIOSFODNN7EXAMPLE' }) }) }) }, want: { tier: 'read' } }],
    ['…not an access key ID in a field that is no id', { given: { path: '/users/{name}', operationId: 'describeUser', response: obj({ User: obj({ UserName: str(), Credential: str({ example: 'AKIAIOSFODNN7EXAMPLE' }) }) }) }, want: { tier: 'sensitive-read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe("the policy that bounds a principal's permissions is access policy, in a body or a query (rule 6)", () => {
  const cases: Case[] = [
    ['a user created with a permissions boundary, by GET', { given: { path: '/#Action=CreateUser', operationId: 'GET_CreateUser', parameters: [{ name: 'UserName', in: 'query' }, { name: 'PermissionsBoundary', in: 'query' }] }, want: { tier: 'sensitive-write', reason: /PermissionsBoundary/ } }],
    ['…and by POST', { given: { method: 'POST', path: '/#Action=CreateUser', operationId: 'POST_CreateUser', body: obj({ UserName: str(), PermissionsBoundary: str() }) }, want: { tier: 'sensitive-write', reason: /PermissionsBoundary/ } }],
    ['…not a user created without one', { given: { method: 'POST', path: '/#Action=CreateUser', operationId: 'POST_CreateUser', body: obj({ UserName: str(), Path: str() }) }, want: { tier: 'write' } }],
  ];
  it.each(cases)('%s', checkCase);
});
