import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specsDir } from '../../src/core/paths.js';
import { toolNameBudget } from '../../src/core/tiers.js';
import { assignToolNames, hasHashSuffix, idHash, nameWords, ownToolName, snakeName, TOOL_NAME_PATTERN, type NameSource } from '../../src/codegen/names.js';

const BUDGET = toolNameBudget('runos');
const GH = { budget: toolNameBudget('github'), platform: 'github' };
const RUNOS = { budget: BUDGET, platform: 'runos' };

/** An operation as the namer sees it. */
function src(operationId: string, extra: Partial<NameSource> = {}): NameSource {
  return { operationId, derivedId: false, method: 'GET', path: '/things', tags: [], ...extra };
}

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

describe('nameWords: a clean operationId, else the summary, else method + path', () => {
  it.each<[string, { given: NameSource; want: string }]>([
    ['a clean operationId', { given: src('listClusters', { summary: 'Show every cluster' }), want: 'list_clusters' }],
    ['no operationId: the summary, articles and possessives left out', { given: src('get_credentials_schema_credential_type_name', { derivedId: true, summary: "Show a user's credential data schema" }), want: 'show_user_credential_data_schema' }],
    ['no operationId and no summary: method + path', { given: src('get_workflows_id_tags', { derivedId: true, path: '/workflows/{id}/tags' }), want: 'get_workflows_id_tags' }],
    ['a summary that is a sentence: method + path', { given: src('post_audit', { derivedId: true, method: 'POST', path: '/audit', summary: 'Generate a security audit of the whole instance and its workflows, please' }), want: 'post_audit' }],
    ['an operationId of junk: the summary', { given: src('op_3f9a0c2e77b1', { summary: 'Get a node' }), want: 'get_node' }],
  ])('%s', (_, { given, want }) => {
    expect(nameWords(given).join('_')).toBe(want);
  });
});

describe('ownToolName: shortening drops redundant words before cutting any', () => {
  it('keeps a name within the budget unchanged, even with words it would drop when too long', () => {
    expect(ownToolName(src('get_v2_clusters'), RUNOS)).toBe('get_v2_clusters');
    expect(ownToolName(src('repos/get'), GH)).toBe('repos_get');
  });

  it.each<[string, { given: NameSource; ctx?: typeof GH; want: string }]>([
    ['the platform name and a repeated resource word (the later one stays)', { given: src('actions/get-github-actions-default-workflow-permissions-enterprise', { tags: ['actions'] }), want: 'get_default_workflow_perms_ent' }],
    ['the platform name spelled in two words', { given: src('x', { derivedId: true, summary: 'Uploads a file to import MinIO server config' }), ctx: { budget: toolNameBudget('minio'), platform: 'minio' }, want: 'uploads_file_to_import_server_config' }],
    ['API versions and repeated resource words (`get_v2_…`)', { given: src('get_v2_clusters_cluster_nodes_node_metrics'), ctx: RUNOS, want: 'get_cluster_node_metrics' }],
    ['Kubernetes: versions, the group tag, then a middle word', { given: src('readCoreV1NamespacedPersistentVolumeClaimStatus', { tags: ['core_v1'], path: '/api/v1/namespaces/{namespace}/persistentvolumeclaims/{name}/status' }), ctx: { budget: toolNameBudget('kubernetes'), platform: 'kubernetes' }, want: 'read_ns_volume_claim_status' }],
    ['filler words', { given: src('teams/add-or-update-membership-for-user-in-org'), ctx: RUNOS, want: 'teams_add_update_membership_user_org' }],
    ['the tag prefix a toolset already says', { given: src('actions/list-self-hosted-runners-for-repo', { tags: ['actions'] }), want: 'list_self_hosted_runners_repo' }],
    ['Stripe: a resource word said again', { given: src('GetCustomersCustomerBalanceTransactionsTransaction'), ctx: { budget: toolNameBudget('stripe'), platform: 'stripe' }, want: 'get_customer_balance_transaction' }],
  ])('%s', (_, { given, ctx, want }) => {
    const name = ownToolName(given, ctx ?? GH);
    expect(name).toBe(want);
    expect(name.length).toBeLessThanOrEqual((ctx ?? GH).budget);
  });

  it('keeps the verb and what the call does when it must leave words out', () => {
    const ctx = { budget: toolNameBudget('kubernetes'), platform: 'kubernetes' };
    const del = ownToolName(src('deleteCoreV1CollectionNamespacedPersistentVolumeClaim', { tags: ['core_v1'], path: '/api/v1/namespaces/{namespace}/persistentvolumeclaims' }), ctx);
    const one = ownToolName(src('deleteCoreV1NamespacedPersistentVolumeClaim', { tags: ['core_v1'], path: '/api/v1/namespaces/{namespace}/persistentvolumeclaims/{name}' }), ctx);
    expect(del).toMatch(/^delete_collection_/);
    expect(del).not.toBe(one);
    for (const n of [del, one]) expect(n.length).toBeLessThanOrEqual(ctx.budget);
  });

  it.each(['enterprise-admin/list-self-hosted-runner-groups-for-enterprise', 'GetIssuingAuthorizationsAuthorizationBlahBlahVeryLongOperationIdentifier', 'x'.repeat(200), 'a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z'])(
    'fits %s within the budget, pattern-safe, without a hash',
    (id) => {
      const name = ownToolName(src(id), RUNOS);
      expect(name.length).toBeLessThanOrEqual(BUDGET);
      expect(name).toMatch(TOOL_NAME_PATTERN);
      expect(hasHashSuffix(name, id)).toBe(false);
    },
  );
});

