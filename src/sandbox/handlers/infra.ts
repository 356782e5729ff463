import { createHash } from 'node:crypto';
import { ApiError, conflict, findCluster, noContent, notFound, now, ok, paginate, assertUnique, type Handler, type HandlerContext } from '../api.js';
import { fingerprintOf, generatePrivateKeyPem } from '../secrets.js';
import { nextId, type ClusterRec, type NodeRec, type SandboxState } from '../state.js';

function clusterView(st: SandboxState, c: ClusterRec) {
  const { client_key: _key, node_type: _type, ...pub } = c;
  return { ...pub, node_count: st.nodes.filter((n) => n.cluster_id === c.id).length };
}

function findNode(ctx: HandlerContext): NodeRec {
  const c = findCluster(ctx, ctx.path.cluster!);
  const key = ctx.path.node!;
  const n = ctx.state.nodes.find((x) => x.cluster_id === c.id && (x.id === key || x.name === key));
  if (!n) throw notFound('node', key);
  return n;
}

// Resources named in metrics and alert rules: `cluster:prod`, `node:i4y-worker-2`, `service:users-db`, `app:web`.
function assertResource(st: SandboxState, resource: string): void {
  const [kind, name] = resource.split(':') as [string, string];
  const pool: { id: string; name: string }[] = { cluster: st.clusters, node: st.nodes, service: st.services, app: st.apps }[kind] ?? [];
  if (!pool.some((x) => x.name === name || x.id === name)) throw notFound(kind, name);
}

const ALERT_ORDER: Record<string, number> = { firing: 0, acknowledged: 1, resolved: 2 };

