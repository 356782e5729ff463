/**
 * What a document says of itself as a whole, read once before its operations are classified: whether it is a
 * secrets store (rule 9), which secret-named inputs are only the caller signing in, and which of its clients
 * are OAuth clients (rule 6).
 */
import { isLookalikeFieldName, isSecretFieldName, splitFieldName } from '../core/secret-vocabulary.js';
import { isSchema } from './classify-examples.js';
import { firstSentence, secretDescriptionPhrase } from './classify-phrases.js';
import { isFlag, leafOf } from './classify-schema.js';
import { resultResponses } from './classify-doubt.js';
import { literalWords } from './classify-words.js';
import { READ_METHODS, type DocumentModel, type OperationModel, type Schema } from './model.js';

// A platform whose whole purpose is secrets (rule 9, last sentence): every undescribed value there may be one.
const SECRET_STORE = /\b(?:secrets? (?:engine|manager|management|store|vault)|password (?:manager|vault|store)|key management (?:service|system)|credential (?:store|vault|manager)|key ?vault|hashicorp vault|openbao)\b/i;

/**
 * The phrase of the document's title or opening sentence that makes it a secrets store, or undefined. Only what
 * the document says it *is*: a long description that lists "secret management" among a platform's features
 * (Rudder's changelog) does not make every endpoint a secret.
 */
export function secretStorePhrase(doc: Pick<DocumentModel, 'title' | 'description'>): string | undefined {
  return SECRET_STORE.exec(`${doc.title}\n${firstSentence(doc.description)}`)?.[0].toLowerCase();
}

const RPC_MIN_OPERATIONS = 10;

/**
 * Secret-named parameters (or top-level request fields) that nearly every operation takes under one name —
 * Postmark's `X-Postmark-Server-Token` header, Slack's `token` in the query, Google's `key` described as the API
 * key, Shinobi's `{apiKey}` at the head of every path, a header or the form: the caller's own
 * authentication, written into each operation instead of a security scheme; sign-in headers that between them
 * do so, one per kind of caller; or a header named or described as the caller's key or token on several operations.
 * Like `Authorization`, it is how the caller signs in, not what the operation is about. Lower-cased names.
 */
export function callerAuthNames(ops: readonly OperationModel[]): Set<string> {
  const counts = new Map<string, number>();
  // Reads sign in too: a name only request bodies carry (a users API's `password`) is what those writes set.
  const onReads = new Set<string>();
  // Shared parameters repeat their description on every operation: judged once each.
  const described = new Map<unknown, boolean>();
  const describedSecret = (text: unknown): boolean => {
    let secret = described.get(text);
    if (secret === undefined) described.set(text, (secret = secretDescriptionPhrase(text, 'request') !== undefined));
    return secret;
  };
  // The secret-named headers of each operation, for sign-in split by kind of caller.
  const headersOf: string[][] = [];
  // Headers named or described as the caller's own sign-in (`Api-Key`, `X-Sds-Service-Token`: "Service Authentication token").
  const describedSignIn = new Set<string>();
  // How many operations take each header or query parameter, and those named or described as the caller's key or token.
  const passedBy = new Map<string, number>();
  const callerNamed = new Set<string>();
  for (const op of ops) {
    const seenHere = new Set<string>();
    for (const p of op.parameters) {
      if (p.in !== 'header' && p.in !== 'query') continue;
      const name = p.name.toLowerCase();
      if (seenHere.has(name)) continue;
      seenHere.add(name);
      passedBy.set(name, (passedBy.get(name) ?? 0) + 1);
      if (!callerNamed.has(name) && (name === 'oauth_token' || signsInCaller(p.name, p.description ?? p.schema?.description))) callerNamed.add(name);
    }
    // A key in the path (`/{apiKey}/monitor/{group}`) or one described as the API key (Google's `key`) signs in as well.
    const secret = op.parameters.filter((p) => isSecretFieldName(p.name) || describedSecret(p.description ?? p.schema?.description));
    const params = secret.map((p) => p.name.toLowerCase());
    headersOf.push(secret.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()));
    for (const p of secret) if (p.in === 'header' && signsInCaller(p.name, p.description ?? p.schema?.description)) describedSignIn.add(p.name.toLowerCase());
    if (READ_METHODS.has(op.method)) for (const n of params) onReads.add(n);
    const names = new Set(params);
    for (const m of Object.values(op.requestBody?.content ?? {})) {
      const props = m.schema?.properties;
      if (typeof props === 'object' && props !== null) for (const k of Object.keys(props)) if (isSecretFieldName(k)) names.add(k.toLowerCase());
    }
    for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  // An API of POSTs only (Plaid: `client_id` and `secret` in every body) has no read to sign in with: a name nearly
  // all of its many operations send is its sign-in.
  const rpc = ops.length >= RPC_MIN_OPERATIONS && !ops.some((op) => READ_METHODS.has(op.method));
  const signIn = (name: string, n: number, share: number) => (onReads.has(name) || rpc) && n >= 3 && n >= share * ops.length;
  const names = new Set([...counts].filter(([name, n]) => signIn(name, n, 0.8)).map(([name]) => name));
  // Sign-in headers by role (ClearBlade's developer token on the admin operations, its user token on the data ones):
  // each on a good share of the operations, reads too, and between them on nearly all.
  const headers = new Set(headersOf.flat());
  const byRole = new Set([...counts].filter(([name, n]) => headers.has(name) && signIn(name, n, 0.1)).map(([name]) => name));
  if (byRole.size > 1 && headersOf.filter((h) => h.some((n) => byRole.has(n))).length >= 0.8 * ops.length) for (const n of byRole) names.add(n);
  // A header the document itself describes as the caller's authentication ("Authentication token", "API key used to
  // authenticate the request") on several operations, reads among them, signs in wherever it appears.
  for (const [name, n] of counts) if (headers.has(name) && onReads.has(name) && n >= 3 && describedSignIn.has(name)) names.add(name);
  // A small document (Google's two-operation Verified Access): a header or query parameter named or described as the
  // caller's key or token (`access_token`, `oauth_token`, `key`: "API key. Your API key identifies your project") on
  // every one of its operations.
  if (ops.length >= 2) for (const name of callerNamed) if (passedBy.get(name) === ops.length) names.add(name);
  // A small document of POSTs only (AWS's JSON protocol: `X-Amz-Credential`, `X-Amz-Security-Token` on every action)
  // has no read to sign in with: a secret-named header on every one of its operations is how each call signs in.
  if (ops.length >= 2 && !ops.some((op) => READ_METHODS.has(op.method))) {
    for (const name of headers) if (counts.get(name) === ops.length) names.add(name);
  }
  return names;
}