describe('assignToolNames', () => {
  const ops = [
    src('repos/get'),
    src('repos-get'),
    src('reposGet'),
    src('actions/list-selected-repos-for-org-secret', { tags: ['actions'] }),
    src('dependabot/list-selected-repos-for-org-secret', { tags: ['dependabot'] }),
    src('listPets'),
  ];

  it('gives unique, valid names within the budget', () => {
    const names = assignToolNames(ops, GH);
    const values = [...names.values()];
    expect(new Set(values).size).toBe(ops.length);
    for (const n of values) {
      expect(n).toMatch(TOOL_NAME_PATTERN);
      expect(n.length).toBeLessThanOrEqual(GH.budget);
    }
  });

  it('tells colliding names apart by their tag first, and by a hash only when that still collides', () => {
    const names = assignToolNames(ops, GH);
    expect(names.get('actions/list-selected-repos-for-org-secret')).toBe('list_selected_repos_org_secret');
    expect(names.get('dependabot/list-selected-repos-for-org-secret')).toBe('dependabot_list_repos_org_secret');
    expect(names.get('repos-get')).toBe('repos_get');
    expect(names.get('repos/get')).toBe(`repos_get_${idHash('repos/get')}`);
    expect(names.get('reposGet')).toBe(`repos_get_${idHash('reposGet')}`);
  });

  it('is deterministic whatever the input order', () => {
    expect(assignToolNames([...ops].reverse(), GH)).toEqual(assignToolNames(ops, GH));
  });

  it('keeps every name when unrelated operations are added or removed', () => {
    const base = assignToolNames(ops, GH);
    const more = assignToolNames([...ops, src('orgs/list'), src('zzz-new-operation'), src('actions/get-a-very-long-operation-identifier-for-testing')], GH);
    const fewer = assignToolNames(ops.filter((o) => o.operationId !== 'listPets'), GH);
    for (const { operationId: id } of ops) {
      expect(more.get(id)).toBe(base.get(id));
      if (id !== 'listPets') expect(fewer.get(id)).toBe(base.get(id));
    }
  });

  describe('stability across updates: the previous table names win', () => {
    const workflows = src('get_workflows_id', { derivedId: true, path: '/workflows/{id}', summary: 'Retrieves a workflow' });

    it('keeps a name whose source words changed (a new summary)', () => {
      const before = assignToolNames([workflows], RUNOS);
      expect(before.get('get_workflows_id')).toBe('retrieves_workflow');
      const after = assignToolNames([{ ...workflows, summary: 'Fetch one workflow by id' }], { ...RUNOS, previous: before });
      expect(after.get('get_workflows_id')).toBe('retrieves_workflow');
    });

    it('keeps a previous hashed name, and gives a new colliding operation the other name', () => {
      const previous = new Map([['reposGet', 'repos_get'], ['repos-get', `repos_get_${idHash('repos-get')}`]]);
      const names = assignToolNames([src('reposGet'), src('repos-get'), src('repos/get')], { ...GH, previous });
      expect(names.get('reposGet')).toBe('repos_get');
      expect(names.get('repos-get')).toBe(`repos_get_${idHash('repos-get')}`);
      expect(names.get('repos/get')).toBe(`repos_get_${idHash('repos/get')}`);
    });

    it('lets a name the document asks for take a previous name, and ignores a previous name over the budget', () => {
      const previous = new Map([['listPets', 'pets'], ['reposGet', 'x'.repeat(GH.budget + 1)]]);
      const names = assignToolNames([src('listPets'), src('reposGet'), src('showPet')], { ...GH, previous, explicit: new Map([['showPet', 'pets']]) });
      expect(names.get('showPet')).toBe('pets');
      expect(names.get('listPets')).toBe('list_pets');
      expect(names.get('reposGet')).toBe('repos_get');
    });
  });

  it('refuses a budget too small to name anything', () => {
    expect(() => assignToolNames(ops, { budget: toolNameBudget('a-very-long-platform-name-indeed-yes'), platform: 'x' })).toThrow(/too small/);
  });
});

describe.skipIf(!existsSync(join(specsDir(), 'github-api.json')))('assignToolNames on GitHub operations (shared specs)', () => {
  const spec = () => JSON.parse(readFileSync(join(specsDir(), 'github-api.json'), 'utf8')) as { paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>> };
  const all = () =>
    Object.entries(spec().paths).flatMap(([path, item]) => Object.entries(item).filter(([, op]) => op?.operationId).map(([method, op]) => src(op.operationId!, { method: method.toUpperCase(), path, tags: op.tags ?? [] })));

  it('keeps every name when every other operation is removed, given the previous names', () => {
    const ops = all();
    const full = assignToolNames(ops, GH);
    expect(new Set(full.values()).size).toBe(ops.length);
    const half = assignToolNames(ops.filter((_, i) => i % 2 === 0), { ...GH, previous: full });
    for (const [id, name] of half) expect(name, id).toBe(full.get(id));
  });

  it('gives an operation whose own name no other operation wants that name, whoever else is there', () => {
    const ops = all();
    const full = assignToolNames(ops, GH);
    const half = assignToolNames(ops.filter((_, i) => i % 2 === 0), GH);
    const own = ops.map((o) => ownToolName(o, GH));
    const unique = new Set(own.filter((n, i) => own.indexOf(n) === i && own.lastIndexOf(n) === i));
    for (const [id, name] of half) if (unique.has(full.get(id)!)) expect(name, id).toBe(full.get(id));
  });
});
