import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../core/files.js';

/** A table of the sandbox's SQL engine: typed columns and rows in column order. */
export interface TableData {
  columns: { name: string; type: string; nullable: boolean }[];
  rows: unknown[][];
}

/** A cluster; `client_key` never leaves except through get_cluster_kubeconfig. */
export interface ClusterRec {
  id: string;
  name: string;
  region: string;
  status: string;
  kubernetes_version: string;
  node_type: string;
  labels: Record<string, string>;
  created_at: string;
  /** Private: the admin client key handed out by get_cluster_kubeconfig. */
  client_key: string;
}

/** A node of a cluster with its status and health figures. */
export interface NodeRec {
  id: string;
  name: string;
  cluster_id: string;
  role: string;
  status: string;
  health: { cpu_percent: number; memory_percent: number; disk_percent: number; conditions: string[] };
  instance_type: string;
  zone: string;
  ip_address: string;
  kubelet_version: string;
  created_at: string;
}

/** A managed service; host, user and password feed credentials and connection strings. */
export interface ServiceRec {
  id: string;
  name: string;
  type: 'postgresql' | 'mysql' | 'valkey' | 'object-storage';
  cluster_id: string;
  version: string;
  plan: string;
  status: string;
  replicas: number;
  storage_gb: number;
  created_at: string;
  host: string;
  port: number;
  username: string;
  /** Private: the default user's password. */
  password: string;
  password_updated_at: string;
}

/** A database of a PostgreSQL or MySQL service, with the tables the SQL subset queries. */
export interface DatabaseRec {
  id: string;
  name: string;
  service_id: string;
  owner: string;
  encoding: string;
  created_at: string;
  tables: Record<string, TableData>;
}

/** A database user other than the service default user. */
export interface DbUserRec {
  username: string;
  service_id: string;
  roles: string[];
  databases: string[];
  password: string;
  password_updated_at: string;
  created_at: string;
}

/** A bucket of an object storage service, with its policy statements and objects. */
export interface BucketRec {
  id: string;
  name: string;
  service_id: string;
  access: 'private' | 'public-read' | 'public-read-write';
  versioning: boolean;
  statements: { effect: string; principal: string; actions: string[]; prefix?: string }[];
  objects: { key: string; size_bytes: number; content_type: string; last_modified: string }[];
  created_at: string;
}

/** An S3-style access key; `secret` is returned once at creation. */
export interface AccessKeyRec {
  key_id: string;
  service_id: string;
  name: string;
  permissions: string;
  buckets: string[];
  secret: string;
  created_at: string;
  last_used_at?: string;
}

/** An application; its image and URL derive from its live deployment. */
export interface AppRec {
  id: string;
  name: string;
  cluster_id: string;
  port: number;
  replicas: number;
  status: string;
  created_at: string;
}

/** One deployment of an app (exactly one is `live`). */
export interface DeploymentRec {
  id: string;
  app_id: string;
  image: string;
  git_ref?: string;
  message?: string;
  status: string;
  created_at: string;
  finished_at?: string;
}

/** An environment variable of an app (plain value; lists show it masked). */
export interface EnvVarRec {
  app_id: string;
  name: string;
  value: string;
  updated_at: string;
}

/** A secret with its value history (version = number of values). */
export interface SecretRec {
  secret_name: string;
  description?: string;
  values: string[];
  created_at: string;
  updated_at: string;
}

/** A platform API key; `key` is returned once at creation. */
export interface ApiKeyRec {
  key_id: string;
  name: string;
  scopes: string[];
  key: string;
  created_at: string;
  last_used_at?: string;
  expires_at?: string;
}

/** An alert fired by a rule. */
export interface AlertRec {
  id: string;
  rule_id?: string;
  severity: string;
  state: string;
  resource: string;
  summary: string;
  started_at: string;
  acknowledged_at?: string;
}

/** A threshold rule on a metric of a resource. */
export interface AlertRuleRec {
  id: string;
  name: string;
  resource: string;
  metric: string;
  operator: string;
  threshold: number;
  for_seconds: number;
  severity: string;
  created_at: string;
}

/** A public SSH key installed on all nodes. */
export interface SshKeyRec {
  id: string;
  name: string;
  public_key: string;
  fingerprint: string;
  created_at: string;
}

/** The whole sandbox world: plain JSON, so it can be saved to and shared through a state file. */
export interface SandboxState {
  format: 1;
  /** Per-prefix counters: ids are deterministic (`svc_0003`). */
  seq: Record<string, number>;
  clusters: ClusterRec[];
  nodes: NodeRec[];
  sshKeys: SshKeyRec[];
  services: ServiceRec[];
  databases: DatabaseRec[];
  dbUsers: DbUserRec[];
  buckets: BucketRec[];
  accessKeys: AccessKeyRec[];
  apps: AppRec[];
  deployments: DeploymentRec[];
  envVars: EnvVarRec[];
  secrets: SecretRec[];
  apiKeys: ApiKeyRec[];
  alerts: AlertRec[];
  alertRules: AlertRuleRec[];
}

/** The next id for a prefix (`svc` → `svc_0004`), counted in the state so processes sharing it agree. */
export function nextId(state: SandboxState, prefix: string): string {
  const n = (state.seq[prefix] ?? 0) + 1;
  state.seq[prefix] = n;
  return `${prefix}_${String(n).padStart(4, '0')}`;
}

/** Read a state file; undefined when it does not exist or is not a sandbox state (then a fresh world is made). */
export function readStateFile(path: string): SandboxState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as SandboxState;
    return parsed && parsed.format === 1 && Array.isArray(parsed.services) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Save the state atomically, 0600: it holds the sandbox's (fake but secret-shaped) passwords and keys. */
export async function writeStateFile(path: string, state: SandboxState): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(state) + '\n', 0o600);
}
