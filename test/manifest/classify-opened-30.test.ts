/**
 * What set 30 taught, opened whole for tuning after its one clean scoring (and after set 31 was fixed and given to
 * its reviewers): one case per general rule, each failing without it, with the look-alikes the rule must leave
 * alone. The rule numbers are CLASSIFICATION.md's. Cases run through `classifyDocument`, every pass.
 */
import { describe, expect, it } from 'vitest';
import type { Tier } from '../../src/core/tiers.js';
import { classifyDocument } from '../../src/manifest/classify.js';
import { makeDoc, makeOp, obj, str, type OpGiven } from './classify-helpers.js';

type Case = [string, { given: OpGiven; want: { tier: Tier; reason?: RegExp } }];

function check(_: string, { given, want }: Case[1]): void {
  const op = makeOp(given);
  const got = classifyDocument(makeDoc([op]), new Map(), { platform: 'other' }).get(op.operationId)!;
  expect(got.tier, got.reason).toBe(want.tier);
  if (want.reason) expect(got.reason).toMatch(want.reason);
}

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
  it.each(cases)('%s', check);
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
