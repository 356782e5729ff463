/**
 * What set 34 taught, opened whole for tuning after its one clean scoring (and after set 35 was fixed and given to
 * its reviewers): one case per general rule, each failing without it, with the look-alikes the rule must leave
 * alone. The rule numbers are CLASSIFICATION.md's. Cases run through `classifyDocument`, every pass.
 */
import { describe, it } from 'vitest';
import { checkCase, obj, str, type Case } from './classify-helpers.js';

const ws = '/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.X/workspaces/{w}';

describe("Azure's shared access signatures: named for them, or URLs named for them (rule 3)", () => {
  const cases: Case[] = [
    ['an operation named for SAS (`ListSasByPrefix`)', { given: { path: `${ws}/artifacts/prefix/contentinfo`, operationId: 'RunArtifacts_ListSasByPrefix', response: obj({ value: { type: 'array', items: obj({ path: str(), contentUri: str() }) } }) }, want: { tier: 'sensitive-read', reason: /"sas"/ } }],
    ['URLs named for SAS, in the plural (`assetContainerSasUrls`)', { given: { method: 'POST', path: `${ws}/assets/{a}/listContainerSas`, operationId: 'Assets_ListContainerSas', body: obj({ permissions: str() }), response: obj({ assetContainerSasUrls: { type: 'array', items: str() } }) }, want: { tier: 'sensitive-write', reason: /assetContainerSasUrls/ } }],
    ['…not a SAS definition, the template a signature is made from', { given: { path: '/storage/{account}/sas/{name}', operationId: 'GetSasDefinition', response: obj({ id: str(), sid: str(), validityPeriod: str() }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('the parts of a credential and a pair of keys (rule 1)', () => {
  const cases: Case[] = [
    ["an `authorization` object's free-form `parameters`", { given: { path: `${ws}/pipelines/{p}`, operationId: 'Pipelines_Get', response: obj({ repository: obj({ id: str(), authorization: obj({ authorizationType: str({ enum: ['personalAccessToken'] }), parameters: { type: 'object', additionalProperties: str() } }) }) }) }, want: { tier: 'sensitive-read', reason: /parameters in authorization/ } }],
    ['`keys: {primary, secondary}`', { given: { path: `${ws}/agentRegistrationInformation`, operationId: 'AgentRegistrationInformation_Get', response: obj({ endpoint: str(), keys: obj({ primary: str({ description: 'Gets or sets the primary key.' }), secondary: str({ description: 'Gets or sets the secondary key.' }) }) }) }, want: { tier: 'sensitive-read', reason: /member of keys/ } }],
    ['…not the free-form `parameters` of an ordinary object', { given: { path: `${ws}/pipelines/{p}`, operationId: 'Pipelines_Get', response: obj({ repository: obj({ id: str(), build: obj({ kind: str(), parameters: { type: 'object', additionalProperties: str() } }) }) }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('an operation that says its answer leaves the secrets out returns none (rule 1)', () => {
  const compute = obj({ properties: obj({ userAccountCredentials: obj({ adminUserName: str(), adminUserPassword: str() }) }) });
  const cases: Case[] = [
    ['"Any secrets (storage keys, service credentials, etc) are not returned"', { given: { path: `${ws}/computes/{c}`, operationId: 'MachineLearningCompute_Get', description: "Gets compute definition by its name. Any secrets (storage keys, service credentials, etc) are not returned - use 'keys' nested resource to get them.", response: compute }, want: { tier: 'read' } }],
    ['…not one that says nothing of them', { given: { path: `${ws}/computes/{c}`, operationId: 'MachineLearningCompute_Get', description: 'Gets compute definition by its name.', response: compute }, want: { tier: 'sensitive-read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('networking named private, and policies about peering or streaming, are no security configuration (rules 5–6)', () => {
  const cases: Case[] = [
    ['a private link scope created', { given: { method: 'PUT', path: '/subscriptions/{s}/providers/microsoft.insights/privateLinkScopes/{scope}', operationId: 'PrivateLinkScopes_CreateOrUpdate', body: obj({ location: str() }) }, want: { tier: 'write' } }],
    ['a private endpoint connection deleted', { given: { method: 'DELETE', path: '/subscriptions/{s}/privateEndpointConnections/{c}', operationId: 'PrivateEndpointConnections_Delete' }, want: { tier: 'write' } }],
    ['a peering policy created', { given: { method: 'PUT', path: '/managedNetworks/{n}/managedNetworkPeeringPolicies/{p}', operationId: 'ManagedNetworkPeeringPolicies_CreateOrUpdate', body: obj({ properties: obj({ type: str() }) }) }, want: { tier: 'write' } }],
    ['…not a private key deleted', { given: { method: 'DELETE', path: '/v1/keys/{id}/private', operationId: 'deletePrivateKey' }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', checkCase);
});
