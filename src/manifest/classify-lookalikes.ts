/**
 * Words of the security vocabulary (`classify-words.ts`) that name something else beside the words around them: a
 * policy about operations rather than access, a key that indexes data, a replication factor, a recovery point, a
 * pre-authorization (CLASSIFICATION.md rules 5, 6 and 9: look-alikes are what a demanding reviewer sets aside).
 */

/**
 * A policy qualified by one of these governs operations, not access (Harbor's preheat, replication and webhook
 * policies, Kubernetes' disruption budgets): `policy` counts as access policy only without such a qualifier.
 */
const OPERATIONAL_QUALIFIERS = new Set([
  'retention', 'replication', 'preheat', 'webhook', 'webhooks', 'notification', 'notifications', 'lifecycle', 'backup',
  'restart', 'scaling', 'autoscaling', 'scale', 'update', 'upgrade', 'rollout', 'image', 'pull', 'tag', 'immutable',
  'schedule', 'eviction', 'disruption', 'priority', 'runtime', 'quota', 'cleanup', 'gc', 'alert', 'alerting', 'expiration',
  'deletion', 'versioning', 'placement', 'routing', 'retry', 'cache', 'caching', 'escalation', 'sampling', 'log', 'logs',
  'build', 'deploy', 'deployment', 'branch', 'merge', 'review', 'usage', 'billing', 'pricing', 'cancellation', 'refund',
  // Policies about data and traffic: a legal hold, a metadata cascade, storage, a CDN's request or response headers.
  'hold', 'cascade', 'storage', 'request', 'response', 'headers', 'creation',
  // Where traffic goes: a SIP or database connection's routing policy (Twilio's `ConnectionPolicies`, Azure SQL's), a
  // network's peering, a media stream's delivery.
  'connection', 'connections', 'peering', 'streaming',
  // A seller's business policies: how orders are fulfilled, paid for and returned (eBay's `fulfillment_policy`).
  'fulfillment', 'fulfilment', 'payment', 'return', 'returns', 'shipping',
]);

/** Whether `words[i]` is a policy qualified as operational (`legal hold policies`, `retention policy`), no access policy. */
export function isOperationalPolicy(words: readonly string[], i: number): boolean {
  const w = words[i]!;
  return (w === 'policy' || w === 'policies') && !isAccessPolicy(words, i);
}

// Security words that name something else beside these: a replication or scaling factor (no MFA factor), a recovery
// point or plan (a backup, no account recovery), a pre-authorization (a hold on a payment). (Access logs were tried:
// reviewers read user access logging as audit configuration, rule 6.)
const FACTOR_QUANTITIES = new Set(['replication', 'scale', 'scaling', 'load', 'weight', 'conversion', 'compression', 'growth', 'multiplication', 'sampling']);
const BACKUP_RECOVERY = new Set(['point', 'points', 'plan', 'plans', 'time', 'objective', 'objectives']);

/** Whether `words[i]`, a security word elsewhere, names a quantity, a backup or a payment hold here (`ReplicationFactor`, `RecoveryPoint`, `PreAuthorization`). */
export function namesOtherThing(words: readonly string[], i: number): boolean {
  const w = words[i]!;
  if (w === 'factor' || w === 'factors') return FACTOR_QUANTITIES.has(words[i - 1] ?? '');
  if (w === 'authorization' || w === 'authorizations') return words[i - 1] === 'pre';
  return w === 'recovery' && BACKUP_RECOVERY.has(words[i + 1] ?? '');
}

export function isAccessPolicy(words: readonly string[], i: number): boolean {
  const w = words[i]!;
  if (w !== 'policy' && w !== 'policies') return true;
  return !OPERATIONAL_QUALIFIERS.has(words[i - 1] ?? '');
}

// Keys that index data, not key material: a tag's, a property's or a label's key, a partition, sort, primary or
// idempotency key (`/v3/tagKeys`, `getIssueTypePropertyKeys`, `partitionKeyRangeId`).
const DATA_KEY_QUALIFIERS = new Set([
  'tag', 'tags', 'property', 'properties', 'label', 'labels', 'attribute', 'attributes', 'metadata', 'partition', 'sort',
  'primary', 'foreign', 'idempotency', 'cache', 'row', 'shard', 'lookup', 'dedup', 'dedupe',
  // The request-context keys a policy's conditions test (`GetContextKeysForCustomPolicy`, `aws:SourceIp`); the keys a
  // quota counts by (`QuotaByCounterKeys`, `QuotaByPeriodKeys`).
  'context', 'condition', 'counter', 'period',
]);

/** Whether `words[i]` is a key that indexes data (`tag keys`), not key material. */
export function indexesData(words: readonly string[], i: number): boolean {
  return /^keys?$/.test(words[i] ?? '') && DATA_KEY_QUALIFIERS.has(words[i - 1] ?? '');
}
