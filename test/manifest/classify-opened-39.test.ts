/**
 * What set 39 taught, opened whole for tuning after its one clean scoring (and after set 40 was fixed and given to
 * its reviewers): one case per general rule, each failing without it, with the look-alikes the rule must leave
 * alone. The rule numbers are CLASSIFICATION.md's. Cases run through `classifyDocument`, every pass.
 */
import { describe, it } from 'vitest';
import { checkCase, obj, str, type Case } from './classify-helpers.js';

describe("a seller's business policies and a payment's pre-authorization are no access control (rules 5–6)", () => {
  const cases: Case[] = [
    ['a fulfillment policy created', { given: { method: 'POST', path: '/fulfillment_policy/', operationId: 'createFulfillmentPolicy', body: obj({ name: str(), handlingTime: obj({ value: { type: 'integer' } }) }), response: obj({ fulfillmentPolicyId: str() }) }, want: { tier: 'write' } }],
    ['a return policy deleted', { given: { method: 'DELETE', path: '/return_policy/{return_policy_id}', operationId: 'deleteReturnPolicy' }, want: { tier: 'write' } }],
    ['…unlike an access policy deleted', { given: { method: 'DELETE', path: '/access_policy/{policy_id}', operationId: 'deleteAccessPolicy' }, want: { tier: 'sensitive-write' } }],
    ['a pre-authorization created holds a payment', { given: { method: 'POST', path: '/api/creditcontrol/accounts/{creditAccountId}/transactions', operationId: 'CreateaPreAuthorization', body: obj({ value: { type: 'number' }, installments: { type: 'integer' } }), response: obj({ id: str(), status: str() }) }, want: { tier: 'write' } }],
    ['…unlike an authorization revoked', { given: { method: 'DELETE', path: '/applications/{client_id}/grant', operationId: 'DeleteAuthorization' }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('what a name or a summary says the call hands out (rules 1–3)', () => {
  const cases: Case[] = [
    ["a payment token's `TokenUniqueReference` names it (rule 1)", { given: { method: 'POST', path: '/accountholdermessaging', operationId: 'postMessage', body: obj({ TokenUniqueReference: str(), message: str() }), response: obj({ TokenUniqueReference: str() }) }, want: { tier: 'write' } }],
    ['"Get download URLs for media" hands out a signed link (rule 3)', { given: { path: '/v2/Transcripts/{Sid}/Media', operationId: 'FetchMedia', summary: 'Get download URLs for media if stored in Twilio', response: obj({ media_url: str({ format: 'uri' }), sid: str() }) }, want: { tier: 'sensitive-read', reason: /download url/i } }],
    ['…not a call that only names a media URL', { given: { path: '/v2/Transcripts/{Sid}', operationId: 'FetchTranscript', summary: 'Fetch a transcript', response: obj({ media_url: str({ format: 'uri' }), sid: str() }) }, want: { tier: 'read' } }],
    ['"Get current or create a new cart" is a get-or-create (rule 2)', { given: { path: '/api/checkout/pub/orderForm', operationId: 'CreateANewCart', summary: 'Get current or create a new cart', response: obj({ orderFormId: str() }) }, want: { tier: 'write' } }],
    ['…not "Get the current cart"', { given: { path: '/api/checkout/pub/orderForm', operationId: 'GetCart', summary: 'Get the current cart', response: obj({ orderFormId: str() }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});
