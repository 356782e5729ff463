/**
 * What set 35 taught, opened whole for tuning after its one clean scoring (and after set 36 was fixed and given to
 * its reviewers): one case per general rule, each failing without it, with the look-alikes the rule must leave
 * alone. The rule numbers are CLASSIFICATION.md's. Cases run through `classifyDocument`, every pass.
 */
import { describe, it } from 'vitest';
import { checkCase, obj, str, type Case } from './classify-helpers.js';

const net = '/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Network';
const automation = '/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Automation/automationAccounts/{a}';

describe('an authorization key lets its holder connect (rule 1)', () => {
  const cases: Case[] = [
    ["a circuit connection's `authorizationKey`", { given: { path: `${net}/expressRouteCircuits/{c}/peerings/{p}/connections/{n}`, operationId: 'ExpressRouteCircuitConnections_Get', response: obj({ name: str(), properties: obj({ addressPrefix: str(), authorizationKey: str({ description: 'The authorization key.' }) }) }) }, want: { tier: 'sensitive-read', reason: /authorizationKey/ } }],
    ['…not the kind of authorization, nor a card issuer’s `authorization_code`', { given: { path: '/v1/payments/{id}', operationId: 'getPayment', response: obj({ authorizationType: str(), authorization_code: str() }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('a secret the document says is masked on every read is not returned (rule 1)', () => {
  const endpoint = (description: string) => obj({ properties: obj({ endpointType: str(), accessKey1: str({ description }), primaryConnectionString: str({ description: `PrimaryConnectionString of the endpoint. ${description}` }) }) });
  const cases: Case[] = [
    ['"Will be obfuscated during read"', { given: { path: '/subscriptions/{s}/providers/Microsoft.DigitalTwins/digitalTwinsInstances/{i}/endpoints/{e}', operationId: 'DigitalTwinsEndpoint_Get', response: endpoint('Will be obfuscated during read') }, want: { tier: 'read' } }],
    ['…not "masked" alone, which some documents say only of callers without access', { given: { path: '/subscriptions/{s}/providers/Microsoft.DigitalTwins/digitalTwinsInstances/{i}/endpoints/{e}', operationId: 'DigitalTwinsEndpoint_Get', response: endpoint('Masked for callers without the list-keys permission.') }, want: { tier: 'sensitive-read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe("a connection resource's values hold the credentials of what it connects to (rule 9)", () => {
  const values = { type: 'object', additionalProperties: str(), description: 'Gets or sets the field definition values of the connection.' };
  const cases: Case[] = [
    ["an Automation connection's `fieldDefinitionValues`, read", { given: { path: `${automation}/connections/{c}`, operationId: 'Connection_Get', response: obj({ name: str(), properties: obj({ description: str(), fieldDefinitionValues: values }) }) }, want: { tier: 'sensitive-read', reason: /fieldDefinitionValues/ } }],
    ['…and written', { given: { method: 'PUT', path: `${automation}/connections/{c}`, operationId: 'Connection_CreateOrUpdate', body: obj({ name: str(), properties: obj({ fieldDefinitionValues: values }) }) }, want: { tier: 'sensitive-write', reason: /fieldDefinitionValues/ } }],
    ["…not a connection's tags", { given: { path: `${automation}/connections/{c}`, operationId: 'Connection_Get', response: obj({ name: str(), tags: { type: 'object', additionalProperties: str() } }) }, want: { tier: 'read' } }],
    ['…nor the values of something that is no connection', { given: { path: `${automation}/jobs/{j}`, operationId: 'Job_Get', response: obj({ name: str(), properties: obj({ parameterValues: { type: 'object', additionalProperties: str() } }) }) }, want: { tier: 'read' } }],
    ['…nor a private endpoint connection', { given: { path: `${net}/privateLinkServices/{s}/privateEndpointConnections/{c}`, operationId: 'PrivateEndpointConnections_Get', response: obj({ name: str(), properties: obj({ settings: { type: 'object', additionalProperties: str() } }) }) }, want: { tier: 'read' } }],
  ];
  it.each(cases)('%s', checkCase);
});
