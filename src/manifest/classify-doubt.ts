/**
 * Rule 5 (PRODUCT.md, Classification): when in doubt, the stricter tier; never guess downward. The
 * doubt this module recognises is a response whose shape the document does not describe: nothing shows
 * that no secret travels, so any hint of credentials in its context settles it upward.
 */
import { isLookalikeFieldName, splitFieldName } from '../core/secret-vocabulary.js';
import { isEnvName } from './classify-schema.js';
import type { Classification, DocumentModel, MediaModel, OperationModel, Schema } from './model.js';

// Path words that name credentials or environment variables (access-policy words name no secret value).
const HINT_NOUNS = new Set([
  'key', 'keys', 'apikey', 'apikeys', 'token', 'tokens', 'secret', 'secrets', 'credential', 'credentials',
  'password', 'passwords', 'passphrase', 'sshkey', 'sshkeys', 'authorization', 'authorizations',
]);
// Not "token" or "API key": descriptions mention those to say how to authenticate, not what comes back.
const HINT_TEXT = /\b(?:secrets?|passwords?|passphrases?|credentials?|private keys?|environment variables?|connection strings?)\b/i;

const wordsOfPath = new Map<string, string[]>();

/** Literal words of a path template, parameters left out: `/v1/services/{id}/credentials` → v1, services, credentials. */
export function literalWords(path: string): string[] {
  let words = wordsOfPath.get(path);
  if (!words) {
    words = path
      .split('/')
      .filter((s) => s && !s.startsWith('{'))
      .flatMap((s) => [...splitFieldName(s)]);
    if (wordsOfPath.size > 20_000) wordsOfPath.clear();
    wordsOfPath.set(path, words);
  }
  return words;
}

const results = new WeakMap<OperationModel, [string, OperationModel['responses'][string]][]>();

/**
 * The responses that carry the operation's result: 2xx, and `default` only when no 2xx is declared
 * (OpenAPI 3.1 §4.8.16.1: `default` covers the codes not declared, so beside a 2xx it describes errors).
 */
export function resultResponses(op: OperationModel): [string, OperationModel['responses'][string]][] {
  let out = results.get(op);
  if (!out) {
    const entries = Object.entries(op.responses);
    const ok = entries.filter(([code]) => code.startsWith('2'));
    out = ok.length > 0 ? ok : entries.filter(([code]) => code === 'default');
    results.set(op, out);
  }
  return out;
}

// A schema that names no fields: absent, `{}`, a bare object, or a bare string standing for JSON.
// Combinators nested past 32 levels (a hostile document) count as shapeless: doubt, never a stack
// overflow. A branch met again answers true: had it been false, the whole answer would already be false.
function isShapeless(schema: Schema | undefined, media: string, depth = 0, seen?: Set<Schema>): boolean {
  if (!schema || depth > 32 || seen?.has(schema)) return true;
  // `allOf: [RawExtension]` (how Kubernetes wraps a $ref with a description) is as shapeless as its branches.
  const branches = ['allOf', 'anyOf', 'oneOf'].flatMap((k) => (Array.isArray(schema[k]) ? (schema[k] as Schema[]) : []));
  if (branches.length > 0 && !('properties' in schema)) {
    const met = (seen ?? new Set<Schema>()).add(schema);
    return branches.every((b) => isShapeless(b, media, depth + 1, met));
  }
  const structural = ['properties', 'items', 'enum', 'const', 'prefixItems'];
  if (structural.some((k) => k in schema)) return false;
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== true) return false;
  return schema.type === undefined || schema.type === 'object' || (schema.type === 'string' && /json/i.test(media));
}

// A first-level field that may hold anything (Kubernetes WatchEvent `object`, a RawExtension); a map of
// links (`subresource_uris`) names no data.
const shapelessFields = new WeakMap<Schema, string | null>();

function shapelessField(schema: Schema): string | undefined {
  let field = shapelessFields.get(schema);
  if (field === undefined) shapelessFields.set(schema, (field = findShapelessField(schema) ?? null));
  return field ?? undefined;
}

function findShapelessField(schema: Schema): string | undefined {
  const root = typeof schema.items === 'object' && schema.items !== null ? (schema.items as Schema) : schema;
  const props = root.properties;
  if (typeof props !== 'object' || props === null) return undefined;
  for (const [name, sub] of Object.entries(props as Record<string, Schema>)) {
    const free = typeof sub === 'object' && sub !== null && (sub.type === undefined || sub.type === 'object') && isShapeless(sub, '');
    if (free && !isLookalikeFieldName(name)) return name;
  }
  return undefined;
}

