/**
 * The word lists tool names are shortened with (src/codegen/names.ts). Used only when a name is over its
 * budget, so names that fit stay plain English.
 */

/** Usual short forms of long words: what a reader expects to see (`org`, `repo`, `config`). */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  administrator: 'admin',
  administrators: 'admins',
  application: 'app',
  applications: 'apps',
  authentication: 'auth',
  authorization: 'authz',
  authorizations: 'authzs',
  collaborator: 'collab',
  collaborators: 'collabs',
  configuration: 'config',
  configurations: 'configs',
  definition: 'def',
  definitions: 'defs',
  deployment: 'deploy',
  deployments: 'deploys',
  environment: 'env',
  environments: 'envs',
  enterprise: 'ent',
  enterprises: 'ents',
  information: 'info',
  installation: 'install',
  installations: 'installs',
  namespaced: 'ns',
  namespace: 'ns',
  namespaces: 'ns',
  notification: 'notif',
  notifications: 'notifs',
  organization: 'org',
  organizations: 'orgs',
  permission: 'perm',
  permissions: 'perms',
  repositories: 'repos',
  repository: 'repo',
  service: 'svc',
  services: 'svcs',
  statistics: 'stats',
  subscription: 'sub',
  subscriptions: 'subs',
  verification: 'verif',
};

/** Words that carry little meaning in a name; left out of an over-long one first. */
export const FILLER_WORDS: ReadonlySet<string> = new Set(['a', 'an', 'the', 'for', 'of', 'to', 'by', 'in', 'on', 'with', 'and', 'or', 'from', 'at', 'as', 'is']);

/** API versions (`v1`, `v2beta1`) and dates or numbers (`2010`, `04`): the same in every name of a document. */
export function isVersionWord(word: string): boolean {
  return /^v\d+(?:(?:alpha|beta)\d*)?$/.test(word) || /^\d+$/.test(word);
}

/** A word without its plural ending, to see that `customers` and `customer` name one resource. */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(?:ses|xes|ches|shes)$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Words that say what a call does or how much it touches: the last to leave an over-long name. */
export const KEEP_WORDS: ReadonlySet<string> = new Set([
  'get', 'list', 'create', 'update', 'delete', 'patch', 'put', 'post', 'head', 'options', 'replace', 'read', 'watch',
  'set', 'add', 'remove', 'enable', 'disable', 'start', 'stop', 'cancel', 'run', 'rerun', 'approve', 'review',
  'download', 'upload', 'rotate', 'revoke', 'reset', 'sync', 'restore', 'all', 'collection',
]);
