/**
 * Rules 5, 6 and 9 where nothing else settles a decision: a plain decision whose own name speaks of credentials or
 * security configuration takes the stricter tier, on doubt (README, "The operating point"). Each case fails without
 * `escalateByName`; the look-alikes beside them must stay where they were.
 */
import { describe, expect, it } from 'vitest';
import type { Tier } from '../../src/core/tiers.js';
import { classifyDocument } from '../../src/manifest/classify.js';
import { rateDecision } from '../../src/manifest/classify-review.js';
import { makeDoc, makeOp, obj, str, type OpGiven } from './classify-helpers.js';

type Case = [string, { given: OpGiven; want: { tier: Tier; basis?: string; reason?: RegExp } }];

const listOf = (item: Record<string, unknown>) => ({ type: 'array', items: obj(item as never) });

const cases: Case[] = [
  // Reads: a credential noun in the path or operationId, an answer that names no secret field but has one that could
  // carry it (an answer of names, dates and links only shows none: classify-opened-38).
  ['a list of keys whose answer names no secret field', { given: { path: '/projects/{id}/keys', operationId: 'listProjectKeys', response: listOf({ name: str(), created_at: str(), data: str() }) }, want: { tier: 'sensitive-read', basis: 'doubt', reason: /^rule 9: .*"keys"/ } }],
  ['one credential record', { given: { path: '/credentials/{id}', operationId: 'getCredential', response: obj({ id: str(), kind: str(), owner: str(), data: str() }) }, want: { tier: 'sensitive-read', basis: 'doubt', reason: /"credentials"/ } }],
  ['…not one whose words say the values are left out (rule 1)', { given: { path: '/v1/secrets', operationId: 'listSecrets', description: 'Lists secrets by name with version and fingerprint (no values).', response: listOf({ name: str(), version: str() }) }, want: { tier: 'read' } }],
  ['a database service\'s users (login credentials)', { given: { path: '/v1/services/{service}/users', operationId: 'listDatabaseUsers', response: listOf({ name: str(), roles: str() }) }, want: { tier: 'sensitive-read', basis: 'doubt', reason: /"users"/ } }],
  ['…not when its description says the passwords are left out', { given: { path: '/v1/services/{service}/users', operationId: 'listDatabaseUsers', description: 'Lists the users of a PostgreSQL service with their roles (no passwords).', response: listOf({ name: str(), roles: str() }) }, want: { tier: 'read' } }],
  ['…nor a list of public keys', { given: { path: '/users/{u}/ssh-keys', operationId: 'listSshKeys', response: listOf({ id: str(), title: str() }) }, want: { tier: 'read' } }],
  ['…nor a read whose name speaks only of configuration', { given: { path: '/projects/{id}/policies', operationId: 'listPolicies', response: listOf({ name: str(), rules: str() }) }, want: { tier: 'read' } }],
  ['…nor a read whose summary alone mentions a token', { given: { path: '/projects/{id}/builds', operationId: 'listBuilds', summary: 'List builds (needs a token with read scope)', response: listOf({ id: str(), status: str() }) }, want: { tier: 'read' } }],
  // Writes: a credential or security-configuration word in the path, operationId, summary or tags.
  ['a role created with no secret in its body', { given: { method: 'POST', path: '/accounts/{id}/members/{m}/roles', operationId: 'addMemberRole', body: obj({ name: str(), description: str() }), response: obj({ id: str() }) }, want: { tier: 'sensitive-write', basis: 'doubt', reason: /^rules 5–6: .*"roles"/ } }],
  ['a user disabled, by the words of its summary', { given: { method: 'POST', path: '/users/{id}/disable', operationId: 'disableUser', summary: 'Disable the user and end their sessions' }, want: { tier: 'sensitive-write', basis: 'doubt', reason: /"sessions"/ } }],
  ['a certificate removed', { given: { method: 'DELETE', path: '/domains/{d}/certs/{id}', operationId: 'removeDomainCert' }, want: { tier: 'sensitive-write', basis: 'doubt', reason: /"certs"/ } }],
  ['…not an ordinary write', { given: { method: 'POST', path: '/projects/{id}/builds', operationId: 'startBuild', body: obj({ ref: str() }) }, want: { tier: 'write' } }],
  ['…nor a write whose words only look alike (a sort key, a page token)', { given: { method: 'PUT', path: '/tables/{t}/sort', operationId: 'setSortOrder', summary: 'Set the sort order', body: obj({ sortKey: str(), pageToken: str() }) }, want: { tier: 'write' } }],
];

describe('a plain decision whose name speaks of credentials or security configuration takes the stricter tier on doubt', () => {
  it.each(cases)('%s', (_, { given, want }) => {
    const op = makeOp(given);
    const got = classifyDocument(makeDoc([op]), new Map(), { platform: 'other' }).get(op.operationId)!;
    expect(got.tier, got.reason).toBe(want.tier);
    if (want.basis) expect(got.basis).toBe(want.basis);
    if (want.reason) expect(got.reason).toMatch(want.reason);
  });

  it('lists those decisions for review as escalated on doubt alone, which an override settles', () => {
    const op = makeOp(cases[0]![1].given);
    const doc = makeDoc([op]);
    const got = classifyDocument(doc, new Map(), { platform: 'other' }).get(op.operationId)!;
    expect(rateDecision(op, got)).toEqual({ score: 3, notes: ['escalated on its name alone ("keys"): nothing in the document shows a secret or a security setting'] });
    const reviewed = classifyDocument(doc, new Map([[op.operationId, { tier: 'read' as Tier, reason: 'key names and dates only' }]]), { platform: 'other' }).get(op.operationId)!;
    expect(reviewed).toMatchObject({ tier: 'read', basis: 'reviewed' });
  });
});
