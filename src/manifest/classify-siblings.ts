/**
 * Decisions read from an operation's siblings (CLASSIFICATION.md rules 5–7): what the writes on the same resource
 * show about a delete, a patch or a JSON Patch that shows nothing itself.
 */
import { splitFieldName } from '../core/secret-vocabulary.js';
import { isSchema } from './classify-examples.js';
import { lastParam, moved } from './classify-doubt.js';
import { READ_METHODS, type Classification, type DocumentModel, type OperationModel } from './model.js';
import { selectorName } from './path-selector.js';

/** Moves the `write` decisions (basis `plain`) that a sibling write shows to be sensitive. */
export function escalateBySiblings(doc: DocumentModel, out: Map<string, Classification>): void {
  // The writes on an operation's own path and on its collection (`/roles/{id}` and `/roles`), in document order.
  const writesAt = new Map<string, OperationModel[]>();
  for (const op of doc.operations) if (!READ_METHODS.has(op.method)) writesAt.set(op.path, [...(writesAt.get(op.path) ?? []), op]);
  const order = new Map(doc.operations.map((op, i) => [op, i]));
  const siblingWrites = (op: OperationModel): OperationModel[] => {
    const parent = op.path.replace(lastParam, '');
    const own = writesAt.get(op.path) ?? [];
    return parent === op.path ? own : [...own, ...(writesAt.get(parent) ?? [])].sort((a, b) => order.get(a)! - order.get(b)!);
  };
  // Rule 6: deleting or patching what a sibling's body shows to be an access policy (a role's `permissions`, a
  // `policy` document) changes authorisation too; a resource that only holds a secret (a webhook) is not one.
  for (const op of doc.operations) {
    const c = out.get(op.operationId)!;
    if (c.tier !== 'write' || c.basis !== 'plain' || (op.method !== 'DELETE' && op.method !== 'PATCH')) continue;
    const setter = siblingWrites(op).find((w) => (w.method === 'PUT' || w.method === 'POST') && POLICY_REASON.test(out.get(w.operationId)!.reason));
    if (setter) out.set(op.operationId, moved(c, 'sensitive-write', 'evidence', `rule 6: ${op.method === 'DELETE' ? 'deletes' : 'changes'} what ${setter.method} ${setter.path} shows to be security configuration (${POLICY_REASON.exec(out.get(setter.operationId)!.reason)![1]})`));
  }
  // Rule 7: a JSON Patch can set any field of its resource, so it sends whatever secret the resource's PUT or
  // create sends (LaunchDarkly's destination `config`, Otoroshi's verifier `secret`), whatever `value` declares.
  for (const op of doc.operations) {
    const c = out.get(op.operationId)!;
    if (c.tier !== 'write' || c.basis !== 'plain' || op.method !== 'PATCH' || !isJsonPatch(op)) continue;
    const setter = siblingWrites(op).find((w) => w.method === 'POST' || (w.method === 'PUT' && w.path === op.path));
    const field = setter && out.get(setter.operationId)!.secrets.request[0];
    if (field) out.set(op.operationId, moved(c, 'sensitive-write', 'doubt', `rule 7: a JSON Patch can set any field, and ${setter.method} ${setter.path} sends secret field ${field}`));
  }
  // Rules 5 and 9: deleting an entry whose creation sends a secret as the entry's own `value` (a variable, a
  // parameter) removes that secret; a webhook's `secret` beside its URL is no such entry (rule 5's exception).
  // Actions selected by name (AWS's `PutParameter`) are siblings by their noun, not their path.
  const creatorsByNoun = new Map<string, OperationModel[]>();
  for (const w of doc.operations) {
    const noun = actionNoun(w, CREATE_ACTION);
    if (noun) creatorsByNoun.set(noun, [...(creatorsByNoun.get(noun) ?? []), w]);
  }
  for (const op of doc.operations) {
    const c = out.get(op.operationId)!;
    const named = actionNoun(op, DELETE_ACTION);
    if (c.tier !== 'write' || c.basis !== 'plain' || (!named && op.method !== 'DELETE')) continue;
    const creators = named ? (creatorsByNoun.get(named) ?? []) : siblingWrites(op).filter((w) => w.method === 'POST' || w.method === 'PUT');
    for (const w of creators) {
      const wc = out.get(w.operationId)!;
      const field = [...wc.secrets.request, ...wc.secrets.response].find((f) => /^(?:\[\]\.)?value$/i.test(f));
      if (!field) continue;
      out.set(op.operationId, moved(c, 'sensitive-write', 'evidence', `rule 5: deletes what ${w.method} ${w.path} shows to be a secret (its ${field})`));
      break;
    }
  }
  // Rule 5: one action offered at two paths (a plan's `readAllCodespaces` under `/Tokens/plans/{p}` and under the
  // plan itself) is one action: where one path shows what it does to credentials, the other does the same. Only a
  // named action (two words or more in its last segment) with the very same inputs.
  const byAction = new Map<string, OperationModel[]>();
  for (const op of doc.operations) {
    const key = actionKey(op);
    if (key) byAction.set(key, [...(byAction.get(key) ?? []), op]);
  }
  for (const op of doc.operations) {
    const c = out.get(op.operationId)!;
    if (c.tier !== 'write' || c.basis !== 'plain') continue;
    const twin = (byAction.get(actionKey(op) ?? '') ?? []).find((w) => w !== op && out.get(w.operationId)!.tier === 'sensitive-write' && out.get(w.operationId)!.basis === 'evidence');
    if (twin) out.set(op.operationId, moved(c, 'sensitive-write', 'doubt', `rule 5: the same action as ${twin.method} ${twin.path} (same last segment and inputs), which is sensitive-write (${out.get(twin.operationId)!.reason})`));
  }
}

/**
 * A write's method, named last segment and inputs (query parameters and top-level body fields), or undefined for a
 * write whose last segment is a variable or a single word (`/servers/{id}/start`).
 */
function actionKey(op: OperationModel): string | undefined {
  if (READ_METHODS.has(op.method)) return undefined;
  const last = op.path.replace(/\/+$/, '').split('/').pop() ?? '';
  if (last.includes('{') || splitFieldName(last).length < 2) return undefined;
  const inputs = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  for (const m of Object.values(op.requestBody?.content ?? {})) {
    const props = m.schema?.properties;
    inputs.push(...(isSchema(props) ? Object.keys(props) : ['(body)']));
  }
  return `${op.method} ${last} ${[...new Set(inputs)].sort().join(',')}`;
}

const DELETE_ACTION = /^(?:Delete|Remove|Deregister)([A-Z]\w*)$/;
const CREATE_ACTION = /^(?:Create|Put|Add|Register|Set)([A-Z]\w*)$/;

/** The noun of an action selected by name whose verb `verbs` matches (`DeleteParameters`: parameter), or undefined. */
function actionNoun(op: OperationModel, verbs: RegExp): string | undefined {
  const m = verbs.exec(selectorName(op.path) ?? '');
  return m ? m[1]!.toLowerCase().replace(/ies$/, 'y').replace(/s$/, '') : undefined;
}

const POLICY_REASON = /^rule 4: security configuration \(request field ([^)]*)\)/;

/** A JSON Patch body (RFC 6902): declared as such, or a list of `{op, path, value}` operations. */
function isJsonPatch(op: OperationModel): boolean {
  return Object.entries(op.requestBody?.content ?? {}).some(([type, m]) => {
    if (/json-patch/i.test(type)) return true;
    const items = m.schema?.items;
    return isSchema(items) && isSchema(items.properties) && 'op' in items.properties && 'path' in items.properties;
  });
}
