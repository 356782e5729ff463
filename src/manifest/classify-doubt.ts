/**
 * Rule 5 (PRODUCT.md, Classification): when in doubt, the stricter tier; never guess downward. The
 * doubt this module recognises is a response whose shape the document does not describe: nothing shows
 * that no secret travels, so any hint of credentials in its context settles it upward.
 */
import { isLookalikeFieldName } from '../core/secret-vocabulary.js';
import { namesSwitch, onlyLooks } from './classify-actions.js';
import { exampleShowsNoSecret } from './classify-examples.js';
import { isEnvName } from './classify-field-names.js';
import { CAN_CARRY } from './classify-schema.js';
import { credentialWord, idWords, isCredentialTalk, isPublicKeyPath, literalWords } from './classify-words.js';
import { READ_METHODS, type Classification, type DocumentModel, type MediaModel, type OperationModel, type Schema } from './model.js';

// Not "token" or "API key": descriptions mention those to say how to authenticate, not what comes back.
const HINT_TEXT = /\b(?:secrets?|passwords?|passphrases?|credentials?|private keys?|environment variables?|connection strings?|kubeconfigs?|(?:pre-?)?signed urls?|(?:recovery|backup|override|auth(?:orization)?) codes?)\b/i;

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
    // Without a success, a redirect that describes a body answers (Twilio's `307` with `redirect_to`), else `default`.
    const redirects = ok.length > 0 ? [] : entries.filter(([code, r]) => code.startsWith('3') && Object.keys(r.content).length > 0);
    out = ok.length > 0 ? ok : redirects.length > 0 ? redirects : entries.filter(([code]) => code === 'default');
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

const CONFIG_FORMS = new Set(['export', 'download', 'dump', 'raw', 'file', 'backup', 'all', 'full', 'current', 'effective', 'yaml', 'yml', 'json', 'toml', 'ini']);

/**
 * Whether the words end in configuration, or in configuration followed only by a form of it (`configs/export`);
 * settings count only as a file (`settings/yaml`).
 */
function returnsConfig(words: readonly string[]): boolean {
  for (let i = words.length - 1; i >= 0; i--) {
    if (/config(?:uration)?s?$/.test(words[i]!) || (words[i] === 'settings' && i < words.length - 1)) return true;
    if (!CONFIG_FORMS.has(words[i]!)) return false;
  }
  return false;
}

// Fields that only frame a payload (`{status, value}`), so a single other bare string field is the payload itself.
const FRAMING = /^(?:status|message|code|ok|success|error|errors|id|kind|type|version|format|encoding|name|filename|content_type|size|length)$/i;

const PAYLOAD = /^(?:value|data|content|body|file|blob|raw|payload|config|configuration|text|document)$/i;

/** The one bare string field (`value`, `data`, `content`…) that is an otherwise-framing response's whole payload, if any. */
function payloadText(schema: Schema): string | undefined {
  const props = schema.properties;
  if (typeof props !== 'object' || props === null) return undefined;
  const rest = Object.entries(props as Record<string, Schema>).filter(([k]) => !FRAMING.test(k));
  const [name, field] = rest.length === 1 ? rest[0]! : [];
  return name && PAYLOAD.test(name) && typeof field === 'object' && isBareText(field) ? name : undefined;
}