const SIGN_IN_NAME = /(?:^|[-_ ])(?:api[-_ ]?key|auth[-_ ]?token|service[-_ ]?token|access[-_ ]?token)$/i;
const SIGN_IN_TEXT = /^\s*(?:the |an? |your )?(?:[\w-]+ )?(?:authentication token|api key)\b|\bused to authenticate (?:the |this |your )?(?:request|call|caller|client)\b/i;

/** A header named for the caller's API key or token (`Api-Key`, `X-Auth-Token`), or described as its authentication. */
function signsInCaller(name: string, description: unknown): boolean {
  return SIGN_IN_NAME.test(name) || (typeof description === 'string' && SIGN_IN_TEXT.test(description));
}

// Client metadata of OAuth dynamic registration (RFC 7591 §2): a client that has these is an OAuth client.
const OAUTH_CLIENT_FIELDS = new Set(['redirect_uris', 'redirecturis', 'grant_types', 'granttypes', 'client_secret', 'clientsecret']);

/** An operation on `/client(s)` whose body or result carries OAuth client metadata (`redirect_uris`, `grant_types`). */
export function registersOAuthClient(op: OperationModel): boolean {
  if (!literalWords(op.path).some((w) => w === 'client' || w === 'clients')) return false;
  const media = [...Object.values(op.requestBody?.content ?? {}), ...resultResponses(op).flatMap(([, r]) => Object.values(r.content))];
  return media.some((m) => hasClientFields(m.schema, 1));
}

/** Whether a schema (or its allOf branches) declares OAuth client metadata, also one wrapper deep (`{UserPoolClient: {…}}`). */
function hasClientFields(s: Schema | undefined, wrappers: number): boolean {
  if (!isSchema(s)) return false;
  for (const shape of [s, ...(Array.isArray(s.allOf) ? (s.allOf as unknown[]).filter(isSchema) : [])]) {
    const props = shape.properties;
    if (!isSchema(props)) continue;
    if (Object.keys(props).some((k) => OAUTH_CLIENT_FIELDS.has(k.toLowerCase()))) return true;
    if (wrappers > 0 && Object.values(props).some((sub) => hasClientFields(sub as Schema, wrappers - 1))) return true;
  }
  return false;
}

const MAX_SCHEMAS_SEEN = 20_000;

/**
 * Whether the document marks identifiers `format: password` too (AWS puts it on `Username`, `ClientId` and every
 * user attribute's `Value`: its "sensitive" trait, personal data rather than secrets). Two or more distinct
 * identifier-named or tag fields so marked and the format alone no longer shows a secret there; names and
 * descriptions still do.
 */
export function marksIdentifiersAsPasswords(ops: readonly OperationModel[]): boolean {
  const names = new Set<string>();
  return everyField(ops, true, (name, schema, parent) => {
    // A list's entries carry the mark too (AWS's `TagKeys: [{format: password}]`), and a tag's key and value.
    const items = entriesOf(schema);
    const format = (leafOf(schema) ?? schema).format ?? (items ? (leafOf(items) ?? items).format : undefined);
    const tagPart = parent !== undefined && isTagName(parent);
    const ordinary = isLookalikeFieldName(name) || isTagName(name) || tagPart;
    if (format === 'password' && ordinary && !isSecretFieldName(name)) names.add(`${tagPart ? 'tag ' : ''}${name}`.toLowerCase());
    return names.size >= 2;
  });
}

