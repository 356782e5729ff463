import { ApiError, assertUnique, conflict, findCluster, findService, findServiceOfType, noContent, notFound, now, ok, paginate, type Handler, type HandlerContext } from '../api.js';
import { makeService } from '../data.js';
import { generatePassword } from '../secrets.js';
import { nextId, type DatabaseRec, type SandboxState, type ServiceRec } from '../state.js';

function serviceView(st: SandboxState, s: ServiceRec) {
  const cluster = st.clusters.find((c) => c.id === s.cluster_id);
  return {
    id: s.id,
    name: s.name,
    type: s.type,
    cluster_id: s.cluster_id,
    cluster_name: cluster?.name ?? '',
    version: s.version,
    plan: s.plan,
    status: s.status,
    replicas: s.replicas,
    storage_gb: s.storage_gb,
    has_password: s.type !== 'object-storage',
    created_at: s.created_at,
  };
}

function readHost(s: ServiceRec): string {
  return s.host.replace(`${s.name}.`, `${s.name}-ro.`);
}

function credentialsView(s: ServiceRec) {
  if (s.type === 'object-storage') throw new ApiError(400, 'unsupported_service_type', `service '${s.name}' is object storage: it uses access keys (create_access_key), not a password`);
  return { service_id: s.id, username: s.username, password: s.password, host: s.host, port: s.port, password_updated_at: s.password_updated_at };
}

/** The price list of the sandbox (USD per month). */
function estimate(type: string, plan: string, replicas: number, storageGb: number) {
  const perReplica = { hobby: 9, standard: 29, performance: 99 }[plan] ?? 29;
  const perGb = type === 'object-storage' ? 0.02 : 0.12;
  const breakdown = [
    { item: `${replicas} x ${plan} ${type}`, monthly: perReplica * replicas },
    { item: `${storageGb} GB storage`, monthly: Math.round(storageGb * perGb * replicas * 100) / 100 },
  ];
  return { currency: 'USD', monthly_total: Math.round(breakdown.reduce((a, b) => a + b.monthly, 0) * 100) / 100, breakdown };
}

/** The databases of a service, and one by name. */
export function findDatabase(ctx: HandlerContext): { service: ServiceRec; db: DatabaseRec } {
  const service = findServiceOfType(ctx, ['postgresql', 'mysql'], 'this operation');
  const db = ctx.state.databases.find((d) => d.service_id === service.id && d.name === ctx.path.database);
  if (!db) throw notFound('database', ctx.path.database!);
  return { service, db };
}

function databaseView(d: DatabaseRec) {
  const { tables, ...pub } = d;
  const rows = Object.values(tables).reduce((n, t) => n + t.rows.length, 0);
  return { ...pub, size_bytes: 8_192_000 + rows * 512, tables_count: Object.keys(tables).length };
}

// The service's default user is listed like any other user but lives on the service record.
function usersOf(st: SandboxState, s: ServiceRec) {
  const dbs = st.databases.filter((d) => d.service_id === s.id).map((d) => d.name);
  const admin = { username: s.username, service_id: s.id, roles: ['admin'], databases: dbs, has_password: true, password_updated_at: s.password_updated_at, created_at: s.created_at };
  const others = st.dbUsers
    .filter((u) => u.service_id === s.id)
    .map(({ password: _p, ...u }) => ({ ...u, has_password: true }));
  return [admin, ...others];
}

function findDbUser(ctx: HandlerContext) {
  const s = findServiceOfType(ctx, ['postgresql', 'mysql'], 'database users');
  if (ctx.path.username === s.username) throw conflict(`'${s.username}' is the service's default user: rotate it with rotate_service_credentials`);
  const u = ctx.state.dbUsers.find((x) => x.service_id === s.id && x.username === ctx.path.username);
  if (!u) throw notFound('database user', ctx.path.username!);
  return { s, u };
}

