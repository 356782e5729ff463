/**
 * What set 36 taught, opened whole for tuning after its one clean scoring (and after set 37 was fixed and given to
 * its reviewers): one case per general rule, each failing without it, with the look-alikes the rule must leave
 * alone. The rule numbers are CLASSIFICATION.md's. Cases run through `classifyDocument`, every pass.
 */
import { describe, expect, it } from 'vitest';
import { classifyDocument } from '../../src/manifest/classify.js';
import { checkCase, makeDoc, makeOp, obj, str, type Case } from './classify-helpers.js';

const sigV4 = ['X-Amz-Date', 'X-Amz-Credential', 'X-Amz-Security-Token', 'X-Amz-Signature'].map((name) => ({ name, in: 'header' as const }));
const action = (name: string, extra: { body?: Parameters<typeof makeOp>[0]['body']; header?: boolean } = {}) =>
  makeOp({ method: 'POST', path: `/#X-Amz-Target=Tunnels.${name}`, operationId: name, parameters: extra.header === false ? [] : sigV4, body: extra.body ?? obj({ tunnelId: str() }), response: obj({ tunnelId: str(), status: str() }) });

describe("a small document of POSTs only signs every call in with the headers they all take (rule 4's caller's own credential)", () => {
  it("AWS's signature headers on every action are no secret the action sends", () => {
    const ops = ['DescribeTunnel', 'ListTunnels', 'CloseTunnel', 'TagResource'].map((n) => action(n));
    const tiers = classifyDocument(makeDoc(ops), new Map(), { platform: 'other' });
    expect(ops.map((op) => tiers.get(op.operationId)!.tier)).toEqual(['read', 'read', 'write', 'write']);
  });
  it('…not a secret header only some of them take', () => {
    const ops = [action('DescribeTunnel'), action('ListTunnels', { header: false }), action('CloseTunnel', { header: false })];
    const got = classifyDocument(makeDoc(ops), new Map(), { platform: 'other' }).get('DescribeTunnel')!;
    expect(got.tier, got.reason).toBe('sensitive-read');
  });
});

describe('a document that marks tags `format: password` uses the mark for personal data, not secrets (rule 1)', () => {
  const marked = str({ format: 'password' });
  const cases: Case[] = [
    ["AWS's tag keys and descriptions so marked", { given: { method: 'POST', path: '/#X-Amz-Target=Env.TagResource', operationId: 'TagResource', body: obj({ ResourceARN: str(), description: marked, Tags: { type: 'array', items: obj({ Key: marked, Value: marked }) } }) }, want: { tier: 'write' } }],
    ['…not a document that marks only a secret so', { given: { method: 'POST', path: '/#X-Amz-Target=Env.CreateEnvironment', operationId: 'CreateEnvironment', body: obj({ name: str(), adminPassphrase: marked, Tags: { type: 'array', items: obj({ Key: str(), Value: str() }) } }) }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('an access policy sent by its qualified name (rule 6)', () => {
  const cases: Case[] = [
    ["a profile's `sessionPolicy`", { given: { method: 'PATCH', path: '/profile/{profileId}', operationId: 'UpdateProfile', body: obj({ name: str(), sessionPolicy: str() }) }, want: { tier: 'sensitive-write', reason: /sessionPolicy/ } }],
    ['…and `managedPolicyArns`', { given: { method: 'POST', path: '/profiles', operationId: 'CreateProfile', body: obj({ name: str(), managedPolicyArns: { type: 'array', items: str() } }) }, want: { tier: 'sensitive-write', reason: /managedPolicyArns/ } }],
    ["…not a container's `uniqueKeyPolicy` or a `scalingPolicy`", { given: { method: 'PUT', path: '/databases/{d}/containers/{c}', operationId: 'Containers_Create', body: obj({ uniqueKeyPolicy: obj({ uniqueKeys: { type: 'array', items: str() } }), scalingPolicy: obj({ min: { type: 'integer' } }) }) }, want: { tier: 'write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('names of networking and hosting, and of security configuration', () => {
  const cases: Case[] = [
    ['a private cloud created is hosting, no private key (rules 5–6)', { given: { method: 'POST', path: '/v1/{parent}/privateClouds', operationId: 'vmwareengine.projects.locations.privateClouds.create', body: obj({ description: str() }), response: obj({ name: str(), done: { type: 'boolean' } }) }, want: { tier: 'write' } }],
    ['…and a private connection', { given: { method: 'POST', path: '/v1/{parent}/privateConnections', operationId: 'datastream.projects.locations.privateConnections.create', body: obj({ vpc: str() }), response: obj({ name: str() }) }, want: { tier: 'write' } }],
    ['a security configuration deleted by name (rule 6)', { given: { method: 'POST', path: '/#X-Amz-Target=Search.DeleteSecurityConfig', operationId: 'DeleteSecurityConfig', body: obj({ id: str() }), response: obj({}) }, want: { tier: 'sensitive-write', reason: /security config/ } }],
    ['…not a security group', { given: { method: 'POST', path: '/#X-Amz-Target=Search.DeleteSecurityGroup', operationId: 'DeleteSecurityGroup', body: obj({ id: str() }), response: obj({}) }, want: { tier: 'write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('what a read returns, by its own words (rules 1 and 9)', () => {
  const policy = obj({ bindings: { type: 'array', items: obj({ role: str(), members: { type: 'array', items: str() } }) }, etag: str() });
  const cases: Case[] = [
    ["the IAM policy of keys is no key (`hcxActivationKeys.getIamPolicy`)", { given: { path: '/v1/{resource}:getIamPolicy', operationId: 'vmwareengine.projects.locations.privateClouds.hcxActivationKeys.getIamPolicy', response: policy }, want: { tier: 'read' } }],
    ['…unlike the keys themselves', { given: { path: '/v1/{name}', operationId: 'vmwareengine.projects.locations.privateClouds.hcxActivationKeys.get', response: obj({ name: str(), state: str(), activationKey: str() }) }, want: { tier: 'sensitive-read' } }],
    ['a database URL the document calls a hostname', { given: { path: '/v1beta/{name}', operationId: 'firebasedatabase.projects.locations.instances.get', response: obj({ name: str(), databaseUrl: str({ description: 'Output only. Output Only. The globally unique hostname of the database.', readOnly: true }) }) }, want: { tier: 'read' } }],
    ['…not one it calls the URL to connect with', { given: { path: '/v1beta/{name}', operationId: 'instances.get', response: obj({ name: str(), databaseUrl: str({ description: 'The URL to connect to the database.' }) }) }, want: { tier: 'sensitive-read', reason: /databaseUrl/ } }],
  ];
  it.each(cases)('%s', checkCase);
});
