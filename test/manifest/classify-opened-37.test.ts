/**
 * What set 37 taught, opened whole for tuning after its one clean scoring (and after set 38 was fixed and given to
 * its reviewers): one case per general rule, each failing without it, with the look-alikes the rule must leave
 * alone. The rule numbers are CLASSIFICATION.md's. Cases run through `classifyDocument`, every pass.
 */
import { describe, it } from 'vitest';
import { checkCase, obj, str, type Case } from './classify-helpers.js';

describe("a server's auth info is what logs in to it (rule 9)", () => {
  const accounts = obj({ userAccounts: { type: 'object', additionalProperties: obj({ encryptedPassword: str({ description: 'Encrypted initial password value.' }), kmsKeyVersion: str() }) } });
  const cases: Case[] = [
    ['`instances.loadAuthInfo`', { given: { path: '/v2/{name}:loadAuthInfo', operationId: 'baremetalsolution.projects.locations.instances.loadAuthInfo', response: accounts }, want: { tier: 'sensitive-read', reason: /auth info/ } }],
    ['…not the information about an instance', { given: { path: '/v2/{name}', operationId: 'baremetalsolution.projects.locations.instances.get', response: obj({ name: str(), state: str() }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('security words that name a quantity or a backup (rules 5–6)', () => {
  const cases: Case[] = [
    ['a replication factor is no MFA factor', { given: { method: 'POST', path: '/#X-Amz-Target=AmazonDAXV3.IncreaseReplicationFactor', operationId: 'IncreaseReplicationFactor', body: obj({ ClusterName: str(), NewReplicationFactor: { type: 'integer' } }), response: obj({ Cluster: obj({ ClusterName: str() }) }) }, want: { tier: 'write' } }],
    ['…unlike an authentication factor', { given: { method: 'POST', path: '/api/v1/users/{userId}/factors', operationId: 'enrollFactor', body: obj({ factorType: str(), provider: str() }), response: obj({ id: str() }) }, want: { tier: 'sensitive-write' } }],
    ['a recovery point restored is a backup, no account recovery', { given: { method: 'POST', path: '/#X-Amz-Target=RedshiftServerless.RestoreFromRecoveryPoint', operationId: 'RestoreFromRecoveryPoint', body: obj({ recoveryPointId: str(), namespaceName: str() }), response: obj({ namespace: obj({ namespaceName: str() }) }) }, want: { tier: 'write' } }],
    ['…unlike account recovery', { given: { method: 'POST', path: '/accounts/{id}/recovery', operationId: 'startAccountRecovery', body: obj({ email: str() }), response: obj({ status: str() }) }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('a list the document says holds only a partial view shows no secret (rule 1)', () => {
  const tokens = obj({ enrollmentTokens: { type: 'array', items: obj({ name: str(), expirationTimestamp: str(), value: str({ description: 'The token value that is passed to the device.' }) }) } });
  const cases: Case[] = [
    ['"The list items contain only a partial view … all the fields but name and expiration_timestamp are empty"', { given: { path: '/v1/{parent}/enrollmentTokens', operationId: 'androidmanagement.enterprises.enrollmentTokens.list', description: 'Lists active, unexpired enrollment tokens for a given enterprise. The list items contain only a partial view of EnrollmentToken: all the fields but name and expiration_timestamp are empty.', response: tokens }, want: { tier: 'read' } }],
    ['…not a list that says nothing of it', { given: { path: '/v1/{parent}/enrollmentTokens', operationId: 'androidmanagement.enterprises.enrollmentTokens.list', description: 'Lists active, unexpired enrollment tokens for a given enterprise.', response: tokens }, want: { tier: 'sensitive-read' } }],
  ];
  it.each(cases)('%s', checkCase);
});
