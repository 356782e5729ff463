import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledManifestPath } from '../../src/core/paths.js';
import { compileResponseValidators } from '../../src/sandbox/routes.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { call } from './helpers.js';

// One realistic request per operation, in an order where each finds what it needs (ids captured in `v`).
// Every answer must be the documented success status and match the manifest's response schema
// (additionalProperties: false there, so a view that leaks an internal field such as a password fails).
type Step = [operationId: string, method: string, path: (v: Record<string, string>) => string, status: number, body?: unknown, save?: (b: any, v: Record<string, string>) => void];
const STEPS: Step[] = [
  ['list_clusters', 'GET', () => '/v1/clusters', 200],
  ['create_cluster', 'POST', () => '/v1/clusters', 201, { name: 'edge', region: 'eu-west', node_count: 2 }],
  ['get_cluster', 'GET', () => '/v1/clusters/i4y', 200],
  ['get_cluster_health', 'GET', () => '/v1/clusters/i4y/health', 200],
  ['get_cluster_kubeconfig', 'GET', () => '/v1/clusters/prod/kubeconfig', 200],
  ['list_nodes', 'GET', () => '/v1/clusters/i4y/nodes?status=ready', 200],
  ['get_node', 'GET', () => '/v1/clusters/i4y/nodes/i4y-worker-2', 200],
  ['drain_node', 'POST', () => '/v1/clusters/edge/nodes/edge-worker-1/drain', 202, {}],
  ['list_ssh_keys', 'GET', () => '/v1/ssh-keys', 200],
  ['add_ssh_key', 'POST', () => '/v1/ssh-keys', 201, { name: 'laptop', public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHx2bGFwdG9wa2V5Zm9ydGVzdHM me@laptop' }, (b, v) => (v.ssh = b.id)],
  ['delete_ssh_key', 'DELETE', (v) => `/v1/ssh-keys/${v.ssh}`, 204],
  ['list_services', 'GET', () => '/v1/services?cluster=prod&type=postgresql', 200],
  ['create_service', 'POST', () => '/v1/services', 201, { name: 'session-store', type: 'valkey', cluster: 'prod', replicas: 2 }],
  ['estimate_service_price', 'POST', () => '/v1/services/estimate', 200, { type: 'postgresql', replicas: 2, storage_gb: 50 }],
  ['get_service', 'GET', () => '/v1/services/users-db', 200],
  ['update_service', 'PATCH', () => '/v1/services/session-store', 200, { plan: 'performance' }],
  ['scale_service', 'POST', () => '/v1/services/session-store/scale', 200, { replicas: 3 }],
  ['restart_service', 'POST', () => '/v1/services/session-store/restart', 202],
  ['list_service_replicas', 'GET', () => '/v1/services/users-db/replicas', 200],
  ['get_service_endpoints', 'GET', () => '/v1/services/users-db/endpoints', 200],
  ['get_service_credentials', 'GET', () => '/v1/services/users-db/credentials', 200],
  ['get_connection_string', 'GET', () => '/v1/services/users-db/connection-string?database=users', 200],
  ['rotate_service_credentials', 'POST', () => '/v1/services/cache/credentials/rotate', 200],
  ['list_databases', 'GET', () => '/v1/services/users-db/databases', 200],
  ['create_database', 'POST', () => '/v1/services/users-db/databases', 201, { name: 'analytics' }],
  ['delete_database', 'DELETE', () => '/v1/services/users-db/databases/analytics', 204],
  ['list_tables', 'GET', () => '/v1/services/users-db/databases/users/tables', 200],
  ['run_sql_query', 'POST', () => '/v1/services/users-db/databases/users/query', 200, { sql: 'SELECT name FROM users ORDER BY id LIMIT 3' }],
  ['validate_sql_query', 'POST', () => '/v1/services/users-db/databases/users/query/validate', 200, { sql: 'DELETE FROM posts' }],
  ['execute_sql', 'POST', () => '/v1/services/users-db/databases/users/execute', 200, { sql: "INSERT INTO posts (user_id, title) VALUES (3, 'On computable numbers')" }],
  ['list_database_users', 'GET', () => '/v1/services/users-db/users', 200],
  ['create_database_user', 'POST', () => '/v1/services/users-db/users', 201, { username: 'reporter', roles: ['readonly'], databases: ['users'] }],
  ['reset_database_user_password', 'POST', () => '/v1/services/users-db/users/reporter/reset-password', 200],
  ['delete_database_user', 'DELETE', () => '/v1/services/users-db/users/reporter', 204],
  ['list_buckets', 'GET', () => '/v1/services/assets/buckets', 200],
  ['create_bucket', 'POST', () => '/v1/services/assets/buckets', 201, { name: 'public-media' }],
  ['get_bucket', 'GET', () => '/v1/services/assets/buckets/public-media', 200],
  ['get_bucket_policy', 'GET', () => '/v1/services/assets/buckets/public-media/policy', 200],
  ['set_bucket_policy', 'PUT', () => '/v1/services/assets/buckets/public-media/policy', 200, { access: 'private' }],
  ['delete_bucket', 'DELETE', () => '/v1/services/assets/buckets/public-media', 204],
  ['list_access_keys', 'GET', () => '/v1/services/assets/access-keys', 200],
  ['create_access_key', 'POST', () => '/v1/services/assets/access-keys', 201, { name: 'ci', buckets: ['backups'] }, (b, v) => (v.ak = b.access_key.key_id)],
  ['revoke_access_key', 'DELETE', (v) => `/v1/services/assets/access-keys/${v.ak}`, 204],
  ['list_apps', 'GET', () => '/v1/apps?cluster=prod', 200],
  ['create_app', 'POST', () => '/v1/apps', 201, { name: 'docs', cluster: 'i4y', image: 'ghcr.io/acme/docs:1.0.0' }],
  ['get_app', 'GET', () => '/v1/apps/web', 200],
  ['scale_app', 'POST', () => '/v1/apps/web/scale', 200, { replicas: 4 }],
  ['list_deployments', 'GET', () => '/v1/apps/web/deployments', 200],
  ['create_deployment', 'POST', () => '/v1/apps/web/deployments', 201, { image: 'ghcr.io/acme/web:1.5.0', message: 'new header' }],
  ['rollback_app', 'POST', () => '/v1/apps/web/rollback', 200],
  ['get_app_logs', 'GET', () => '/v1/apps/web/logs?tail=5', 200],
  ['list_env_vars', 'GET', () => '/v1/apps/web/env', 200],
  ['get_env_var', 'GET', () => '/v1/apps/web/env/DATABASE_URL', 200],
  ['set_env_var', 'PUT', () => '/v1/apps/web/env/FEATURE_FLAGS', 200, { value: 'beta,dark-mode' }],
  ['delete_env_var', 'DELETE', () => '/v1/apps/web/env/FEATURE_FLAGS', 204],
  ['delete_app', 'DELETE', () => '/v1/apps/docs', 204],
  ['list_secrets', 'GET', () => '/v1/secrets', 200],
  ['create_secret', 'POST', () => '/v1/secrets', 201, { secret_name: 'SLACK_WEBHOOK', secret_value: 'https://hooks.slack.example/T000/B000/XXXX' }],
  ['get_secret', 'GET', () => '/v1/secrets/SLACK_WEBHOOK', 200],
  ['get_secret_value', 'GET', () => '/v1/secrets/SLACK_WEBHOOK/value', 200],
  ['delete_secret', 'DELETE', () => '/v1/secrets/SLACK_WEBHOOK', 204],
  ['list_api_keys', 'GET', () => '/v1/api-keys', 200],
  ['create_api_key', 'POST', () => '/v1/api-keys', 201, { name: 'bot', expires_in_days: 30 }, (b, v) => (v.key = b.key.key_id)],
  ['revoke_api_key', 'DELETE', (v) => `/v1/api-keys/${v.key}`, 204],
  ['get_metrics', 'GET', () => '/v1/metrics?resource=service:users-db&metric=connections&minutes=30', 200],
  ['list_alerts', 'GET', () => '/v1/alerts?state=firing', 200, undefined, (b, v) => (v.alert = b.items[0].id)],
  ['acknowledge_alert', 'POST', (v) => `/v1/alerts/${v.alert}/acknowledge`, 200],
  ['list_alert_rules', 'GET', () => '/v1/alert-rules', 200],
  ['create_alert_rule', 'POST', () => '/v1/alert-rules', 201, { name: 'web errors', resource: 'app:web', metric: 'error_rate', operator: '>', threshold: 0.05 }],
  ['delete_service', 'DELETE', () => '/v1/services/session-store', 204],
];

const manifest = JSON.parse(readFileSync(bundledManifestPath(), 'utf8'));
const operationIds = Object.values<Record<string, { operationId: string }>>(manifest.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));

describe('every manifest operation is implemented and answers as documented', () => {
  let sb: Sandbox;
  const v: Record<string, string> = {};
  const validators = compileResponseValidators(manifest);
  beforeAll(async () => {
    sb = await startSandbox({ seed: 7, quiet: true });
  });
  afterAll(() => sb.close());

  it('the step table covers the manifest exactly', () => {
    expect(STEPS.map((s) => s[0]).sort()).toEqual([...operationIds].sort());
  });

  it.each(STEPS.map((s) => [s[0], s] as const))('%s', async (id, [, method, path, status, body, save]) => {
    const r = await call(sb, method, path(v), body);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    const validate = validators.get(`${id} ${status}`);
    if (status === 204) expect(r.body).toBeUndefined();
    else {
      expect(validate, `manifest documents ${id} ${status}`).toBeDefined();
      expect(validate!(r.body), JSON.stringify(validate!.errors)).toBe(true);
    }
    save?.(r.body, v);
  });

  it('documented error bodies: a 404 matches the Error schema', async () => {
    const r = await call(sb, 'GET', '/v1/services/no-such-service');
    expect(r.status).toBe(404);
    expect(validators.get('get_service 404')!(r.body)).toBe(true);
  });
});
