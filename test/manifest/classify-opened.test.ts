/**
 * What sets 17 and 20 taught, opened whole for tuning after their one clean scoring (and after set 21 was fixed
 * and given to its reviewers): one case per general rule, each failing without it, with the look-alikes the rule
 * must leave alone. The rule numbers are CLASSIFICATION.md's. Cases run through `classifyDocument`, every pass.
 */
import { describe, expect, it } from 'vitest';
import type { Tier } from '../../src/core/tiers.js';
import { classifyDocument } from '../../src/manifest/classify.js';
import type { Schema } from '../../src/manifest/model.js';
import { makeDoc, makeOp, obj, str, type OpGiven } from './classify-helpers.js';

type Case = [string, { given: OpGiven; want: { tier: Tier; reason?: RegExp } }];

function check(_: string, { given, want }: Case[1]): void {
  const op = makeOp(given);
  const got = classifyDocument(makeDoc([op]), new Map(), { platform: 'other' }).get(op.operationId)!;
  expect(got.tier, got.reason).toBe(want.tier);
  if (want.reason) expect(got.reason).toMatch(want.reason);
}

// AWS's way of putting a description beside a `$ref`.
const described = (description: string): Schema => ({ allOf: [{ type: 'string' }, { description }] });

describe('a look-alike field whose description says it is a signed or short-lived link (rule 3)', () => {
  const cases: Case[] = [
    ['a `Location` valid for minutes', { given: { path: '/layers/{name}/versions/{n}', operationId: 'GetLayerVersion', response: obj({ Content: obj({ Location: described('A link to the layer archive in Amazon S3 that is valid for 10 minutes.'), CodeSha256: str() }) }) }, want: { tier: 'sensitive-read', reason: /Content\.Location \(description: "link to the layer archive .* valid for 10 minutes"\)/ } }],
    ['…not a `Location` that is a place', { given: { path: '/sites/{id}', operationId: 'GetSite', response: obj({ Location: described('The region the site runs in, valid for the whole account.'), Name: str() }) }, want: { tier: 'read' } }],
    ['…nor a look-alike described with a validity that is no link', { given: { path: '/offers/{id}', operationId: 'GetOffer', response: obj({ Status: described('The offer is valid for 10 minutes after it is made.') }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', check);
});

describe('signing configuration is security configuration (rules 5–6): code signing, DNSSEC', () => {
  const cases: Case[] = [
    ['a code signing configuration created', { given: { method: 'POST', path: '/2020-04-22/code-signing-configs/', operationId: 'CreateCodeSigningConfig', body: obj({ Description: str(), AllowedPublishers: obj({ SigningProfileVersionArns: { type: 'array', items: str() } }) }) }, want: { tier: 'sensitive-write', reason: /"signing"/ } }],
    ['DNSSEC signing enabled for a zone', { given: { method: 'POST', path: '/2013-04-01/hostedzone/{Id}/enable-dnssec', operationId: 'EnableHostedZoneDNSSEC' }, want: { tier: 'sensitive-write', reason: /"dnssec"/ } }],
    ['…not a signing profile read', { given: { path: '/signing-profiles/{name}', operationId: 'GetSigningProfile', response: obj({ profileName: str(), platformId: str() }) }, want: { tier: 'read' } }],
    ['…nor an ordinary DNS record write', { given: { method: 'POST', path: '/2013-04-01/hostedzone/{Id}/rrset', operationId: 'ChangeResourceRecordSets', body: obj({ Name: str(), Type: str() }) }, want: { tier: 'write' } }],
  ];
  it.each(cases)('%s', check);
});
