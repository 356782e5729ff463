import { describe, expect, it } from 'vitest';
import { selectTier } from '../../src/core/tool-table.js';
import { createRequestGuard } from '../../src/server/guard.js';
import { fixtureTable } from './fixture-table.js';

describe('request guard', () => {
  const table = fixtureTable();
  const read = createRequestGuard(selectTier(table, 'read'), '/base');
  const cases: [string, { method: string; path: string; want: boolean }][] = [
    ['a read template', { method: 'GET', path: '/base/v1/services/users-db', want: true }],
    ['method matters', { method: 'DELETE', path: '/base/v1/services/users-db', want: false }],
    ['another tier’s path', { method: 'GET', path: '/base/v1/services/users-db/credentials', want: false }],
    ['a write path', { method: 'POST', path: '/base/v1/services', want: false }],
    ['without the base path', { method: 'GET', path: '/v1/services/users-db', want: false }],
    ['a dot-dot segment', { method: 'GET', path: '/base/v1/services/..', want: false }],
    ['an encoded slash', { method: 'GET', path: '/base/v1/services/a%2Fb', want: false }],
    ['an encoded dot-dot', { method: 'GET', path: '/base/v1/services/%2e%2e', want: false }],
    ['an empty segment', { method: 'GET', path: '/base/v1/services/', want: false }],
    ['two segments for one variable', { method: 'GET', path: '/base/v1/services/a/b', want: false }],
    ['a nested template', { method: 'GET', path: '/base/v1/clusters/prod/services', want: true }],
  ];
  it.each(cases)('%s', (_name, { method, path, want }) => {
    expect(read(method, path)).toBe(want);
  });

  it('refuses a path another tier’s template matches at least as literally (the platform would route it there)', () => {
    const tool = (name: string, tier: 'read' | 'sensitive-read', path: string) => ({ ...table.tools[0]!, name, tier, method: 'GET', path });
    const readTools = [tool('get_app_item', 'read', '/apps/{app}/{kind}/{name}'), tool('get_app_status', 'read', '/apps/{app}/status')];
    const secret = [tool('get_env_var', 'sensitive-read', '/apps/{app}/env/{name}'), tool('get_app_any', 'sensitive-read', '/apps/{app}/{what}')];
    const guard = createRequestGuard(readTools, '', secret);
    expect(guard('GET', '/apps/web/env/DATABASE_URL')).toBe(false);
    expect(guard('GET', '/apps/web/logs/today')).toBe(true);
    // Ours is the more literal template here: the platform routes /apps/web/status to the read operation.
    expect(guard('GET', '/apps/web/status')).toBe(true);
    // Without the other tiers' tools the guard knows only its own templates.
    expect(createRequestGuard(readTools)('GET', '/apps/web/env/DATABASE_URL')).toBe(true);
  });

  it('finds templates whose first segment is a variable, under a base path, for both its own and the other tiers (the index keeps them apart from literal ones)', () => {
    const tool = (name: string, tier: 'read' | 'sensitive-read', path: string) => ({ ...table.tools[0]!, name, tier, method: 'GET', path });
    const readTools = [tool('get_owner', 'read', '/{owner}'), tool('get_owner_repo', 'read', '/{owner}/{repo}'), tool('get_repo_file', 'read', '/{owner}/{repo}.json')];
    const secret = [tool('get_owner_secrets', 'sensitive-read', '/{owner}/secrets'), tool('get_meta_keys', 'sensitive-read', '/meta/keys')];
    const guard = createRequestGuard(readTools, '/api/v3/', secret);
    expect(guard('GET', '/api/v3/octo')).toBe(true);
    expect(guard('GET', '/api/v3/octo/hello')).toBe(true);
    expect(guard('GET', '/api/v3/octo/hello.json')).toBe(true);
    // The other tier's templates: one with a variable first segment, one literal that ours also match.
    expect(guard('GET', '/api/v3/octo/secrets')).toBe(false);
    expect(guard('GET', '/api/v3/meta/keys')).toBe(false);
    expect(guard('GET', '/api/v3/meta/other')).toBe(true);
    // A segment more or fewer than any template, and the base path alone.
    expect(guard('GET', '/api/v3/octo/hello/extra')).toBe(false);
    expect(guard('GET', '/api/v3')).toBe(false);
    expect(guard('GET', '/api/v3/')).toBe(false);
  });
});
