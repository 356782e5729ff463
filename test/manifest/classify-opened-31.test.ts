/**
 * What set 31 taught, opened whole for tuning after its one clean scoring (and after set 32 was fixed and given to
 * its reviewers): one case per general rule, each failing without it, with the look-alikes the rule must leave
 * alone. The rule numbers are CLASSIFICATION.md's. Cases run through `classifyDocument`, every pass.
 */
import { describe, it } from 'vitest';
import { checkCase, obj, str, type Case } from './classify-helpers.js';

describe("a Google-style operationId opens with the API's name, which names no resource (rules 5, 9)", () => {
  const cases: Case[] = [
    ["Google Vault's matters: a legal-hold vault, no key vault", { given: { method: 'POST', path: '/v1/matters', operationId: 'vault.matters.create', body: obj({ name: str(), description: str() }) }, want: { tier: 'write' } }],
    ['…and read', { given: { path: '/v1/matters/{matterId}', operationId: 'vault.matters.get', response: obj({ matterId: str(), name: str() }) }, want: { tier: 'read' } }],
    ['…while the resources after the name still speak (`secretmanager.projects.secrets.create`)', { given: { method: 'POST', path: '/v1/{parent}/x', operationId: 'secretmanager.projects.secrets.create', body: obj({ labels: obj({ team: str() }) }) }, want: { tier: 'sensitive-write' } }],
    ['…and a two-segment id keeps its first word (`vault.unseal`)', { given: { method: 'POST', path: '/v1/sys/x', operationId: 'vault.unseal', body: obj({ reset: { type: 'boolean' } }) }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('a session with participants, interactions or messages is a conversation, no sign-in (rules 5–6)', () => {
  const cases: Case[] = [
    ["a participant added to a Proxy session", { given: { method: 'POST', path: '/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants', operationId: 'CreateParticipant', body: obj({ Identifier: str(), FriendlyName: str() }) }, want: { tier: 'write' } }],
    ['…not a session of a user revoked', { given: { method: 'DELETE', path: '/v1/users/{id}/sessions/{sid}', operationId: 'revokeUserSession' }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe("a connection's policy routes traffic; it is no access policy (rule 6)", () => {
  const cases: Case[] = [
    ['a SIP connection policy created', { given: { method: 'POST', path: '/v1/ConnectionPolicies', operationId: 'CreateConnectionPolicy', body: obj({ FriendlyName: str() }) }, want: { tier: 'write' } }],
    ['…not an access policy created', { given: { method: 'POST', path: '/v1/AccessPolicies', operationId: 'CreateAccessPolicy', body: obj({ FriendlyName: str() }) }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('a write under a configuration path stores no value when it only queries, or only switches with no body at all (rule 5)', () => {
  const cases: Case[] = [
    ['an export configuration enabled', { given: { method: 'POST', path: '/v0.1/apps/{owner}/{app}/export_configurations/{id}/enable' }, want: { tier: 'write' } }],
    ['a version configuration queried (`:queryVersionConfig`)', { given: { method: 'POST', path: '/v1/{parent}/vmwareClusters:queryVersionConfig', operationId: 'gkeonprem.projects.locations.vmwareClusters.queryVersionConfig', responses: { '200': { description: 'OK', content: { 'application/json': { schema: obj({ versions: { type: 'array', items: obj({ version: str() }) } }) } } } } }, want: { tier: 'write' } }],
    ['…not a configuration reset, which rewrites its values', { given: { method: 'POST', path: '/api/v1/configs/{name}/reset' }, want: { tier: 'sensitive-write' } }],
    ['…nor a switch that sends an undescribed body', { given: { method: 'POST', path: '/v0.1/apps/{owner}/{app}/export_configurations/{id}/enable', body: { type: 'object' } }, want: { tier: 'sensitive-write' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('an object holding details about a credential holds no credential (rule 1)', () => {
  const cases: Case[] = [
    ['"contains additional details about a service-specific credential"', { given: { path: '/v1/services/{id}/accounts', operationId: 'listServiceAccounts', response: obj({ Items: { type: 'array', items: { type: 'object', description: 'Contains additional details about a service-specific credential.', properties: { ServiceUserName: str(), Status: str() } } } }) }, want: { tier: 'read' } }],
    ['…not one said to contain the credential', { given: { path: '/v1/services/{id}/accounts', operationId: 'listServiceAccounts', response: obj({ Items: { type: 'array', items: { type: 'object', description: 'Contains the credentials used to connect.', properties: { ServiceUserName: str(), Status: str() } } } }) }, want: { tier: 'sensitive-read' } }],
  ];
  it.each(cases)('%s', checkCase);
});

describe('a switch described as whether callers need a key at all is authentication configuration (rule 6)', () => {
  const product = (description: string) => obj({ displayName: str(), subscriptionRequired: { type: 'boolean', description } });
  const cases: Case[] = [
    ['"a valid subscription key is required for a request … to succeed"', { given: { method: 'PUT', path: '/products/{productId}', operationId: 'Product_CreateOrUpdate', body: product('Whether a product subscription is required for accessing APIs. If true, a valid subscription key is required for a request to an API included in the product to succeed.') }, want: { tier: 'sensitive-write', reason: /subscriptionRequired/ } }],
    ['…not a switch about something else that is required', { given: { method: 'PUT', path: '/products/{productId}', operationId: 'Product_CreateOrUpdate', body: product('Whether a terms-of-use acceptance is required for subscribing.') }, want: { tier: 'write' } }],
  ];
  it.each(cases)('%s', checkCase);
});