/** A string with nothing that narrows it (no enum, pattern or format but `binary`/`byte`). */
function isBareText(schema: Schema): boolean {
  if (schema.type !== 'string' || 'enum' in schema || 'const' in schema || 'pattern' in schema) return false;
  return schema.format === undefined || schema.format === 'binary' || schema.format === 'byte';
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
  let root = typeof schema.items === 'object' && schema.items !== null ? (schema.items as Schema) : schema;
  // A map's values are its fields (`{name: {value: <anything>, editable}}`).
  const values = root.additionalProperties;
  if (root.properties === undefined && typeof values === 'object' && values !== null) {
    if (isShapeless(values as Schema, '') && !Array.isArray((values as Schema).enum)) return '*';
    root = values as Schema;
  }
  const props = root.properties;
  if (typeof props !== 'object' || props === null) return undefined;
  for (const [name, sub] of Object.entries(props as Record<string, Schema>)) {
    const free = typeof sub === 'object' && sub !== null && (sub.type === undefined || sub.type === 'object') && isShapeless(sub, '');
    // An example that shows what the field holds describes it (n8n's credential references `{id, name}`).
    if (free && !isLookalikeFieldName(name) && !exampleShowsNoSecret(sub.example)) return name;
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
    // A content key that is no media type (vRNI's `cursor`, `total_count`: example values filed as content) describes nothing.
    const media = (Object.entries(response.content) as [string, MediaModel][]).filter(([type]) => type.includes('/'));
    // A GET with no content declared still returns something; a write, HEAD (RFC 9110 §9.3.2) or OPTIONS
    // may well return nothing.
    if (media.length === 0 && readClass && op.method === 'GET' && code !== '204') return { where: `response ${code} has no content described`, strong: false };
    for (const [type, m] of media) {
      if (isShapeless(m.schema, type)) {
        // An example that shows the structure coming back, with no secret in it, describes it (Snyk's untyped answers;
        // ClearBlade's `{type: object, example: {count: 1}}`, the example on the schema).
        if (exampleShowsNoSecret(m.example ?? m.schema?.example)) continue;
        // A bare string declared as JSON may hold any structure; a log's text is only text (and the read server
        // masks secret-looking values in text).
        return { where: `response ${code} ${type} has no described fields`, strong: m.schema?.type !== 'string' || (/json/i.test(type) && !isLog(op.path)) };
      }
      // A bare string or file of another type (a YAML kubeconfig, a PEM download) is undescribed content too:
      // not doubt on its own, but under a credential path it is the credential (rule 9).
      if (isBareText(m.schema!)) return { where: `response ${code} ${type} is an undescribed ${m.schema!.format === 'binary' ? 'file' : 'text'}`, strong: false };
      const payload = payloadText(m.schema!);
      if (payload) return { where: `response ${code} field ${payload} is the whole payload, an undescribed text`, strong: false };
      const field = shapelessField(m.schema!);
      // A free-form payload (`data`, `object`, `spec`…) may hold anything; a free-form map of attributes, labels,
      // settings or parameters is metadata: doubt about it needs a credential hint (CLASSIFICATION.md rule 9).
      if (field) return { where: `response ${code} field ${field} has no described fields`, strong: PAYLOAD_FIELD.test(field) };
    }
  }
  return undefined;
}

/**
 * The credential hint in an operation's path, operationId or wording (rule 9: `/kubeconfig`, `/credentials`,
 * `/token`, "returns the password"), or undefined. Public keys (`/ssh-keys`) and descriptors of credentials
 * (`/credentials/schema`) are not hints; configuration is, since it commonly holds the system's own secrets.
 */
export function credentialHint(op: OperationModel): string | undefined {
  for (const [where, words] of [[`path ${op.path}`, literalWords(op.path)], [`operationId ${op.operationId}`, idWords(op)]] as const) {
    const hit = credentialWord(words);
    if (hit && !(/^keys?$/.test(hit) && isPublicKeyPath(words))) return where;
    // Configuration (as the thing returned: `/config`, `/configs/export`, not `/configmaps`) commonly holds the
    // system's own secrets.
    if (words.some((w) => isEnvName(w) || /^(?:variables?|vars)$/.test(w)) || returnsConfig(words)) return where;
  }
  const texts = [op.summary, op.description, ...op.tags, ...resultResponses(op).map(([, r]) => r.description)];
  const m = texts.map((t) => (t && !isCredentialTalk(t) ? HINT_TEXT.exec(CALLER_CREDENTIAL.test(t) ? t.replace(LINK_TARGET, '').replace(CALLER_RIGHTS, '') : t.replace(LINK_TARGET, '')) : null)).find(Boolean);
  return m ? `"${m[0].toLowerCase()}"` : undefined;
}

// A sentence about the rights the caller's own credential needs ("To make this request, your API credential must have
// the following roles"): it speaks of how the caller signs in, not of what the operation returns.
const CALLER_CREDENTIAL = /\b(?:your|the caller's|the calling) (?:api |user )?(?:credential|key|token)/i;
const CALLER_RIGHTS = /[^.\n]*\b(?:your|the caller's|the calling) (?:api |user )?(?:credentials?|keys?|tokens?) (?:must|needs? to|should|requires?) (?:have|be|hold|include)\b[^.\n]*/gi;

// Where a link points (`[roles](https://docs…/api-credentials#…)`, a bare URL) is an address, not wording.
const LINK_TARGET = /\]\([^)\s]*\)|\bhttps?:\/\/[^\s)]+/g;

