import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specsDir } from '../../src/core/paths.js';
import { toolNameBudget } from '../../src/core/tiers.js';
import { assignToolNames, idHash, ownToolName, snakeName, TOOL_NAME_PATTERN } from '../../src/codegen/names.js';

const BUDGET = toolNameBudget('runos');

describe('snakeName', () => {
  it.each([
    ['camelCase', { given: 'getPetById', want: 'get_pet_by_id' }],
    ['GitHub slash and dash', { given: 'repos/get-branch', want: 'repos_get_branch' }],
    ['petstore spaces', { given: 'find pet by id', want: 'find_pet_by_id' }],
    ['acronym run', { given: 'listHTTPRoutes', want: 'list_http_routes' }],
    ['Kubernetes style', { given: 'listCoreV1NamespacedPod', want: 'list_core_v1_namespaced_pod' }],
    ['Stripe style', { given: 'GetCustomersCustomer', want: 'get_customers_customer' }],
    ['leading digit', { given: '2fa-enable', want: 'op_2fa_enable' }],
    ['only punctuation', { given: '/--/', want: 'op' }],
    ['dots and unicode', { given: 'a.b\u00e9c', want: 'a_b_c' }],
  ])('%s', (_, { given, want }) => {
    expect(snakeName(given)).toBe(want);
  });
});

describe('ownToolName', () => {
  it('keeps a name within the budget unchanged', () => {
    expect(ownToolName('repos/get', BUDGET)).toBe('repos_get');
  });

  it.each([
    'enterprise-admin/list-self-hosted-runner-groups-for-enterprise',
    'actions/list-selected-repositories-enabled-github-actions-organization',
    'GetIssuingAuthorizationsAuthorizationBlahBlahVeryLongOperationIdentifier',
    'x'.repeat(200),
  ])('shortens %s within the budget, pattern-safe, ending in its own hash', (id) => {
    const name = ownToolName(id, BUDGET);
    expect(name.length).toBeLessThanOrEqual(BUDGET);
    expect(name).toMatch(TOOL_NAME_PATTERN);
    expect(name.endsWith(`_${idHash(id)}`)).toBe(true);
  });

  it.each([
    ['drops API versions and keeps verbs whole', { given: 'connectCoreV1DeleteNamespacedServiceProxyWithPath', prefix: 'connect_core_delete_ns_' }],
    ['drops a word repeating the one before', { given: 'DeleteAccountsAccountExternalAccountsId', prefix: 'delete_account_' }],
    ['drops filler words', { given: 'teams/add-or-update-membership-for-user-in-org', prefix: 'teams_add_update_' }],
  ])('%s', (_, { given, prefix }) => {
    expect(ownToolName(given, BUDGET).startsWith(prefix)).toBe(true);
  });

  it('abbreviates known words before trimming others', () => {
    const name = ownToolName('enterprise-admin/list-self-hosted-runner-groups-for-enterprise', BUDGET);
    expect(name.startsWith('ent_admin_')).toBe(true);
  });
});

describe('assignToolNames', () => {
  const ids = [
    'repos/get',
    'repos-get',
    'reposGet',
    'enterprise-admin/list-self-hosted-runner-groups-for-enterprise',
    'enterprise-admin/list-self-hosted-runner-groups-for-enterprise-v2',
    'listPets',
  ];

  it('gives unique, valid names within the budget', () => {
    const names = assignToolNames(ids, BUDGET);
    const values = [...names.values()];
    expect(new Set(values).size).toBe(ids.length);
    for (const n of values) {
      expect(n).toMatch(TOOL_NAME_PATTERN);
      expect(n.length).toBeLessThanOrEqual(BUDGET);
    }
  });

  it('lets the first colliding id in code-unit order keep the plain name', () => {
    const names = assignToolNames(ids, BUDGET);
    expect(names.get('repos-get')).toBe('repos_get');
    expect(names.get('repos/get')).toMatch(/^repos_get_[a-z0-9]{4}$/);
    expect(names.get('reposGet')).toMatch(/^repos_get_[a-z0-9]{4}$/);
  });

  it('is deterministic whatever the input order', () => {
    expect(assignToolNames([...ids].reverse(), BUDGET)).toEqual(assignToolNames(ids, BUDGET));
  });

  it('keeps every name when unrelated operations are added or removed', () => {
    const base = assignToolNames(ids, BUDGET);
    const more = assignToolNames([...ids, 'orgs/list', 'zzz-new-operation', 'actions/get-a-very-long-operation-identifier-for-testing'], BUDGET);
    const fewer = assignToolNames(ids.filter((id) => id !== 'listPets'), BUDGET);
    for (const id of ids) {
      expect(more.get(id)).toBe(base.get(id));
      if (id !== 'listPets') expect(fewer.get(id)).toBe(base.get(id));
    }
  });

  it('refuses a budget too small to name anything', () => {
    expect(() => assignToolNames(ids, toolNameBudget('a-very-long-platform-name-indeed-yes'))).toThrow(/too small/);
  });
});

describe.skipIf(!existsSync(join(specsDir(), 'github-api.json')))('assignToolNames on GitHub operationIds (shared specs)', () => {
  const spec = () => JSON.parse(readFileSync(join(specsDir(), 'github-api.json'), 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
  const ids = () => Object.values(spec().paths).flatMap((item) => Object.values(item).map((op) => op?.operationId).filter((id): id is string => typeof id === 'string'));

  it('keeps every name when every other operation is removed', () => {
    const all = ids();
    const full = assignToolNames(all, BUDGET);
    const half = assignToolNames(all.filter((_, i) => i % 2 === 0), BUDGET);
    for (const [id, name] of half) expect(name, id).toBe(full.get(id));
    expect(new Set(full.values()).size).toBe(all.length);
  });
});
