import { describe, expect, it } from 'vitest';
import { isDestructive, secretLeaves, toolAnnotations, toolDescription, toolTitle } from '../../src/codegen/annotations.js';
import type { Tier } from '../../src/core/tiers.js';
import type { HttpMethod } from '../../src/manifest/model.js';
import { op } from './fixtures.js';

const none = { request: [], response: [] };

describe('toolAnnotations', () => {
  it.each([
    ['GET in read', { method: 'GET', id: 'listClusters', tier: 'read', want: { readOnlyHint: true, destructiveHint: false, idempotentHint: true } }],
    // Not readOnlyHint: Codex runs read-only-hinted tools without asking, and a secret must not go unasked.
    ['GET in sensitive-read', { method: 'GET', id: 'getCredentials', tier: 'sensitive-read', want: { readOnlyHint: false, destructiveHint: false, idempotentHint: true } }],
    ['POST create in sensitive-write', { method: 'POST', id: 'createApiKey', tier: 'sensitive-write', want: { readOnlyHint: false, destructiveHint: true, idempotentHint: false } }],
    ['POST search overridden to read', { method: 'POST', id: 'searchThings', tier: 'read', want: { readOnlyHint: true, destructiveHint: false, idempotentHint: true } }],
    ['POST create in write', { method: 'POST', id: 'createService', tier: 'write', want: { readOnlyHint: false, destructiveHint: false, idempotentHint: false } }],
    ['DELETE in write', { method: 'DELETE', id: 'deleteService', tier: 'write', want: { readOnlyHint: false, destructiveHint: true, idempotentHint: true } }],
    ['PUT in write', { method: 'PUT', id: 'replaceService', tier: 'write', want: { readOnlyHint: false, destructiveHint: true, idempotentHint: true } }],
    ['PATCH in write', { method: 'PATCH', id: 'updateService', tier: 'write', want: { readOnlyHint: false, destructiveHint: true, idempotentHint: false } }],
    ['POST rotate in sensitive-write', { method: 'POST', id: 'rotateCredentials', tier: 'sensitive-write', want: { readOnlyHint: false, destructiveHint: true, idempotentHint: false } }],
    ['POST rollback in write', { method: 'POST', id: 'rollbackDeployment', tier: 'write', want: { destructiveHint: true } }],
  ] as const)('%s', (_, { method, id, tier, want }) => {
    const a = toolAnnotations(op({ operationId: id, method: method as HttpMethod }), tier as Tier);
    expect(a).toMatchObject({ openWorldHint: true, ...want });
    expect(a).not.toHaveProperty('title');
  });

  it('calls a plain create additive', () => {
    expect(isDestructive(op({ operationId: 'createBucket', method: 'POST', summary: 'Create a bucket' }))).toBe(false);
  });
});

describe('toolTitle', () => {
  it.each([
    ['summary', { summary: 'List clusters.', id: 'x', want: 'List clusters' }],
    ['humanised id', { summary: undefined, id: 'repos/get-branch', want: 'Repos get branch' }],
    ['humanised camelCase', { summary: '', id: 'getPetById', want: 'Get pet by id' }],
  ])('%s', (_, { summary, id, want }) => {
    expect(toolTitle(op({ operationId: id, summary }))).toBe(want);
  });
});

describe('toolDescription', () => {
  it.each([
    ['summary plus first sentence', { o: { summary: 'Get a service', description: 'Returns one service. Needs a key.' }, c: { tier: 'read' }, want: 'Get a service. Returns one service.' }],
    ['description repeating the summary is not doubled', { o: { summary: 'List nodes', description: 'List nodes.' }, c: { tier: 'read' }, want: 'List nodes.' }],
    ['no text at all', { o: {}, c: { tier: 'write' }, want: 'Do thing.' }],
    ['deprecated', { o: { summary: 'Old', deprecated: true }, c: { tier: 'read' }, want: 'Deprecated. Old.' }],
    ['sensitive-read names the secrets', { o: { summary: 'Get credentials' }, c: { tier: 'sensitive-read', secrets: { request: [], response: ['credentials.password', 'connection_string'] } }, want: 'Get credentials. Returns secrets (password, connection_string).' }],
    ['sensitive-write without field evidence', { o: { summary: 'Rotate credentials' }, c: { tier: 'sensitive-write' }, want: 'Rotate credentials. Security-critical change.' }],
  ] as const)('%s', (_, { o, c, want }) => {
    const classification = { reason: 'r', basis: 'plain', secrets: none, ...c } as Parameters<typeof toolDescription>[1];
    expect(toolDescription(op({ operationId: 'doThing', ...o }), classification)).toBe(want);
  });
});

describe('secretLeaves', () => {
  it.each([
    ['nested field', { given: ['connection.password'], want: ['password'] }],
    ['array items', { given: ['[].temp_clone_token', 'items[].secret_value'], want: ['temp_clone_token', 'secret_value'] }],
    ['map values name the map', { given: ['build_settings.env.*', 'data.*'], want: ['env', 'data'] }],
    ['a bare root map names nothing', { given: ['*', ''], want: [] }],
    ['duplicates once', { given: ['a.token', 'b.token'], want: ['token'] }],
  ])('%s', (_, { given, want }) => {
    expect(secretLeaves(given)).toEqual(want);
  });
});