/** First-level field names that carry a payload rather than describe one (`*`: a map's values). */
const PAYLOAD_FIELD = /^(?:\*|data|object|value|content|payload|raw|body|spec|template|result|results|snapshot|configuration_snapshot|document)$/i;

/** A decision moved by a later pass: a new tier, basis and reason; fields redacted in a plain tier no longer apply. */
export function moved(c: Classification, tier: Classification['tier'], basis: Classification['basis'], reason: string): Classification {
  const { redacts: _dropped, ...rest } = c;
  return { ...rest, tier, basis, reason };
}
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * A write's request body is undescribed: none declared, only schemas that name no fields, or only a file or
 * text upload (`multipart` with one binary field, an octet stream), whose content the document does not describe.
 */
export function undescribedBody(op: OperationModel): boolean {
  const media = op.requestBody ? Object.entries(op.requestBody.content) : [];
  return media.every(([type, m]) => isShapeless(m.schema, type) || isBareText(m.schema!) || payloadText(m.schema!) !== undefined);
}

/** A path whose result is a log (`/pods/{name}/log`, `/tasks/{id}/logs`). */
function isLog(path: string): boolean {
  const words = literalWords(path);
  return /^logs?$/.test(words[words.length - 1] ?? '');
}

/** The last property name of a dotted field path (`a[].b.password` → password), if it has one. */
function leafName(path: string): string | undefined {
  return /(?:^|\.)([A-Za-z_$][\w$-]*)$/.exec(path)?.[1];
}

/** Two paths of one resource: the same, or one a literal sub-path of the other (`/servers/{id}/proxy` and `…/proxy/configuration`). */
function sameResource(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long === short || (long.startsWith(`${short}/`) && !long.slice(short.length).includes('{'));
}

/** Whether a request body or a result of the operation has a property with this name (bounded walk). */
function carriesField(op: OperationModel, name: string): boolean {
  const seen = new Set<object>();
  const has = (s: unknown, depth: number): boolean => {
    if (typeof s !== 'object' || s === null || seen.has(s) || depth > 12) return false;
    seen.add(s);
    const schema = s as Schema;
    const props = schema.properties as Record<string, unknown> | undefined;
    if (props && typeof props === 'object' && (name in props || Object.values(props).some((p) => has(p, depth + 1)))) return true;
    return ['items', 'additionalProperties', 'allOf', 'anyOf', 'oneOf'].some((k) => {
      const v = schema[k];
      return Array.isArray(v) ? v.some((b) => has(b, depth + 1)) : has(v, depth + 1);
    });
  };
  const media = [...Object.values(op.requestBody?.content ?? {}), ...resultResponses(op).flatMap(([, r]) => Object.values(r.content))];
  return media.some((m) => has(m.schema, 0));
}

/** A path into a store of environment variables, variables or configuration, whose values may be secret. */
function holdsValues(path: string): boolean {
  const words = literalWords(path);
  return words.some((w) => isEnvName(w) || /^(?:variables?|vars|config|configs|configuration|configurations)$/.test(w));
}
export const lastParam = /\/\{[^}]*\}$/;

