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

describe('an operation that says it hands out a short-lived credential (rule 3)', () => {
  const cases: Case[] = [
    ['a short-lived certificate to sign in with', { given: { method: 'POST', path: '/v1/projects/{p}/instances/{i}:generateEphemeralCert', operationId: 'sql.connect.generateEphemeral', description: 'Generates a short-lived X509 certificate containing the provided public key and signed by a private key specific to the target instance.', body: obj({ public_key: str() }), response: obj({ ephemeralCert: obj({ cert: str(), commonName: str() }) }) }, want: { tier: 'sensitive-write', reason: /short-lived x509 certificate/ } }],
    ['…not a temporary table', { given: { method: 'POST', path: '/v1/queries', operationId: 'runQuery', description: 'Creates a temporary table holding the results.', body: obj({ sql: str() }) }, want: { tier: 'write' } }],
  ];
  it.each(cases)('%s', check);
});

describe('registering an SSH public key as a login (rule 6)', () => {
  const cases: Case[] = [
    ["a user's public SSH key", { given: { method: 'POST', path: '/#X-Amz-Target=OpsWorks_20130218.CreateUserProfile', operationId: 'CreateUserProfile', body: obj({ IamUserArn: str(), SshUsername: str(), SshPublicKey: described("The user's public SSH key.") }) }, want: { tier: 'sensitive-write', reason: /SshPublicKey/ } }],
    ['…or an `ssh_key` described as the public key', { given: { method: 'PUT', path: '/v1/users/{id}', operationId: 'updateUser', body: obj({ name: str(), ssh_key: str({ description: 'The public key the user signs in with.' }) }) }, want: { tier: 'sensitive-write', reason: /ssh_key/ } }],
    ['…not the ids or fingerprints of keys already registered, given to a new server', { given: { method: 'POST', path: '/v2/droplets', operationId: 'droplets_create', body: obj({ name: str(), ssh_keys: { type: 'array', items: str(), description: 'The IDs or fingerprints of the SSH keys to embed in the root account.' } }) }, want: { tier: 'write' } }],
    ['…nor the name of a key pair', { given: { method: 'POST', path: '/instances', operationId: 'createInstance', body: obj({ name: str(), SshKeyName: str() }) }, want: { tier: 'write' } }],
  ];
  it.each(cases)('%s', check);
});

describe("a bare request body is what the body's own description says (rules 1 and 7)", () => {
  const text = (description: string) => ({ required: false, description, content: { 'text/plain': { schema: { type: 'string' } } } });
  it('a plain-text password sent as the body', () => {
    const op = makeOp({ method: 'POST', path: '/person/{login}', parameters: [{ name: 'login', in: 'path' }, { name: 'cmd', in: 'query', schema: { type: 'string', enum: ['change_password', 'lock', 'delete'] } }] });
    op.requestBody = text("The password in plain text when the cmd param is 'change_password'.");
    const got = classifyDocument(makeDoc([op]), new Map(), { platform: 'other' }).get(op.operationId)!;
    expect(got).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/request body, description: "the password"/) });
  });
  it('…not a body described as a file, nor an object body whose description names a password it does not declare', () => {
    const file = makeOp({ method: 'PUT', path: '/source/{project}/{file}' });
    file.requestBody = text('The content of the file to store.');
    const object = makeOp({ method: 'POST', path: '/users', body: obj({ name: str() }) });
    object.requestBody!.description = 'The user to create; its password is set by mail.';
    const got = classifyDocument(makeDoc([file, object]), new Map(), { platform: 'other' });
    expect([got.get(file.operationId)!.tier, got.get(object.operationId)!.tier]).toEqual(['write', 'write']);
  });
});
