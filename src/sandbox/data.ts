import type { SandboxState, ServiceRec, TableData } from './state.js';
import { nextId } from './state.js';
import {
  fingerprintOf,
  generateAccessKeyPair,
  generateApiKey,
  generatePassword,
  generatePrivateKeyPem,
  randomAlnum,
  type Randomness,
} from './secrets.js';

// Demo timestamps are fixed so listings read the same on every start; new resources use the clock.
const EPOCH = Date.parse('2026-01-05T09:00:00Z');
const day = (n: number, hours = 0): string => new Date(EPOCH + n * 86_400_000 + hours * 3_600_000).toISOString();

/** The port a service type listens on. */
export function servicePort(type: ServiceRec['type']): number {
  return { postgresql: 5432, mysql: 3306, valkey: 6379, 'object-storage': 443 }[type];
}

/** The default user name of a service type. */
export function serviceUser(type: ServiceRec['type']): string {
  return { postgresql: 'runos_admin', mysql: 'runos_admin', valkey: 'default', 'object-storage': '' }[type];
}

/** A new service record with a fresh password (none for object storage, which uses access keys). */
export function makeService(
  state: SandboxState,
  rng: Randomness,
  s: { name: string; type: ServiceRec['type']; cluster: { id: string; name: string }; version?: string; plan?: string; replicas?: number; storage_gb?: number; status?: string; created_at?: string },
): ServiceRec {
  const created = s.created_at ?? new Date().toISOString();
  const defaults = { postgresql: '16.4', mysql: '8.4.2', valkey: '8.0.1', 'object-storage': '2026.1' };
  return {
    id: nextId(state, 'svc'),
    name: s.name,
    type: s.type,
    cluster_id: s.cluster.id,
    version: s.version ?? defaults[s.type],
    plan: s.plan ?? 'standard',
    status: s.status ?? 'running',
    replicas: s.replicas ?? 1,
    storage_gb: s.storage_gb ?? 10,
    created_at: created,
    host: `${s.name}.${s.cluster.name}.svc.runos.dev`,
    port: servicePort(s.type),
    username: serviceUser(s.type),
    password: s.type === 'object-storage' ? '' : generatePassword(rng),
    password_updated_at: created,
  };
}

const USERS: [string, string][] = [
  ['Ada Lovelace', 'ada@example.com'],
  ['Grace Hopper', 'grace@example.com'],
  ['Alan Turing', 'alan@example.com'],
  ['Katherine Johnson', 'katherine@example.com'],
  ['Edsger Dijkstra', 'edsger@example.com'],
  ['Barbara Liskov', 'barbara@example.com'],
  ['Linus Torvalds', 'linus@example.com'],
  ['Margaret Hamilton', 'margaret@example.com'],
];
// Posts per user (index-aligned with USERS): uneven, and one user with none, so GROUP BY and LEFT JOIN matter.
const POSTS_PER_USER = [4, 3, 0, 2, 1, 5, 2, 1];
const TITLES = ['Notes on', 'Thoughts about', 'A short history of', 'Why I like', 'Lessons from'];
const TOPICS = ['compilers', 'databases', 'orbits', 'type systems', 'kernels', 'testing', 'graphs'];

/** The demo `users` database: `users` and `posts` tables with rows the read-only query can count. */
export function demoUsersTables(): Record<string, TableData> {
  const users: TableData = {
    columns: [
      { name: 'id', type: 'integer', nullable: false },
      { name: 'name', type: 'text', nullable: false },
      { name: 'email', type: 'text', nullable: false },
      { name: 'created_at', type: 'timestamptz', nullable: false },
    ],
    rows: USERS.map(([name, email], i) => [i + 1, name, email, day(i * 3)]),
  };
  const posts: TableData = {
    columns: [
      { name: 'id', type: 'integer', nullable: false },
      { name: 'user_id', type: 'integer', nullable: false },
      { name: 'title', type: 'text', nullable: false },
      { name: 'published_at', type: 'timestamptz', nullable: true },
    ],
    rows: [],
  };
  let id = 1;
  POSTS_PER_USER.forEach((count, u) => {
    for (let k = 0; k < count; k++, id++) {
      const title = `${TITLES[id % TITLES.length]} ${TOPICS[(id * 3) % TOPICS.length]}`;
      posts.rows.push([id, u + 1, title, k === count - 1 && u % 2 === 0 ? null : day(20 + id)]);
    }
  });
  return { users, posts };
}

function ordersTables(): Record<string, TableData> {
  return {
    orders: {
      columns: [
        { name: 'id', type: 'integer', nullable: false },
        { name: 'customer_email', type: 'text', nullable: false },
        { name: 'total_cents', type: 'integer', nullable: false },
        { name: 'status', type: 'text', nullable: false },
      ],
      rows: [
        [1, 'ada@example.com', 4200, 'paid'],
        [2, 'grace@example.com', 1999, 'paid'],
        [3, 'ada@example.com', 500, 'refunded'],
        [4, 'linus@example.com', 12900, 'pending'],
      ],
    },
  };
}