/** Where a result is undescribed; `strong` when it may hold any structure, weak when only a bare string stands for JSON. */
export interface ResultGap {
  where: string;
  strong: boolean;
}

/** Where the result's shape is undescribed ("response 200 has no content described"), or undefined. */
export function undescribedResult(op: OperationModel, readClass: boolean): ResultGap | undefined {
  const found = resultResponses(op);
  for (const [code, response] of found) {
    // 202 Accepted beside a described 2xx is "still computing, ask again" (GitHub statistics).
    if (code === '202' && found.length > 1) continue;
    // A schema the loader did not follow (a network `$ref`, a cut) may hold anything.
    const unfollowed = op.unfollowed?.find((u) => u.at === `response ${code}`);
    if (unfollowed) return { where: `response ${code} ${unfollowed.note}`, strong: true };
    const media = Object.entries(response.content) as [string, MediaModel][];
    // A GET with no content declared still returns something; a write, HEAD (RFC 9110 §9.3.2) or OPTIONS
    // may well return nothing.
    if (media.length === 0 && readClass && op.method === 'GET' && code !== '204') return { where: `response ${code} has no content described`, strong: true };
    for (const [type, m] of media) {
      if (isShapeless(m.schema, type)) return { where: `response ${code} ${type} has no described fields`, strong: m.schema?.type !== 'string' };
      const field = shapelessField(m.schema!);
      if (field) return { where: `response ${code} field ${field} has no described fields`, strong: true };
    }
  }
  return undefined;
}

/** The credential hint in an operation's path or wording, or undefined. */
export function credentialHint(op: OperationModel): string | undefined {
  const words = literalWords(op.path);
  if (words.some((w) => HINT_NOUNS.has(w) || isEnvName(w))) return `path ${op.path}`;
  const texts = [op.summary, op.description, ...resultResponses(op).map(([, r]) => r.description)];
  const m = texts.map((t) => (t ? HINT_TEXT.exec(t) : null)).find(Boolean);
  return m ? `"${m[0].toLowerCase()}"` : undefined;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const lastParam = /\/\{[^}]*\}$/;

/**
 * Rule 5 across operations, for reads whose result is undescribed:
 * - beside writes that send secret fields (`PATCH /databases/{uuid}` sets `postgres_password`), a read
 *   left in `read` most likely returns them;
 * - a `/watch/` stream (Kubernetes) carries the objects of the same path without `/watch`: it takes that
 *   read's tier, which the described read settles better than doubt can.
 */
export function escalateInDoubt(doc: DocumentModel, out: Map<string, Classification>): void {
  const writesByPath = new Map<string, OperationModel[]>();
  const readsByPath = new Map<string, OperationModel>();
  for (const op of doc.operations) {
    if (READS.has(op.method)) {
      if (op.method === 'GET') readsByPath.set(op.path, op);
      continue;
    }
    const key = op.path.replace(lastParam, '');
    writesByPath.set(key, [...(writesByPath.get(key) ?? []), op]);
  }
  const isWatch = (op: OperationModel) => op.path.includes('/watch/') && readsByPath.has(op.path.replace('/watch/', '/'));
  for (const op of doc.operations) {
    const c = out.get(op.operationId)!;
    if (c.tier !== 'read' || !c.reason.startsWith('rule 3') || isWatch(op)) continue;
    const gap = undescribedResult(op, true);
    const witness = gap && (writesByPath.get(op.path.replace(lastParam, '')) ?? []).find((w) => out.get(w.operationId)!.secrets.request.length > 0);
    if (witness) {
      const field = out.get(witness.operationId)!.secrets.request[0];
      out.set(op.operationId, { ...c, tier: 'sensitive-read', reason: `rule 5: ${gap.where}, and ${witness.method} ${witness.path} sends secret field ${field}` });
    }
  }
  for (const op of doc.operations) {
    const c = out.get(op.operationId)!;
    if (!isWatch(op) || !(c.reason.startsWith('rule 3') || c.reason.startsWith('rule 5')) || credentialHint(op)) continue;
    const watched = readsByPath.get(op.path.replace('/watch/', '/'))!;
    const tier = out.get(watched.operationId)!.tier;
    out.set(op.operationId, {
      ...c,
      tier,
      reason: `rule ${tier === 'read' ? 3 : 5}: ${op.method}, streams the objects of GET ${watched.path}, which is ${tier}`,
    });
  }
}