/** A POST to `/users` or a PUT to `/users/{name}`: it defines a user, whose definition commonly holds the password. */
function definesUser(op: OperationModel): boolean {
  const segments = op.path.replace(/\/+$/, '').split('/');
  const collection = op.method === 'POST' ? segments[segments.length - 1] : op.method === 'PUT' && /^\{/.test(segments[segments.length - 1] ?? '') ? segments[segments.length - 2] : undefined;
  return collection !== undefined && /^users?$/i.test(collection);
}

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
    if (READ_METHODS.has(op.method)) {
      if (op.method === 'GET') readsByPath.set(op.path, op);
      continue;
    }
    const key = op.path.replace(lastParam, '');
    writesByPath.set(key, [...(writesByPath.get(key) ?? []), op]);
  }
  const isWatch = (op: OperationModel) => op.path.includes('/watch/') && readsByPath.has(op.path.replace('/watch/', '/'));
  for (const op of doc.operations) {
    const c = out.get(op.operationId)!;
    if (c.tier !== 'read' || c.basis !== 'plain' || isWatch(op)) continue;
    const gap = undescribedResult(op, true);
    // A write that only *can* carry a secret (a free-form settings map, rule 7) is no witness that this read returns one.
    const witness = gap && (writesByPath.get(op.path.replace(lastParam, '')) ?? []).find((w) => {
      const wc = out.get(w.operationId)!;
      return wc.secrets.request.length > 0 && !CAN_CARRY.test(wc.reason);
    });
    if (witness) {
      const wc = out.get(witness.operationId)!;
      const sent = /^rule 4: request (field .*)$/.exec(wc.reason)?.[1] ?? `field ${wc.secrets.request[0]}`;
      out.set(op.operationId, moved(c, 'sensitive-read', 'doubt', `rule 5: ${gap.where}, and ${witness.method} ${witness.path} sends secret ${sent}`));
    }
  }
  // A field the document says is secret in one operation is secret in the writes on the same resource or below it
  // (`GET /servers/{id}/proxy` says its `configuration` is sensitive; `PUT …/proxy/configuration` sets it) — not
  // on a parent, whose body is its own (`PUT /factories/{f}` sets a factory's `properties`, not its linked services').
  const secretNames = new Map<string, Set<string>>();
  for (const op of doc.operations) {
    const c = out.get(op.operationId)!;
    if (!READ_METHODS.has(op.method) || c.tier !== 'sensitive-read' || c.basis !== 'evidence') continue;
    const names = new Set(c.secrets.response.map(leafName).filter((n): n is string => n !== undefined));
    if (names.size > 0) secretNames.set(op.path, names);
  }
  for (const op of doc.operations) {
    const c = out.get(op.operationId)!;
    if (c.tier !== 'write' || c.basis !== 'plain' || secretNames.size === 0) continue;
    for (const [path, names] of secretNames) {
      if (!sameResource(path, op.path) || op.path.length < path.length) continue;
      const field = [...names].find((n) => carriesField(op, n));
      if (field) {
        out.set(op.operationId, moved(c, 'sensitive-write', 'evidence', `rule 4: field ${field}, which GET ${path} shows to be secret`));
        break;
      }
    }
  }
  // The same doubt on the way in: a write whose body is undescribed sends what its resource holds. Beside a read
  // of the same resource that returns secret fields, or into a store of environment variables or variables
  // (rule 7: entries may be secret), it is not shown to send no secret.
  for (const op of doc.operations) {
    const c = out.get(op.operationId)!;
    if (c.tier !== 'write' || c.basis !== 'plain' || !BODY_METHODS.has(op.method) || !undescribedBody(op)) continue;
    const read = readsByPath.get(op.path) ?? readsByPath.get(op.path.replace(lastParam, ''));
    const shown = read && out.get(read.operationId)!;
    // The read's own evidence (rule 4: secret fields, or its description), not its doubt, is the witness.
    if (shown && shown.tier === 'sensitive-read' && shown.basis === 'evidence') {
      out.set(op.operationId, moved(c, 'sensitive-write', 'doubt', `rule 5: request body undescribed, and GET ${read.path} is sensitive-read (${shown.reason.slice('rule 4: '.length)})`));
    } else if (holdsValues(op.path) && !onlyLooks(op) && !(op.requestBody === undefined && namesSwitch(op.path))) {
      // (Not a query, `:queryVersionConfig`, nor a switch with no body at all, `/export_configurations/{id}/enable`:
      // neither stores a value; a reset or a revert does.)
      out.set(op.operationId, moved(c, 'sensitive-write', 'doubt', `rule 5: request body undescribed, into a store of variables or configuration (path ${op.path}) whose values may be secret`));
    } else if (definesUser(op)) {
      out.set(op.operationId, moved(c, 'sensitive-write', 'doubt', `rule 7: request body undescribed, and a user created or replaced (path ${op.path}) may be given a password`));
    }
  }
  for (const op of doc.operations) {
    const c = out.get(op.operationId)!;
    if (!isWatch(op) || !(c.basis === 'plain' || c.basis === 'doubt') || credentialHint(op)) continue;
    const watched = readsByPath.get(op.path.replace('/watch/', '/'))!;
    const { tier, basis } = out.get(watched.operationId)!;
    out.set(op.operationId, moved(c, tier, basis, `rule ${tier === 'read' ? 3 : 5}: ${op.method}, streams the objects of GET ${watched.path}, which is ${tier}`));
  }
}