/** Build the demo world: clusters prod and i4y, their nodes, services (users-db …), buckets, apps and secrets. */
export function createDemoState(rng: Randomness): SandboxState {
  const st: SandboxState = {
    format: 1,
    seq: {},
    clusters: [],
    nodes: [],
    sshKeys: [],
    services: [],
    databases: [],
    dbUsers: [],
    buckets: [],
    accessKeys: [],
    apps: [],
    deployments: [],
    envVars: [],
    secrets: [],
    apiKeys: [],
    alerts: [],
    alertRules: [],
  };
  const clusters: { name: string; region: string; status: string; labels: Record<string, string> }[] = [
    { name: 'prod', region: 'eu-central', status: 'running', labels: { env: 'production' } },
    { name: 'i4y', region: 'us-east', status: 'degraded', labels: { env: 'staging', team: 'growth' } },
  ];
  for (const [i, c] of clusters.entries()) {
    st.clusters.push({ id: nextId(st, 'cls'), ...c, kubernetes_version: '1.31.4', node_type: 'standard-4', created_at: day(i), client_key: generatePrivateKeyPem(rng) });
  }
  const [prod, i4y] = st.clusters as [SandboxState['clusters'][0], SandboxState['clusters'][0]];
  const nodeSpecs: [typeof prod, string, string, string, number, string[]][] = [
    [prod, 'prod-cp-1', 'control-plane', 'ready', 22, []],
    [prod, 'prod-worker-1', 'worker', 'ready', 48, []],
    [prod, 'prod-worker-2', 'worker', 'ready', 61, []],
    [prod, 'prod-worker-3', 'worker', 'ready', 37, []],
    [i4y, 'i4y-cp-1', 'control-plane', 'ready', 18, []],
    [i4y, 'i4y-worker-1', 'worker', 'ready', 55, []],
    [i4y, 'i4y-worker-2', 'worker', 'not-ready', 97, ['MemoryPressure', 'KubeletNotReady']],
  ];
  for (const [n, [c, name, role, status, cpu, conditions]] of nodeSpecs.entries()) {
    st.nodes.push({
      id: nextId(st, 'node'),
      name,
      cluster_id: c.id,
      role,
      status,
      health: { cpu_percent: cpu, memory_percent: Math.min(99, cpu + 9), disk_percent: 30 + n * 4, conditions },
      instance_type: role === 'control-plane' ? 'standard-2' : 'standard-4',
      zone: `${c.region}-${'abc'[n % 3]}`,
      ip_address: `10.${c === prod ? 0 : 1}.0.${10 + n}`,
      kubelet_version: '1.31.4',
      created_at: c.created_at,
    });
  }
  const sshPub = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${rng.bytes(32).toString('base64').slice(0, 43)} ops@runos.dev`;
  st.sshKeys.push({ id: nextId(st, 'ssh'), name: 'ops-breakglass', public_key: sshPub, fingerprint: fingerprintOf(sshPub), created_at: day(1) });

  const svc = (s: Parameters<typeof makeService>[2]) => {
    const rec = makeService(st, rng, s);
    st.services.push(rec);
    return rec;
  };
  const usersDb = svc({ name: 'users-db', type: 'postgresql', cluster: prod, replicas: 2, storage_gb: 50, created_at: day(2) });
  const ordersDb = svc({ name: 'orders-mysql', type: 'mysql', cluster: prod, created_at: day(3) });
  svc({ name: 'cache', type: 'valkey', cluster: prod, plan: 'hobby', created_at: day(3, 2) });
  const assets = svc({ name: 'assets', type: 'object-storage', cluster: prod, storage_gb: 200, created_at: day(4) });
  const analytics = svc({ name: 'analytics-db', type: 'postgresql', cluster: i4y, status: 'degraded', created_at: day(5) });

  const db = (service: ServiceRec, name: string, tables: Record<string, TableData>, d: number) =>
    st.databases.push({ id: nextId(st, 'db'), name, service_id: service.id, owner: service.username, encoding: 'UTF8', created_at: day(d), tables });
  db(usersDb, 'users', demoUsersTables(), 2);
  db(ordersDb, 'orders', ordersTables(), 3);
  db(analytics, 'events', {}, 5);
  const user = (service: ServiceRec, username: string, roles: string[], databases: string[], d: number) =>
    st.dbUsers.push({ username, service_id: service.id, roles, databases, password: generatePassword(rng), password_updated_at: day(d), created_at: day(d) });
  user(usersDb, 'app_rw', ['readwrite'], ['users'], 2);
  user(usersDb, 'reporting', ['readonly'], ['users'], 6);
  user(ordersDb, 'orders_app', ['readwrite'], ['orders'], 3);

  const objects = (names: string[]) => names.map((key, i) => ({ key, size_bytes: 2048 * (i + 3), content_type: key.endsWith('.css') ? 'text/css' : 'image/png', last_modified: day(8 + i) }));
  st.buckets.push(
    { id: nextId(st, 'bkt'), name: 'static-assets', service_id: assets.id, access: 'public-read', versioning: false, statements: [{ effect: 'allow', principal: '*', actions: ['get', 'list'] }], objects: objects(['logo.png', 'site.css', 'hero.png']), created_at: day(4) },
    { id: nextId(st, 'bkt'), name: 'backups', service_id: assets.id, access: 'private', versioning: true, statements: [], objects: objects(['users-db/2026-01-10.dump']), created_at: day(4, 1) },
  );
  const pair = generateAccessKeyPair(rng);
  st.accessKeys.push({ key_id: pair.keyId, service_id: assets.id, name: 'backup-writer', permissions: 'read-write', buckets: ['backups'], secret: pair.secret, created_at: day(4, 2), last_used_at: day(30) });

  const app = (name: string, cluster: typeof prod, port: number, replicas: number, images: string[], d: number) => {
    const rec = { id: nextId(st, 'app'), name, cluster_id: cluster.id, port, replicas, status: 'running', created_at: day(d) };
    st.apps.push(rec);
    images.forEach((image, i) =>
      st.deployments.push({ id: nextId(st, 'dep'), app_id: rec.id, image, git_ref: randomAlnum(rng, 7).toLowerCase(), message: `release ${image.split(':')[1]}`, status: i === images.length - 1 ? 'live' : 'superseded', created_at: day(d + i * 2), finished_at: day(d + i * 2, 1) }),
    );
    return rec;
  };
  const web = app('web', prod, 8080, 3, ['ghcr.io/acme/web:1.4.0', 'ghcr.io/acme/web:1.4.1', 'ghcr.io/acme/web:1.4.2'], 6);
  app('worker', prod, 9000, 2, ['ghcr.io/acme/worker:2.0.3'], 7);
  app('api', i4y, 8080, 1, ['ghcr.io/acme/api:0.9.0', 'ghcr.io/acme/api:0.9.1'], 8);
  const env = (name: string, value: string) => st.envVars.push({ app_id: web.id, name, value, updated_at: day(9) });
  env('DATABASE_URL', `postgres://app_rw:${st.dbUsers[0]!.password}@${usersDb.host}:5432/users?sslmode=require`);
  env('LOG_LEVEL', 'info');
  env('STRIPE_SECRET_KEY', `sk_live_${randomAlnum(rng, 32)}`);

  const secret = (secret_name: string, description: string, value: string, d: number) =>
    st.secrets.push({ secret_name, description, values: [value], created_at: day(d), updated_at: day(d) });
  secret('GITHUB_TOKEN', 'Token the CI uses to pull private images', `ghp_${randomAlnum(rng, 36)}`, 10);
  secret('STRIPE_API_KEY', 'Payments', `sk_live_${randomAlnum(rng, 32)}`, 11);
  secret('TLS_PRIVATE_KEY', 'Private key of the *.acme.example certificate', generatePrivateKeyPem(rng), 12);
  const key = (name: string, scopes: string[], d: number) => {
    const value = generateApiKey(rng);
    st.apiKeys.push({ key_id: nextId(st, 'key'), name, scopes, key: value, created_at: day(d), last_used_at: day(d + 20) });
  };
  key('ci-deploy', ['read', 'write'], 10);
  key('grafana-dashboard', ['read'], 12);

  st.alertRules.push(
    { id: nextId(st, 'rule'), name: 'Node CPU high', resource: 'cluster:i4y', metric: 'cpu_percent', operator: '>', threshold: 90, for_seconds: 300, severity: 'critical', created_at: day(5) },
    { id: nextId(st, 'rule'), name: 'users-db connections', resource: 'service:users-db', metric: 'connections', operator: '>=', threshold: 180, for_seconds: 600, severity: 'warning', created_at: day(5) },
  );
  st.alerts.push(
    { id: nextId(st, 'alt'), rule_id: st.alertRules[0]!.id, severity: 'critical', state: 'firing', resource: 'node:i4y-worker-2', summary: 'i4y-worker-2 is NotReady (MemoryPressure); CPU at 97%', started_at: day(40) },
    { id: nextId(st, 'alt'), rule_id: st.alertRules[1]!.id, severity: 'warning', state: 'acknowledged', resource: 'service:users-db', summary: 'users-db has 184 open connections', started_at: day(39), acknowledged_at: day(39, 1) },
    { id: nextId(st, 'alt'), rule_id: st.alertRules[1]!.id, severity: 'warning', state: 'resolved', resource: 'service:users-db', summary: 'users-db had 190 open connections', started_at: day(30) },
  );
  return st;
}
