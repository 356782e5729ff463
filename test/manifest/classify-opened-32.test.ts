/**
 * What set 32 taught, opened whole for tuning after its one clean scoring (and after set 33 was fixed and given to
 * its reviewers): one case per general rule, each failing without it, with the look-alikes the rule must leave
 * alone. The rule numbers are CLASSIFICATION.md's. Cases run through `classifyDocument`, every pass.
 */
import { describe, it } from 'vitest';
import { checkCase, obj, str, type Case } from './classify-helpers.js';

describe('an operation whose purpose is to hand out where to download something hands out a signed link (rules 3, 9)', () => {
  const cases: Case[] = [
    ['"Gets the URL to download the symbol"', { given: { path: '/v0.1/apps/{owner}/{app}/symbols/{id}/location', operationId: 'symbols_getLocation', description: 'Gets the URL to download the symbol', response: obj({ uri: str() }) }, want: { tier: 'sensitive-read', reason: /url to download/ } }],
    ['…not an operation that only describes a download', { given: { path: '/v0.1/apps/{owner}/{app}/symbols/{id}', operationId: 'symbols_get', description: 'Gets the symbol, with the URL it was uploaded from', response: obj({ uri: str(), name: str() }) }, want: { tier: 'read' } }],
    ['…nor one whose answer holds no link', { given: { path: '/v0.1/apps/{owner}/{app}/symbols/{id}/status', operationId: 'symbols_getStatus', description: 'Gets the URL to download the symbol, once it is ready', response: obj({ status: str() }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('a secret flag in the base an entry extends marks its value (rule 1)', () => {
  const entry = (valueDescription: string) => ({ allOf: [{ type: 'object', properties: { secret: { type: 'boolean', description: 'Determines whether the value is a secret.' }, tags: { type: 'array', items: str() } } }], properties: { displayName: str(), value: str({ description: valueDescription }) } });
  const cases: Case[] = [
    ["Azure API Management's named value `{allOf: [{secret}], value}`", { given: { path: '/service/{s}/properties/{propId}', operationId: 'Property_Get', response: obj({ properties: entry('Value of the property.') }) }, want: { tier: 'sensitive-read', reason: /value beside secret/ } }],
    ["…not when the value is said not to be filled on reads", { given: { path: '/service/{s}/namedValues/{id}', operationId: 'NamedValue_Get', response: obj({ properties: entry("Value of the named value. This property will not be filled on 'GET' operations! Use '/listSecrets' to get the value.") }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('tagging, untagging or describing a credential or a policy only labels it (rules 5–6)', () => {
  const cases: Case[] = [
    ['an MFA device tagged', { given: { method: 'POST', path: '/#Action=TagMFADevice', operationId: 'POST_TagMFADevice', body: obj({ SerialNumber: str(), Tags: { type: 'array', items: obj({ Key: str(), Value: str() }) } }) }, want: { tier: 'write' } }],
    ["a role's description updated", { given: { method: 'POST', path: '/#Action=UpdateRoleDescription', operationId: 'POST_UpdateRoleDescription', body: obj({ RoleName: str(), Description: str() }) }, want: { tier: 'write' } }],
    ['…not an MFA device deactivated', { given: { method: 'POST', path: '/#Action=DeactivateMFADevice', operationId: 'POST_DeactivateMFADevice', body: obj({ UserName: str(), SerialNumber: str() }) }, want: { tier: 'sensitive-write' } }],
    ["…nor a role's trust policy updated", { given: { method: 'POST', path: '/#Action=UpdateAssumeRolePolicy', operationId: 'POST_UpdateAssumeRolePolicy', body: obj({ RoleName: str(), PolicyDocument: str() }) }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('a simulation only evaluates; it changes nothing (rule 2)', () => {
  const cases: Case[] = [
    ['a custom policy simulated', { given: { method: 'POST', path: '/#Action=SimulateCustomPolicy', operationId: 'POST_SimulateCustomPolicy', body: obj({ PolicyInputList: { type: 'array', items: str() }, ActionNames: { type: 'array', items: str() } }), response: obj({ EvaluationResults: { type: 'array', items: obj({ EvalActionName: str(), EvalDecision: str() }) } }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('the keys a quota counts by index data (rule 9)', () => {
  const cases: Case[] = [
    ['quota counters listed by counter key', { given: { path: '/service/{s}/quotas/{quotaCounterKey}', operationId: 'QuotaByCounterKeys_ListByService', response: obj({ value: { type: 'array', items: obj({ counterKey: str(), callsCount: { type: 'integer' } }) } }) }, want: { tier: 'read' } }],
    ['…not keys listed', { given: { path: '/service/{s}/keys', operationId: 'Keys_ListByService', response: obj({ value: { type: 'array', items: obj({ name: str(), data: str() }) } }) }, want: { tier: 'sensitive-read' } }],
  ];
  it.each(cases)('%s', checkCase);
});