/** The entries of a list, written plainly or as an `allOf` branch beside a description. */
function entriesOf(schema: Schema): Schema | undefined {
  if (isSchema(schema.items)) return schema.items;
  return Array.isArray(schema.allOf) ? (schema.allOf as unknown[]).filter(isSchema).map((b) => b.items).find(isSchema) : undefined;
}

/** `TagKeys`, `tag_key`: a resource's tags, which no document means as secrets. */
function isTagName(name: string): boolean {
  return splitFieldName(name).some((w) => w === 'tag' || w === 'tags');
}

/**
 * The field names an Azure Resource Manager document (paths under `/providers/Microsoft.*`) marks `x-ms-secret`, lower
 * case: Azure's convention for a secret the service takes but leaves out of its answers. Empty for any other document.
 */
export function secretMarkedNames(ops: readonly OperationModel[]): ReadonlySet<string> {
  const names = new Set<string>();
  if (!ops.some((op) => /\/providers\/Microsoft\./i.test(op.path))) return names;
  everyField(ops, true, (name, schema) => {
    if (schema['x-ms-secret'] === true) names.add(name.toLowerCase());
    return false;
  });
  return names;
}

/**
 * Whether the document names its resources by keys: two or more distinct path variables that are a thing's key
 * (GoTo's `{organizerKey}`, `{meetingKey}`, `{groupKey}`; Jira's `{projectKey}`), none of them key material. There a
 * thing's key (`accountKey`, "The key of the company account") is its id like the others.
 */
export function namesResourcesByKeys(ops: readonly OperationModel[]): boolean {
  const names = new Set<string>();
  for (const op of ops) {
    for (const m of op.path.matchAll(/\{([^}]+)\}/g)) {
      const name = m[1]!;
      const words = splitFieldName(name);
      if (words.length >= 2 && words[words.length - 1] === 'key' && !isSecretFieldName(name)) names.add(name.toLowerCase());
      if (names.size >= 2) return true;
    }
  }
  return false;
}

/**
 * Whether the document marks ordinary request fields `writeOnly` too (Jira puts it on a priority's `statusColor`, a
 * reorder's `after`, a notification scheme's events): five or more distinct plain names so marked, and `writeOnly`
 * alone no longer shows a secret; names, formats and descriptions still do.
 */
export function marksOrdinaryFieldsWriteOnly(ops: readonly OperationModel[]): boolean {
  const names = new Set<string>();
  return everyField(ops, false, (name, schema) => {
    const value = leafOf(schema) ?? schema;
    if (value.writeOnly === true && !isSecretFieldName(name) && !isFlag(value)) names.add(name.toLowerCase());
    return names.size >= 5;
  });
}

/**
 * Calls `note` on every named field of the document's parameters and request bodies (and responses, with
 * `responses`), each schema once, until it returns true. Walks every schema of the document (only once a mark
 * decided something): kept cheap.
 */
function everyField(ops: readonly OperationModel[], responses: boolean, note: (name: string, schema: Schema, parent?: string) => boolean): boolean {
  const seen = new Set<object>();
  let done = false;
  // `parent`: the field whose value (or whose list's entries) this schema is (`Tags` for a tag's `Key`).
  const visit = (schema: unknown, parent?: string): void => {
    if (done || typeof schema !== 'object' || schema === null || seen.has(schema) || seen.size > MAX_SCHEMAS_SEEN) return;
    seen.add(schema);
    const s = schema as Schema;
    const props = s.properties as Record<string, unknown> | undefined;
    if (typeof props === 'object' && props !== null) {
      for (const k in props) {
        const sub = props[k];
        if (typeof sub !== 'object' || sub === null) continue;
        if (note(k, sub as Schema, parent)) done = true;
        visit(sub, k);
      }
    }
    if (Array.isArray(s.allOf)) for (const b of s.allOf) visit(b, parent);
    if (Array.isArray(s.anyOf)) for (const b of s.anyOf) visit(b, parent);
    if (Array.isArray(s.oneOf)) for (const b of s.oneOf) visit(b, parent);
    visit(s.items, parent);
    visit(s.additionalProperties, parent);
  };
  for (const op of ops) {
    for (const p of op.parameters) if (p.schema && note(p.name, p.schema)) return true;
    for (const m of Object.values(op.requestBody?.content ?? {})) visit(m.schema);
    if (responses) for (const r of Object.values(op.responses)) for (const m of Object.values(r.content ?? {})) visit(m.schema);
    if (done) return true;
  }
  return false;
}