/** Clusters, nodes, SSH keys, metrics and alerts. */
export const infraHandlers: Record<string, Handler> = {
  list_clusters: (ctx) => ok(paginate(ctx.state.clusters.map((c) => clusterView(ctx.state, c)), ctx.query)),
  create_cluster: (ctx) => {
    const b = ctx.body;
    assertUnique(ctx.state.clusters, b.name, 'cluster');
    const c: ClusterRec = { id: nextId(ctx.state, 'cls'), name: b.name, region: b.region, status: 'running', kubernetes_version: '1.31.4', node_type: b.node_type, labels: b.labels ?? {}, created_at: now(), client_key: generatePrivateKeyPem(ctx.rng) };
    ctx.state.clusters.push(c);
    const names = [`${c.name}-cp-1`, ...Array.from({ length: b.node_count }, (_, i) => `${c.name}-worker-${i + 1}`)];
    for (const [i, name] of names.entries()) {
      ctx.state.nodes.push({ id: nextId(ctx.state, 'node'), name, cluster_id: c.id, role: i === 0 ? 'control-plane' : 'worker', status: 'ready', health: { cpu_percent: 3, memory_percent: 12, disk_percent: 8, conditions: [] }, instance_type: i === 0 ? 'standard-2' : b.node_type, zone: `${c.region}-${'abc'[i % 3]}`, ip_address: `10.${ctx.state.clusters.length - 1}.0.${10 + i}`, kubelet_version: c.kubernetes_version, created_at: c.created_at });
    }
    return ok(clusterView(ctx.state, c), 201);
  },
  get_cluster: (ctx) => ok(clusterView(ctx.state, findCluster(ctx, ctx.path.cluster!))),
  get_cluster_health: (ctx) => {
    const c = findCluster(ctx, ctx.path.cluster!);
    const nodes = ctx.state.nodes.filter((n) => n.cluster_id === c.id);
    const ready = nodes.filter((n) => n.status === 'ready');
    const notReady = nodes.filter((n) => n.status === 'not-ready');
    const full = nodes.filter((n) => n.health.disk_percent > 80);
    const checks = [
      { name: 'control-plane', status: 'pass', message: 'API server answering' },
      { name: 'nodes', status: notReady.length ? 'fail' : 'pass', message: notReady.length ? `not ready: ${notReady.map((n) => n.name).join(', ')}` : 'all nodes ready' },
      { name: 'dns', status: 'pass', message: 'cluster DNS resolving' },
      { name: 'disk', status: full.length ? 'warn' : 'pass', message: full.length ? `above 80%: ${full.map((n) => n.name).join(', ')}` : 'all disks below 80%' },
    ];
    const status = notReady.length === 0 ? 'healthy' : ready.length > notReady.length ? 'degraded' : 'unhealthy';
    return ok({ cluster_id: c.id, status, nodes_ready: ready.length, nodes_total: nodes.length, checks, checked_at: now() });
  },
  get_cluster_kubeconfig: (ctx) => {
    const c = findCluster(ctx, ctx.path.cluster!);
    const keyData = Buffer.from(c.client_key).toString('base64');
    const kubeconfig = [
      'apiVersion: v1',
      'kind: Config',
      `clusters:\n- name: ${c.name}\n  cluster:\n    server: https://${c.name}.k8s.runos.dev:6443`,
      `users:\n- name: ${c.name}-admin\n  user:\n    client-key-data: ${keyData}`,
      `contexts:\n- name: ${c.name}\n  context:\n    cluster: ${c.name}\n    user: ${c.name}-admin`,
      `current-context: ${c.name}`,
      '',
    ].join('\n');
    return ok({ cluster_id: c.id, kubeconfig, client_key: c.client_key, expires_at: new Date(Date.now() + 3_600_000).toISOString() });
  },
  list_nodes: (ctx) => {
    const c = findCluster(ctx, ctx.path.cluster!);
    const nodes = ctx.state.nodes.filter((n) => n.cluster_id === c.id && (!ctx.query.status || n.status === ctx.query.status));
    return ok(paginate(nodes, ctx.query));
  },
  get_node: (ctx) => ok(findNode(ctx)),
  drain_node: (ctx) => {
    const n = findNode(ctx);
    if (n.status === 'draining' || n.status === 'cordoned') throw conflict(`node '${n.name}' is already ${n.status}`);
    n.status = 'draining';
    return ok(n, 202);
  },
  list_ssh_keys: (ctx) => ok(paginate(ctx.state.sshKeys, ctx.query)),
  add_ssh_key: (ctx) => {
    const fingerprint = fingerprintOf(ctx.body.public_key.split(' ')[1]);
    if (ctx.state.sshKeys.some((k) => k.fingerprint === fingerprint)) throw conflict(`this key is already installed (${fingerprint})`);
    const key = { id: nextId(ctx.state, 'ssh'), name: ctx.body.name, public_key: ctx.body.public_key, fingerprint, created_at: now() };
    ctx.state.sshKeys.push(key);
    return ok(key, 201);
  },
  delete_ssh_key: (ctx) => {
    const i = ctx.state.sshKeys.findIndex((k) => k.id === ctx.path.ssh_key);
    if (i < 0) throw notFound('SSH key', ctx.path.ssh_key!);
    ctx.state.sshKeys.splice(i, 1);
    return noContent();
  },
  get_metrics: (ctx) => {
    const { resource, metric } = ctx.query as { resource: string; metric: string };
    assertResource(ctx.state, resource);
    const step = Number(ctx.query.step_seconds);
    const count = Math.min(2000, Math.floor((Number(ctx.query.minutes) * 60) / step) + 1);
    const seed = createHash('sha256').update(`${resource}/${metric}`).digest();
    const node = resource.startsWith('node:') ? ctx.state.nodes.find((n) => n.name === resource.slice(5) || n.id === resource.slice(5)) : undefined;
    const percent = metric.endsWith('_percent');
    const base = node && percent ? node.health[metric as 'cpu_percent'] : percent ? 20 + (seed[0]! % 50) : 10 + seed[0]!;
    const end = Math.floor(Date.now() / 1000 / step) * step;
    const points = Array.from({ length: count }, (_, i) => {
      const t = end - (count - 1 - i) * step;
      const wave = Math.sin(t / 1800 + seed[1]!) * (percent ? 4 : base * 0.1);
      const value = Math.round(Math.max(0, percent ? Math.min(100, base + wave) : base + wave) * 100) / 100;
      return { time: new Date(t * 1000).toISOString(), value };
    });
    const unit = percent ? 'percent' : metric === 'latency_p95_ms' ? 'ms' : metric === 'error_rate' ? 'ratio' : metric === 'connections' ? 'connections' : 'requests/s';
    return ok({ resource, metric, unit, step_seconds: step, points });
  },
  list_alerts: (ctx) => {
    const alerts = ctx.state.alerts.filter((a) => !ctx.query.state || a.state === ctx.query.state).sort((a, b) => ALERT_ORDER[a.state]! - ALERT_ORDER[b.state]!);
    return ok(paginate(alerts, ctx.query));
  },
  acknowledge_alert: (ctx) => {
    const a = ctx.state.alerts.find((x) => x.id === ctx.path.alert);
    if (!a) throw notFound('alert', ctx.path.alert!);
    if (a.state !== 'firing') throw conflict(`alert '${a.id}' is ${a.state}, not firing`);
    a.state = 'acknowledged';
    a.acknowledged_at = now();
    return ok(a);
  },
  list_alert_rules: (ctx) => ok(paginate(ctx.state.alertRules, ctx.query)),
  create_alert_rule: (ctx) => {
    const b = ctx.body;
    assertResource(ctx.state, b.resource);
    if (ctx.state.alertRules.some((r) => r.name === b.name)) throw new ApiError(409, 'conflict', `an alert rule named '${b.name}' already exists`);
    const rule = { id: nextId(ctx.state, 'rule'), name: b.name, resource: b.resource, metric: b.metric, operator: b.operator, threshold: b.threshold, for_seconds: b.for_seconds, severity: b.severity, created_at: now() };
    ctx.state.alertRules.push(rule);
    return ok(rule, 201);
  },
};
