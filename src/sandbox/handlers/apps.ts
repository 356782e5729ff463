import { assertUnique, conflict, findApp, findCluster, noContent, notFound, now, ok, paginate, type Handler, type HandlerContext } from '../api.js';
import { fingerprintOf, generateApiKey, maskValue } from '../secrets.js';
import { nextId, type AppRec, type DeploymentRec, type SandboxState } from '../state.js';

function deploymentsOf(st: SandboxState, app: AppRec): DeploymentRec[] {
  return st.deployments.filter((d) => d.app_id === app.id);
}

function appView(st: SandboxState, a: AppRec) {
  const live = deploymentsOf(st, a).find((d) => d.status === 'live');
  const cluster = st.clusters.find((c) => c.id === a.cluster_id)?.name ?? 'cluster';
  return { ...a, image: live?.image ?? '', url: `https://${a.name}.${cluster}.apps.runos.dev`, ...(live ? { current_deployment_id: live.id } : {}) };
}

function deploy(st: SandboxState, app: AppRec, d: Omit<DeploymentRec, 'id' | 'app_id' | 'status' | 'created_at'>, supersededAs = 'superseded'): DeploymentRec {
  for (const old of deploymentsOf(st, app)) if (old.status === 'live') old.status = supersededAs;
  const at = now();
  const rec: DeploymentRec = { id: nextId(st, 'dep'), app_id: app.id, ...d, status: 'live', created_at: at, finished_at: at };
  st.deployments.push(rec);
  app.status = 'running';
  return rec;
}

