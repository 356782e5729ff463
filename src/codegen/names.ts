import { createHash } from 'node:crypto';

/** What every tool name must match (PRODUCT.md, Tools as the model sees them). */
export const TOOL_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

// Below this many characters a shortened name is mostly hash: refuse such a platform name instead.
const MIN_BUDGET = 12;
const HASH_LEN = 4;

// Word-wise abbreviations used only when a name is over budget, so ordinary names stay plain English.
const ABBREVIATIONS: Record<string, string> = {
  administrator: 'admin',
  advanced: 'adv',
  application: 'app',
  applications: 'apps',
  authenticated: 'auth',
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
  github: 'gh',
  enterprise: 'ent',
  enterprises: 'ents',
  information: 'info',
  installation: 'install',
  installations: 'installs',
  namespaced: 'ns',
  notification: 'notif',
  notifications: 'notifs',
  organization: 'org',
  organizations: 'orgs',
  permission: 'perm',
  permissions: 'perms',
  protection: 'prot',
  repositories: 'repos',
  repository: 'repo',
  requested: 'reqd',
  required: 'req',
  scheduled: 'sched',
  security: 'sec',
  selected: 'sel',
  signature: 'sig',
  signatures: 'sigs',
  statistics: 'stats',
  subscription: 'sub',
  subscriptions: 'subs',
  verification: 'verif',
};

/** Split an operationId into lower-case words: camelCase, `/`, `-`, spaces and dots all separate words. */
export function operationWords(operationId: string): string[] {
  return operationId
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The snake_case form of an operationId before any shortening (`repos/get` → `repos_get`). */
export function snakeName(operationId: string): string {
  const words = operationWords(operationId);
  if (words.length === 0) return 'op';
  const name = words.join('_');
  return /^[a-z]/.test(name) ? name : `op_${name}`;
}

/** A short base-36 hash of the operationId: the part of a shortened name that keeps it unique. */
export function idHash(operationId: string, length = HASH_LEN): string {
  const hex = createHash('sha256').update(operationId).digest('hex');
  return BigInt(`0x${hex.slice(0, 16)}`).toString(36).padStart(length, '0').slice(0, length);
}

// Words that carry little meaning in an id; dropped (only from over-long names) before any word is cut.
const FILLER = new Set(['a', 'an', 'the', 'for', 'of', 'to', 'by', 'in', 'on', 'with', 'and', 'or', 'from', 'at', 'as', 'is']);
// Verbs a model reads first; they keep their vowels when other words lose theirs.
const VERBS = new Set(['get', 'list', 'create', 'update', 'delete', 'patch', 'replace', 'read', 'watch', 'connect', 'set', 'add', 'remove', 'post', 'put']);
const MIN_WORD = 5;

/**
 * Fit words into `max` characters, most readable first: abbreviate known words, drop filler words, a
 * word that repeats the one before (Stripe's `accounts_account`) and API versions (Kubernetes' `v1`),
 * trim the longest words other than verbs, and only then drop trailing words (the hash keeps the name
 * unique, the title and description say the rest).
 */
function squeeze(words: string[], max: number): string {
  let parts = words.map((w) => ABBREVIATIONS[w] ?? w);
  const fits = () => parts.join('_').length <= max;
  const drop = (unwanted: (w: string, i: number) => boolean) => {
    if (!fits()) parts = parts.filter((w, i) => i === 0 || !unwanted(w, i));
  };
  drop((w) => FILLER.has(w));
  drop((w, i) => parts[i - 1]!.startsWith(w) || w.startsWith(parts[i - 1]!));
  drop((w) => /^v\d+(?:(?:alpha|beta)\d*)?$/.test(w));
  // Longest first, verbs last: the verb is what a model reads to pick a tool.
  const verb = parts.map((w) => VERBS.has(w));
  const pick = (min: number, verbs: boolean): number => {
    let best = -1;
    for (let i = 0; i < parts.length; i++) {
      if (parts[i]!.length > min && (verbs || !verb[i]) && (best < 0 || parts[i]!.length >= parts[best]!.length)) best = i;
    }
    return best;
  };
  for (let i = pick(6, false); !fits() && i >= 0; i = pick(6, false)) parts[i] = parts[i]!.slice(0, -1);
  for (let i = pick(MIN_WORD, false); !fits() && i >= 0; i = pick(MIN_WORD, false)) parts[i] = parts[i]!.slice(0, -1);
  while (!fits() && parts.length > 1) parts.pop();
  return parts.join('_').slice(0, max).replace(/_+$/, '');
}

/**
 * The name an operation gets on its own, depending only on its id (so it is stable when other
 * operations come and go): the snake_case id when it fits `budget`, else an abbreviation plus a hash.
 */
export function ownToolName(operationId: string, budget: number): string {
  const plain = snakeName(operationId);
  if (plain.length <= budget) return plain;
  return hashedName(operationId, budget, HASH_LEN);
}

function hashedName(operationId: string, budget: number, hashLen: number): string {
  const words = operationWords(snakeName(operationId));
  return `${squeeze(words, budget - hashLen - 1)}_${idHash(operationId, hashLen)}`;
}

/**
 * Names for a set of operationIds: unique, `^[a-z][a-z0-9_]*$`, at most `budget` characters.
 * When two ids want the same name, the first in code-unit order keeps it and the others take a hashed
 * name; the outcome depends only on the colliding ids, never on unrelated operations.
 */
export function assignToolNames(operationIds: readonly string[], budget: number): Map<string, string> {
  if (budget < MIN_BUDGET) {
    throw new RangeError(`a tool name budget of ${budget} characters is too small (need ${MIN_BUDGET}); use a shorter platform name`);
  }
  const wanted = new Map<string, string[]>();
  for (const id of [...operationIds].sort()) {
    const name = ownToolName(id, budget);
    const group = wanted.get(name);
    if (group) group.push(id);
    else wanted.set(name, [id]);
  }
  const result = new Map<string, string>();
  const taken = new Set(wanted.keys());
  for (const [name, ids] of wanted) {
    result.set(ids[0]!, name);
    for (const id of ids.slice(1)) {
      // A hashed name can in theory meet another name; a longer hash settles it, still from the id alone.
      let len = HASH_LEN;
      let candidate = hashedName(id, budget, len);
      while (taken.has(candidate)) candidate = hashedName(id, budget, ++len);
      taken.add(candidate);
      result.set(id, candidate);
    }
  }
  return result;
}
