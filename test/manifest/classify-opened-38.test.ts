/**
 * What set 38 taught, opened whole for tuning after its one clean scoring (and after set 39 was fixed and given to
 * its reviewers): one case per general rule, each failing without it, with the look-alikes the rule must leave
 * alone. The rule numbers are CLASSIFICATION.md's. Cases run through `classifyDocument`, every pass.
 */
import { describe, it } from 'vitest';
import { checkCase, obj, str, type Case } from './classify-helpers.js';

describe("a domain's auth code is the bearer secret of its transfer (rule 1)", () => {
  const cases: Case[] = [
    ['`authCode` in a transfer', { given: { method: 'POST', path: '/v1/domains/{domain}/transfer', operationId: 'transferIn', body: obj({ authCode: str({ description: 'Authorization code from registrar for transferring a domain' }), period: { type: 'integer' } }) }, want: { tier: 'sensitive-write', reason: /authCode/ } }],
    ['…not a card issuer’s `authorization_code`', { given: { path: '/v1/payments/{id}', operationId: 'getPayment', response: obj({ id: str(), authorization_code: str() }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('what marks a value as secret, and what only describes a field (rule 1)', () => {
  const entries = (props: Record<string, ReturnType<typeof str>>) => obj({ inputFields: { type: 'array', items: obj({ name: str(), options: { type: 'array', items: obj(props) } }) } });
  const cases: Case[] = [
    ['an option `hidden` from a form beside its `label` is no masked value', { given: { path: '/automation/v4/actions/{appId}', operationId: 'getActions', response: entries({ label: str(), value: str(), hidden: { type: 'boolean' }, displayOrder: { type: 'integer' } }) }, want: { tier: 'read' } }],
    ['…unlike a variable marked `hidden`', { given: { path: '/automation/v4/actions/{appId}', operationId: 'getActions', response: entries({ key: str(), value: str(), hidden: { type: 'boolean' } }) }, want: { tier: 'sensitive-read', reason: /value beside hidden/ } }],
    ['an `api_key` described as nothing but an id ("Unique subaccount ID.")', { given: { path: '/accounts/{api_key}/subaccounts/{subaccount_key}', operationId: 'retrieveSubaccount', response: obj({ api_key: str({ description: 'Unique subaccount ID.' }), name: str(), balance: { type: 'number' } }) }, want: { tier: 'read' } }],
    ['…not one described as the key', { given: { path: '/accounts/{api_key}/subaccounts/{subaccount_key}', operationId: 'retrieveSubaccount', response: obj({ api_key: str({ description: 'The API key of the subaccount.' }), name: str() }) }, want: { tier: 'sensitive-read', reason: /api_key/ } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('a credential read whose answer only names, dates and links it shows no credential (rules 1 and 9)', () => {
  const secretInfo = obj({ id: str(), created_at: str({ format: 'date-time' }), _links: obj({ self: obj({ href: str() }) }) });
  const cases: Case[] = [
    ["Vonage's `retrieveAPISecrets`: ids, dates and links", { given: { path: '/accounts/{api_key}/secrets', operationId: 'retrieveAPISecrets', response: obj({ _embedded: obj({ secrets: { type: 'array', items: secretInfo } }) }) }, want: { tier: 'read' } }],
    ['…and a list of them, the answer an array (`userApiTokens_list`)', { given: { path: '/api/v1/user/tokens', operationId: 'userApiTokens_list', response: { type: 'array', items: obj({ id: str(), description: str(), scope: str(), created_at: str({ format: 'date-time' }) }) } }, want: { tier: 'read' } }],
    ['…not a `result` that holds whatever the call returns (a CSRF token)', { given: { path: '/api/v1/security/csrf_token/', operationId: 'getCsrfToken', response: obj({ result: str() }) }, want: { tier: 'sensitive-read', reason: /token/ } }],
    ['…nor an answer with a field that names no metadata', { given: { path: '/accounts/{api_key}/secrets/{id}', operationId: 'retrieveAPISecret', response: obj({ id: str(), note: str(), material: str() }) }, want: { tier: 'sensitive-read', reason: /secrets/ } }],
  ];
  it.each(cases)('%s', checkCase);
});
