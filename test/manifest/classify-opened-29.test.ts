/**
 * What set 29 taught, opened whole for tuning after its one clean scoring (and after set 30 was fixed and given to
 * its reviewers): one case per general rule, each failing without it, with the look-alikes the rule must leave
 * alone. The rule numbers are CLASSIFICATION.md's. Cases run through `classifyDocument`, every pass.
 */
import { describe, it } from 'vitest';
import { checkCase, obj, str, type Case } from './classify-helpers.js';

const policy = obj({ MinimumPasswordLength: { type: 'integer' }, RequireSymbols: { type: 'boolean' }, MaxPasswordAge: { type: 'integer' } });

describe('the rules credentials must follow are settings about them, not credentials (rules 1, 6)', () => {
  const cases: Case[] = [
    ['a password policy read', { given: { path: '/v4/config/policies/passwords', operationId: 'requestPasswordPoliciesConfig', response: policy }, want: { tier: 'read' } }],
    ["an account's password policy looked up by action name", { given: { path: '/#Action=GetAccountPasswordPolicy', operationId: 'GET_GetAccountPasswordPolicy', response: obj({ PasswordPolicy: policy }) }, want: { tier: 'read' } }],
    ['…and a password policy changed is still security configuration (rule 6)', { given: { method: 'PUT', path: '/v4/config/policies/passwords', operationId: 'changePasswordPoliciesConfig', body: policy }, want: { tier: 'sensitive-write' } }],
    ['…while the passwords themselves read stay under doubt (rule 9)', { given: { path: '/v4/users/{id}/passwords', operationId: 'requestUserPasswords', response: obj({ items: { type: 'array', items: obj({ id: str(), createdAt: str(), data: str() }) } }) }, want: { tier: 'sensitive-read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe("the request-context keys a policy's conditions test index data; they are no key material (rule 2)", () => {
  const keys = obj({ ContextKeyNames: { type: 'array', items: str() } });
  const cases: Case[] = [
    ['context keys looked up for a policy, by GET', { given: { path: '/#Action=GetContextKeysForCustomPolicy', operationId: 'GET_GetContextKeysForCustomPolicy', parameters: [{ name: 'PolicyInputList', in: 'query' }], response: keys }, want: { tier: 'read' } }],
    ['…and by POST', { given: { method: 'POST', path: '/#Action=GetContextKeysForPrincipalPolicy', operationId: 'POST_GetContextKeysForPrincipalPolicy', body: obj({ PolicySourceArn: str() }), response: keys }, want: { tier: 'read' } }],
    ['…not access keys looked up by POST, which keep the judgement of a write', { given: { method: 'POST', path: '/#Action=GetAccessKeys', operationId: 'POST_GetAccessKeys', body: obj({ UserName: str() }), response: obj({ AccessKeys: { type: 'array', items: obj({ AccessKeyId: str() }) } }) }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('tags and labels are key/value metadata of what they are set on, no store of options (rule 4)', () => {
  const tag = obj({ id: { type: 'integer' }, key: str(), value: str() });
  const cases: Case[] = [
    ['the tags of a storage configuration listed', { given: { path: '/v4/system/config/storage/s3/tags', operationId: 'requestS3TagList', response: obj({ items: { type: 'array', items: tag } }) }, want: { tier: 'read' } }],
    ['…and one created', { given: { method: 'POST', path: '/v4/system/config/storage/s3/tags', operationId: 'createS3Tag', body: obj({ key: str(), value: str() }), response: tag }, want: { tier: 'write' } }],
    ['…not the options of a configuration themselves', { given: { path: '/v4/system/config/options', operationId: 'requestOptions', response: obj({ items: { type: 'array', items: obj({ key: str(), value: str() }) } }) }, want: { tier: 'sensitive-read', reason: /stored variable or option/ } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('a list is read as deep as one of its items: list items and `allOf` branches add no level (rules 1, 9)', () => {
  const key = obj({ name: str(), iosSettings: obj({ appleDeveloperId: obj({ keyId: str(), privateKey: str({ description: 'Required. Input only. A private key generated for your Apple Developer account.' }) }) }) });
  const cases: Case[] = [
    ['keys listed, whose one secret-named field is "Input only"', { given: { path: '/v1/{parent}/keys', operationId: 'recaptchaenterprise.projects.keys.list', response: obj({ keys: { type: 'array', items: key }, nextPageToken: str() }) }, want: { tier: 'read' } }],
    ['…as one key read is', { given: { path: '/v1/{parent}/keys/{key}', operationId: 'recaptchaenterprise.projects.keys.get', response: key }, want: { tier: 'read' } }],
    ['…not keys listed without such a word', { given: { path: '/v1/{parent}/keys', operationId: 'projects.keys.list', response: obj({ keys: { type: 'array', items: obj({ name: str(), keyString: str(), settings: obj({ apple: obj({ keyId: str() }) }) }) } }) }, want: { tier: 'sensitive-read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('a token published to prove control of a domain is public by design (rule 1)', () => {
  const challenge = (description: string) => obj({ domainName: str(), provisioning: obj({ certChallengeDns: obj({ domainName: str(), token: str({ description }) }) }) });
  const cases: Case[] = [
    ['a certificate challenge\'s token, "present as a TXT record"', { given: { method: 'POST', path: '/v1beta1/{parent}/domains', operationId: 'firebasehosting.sites.domains.create', body: challenge('The value that must be present as a TXT record on the domain name to satisfy the challenge.') }, want: { tier: 'write' } }],
    ['…not a token described otherwise', { given: { method: 'POST', path: '/v1beta1/{parent}/domains', operationId: 'sites.domains.create', body: challenge('The token the provider signs in with.') }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe("properties a caller makes up for its own records are data, not the system's settings (rule 7)", () => {
  const audience = (map: string) => obj({ description: str(), definition: str(), [map]: { type: 'object', additionalProperties: str() } });
  const cases: Case[] = [
    ["an analytics audience's `custom_properties`", { given: { method: 'PUT', path: '/v0.1/apps/{owner}/{app}/analytics/audiences/{name}', operationId: 'Analytics_CreateOrUpdateAudience', body: audience('custom_properties') }, want: { tier: 'write' } }],
    ['…not free-form `properties`, which can be any setting', { given: { method: 'PUT', path: '/v0.1/apps/{owner}/{app}/integrations/{name}', operationId: 'Integrations_CreateOrUpdate', body: audience('properties') }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('a report about credentials describes them; it does not hold them (rules 3, 5)', () => {
  const cases: Case[] = [
    ['a credential report generated, by GET', { given: { path: '/#Action=GenerateCredentialReport', operationId: 'GET_GenerateCredentialReport', response: obj({ State: str(), Description: str() }) }, want: { tier: 'write' } }],
    ['…not credentials generated', { given: { path: '/#Action=GenerateCredentials', operationId: 'GET_GenerateCredentials', response: obj({ State: str(), Description: str() }) }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', checkCase);
});