/** Services, their credentials, databases and database users. */
export const serviceHandlers: Record<string, Handler> = {
  list_services: (ctx) => {
    const cluster = ctx.query.cluster ? findCluster(ctx, ctx.query.cluster) : undefined;
    const list = ctx.state.services.filter((s) => (!cluster || s.cluster_id === cluster.id) && (!ctx.query.type || s.type === ctx.query.type) && (!ctx.query.status || s.status === ctx.query.status));
    return ok(paginate(list.map((s) => serviceView(ctx.state, s)), ctx.query));
  },
  create_service: (ctx) => {
    const b = ctx.body;
    assertUnique(ctx.state.services, b.name, 'service');
    const cluster = findCluster(ctx, b.cluster);
    const s = makeService(ctx.state, ctx.rng, { ...b, cluster });
    ctx.state.services.push(s);
    if (s.type === 'postgresql' || s.type === 'mysql') {
      ctx.state.databases.push({ id: nextId(ctx.state, 'db'), name: 'defaultdb', service_id: s.id, owner: s.username, encoding: 'UTF8', created_at: s.created_at, tables: {} });
    }
    return ok(serviceView(ctx.state, s), 201);
  },
  estimate_service_price: (ctx) => ok(estimate(ctx.body.type, ctx.body.plan, ctx.body.replicas, ctx.body.storage_gb)),
  get_service: (ctx) => ok(serviceView(ctx.state, findService(ctx, ctx.path.service!))),
  update_service: (ctx) => {
    const s = findService(ctx, ctx.path.service!);
    const b = ctx.body;
    if (b.storage_gb !== undefined && b.storage_gb < s.storage_gb) throw conflict(`storage can only grow: '${s.name}' has ${s.storage_gb} GB`);
    Object.assign(s, Object.fromEntries(['plan', 'storage_gb', 'version'].filter((k) => b[k] !== undefined).map((k) => [k, b[k]])));
    return ok(serviceView(ctx.state, s));
  },
  delete_service: (ctx) => {
    const s = findService(ctx, ctx.path.service!);
    const st = ctx.state;
    st.services = st.services.filter((x) => x.id !== s.id);
    st.databases = st.databases.filter((x) => x.service_id !== s.id);
    st.dbUsers = st.dbUsers.filter((x) => x.service_id !== s.id);
    st.buckets = st.buckets.filter((x) => x.service_id !== s.id);
    st.accessKeys = st.accessKeys.filter((x) => x.service_id !== s.id);
    return noContent();
  },
  scale_service: (ctx) => {
    const s = findServiceOfType(ctx, ['postgresql', 'mysql', 'valkey'], 'scaling');
    if (ctx.body.replicas > 9) throw new ApiError(400, 'invalid_request', 'a service has at most 9 replicas');
    s.replicas = ctx.body.replicas;
    return ok(serviceView(ctx.state, s));
  },
  restart_service: (ctx) => ok(serviceView(ctx.state, findService(ctx, ctx.path.service!)), 202),
  list_service_replicas: (ctx) => {
    const s = findService(ctx, ctx.path.service!);
    const workers = ctx.state.nodes.filter((n) => n.cluster_id === s.cluster_id && n.role === 'worker');
    const items = Array.from({ length: s.replicas }, (_, i) => {
      const node = workers[i % Math.max(1, workers.length)];
      return { id: `${s.id}-r${i}`, service_id: s.id, role: i === 0 ? 'primary' : 'replica', status: 'running', node: node?.name ?? '', zone: node?.zone ?? '', lag_seconds: i === 0 ? 0 : 0.2 * i };
    });
    return ok({ items });
  },
  get_service_endpoints: (ctx) => {
    const s = findService(ctx, ctx.path.service!);
    const pw = s.type !== 'object-storage';
    return ok({ service_id: s.id, host: s.host, ...(s.replicas > 1 ? { read_host: readHost(s) } : {}), port: s.port, ...(pw ? { username: s.username, password_updated_at: s.password_updated_at } : {}), has_password: pw, tls_required: true });
  },
  get_service_credentials: (ctx) => ok(credentialsView(findService(ctx, ctx.path.service!))),
  get_connection_string: (ctx) => {
    const s = findService(ctx, ctx.path.service!);
    credentialsView(s);
    const host = ctx.query.replica === 'read' && s.replicas > 1 ? readHost(s) : s.host;
    const auth = `${encodeURIComponent(s.username)}:${encodeURIComponent(s.password)}`;
    if (s.type === 'valkey') return ok({ service_id: s.id, connection_string: `rediss://${auth}@${host}:${s.port}/0` });
    const dbs = ctx.state.databases.filter((d) => d.service_id === s.id);
    const name = ctx.query.database ?? dbs[0]?.name ?? 'defaultdb';
    if (ctx.query.database && !dbs.some((d) => d.name === name)) throw notFound('database', name);
    const url = s.type === 'postgresql' ? `postgres://${auth}@${host}:${s.port}/${name}?sslmode=require` : `mysql://${auth}@${host}:${s.port}/${name}?ssl-mode=REQUIRED`;
    return ok({ service_id: s.id, database: name, connection_string: url });
  },
  rotate_service_credentials: (ctx) => {
    const s = findService(ctx, ctx.path.service!);
    credentialsView(s);
    s.password = generatePassword(ctx.rng);
    s.password_updated_at = now();
    return ok(credentialsView(s));
  },
  list_databases: (ctx) => {
    const s = findServiceOfType(ctx, ['postgresql', 'mysql'], 'databases');
    return ok(paginate(ctx.state.databases.filter((d) => d.service_id === s.id).map(databaseView), ctx.query));
  },
  create_database: (ctx) => {
    const s = findServiceOfType(ctx, ['postgresql', 'mysql'], 'databases');
    const b = ctx.body;
    assertUnique(ctx.state.databases.filter((d) => d.service_id === s.id), b.name, 'database');
    const owner = b.owner ?? s.username;
    if (!usersOf(ctx.state, s).some((u) => u.username === owner)) throw new ApiError(400, 'invalid_request', `owner '${owner}' is not a user of '${s.name}'; create it first with create_database_user`);
    const db: DatabaseRec = { id: nextId(ctx.state, 'db'), name: b.name, service_id: s.id, owner, encoding: b.encoding, created_at: now(), tables: {} };
    ctx.state.databases.push(db);
    return ok(databaseView(db), 201);
  },
  delete_database: (ctx) => {
    const { db } = findDatabase(ctx);
    ctx.state.databases = ctx.state.databases.filter((d) => d !== db);
    for (const u of ctx.state.dbUsers) u.databases = u.databases.filter((n) => !(u.service_id === db.service_id && n === db.name));
    return noContent();
  },
  list_database_users: (ctx) => ok(paginate(usersOf(ctx.state, findServiceOfType(ctx, ['postgresql', 'mysql'], 'database users')), ctx.query)),
  create_database_user: (ctx) => {
    const s = findServiceOfType(ctx, ['postgresql', 'mysql'], 'database users');
    const b = ctx.body;
    if (usersOf(ctx.state, s).some((u) => u.username === b.username)) throw conflict(`a user named '${b.username}' already exists on '${s.name}'`);
    const dbs = ctx.state.databases.filter((d) => d.service_id === s.id).map((d) => d.name);
    const unknown = (b.databases ?? []).filter((d: string) => !dbs.includes(d));
    if (unknown.length) throw new ApiError(400, 'invalid_request', `no database ${unknown.map((d: string) => `'${d}'`).join(', ')} on '${s.name}'`);
    const rec = { username: b.username, service_id: s.id, roles: b.roles ?? ['readwrite'], databases: b.databases ?? dbs, password: b.password ?? generatePassword(ctx.rng), password_updated_at: now(), created_at: now() };
    ctx.state.dbUsers.push(rec);
    const { password, ...user } = rec;
    return ok({ user: { ...user, has_password: true }, password }, 201);
  },
  delete_database_user: (ctx) => {
    const { u } = findDbUser(ctx);
    ctx.state.dbUsers = ctx.state.dbUsers.filter((x) => x !== u);
    return noContent();
  },
  reset_database_user_password: (ctx) => {
    const { u } = findDbUser(ctx);
    u.password = ctx.body?.password ?? generatePassword(ctx.rng);
    u.password_updated_at = now();
    const { password, ...user } = u;
    return ok({ user: { ...user, has_password: true }, password });
  },
};