// Logs are derived from the deployments, so they follow deploys and rollbacks without being stored.
function logsOf(st: SandboxState, app: AppRec) {
  const lines = [];
  const dbUrl = st.envVars.find((e) => e.app_id === app.id && e.name === 'DATABASE_URL')?.value;
  for (const d of deploymentsOf(st, app)) {
    const t0 = Date.parse(d.created_at);
    const at = (s: number) => new Date(t0 + s * 1000).toISOString();
    const replica = `${app.name}-${d.id.slice(-4)}-0`;
    lines.push(
      { time: at(1), deployment_id: d.id, replica, stream: 'stdout', message: `starting ${d.image}` },
      { time: at(2), deployment_id: d.id, replica, stream: 'stdout', message: `listening on :${app.port}` },
      // Apps print their config at start-up more often than they should: a secret in a log line is the
      // realistic case the non-sensitive servers' value redaction exists for.
      ...(dbUrl ? [{ time: at(3), deployment_id: d.id, replica, stream: 'stdout', message: `db: connecting to ${dbUrl}` }] : []),
      { time: at(30), deployment_id: d.id, replica, stream: 'stdout', message: 'GET /healthz 200 1.2ms' },
    );
    if (d.status !== 'live') lines.push({ time: at(60), deployment_id: d.id, replica, stream: 'stderr', message: 'received SIGTERM, shutting down' });
  }
  return lines.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

function findEnv(ctx: HandlerContext) {
  const app = findApp(ctx, ctx.path.app!);
  return { app, v: ctx.state.envVars.find((e) => e.app_id === app.id && e.name === ctx.path.name) };
}

function findSecret(ctx: HandlerContext) {
  const s = ctx.state.secrets.find((x) => x.secret_name === ctx.path.secret_name);
  if (!s) throw notFound('secret', ctx.path.secret_name!);
  return s;
}

const secretView = (s: SandboxState['secrets'][number]) => ({ secret_name: s.secret_name, ...(s.description ? { description: s.description } : {}), version: s.values.length, fingerprint: fingerprintOf(s.values.at(-1)!), created_at: s.created_at, updated_at: s.updated_at });
const apiKeyView = ({ key, ...k }: SandboxState['apiKeys'][number]) => ({ ...k, last4: key.slice(-4) });

/** Apps, deployments, logs, environment variables, secrets and platform API keys. */
export const appHandlers: Record<string, Handler> = {
  list_apps: (ctx) => {
    const cluster = ctx.query.cluster ? findCluster(ctx, ctx.query.cluster) : undefined;
    return ok(paginate(ctx.state.apps.filter((a) => !cluster || a.cluster_id === cluster.id).map((a) => appView(ctx.state, a)), ctx.query));
  },
  create_app: (ctx) => {
    const b = ctx.body;
    assertUnique(ctx.state.apps, b.name, 'app');
    const cluster = findCluster(ctx, b.cluster);
    const app: AppRec = { id: nextId(ctx.state, 'app'), name: b.name, cluster_id: cluster.id, port: b.port, replicas: b.replicas, status: 'deploying', created_at: now() };
    ctx.state.apps.push(app);
    deploy(ctx.state, app, { image: b.image, message: 'initial deploy' });
    return ok(appView(ctx.state, app), 201);
  },
  get_app: (ctx) => ok(appView(ctx.state, findApp(ctx, ctx.path.app!))),
  delete_app: (ctx) => {
    const app = findApp(ctx, ctx.path.app!);
    const st = ctx.state;
    st.apps = st.apps.filter((a) => a !== app);
    st.deployments = st.deployments.filter((d) => d.app_id !== app.id);
    st.envVars = st.envVars.filter((e) => e.app_id !== app.id);
    return noContent();
  },
  scale_app: (ctx) => {
    const app = findApp(ctx, ctx.path.app!);
    app.replicas = ctx.body.replicas;
    return ok(appView(ctx.state, app));
  },
  list_deployments: (ctx) => ok(paginate(deploymentsOf(ctx.state, findApp(ctx, ctx.path.app!)).slice().reverse(), ctx.query)),
  create_deployment: (ctx) => ok(deploy(ctx.state, findApp(ctx, ctx.path.app!), ctx.body), 201),
  rollback_app: (ctx) => {
    const app = findApp(ctx, ctx.path.app!);
    const all = deploymentsOf(ctx.state, app);
    const liveIndex = all.findIndex((d) => d.status === 'live');
    const target = ctx.body?.deployment_id ? all.find((d) => d.id === ctx.body.deployment_id) : all[liveIndex - 1];
    if (ctx.body?.deployment_id && !target) throw notFound('deployment', ctx.body.deployment_id);
    if (!target) throw conflict(`app '${app.name}' has no deployment before the live one`);
    if (target.status === 'live') throw conflict(`deployment '${target.id}' is already live`);
    return ok(deploy(ctx.state, app, { image: target.image, ...(target.git_ref ? { git_ref: target.git_ref } : {}), message: `rollback to ${target.id}` }, 'rolled-back'));
  },
  get_app_logs: (ctx) => {
    const app = findApp(ctx, ctx.path.app!);
    const since = ctx.query.since ? Date.parse(ctx.query.since) : -Infinity;
    const lines = logsOf(ctx.state, app).filter((l) => Date.parse(l.time) > since && (!ctx.query.stream || l.stream === ctx.query.stream));
    return ok({ items: lines.slice(-Number(ctx.query.tail)) });
  },
  list_env_vars: (ctx) => {
    const app = findApp(ctx, ctx.path.app!);
    const items = ctx.state.envVars.filter((e) => e.app_id === app.id).map((e) => ({ name: e.name, value_masked: maskValue(e.value), updated_at: e.updated_at }));
    return ok({ items });
  },
  get_env_var: (ctx) => {
    const { v } = findEnv(ctx);
    if (!v) throw notFound('environment variable', ctx.path.name!);
    return ok({ name: v.name, value: v.value, updated_at: v.updated_at });
  },
  set_env_var: (ctx) => {
    const { app, v } = findEnv(ctx);
    const rec = v ?? { app_id: app.id, name: ctx.path.name!, value: '', updated_at: '' };
    rec.value = ctx.body.value;
    rec.updated_at = now();
    if (!v) ctx.state.envVars.push(rec);
    return ok({ name: rec.name, value_masked: maskValue(rec.value), updated_at: rec.updated_at });
  },
  delete_env_var: (ctx) => {
    const { v } = findEnv(ctx);
    if (!v) throw notFound('environment variable', ctx.path.name!);
    ctx.state.envVars = ctx.state.envVars.filter((e) => e !== v);
    return noContent();
  },
  list_secrets: (ctx) => ok(paginate(ctx.state.secrets.map(secretView), ctx.query)),
  create_secret: (ctx) => {
    const b = ctx.body;
    if (ctx.state.secrets.some((s) => s.secret_name === b.secret_name)) throw conflict(`a secret named '${b.secret_name}' already exists`);
    const rec = { secret_name: b.secret_name, ...(b.description ? { description: b.description } : {}), values: [b.secret_value], created_at: now(), updated_at: now() };
    ctx.state.secrets.push(rec);
    return ok(secretView(rec), 201);
  },
  get_secret: (ctx) => ok(secretView(findSecret(ctx))),
  get_secret_value: (ctx) => {
    const s = findSecret(ctx);
    return ok({ secret_name: s.secret_name, version: s.values.length, secret_value: s.values.at(-1) });
  },
  delete_secret: (ctx) => {
    const s = findSecret(ctx);
    ctx.state.secrets = ctx.state.secrets.filter((x) => x !== s);
    return noContent();
  },
  list_api_keys: (ctx) => ok(paginate(ctx.state.apiKeys.map(apiKeyView), ctx.query)),
  create_api_key: (ctx) => {
    const b = ctx.body;
    const key = generateApiKey(ctx.rng);
    const rec = { key_id: nextId(ctx.state, 'key'), name: b.name, scopes: b.scopes ?? ['read'], key, created_at: now(), ...(b.expires_in_days ? { expires_at: new Date(Date.now() + b.expires_in_days * 86_400_000).toISOString() } : {}) };
    ctx.state.apiKeys.push(rec);
    return ok({ key: apiKeyView(rec), api_key: key }, 201);
  },
  revoke_api_key: (ctx) => {
    const k = ctx.state.apiKeys.find((x) => x.key_id === ctx.path.key_id);
    if (!k) throw notFound('API key', ctx.path.key_id!);
    ctx.state.apiKeys = ctx.state.apiKeys.filter((x) => x !== k);
    return noContent();
  },
};
