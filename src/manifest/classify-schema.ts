/**
 * Rule 4's schema half (PRODUCT.md, Classification): find the fields through which secret material
 * travels, in a request body or a response, judged from `format: password`, `writeOnly` (requests
 * only), `x-sensitive`, descriptions, example values and the shared field-name vocabulary with its
 * look-alikes. Schemas are resolved and may be cyclic; results are memoised per schema object, which
 * the loader never mutates after loading.
 */
import { isLookalikeFieldName, isMaskedValue, isSecretFieldName, splitFieldName } from '../core/secret-vocabulary.js';
import { MAX_FIELDS, exampleShowsNoSecret, exampleValues, isSchema, secretShape, type Direction, type SecretField } from './classify-examples.js';
import { ENV_DESCRIPTION, ENV_HEAD, isConfigMapName, isConnectionConfigName, isConnectionValuesName, isEnvName, isThingKey, isVariablesName, namesOnly } from './classify-field-names.js';
import { capabilityPhrase, holdsSecretsPhrase, isMaskedDescription, isTokenDescription, saysNeverReturned, saysNotTheSecret, saysReturnedOnce, secretDescriptionPhrase } from './classify-phrases.js';
import type { Schema } from './model.js';
import { SUBTYPES } from './schema-keywords.js';

export type { Direction, SecretField } from './classify-examples.js';

// A description whose head noun is a host name, after Google's "Output only." ("The globally unique hostname of the database").
const HOSTNAME_HEAD = /^\s*(?:(?:output|input|required|optional)(?: only)?\.\s*)*(?:the |a |an |its )?(?:[\w-]+ ){0,3}?(?:hostname|host name|domain name|fqdn)\b/i;

const PLAIN_FORMATS = new Set(['date-time', 'date', 'time', 'duration', 'uuid', 'email', 'idn-email', 'ipv4', 'ipv6', 'hostname', 'int32', 'int64']);

// Fields that describe a secret beside it rather than hold it.
const DESCRIBING = /^(?:description|comment|note|notes|label|title|created|updated|expires|expiry|expiration|scope|scopes|status|state|kind|type)$/i;
const ENV_VALUE_NAMES = new Set(['value', 'real_value', 'values']);

/**
 * What the operation's path says about its data: `env` (environment variables, whose `value`s are
 * secrets), `kv` (a key/value store of variables or configuration options: a `value` beside a `key` may be a
 * secret, rule 7), `store` (a vault of secrets: every value or content is one) or `hook` (an incoming build/deploy
 * hook, whose `url` is itself the credential).
 */
export type PathContext = 'env' | 'kv' | 'store' | 'hook' | 'connection' | undefined;

/** What a document does with its own markers and names (classify-document.ts), read once for the whole document. */
export interface Habits {
  /** The document puts `format: password` on identifiers too: the format alone is no evidence. */
  loosePassword?: boolean;
  /** The document puts `writeOnly` on ordinary request fields too: the keyword alone is no evidence. */
  looseWriteOnly?: boolean;
  /** The document names its resources by keys (`{meetingKey}`): a thing's key (`accountKey`) is its id, not key material. */
  keysAreIds?: boolean;
  /** Field names the document marks `x-ms-secret` somewhere (lower case): the same name unmarked elsewhere is the same secret. */
  secretNames?: ReadonlySet<string>;
}

interface Walk {
  direction: Direction;
  loosePassword: boolean;
  looseWriteOnly: boolean;
  keysAreIds: boolean;
  secretNames: ReadonlySet<string>;
  /** Schemas being explored, with their stack depth: meeting one again is a cycle. */
  stack: Map<object, number>;
  /** Results of this walk, including those cut short by a cycle (valid only inside this walk). */
  local: Map<object, Map<string, SecretField[]>>;
}

// Results that did not depend on a schema still being explored hold for any walk: keyed by schema
// object, so the big shared schemas of GitHub or Kubernetes are walked once per document, not per operation.
const shared = new WeakMap<object, Map<string, SecretField[]>>();

const MAX_DEPTH = 64;

const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * Every secret field of a schema (which may be cyclic: a stack of schemas in progress cuts cycles),
 * looking through nested objects, arrays, allOf/anyOf/oneOf branches and additionalProperties.
 * `ctx` is what the operation's path says about the data (environment variables, hook URLs).
 */
export function findSecretFields(schema: Schema | undefined, direction: Direction, ctx?: PathContext, read = false, habits: Habits = {}): SecretField[] {
  if (!isSchema(schema)) return [];
  const walk: Walk = { direction, loosePassword: habits.loosePassword === true, looseWriteOnly: habits.looseWriteOnly === true, keysAreIds: habits.keysAreIds === true, secretNames: habits.secretNames ?? NO_NAMES, stack: new Map(), local: new Map() };
  const fields = nodeFields(walk, '', schema, ctx).fields;
  // "Only returned at creation" (Stripe webhook secret, keys shown once): absent from any later read.
  return direction === 'response' && read ? fields.filter((f) => !f.once) : fields;
}

// These run once per property of every schema of a document: kept allocation-free on the common path.
function hasType(schema: Schema, name: string): boolean {
  const t = schema.type;
  return t === name || (Array.isArray(t) && t.includes(name));
}

// Objects and arrays are looked into rather than judged by their name: a `secrets` list of names is not secret.
/** A list whose entries are objects. */
function isRecordList(schema: Schema): boolean {
  return isSchema(schema.items) && isContainer(schema.items) && !hasType(schema.items, 'string');
}

function isContainer(schema: Schema): boolean {
  return (
    hasType(schema, 'object') ||
    hasType(schema, 'array') ||
    isSchema(schema.properties) ||
    isSchema(schema.items) ||
    isSchema(schema.additionalProperties) ||
    Array.isArray(schema.allOf) ||
    Array.isArray(schema.anyOf) ||
    Array.isArray(schema.oneOf)
  );
}

const FLAG_TYPES = new Set(['boolean', 'integer', 'number']);

// A boolean or a number says something about a secret but cannot carry one worth hiding.
export function isFlag(schema: Schema): boolean {
  const t = schema.type;
  if (typeof t === 'string') return FLAG_TYPES.has(t);
  if (!Array.isArray(t)) return false;
  const real = t.filter((x) => x !== 'null');
  return real.length > 0 && real.every((x) => FLAG_TYPES.has(x as string));
}

/** Whether a value of this schema could hold a secret: not a boolean, a number or one of an enum's public words. */
export function canCarrySecret(schema: Schema | undefined): boolean {
  return !schema || (!isFlag(schema) && !Array.isArray(schema.enum) && schema.const === undefined);
}

/** An object that names none of its keys: `{type: object}` or a map of anything. */
function isFreeForm(schema: Schema): boolean {
  if (schema.type !== undefined && !hasType(schema, 'object')) return false;
  if (['properties', 'items', 'allOf', 'anyOf', 'oneOf', 'enum', 'const', 'patternProperties'].some((k) => k in schema)) return false;
  const extra = schema.additionalProperties;
  return extra === undefined || extra === true || (isSchema(extra) && Object.keys(extra).length === 0);
}

// A container whose name says it describes values (a credential *pattern*, a *schema*, an *example*) holds no secret.
const DESCRIPTOR_PARENTS = new Set(['pattern', 'patterns', 'schema', 'schemas', 'example', 'examples', 'format', 'formats', 'placeholder', 'placeholders', 'hint', 'hints']);
// Properties that hold the value of whatever their object is named for (`uaa_client_secret: {value, editable}`).
const VALUE_NAMES = new Set(['value', 'values', 'data', 'content', 'raw_value', 'real_value']);
// Siblings that name the entry of a key/value store (`{key, value}`, `{name, value}`, `{option, value}`).
const KEY_NAMES = new Set(['key', 'name', 'option', 'variable', 'var', 'field', 'setting']);
/** The evidence of a field that only *can* carry a secret (rule 7), weaker than one shown to carry it. */
export const CAN_CARRY = /can carry a secret/;
// The value of one entry in a list of settings, however it is cased (`Value`, `value`), and the lists' names.
const SETTING_VALUE = /^values?$/i;
const SETTINGS_LIST = /^(?:settings|options|config|configs|configuration|configurations|properties)$/;

/** A sibling that marks an entry's value as secret: `is_secret`, `sensitive`, `masked`, or a `type` whose enum has SECRET (rule 7). */
function marksSecret(props: Record<string, unknown>): string | undefined {
  // An option shown in a form (`label`, `displayOrder`) is `hidden` from the form, not masked.
  const shown = Object.keys(props).some((k) => /^(?:label|display_?order|displayorder)$/i.test(k));
  for (const [k, sub] of Object.entries(props)) {
    const w = splitFieldName(k);
    if (!isSchema(sub)) continue;
    if (hasType(sub, 'boolean') && w.some((x) => x === 'secret' || x === 'secured' || x === 'sensitive' || x === 'masked' || (x === 'hidden' && !shown) || x === 'encrypted' || x === 'protected')) return k;
    // An entry type among whose values is SECRET (not an action named `getSecret`).
    if (Array.isArray(sub.enum) && sub.enum.some((e) => typeof e === 'string' && /^(?:secret|sensitive|password|secure|secured)$/i.test(e))) return k;
  }
  return undefined;
}

/**
 * A token a client makes up to name its own request (AWS's `ClientToken`, `ClientRequestToken`): sent so that a retry
 * is not done twice, it authorises nothing.
 */
function isRequestToken(name: string): boolean {
  const w = splitFieldName(name);
  return w.length >= 2 && w[0] === 'client' && w.at(-1) === 'token' && (w.length === 2 || (w.length === 3 && w[1] === 'request'));
}

/** A flag marking the entry secret in one of the `allOf` branches the entry extends, or undefined. */
function branchMarker(schema: Schema): string | undefined {
  if (!Array.isArray(schema.allOf)) return undefined;
  for (const b of schema.allOf) if (isSchema(b) && isSchema(b.properties)) {
    const found = marksSecret(b.properties as Record<string, unknown>);
    if (found) return found;
  }
  return undefined;
}

const INCOMING_WEBHOOK = /\bincoming[- ]webhook\b|\bhooks\.slack\.com\/services\b|\bdiscord(?:app)?\.com\/api\/webhooks\b|\bwebhook\.office\.com\b/i;

/** The evidence that one field is secret, or undefined; `name` is the property name ('' for a body root). */
function fieldEvidence(walk: Walk, name: string, schema: Schema, ctx: PathContext): string | undefined {
  if (schema['x-sensitive'] === true) return 'x-sensitive';
  if (schema['x-sensitive'] === false) return undefined;
  // Azure's `x-ms-secret`: a secret the service takes but leaves out of its answers (it hands it out only through a
  // `listSecrets`/`listKeys` action, whose answer says so on its own).
  if (schema['x-ms-secret'] === true) return walk.direction === 'request' ? 'x-ms-secret' : undefined;
  // …so the same name unmarked (a create body's `primaryKey`, a `listSecrets` answer's) is that secret too.
  if (name && walk.secretNames.has(name.toLowerCase()) && !isFlag(schema) && !isContainer(schema)) return 'x-ms-secret on the same field elsewhere in the document';
  // A masked input that the name says is an identifier (AWS marks `Username` and `ClientId` so) is not a secret.
  if (schema.format === 'password' && !walk.loosePassword && !(name && isLookalikeFieldName(name) && !isSecretFieldName(name))) return 'format: password';
  // writeOnly input is what an API never echoes back: typically a password or key being set (not an id or a name).
  if (walk.direction === 'request' && schema.writeOnly === true && !walk.looseWriteOnly && !isFlag(schema) && !(name && isLookalikeFieldName(name) && !isSecretFieldName(name))) return 'writeOnly';
  // A free-form object named for secrets or environment variables holds them, whatever its keys turn out to be.
  // (An example of a secret-named one can show it holds references; environment variables and variables hold whatever values users give them.)
  if (name && isFreeForm(schema) && !isLookalikeFieldName(name)) {
    if (isEnvName(name) || isVariablesName(name) || (isSecretFieldName(name) && !exampleShowsNoSecret(schema.example))) return `free-form ${name}`;
    // Rule 9: a name that points at credentials (a connector's connection settings), whatever its example shows.
    if (isConnectionConfigName(name) || (ctx === 'connection' && isConnectionValuesName(name))) return `free-form ${name}, which holds the credentials of a connection`;
    // A map the document calls environment variables holds their values, whatever its name (CircleCI's `build_parameters`).
    if (typeof schema.description === 'string' && ENV_DESCRIPTION.test(schema.description)) return `free-form ${name}, described as environment variables`;
    // Rule 7: a free-form configuration map sent to the platform can carry any setting, a password among them.
    if (walk.direction === 'request' && isConfigMapName(name)) return `free-form ${name}, which can carry a secret setting`;
  }
  if (isFlag(schema)) return undefined;
  if (isContainer(schema)) {
    const holds = holdsSecretsPhrase(schema.description, walk.direction);
    return holds ? `description: "${holds}"` : undefined;
  }
  // Variables serialised into one string (Appwrite's `vars`, "Function environment variables.") are still their values.
  const envText = typeof schema.description === 'string' && ENV_HEAD.test(schema.description) && !namesOnly(schema.description);
  // `variables`, `vars`: the variables themselves; a lone `variable` names one (a query plan's child link).
  const variables = isVariablesName(name) && ((splitFieldName(name).length === 1 && !/^variable$/i.test(name)) || isEnvName(name));
  const text = hasType(schema, 'string') && !Array.isArray(schema.enum) && !/^ur[il]/.test(String(schema.format ?? ''));
  if (name && text && (variables || (envText && !isLookalikeFieldName(name)))) return `${name}, environment variables as text`;
  // An enumerated value is one of a few public words (`permissions.secret_scanning_alerts: read|write`).
  if (Array.isArray(schema.enum) || schema.const !== undefined) return undefined;
  const examples = exampleValues(schema);
  // A masked example shows what a response prints (Linode's `ssl_key: "<REDACTED>"`), not what a request sends; a
  // run of X in an example is a placeholder, not a mask.
  if (walk.direction === 'response' && examples.some((v) => isMaskedValue(v, { xRuns: false }))) return undefined;
  const pattern = examples.map((v) => secretShape(v, name)).find(Boolean);
  if (pattern) return `example looks like ${pattern}`;
  // An incoming-webhook URL (Slack, Discord, Teams) carries its token in the path, even when described as `https://hooks.slack.com/services/...`.
  if (typeof schema.description === 'string' && INCOMING_WEBHOOK.test(schema.description)) return 'description: an incoming-webhook URL';
  // A secret-named field the document says is public, a checksum or a fingerprint of the secret is not the secret (rule 1).
  // A time, a UUID or an address is what its format says (`revoke_tokens_issued_before: date-time`), not a secret.
  if (name && isSecretFieldName(name) && !PLAIN_FORMATS.has(String(schema.format)) && !(walk.keysAreIds && isThingKey(name)) && !(walk.direction === 'request' && isRequestToken(name))) {
    // …nor one a response never carries ("Input only", "never populated in any response").
    if (typeof schema.description === 'string' && (saysNotTheSecret(schema.description) || (walk.direction === 'response' && saysNeverReturned(schema.description)))) return undefined;
    // …nor a database URL the document calls a hostname (Firebase's `databaseUrl`), which holds no user or password.
    if (/ur[il]s?$/i.test(name) && typeof schema.description === 'string' && HOSTNAME_HEAD.test(schema.description)) return undefined;
    return 'secret field name';
  }
  if (ctx === 'env' && ENV_VALUE_NAMES.has(name)) return 'environment variable value';
  if (ctx === 'hook' && name === 'url') return 'hook trigger URL';
  // A URL is a look-alike only while it carries no credentials; a description can say it does, and a look-alike's
  // can say its value is a signed or short-lived link (`Location`: "a link to the archive that is valid for 10 minutes").
  // …and an id only while its description does not open by saying it is a token ("The VM hardware token for authenticating the VM").
  if (name && isLookalikeFieldName(name) && !/ur[il]$/i.test(name) && !isTokenDescription(schema.description)) {
    const capability = typeof schema.description === 'string' ? capabilityPhrase(schema.description) : undefined;
    return capability ? `description: "${capability}"` : undefined;
  }
  const phrase = secretDescriptionPhrase(schema.description, walk.direction);
  return phrase ? `description: "${phrase}"` : undefined;
}

/** Prefix child paths: `items` + `[].password` → `items[].password`, `a` + `b` → `a.b`, `a` + '' → `a`. */
function prefix(parent: string, fields: SecretField[]): SecretField[] {
  return fields.map((f) => ({
    ...f,
    path: f.path === '' ? parent : parent === '' ? f.path : f.path.startsWith('[') ? `${parent}${f.path}` : `${parent}.${f.path}`,
  }));
}

/** A result and the lowest stack depth it depended on (Infinity when none: then it may be shared). */
interface Found {
  fields: SecretField[];
  low: number;
}

function nodeFields(walk: Walk, name: string, schema: Schema, ctx: PathContext): Found {
  // OpenAPI 3.1 §4.8.24.4: readOnly is never sent, writeOnly never returned; what does not travel is not a leak.
  // Azure says the same with `x-ms-mutability` that lists no `read` (`storageAccountAccessKey: [create, update]`).
  if (walk.direction === 'response' && (schema.writeOnly === true || notReadable(schema))) return { fields: [], low: Infinity };
  if (walk.direction === 'request' && schema.readOnly === true) return { fields: [], low: Infinity };
  if (name && DESCRIPTOR_PARENTS.has(lastWord(name))) return { fields: [], low: Infinity };
  const evidence = fieldEvidence(walk, name, leafOf(schema) ?? schema, ctx);
  if (evidence) {
    const once = saysReturnedOnce(schema.description);
    return { fields: [once ? { path: '', evidence, once } : { path: '', evidence }], low: Infinity };
  }
  const key = secretKeyNamed(schema);
  if (key && !(walk.direction === 'response' && isMaskedDescription(schema.description, walk.direction))) return { fields: [{ path: '', evidence: `a map whose description lists the key ${key}` }], low: Infinity };
  return containerFields(walk, name, schema, ctx ?? (name !== '' && isEnvName(name) ? 'env' : undefined));
}

// A key written as an identifier in prose: `client_secret`, `privateKey`, `PASSWORD`.
const KEY_TOKEN = /\b(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z][a-z0-9]*(?:[A-Z][a-z0-9]+)+|[A-Z]{3,}(?:_[A-Z0-9]+)*)\b/g;

/**
 * A secret-named key that the description of a map of plain values lists among its keys (Cognito's `ProviderDetails`:
 * "client_id, client_secret, authorize_scopes"), the map written alone or as an `allOf` beside its description.
 */
function secretKeyNamed(schema: Schema): string | undefined {
  const parts = [schema, ...(Array.isArray(schema.allOf) ? schema.allOf.filter(isSchema) : [])];
  const map = parts.find((p) => isSchema(p.additionalProperties) && !isSchema(p.properties));
  if (!map || isContainer(map.additionalProperties as Schema) || isFlag(map.additionalProperties as Schema)) return undefined;
  for (const p of parts) {
    if (typeof p.description !== 'string') continue;
    for (const m of p.description.matchAll(KEY_TOKEN)) if (isSecretFieldName(m[0])) return m[0];
  }
  return undefined;
}

/** Azure's `x-ms-mutability` without `read`: the value is set on create or update and never returned. */
function notReadable(schema: Schema): boolean {
  const m = schema['x-ms-mutability'];
  return Array.isArray(m) && m.length > 0 && !m.includes('read');
}

const COMBINATORS = ['allOf', 'anyOf', 'oneOf'] as const;
// Keywords that say something about a value without constraining it.
const ANNOTATIONS = new Set(['description', 'title', 'example', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly', 'nullable', '$comment']);
const SHAPE_KEYS = ['properties', 'items', 'prefixItems', 'additionalProperties', 'patternProperties'];

/**
 * A value written as combinator branches that are all plain values (`allOf: [{$ref: PasswordType}, {description}]`,
 * the way a description is put beside a `$ref`; `anyOf: [{type: string}, {type: 'null'}]`) is one value: its
 * branches merged, so that its name, format and description are judged together (rule 1: secret fields count in
 * `allOf`/`oneOf` branches too). Undefined for anything else, which is walked branch by branch.
 */
export function leafOf(schema: Schema): Schema | undefined {
  if (!schema.allOf && !schema.anyOf && !schema.oneOf) return undefined;
  let branches: Schema[] | undefined;
  for (const k of COMBINATORS) {
    const b = schema[k];
    if (!Array.isArray(b)) continue;
    if (!b.every((x) => isSchema(x) && !isContainer(x))) return undefined;
    branches = branches ? [...branches, ...(b as Schema[])] : (b as Schema[]);
  }
  if (!branches || branches.length === 0 || SHAPE_KEYS.some((k) => k in schema)) return undefined;
  const merged: Schema = {};
  const types = new Set<unknown>();
  for (const b of branches) {
    for (const t of Array.isArray(b.type) ? b.type : [b.type]) if (t !== undefined) types.add(t);
    if (merged.format === undefined || b.format === 'password') merged.format = b.format;
    if (b['x-sensitive'] !== undefined && merged['x-sensitive'] !== true) merged['x-sensitive'] = b['x-sensitive'];
    for (const k of ['writeOnly', 'readOnly'] as const) if (b[k] === true) merged[k] = true;
    for (const k of ['description', 'example', 'examples'] as const) if (merged[k] === undefined && b[k] !== undefined) merged[k] = b[k];
  }
  if (types.size > 0) merged.type = types.size === 1 ? [...types][0] : [...types];
  // A closed set of values only when every branch that says what values are is one (an enum beside free text is still free text).
  const valued = branches.filter((b) => Object.keys(b).some((k) => !ANNOTATIONS.has(k) && !k.startsWith('x-')));
  if (valued.length > 0 && valued.every((b) => Array.isArray(b.enum) || b.const !== undefined)) merged.enum = valued.flatMap((b) => (Array.isArray(b.enum) ? b.enum : [b.const]));
  for (const [k, v] of Object.entries(schema)) if (!(COMBINATORS as readonly string[]).includes(k)) merged[k] = v;
  return merged;
}

function lastWord(name: string): string {
  const w = splitFieldName(name);
  return w[w.length - 1] ?? '';
}

// The name only reaches array items, map values, combinator branches and a wrapper's `value`; a plain object's fields have their own.
function nameMatters(schema: Schema): boolean {
  return (
    !isSchema(schema.properties) ||
    Object.keys(schema.properties).some((k) => VALUE_NAMES.has(k) || SETTING_VALUE.test(k)) ||
    ['items', 'prefixItems', 'additionalProperties', 'patternProperties', 'allOf', 'anyOf', 'oneOf', SUBTYPES].some((k) => k in schema)
  );
}

/**
 * `extended`: the schema is reached as an `allOf` branch of another, which extends it. Then its subtypes are that
 * schema's siblings, not values it may take (Bitbucket's `object`, which every schema extends, would otherwise hold them all).
 */
function containerFields(walk: Walk, name: string, schema: Schema, ctx: PathContext, extended = false): Found {
  const subtypes = !extended && SUBTYPES in schema;
  const key = `${walk.direction}|${walk.loosePassword ? 'loose' : ''}${walk.looseWriteOnly ? 'lw' : ''}${walk.keysAreIds ? 'ki' : ''}|${ctx ?? ''}|${nameMatters(schema) ? name : ''}${subtypes ? '|subtypes' : ''}`;
  const depth = walk.stack.get(schema);
  if (depth !== undefined) return { fields: [], low: depth };
  const cached = shared.get(schema)?.get(key) ?? walk.local.get(schema)?.get(key);
  if (cached) return { fields: cached, low: Infinity };
  const here = walk.stack.size;
  // Deeper than any real document nests: what lies below is unknown, so count it (rule 5, never guess downward).
  if (here > MAX_DEPTH) return { fields: [{ path: '', evidence: `nested deeper than ${MAX_DEPTH} levels` }], low: 0 };
  walk.stack.set(schema, here);
  const found = exploreChildren(walk, name, schema, ctx, subtypes);
  walk.stack.delete(schema);
  const fields = dedupe(found.fields);
  // A result that met a schema still in progress above this one is incomplete on its own: keep it for this walk only.
  const store = found.low < here ? walk.local : shared;
  let byKey = store.get(schema);
  if (!byKey) store.set(schema, (byKey = new Map()));
  byKey.set(key, fields);
  return { fields, low: found.low };
}

function dedupe(fields: SecretField[]): SecretField[] {
  if (fields.length < 2) return fields;
  const seen = new Set<string>();
  return fields.filter((f) => !seen.has(f.path) && seen.add(f.path)).slice(0, MAX_FIELDS);
}

function exploreChildren(walk: Walk, name: string, schema: Schema, ctx: PathContext, subtypes: boolean): Found {
  const fields: SecretField[] = [];
  let low = Infinity;
  const add = (path: string, r: Found) => {
    fields.push(...prefix(path, r.fields));
    low = Math.min(low, r.low);
  };
  // A discriminated base's subtypes are branches too: its value may be any of them.
  for (const k of ['allOf', 'anyOf', 'oneOf', SUBTYPES] as const) {
    if (k === SUBTYPES && !subtypes) continue;
    const branches = schema[k];
    if (!Array.isArray(branches)) continue;
    // Stripe's x-expansionResources: the expanded object travels only when the caller asks for it with
    // `expand[]`, and is classified as the response of its own operation; by default only its id travels.
    const expandable = isSchema(schema['x-expansionResources']);
    for (const b of branches) {
      if (!isSchema(b) || (expandable && isContainer(b))) continue;
      add('', containerFields(walk, name, b, ctx, k === 'allOf'));
    }
  }
  const props = schema.properties;
  // Under an environment variable (path `/envs`, field `env`), `value` is the variable's (secret) value.
  if (isSchema(props)) {
    const keyed = Object.keys(props).some((k) => KEY_NAMES.has(k));
    const wrapper = name !== '' && isSecretFieldName(name);
    const keyPair = /^keys$/i.test(lastWord(name)) && 'primary' in props && 'secondary' in props;
    // (The flag may sit in a base the entry extends: Azure's named value `{allOf: [{secret}], value}`.)
    const marker = Object.keys(props).some((k) => VALUE_NAMES.has(k)) ? (marksSecret(props) ?? branchMarker(schema)) : undefined;
    // A header's `{name, value}` may be `Authorization` (rule 7), like a free-form headers map.
    const header = keyed && /^headers?$/.test(lastWord(name));
    // An entry of a list of settings sent to the platform (`OptionSettings: [{Namespace, OptionName, Value}]`) is a
    // free-form settings map written as a list: its value can be any setting, a password among them (rule 7).
    const setting = walk.direction === 'request' && SETTINGS_LIST.test(lastWord(name)) && Object.keys(props).some((k) => KEY_NAMES.has(lastWord(k)));
    for (const [k, sub] of Object.entries(props)) {
      if (!isSchema(sub)) continue;
      // The value of a secret-named wrapper, of an entry marked secret, of a header, or of a key/value entry in a
      // store of variables or options (rule 7: a schema that *can* carry a secret).
      // (Not a list of records: Azure's `{value: [...], nextLink}` wraps the list itself.)
      const held = VALUE_NAMES.has(k) && !isFlag(sub) && canCarrySecret(sub) && !isRecordList(sub) && (wrapper || marker !== undefined || header || (ctx === 'store' && k !== 'data') || (ctx === 'kv' && keyed));
      // A text field of an object named for several secrets (`JoinTokens: {Worker, Manager}`) is one of them; not a
      // field of an entry that names its secret (`secrets: [{key, date_rotated, url}]`), whose `value` alone is the secret.
      const member = wrapper && !keyed && /s$/.test(lastWord(name)) && !held && !isFlag(sub) && !isContainer(sub) && canCarrySecret(sub) && !isLookalikeFieldName(k) && !DESCRIBING.test(k) && !isMaskedDescription(sub.description, walk.direction);
      // …and so is each of a key pair (Azure's `keys: {primary, secondary}`).
      const pairMember = keyPair && /^(?:primary|secondary)$/i.test(k) && !isFlag(sub) && !isContainer(sub) && !isMaskedDescription(sub.description, walk.direction);
      if ((member || pairMember) && !(walk.direction === 'response' && sub.writeOnly === true)) {
        add(k, { fields: [{ path: '', evidence: `member of ${name}` }], low: Infinity });
        continue;
      }
      // The parameters of a secret-named object (`authorization: {authorizationType, parameters: {string: string}}`) are
      // the credential's parts, whatever their names.
      const parts = wrapper && !held && isSchema(sub.additionalProperties) && !isSchema(sub.properties) && !isContainer(sub.additionalProperties) && !isFlag(sub.additionalProperties) && !isMaskedDescription(sub.description, walk.direction);
      if (parts && !(walk.direction === 'response' && sub.writeOnly === true)) {
        add(k, { fields: [{ path: '', evidence: `values of ${k} in ${name}` }], low: Infinity });
        continue;
      }
      if (setting && !held && SETTING_VALUE.test(k) && !isFlag(sub) && canCarrySecret(sub) && !isMaskedDescription(sub.description, walk.direction)) {
        add(k, { fields: [{ path: '', evidence: `value of a setting in ${name}, which can carry a secret setting` }], low: Infinity });
        continue;
      }
      if (held && !(walk.direction === 'response' && (sub.writeOnly === true || saysNeverReturned(sub.description))) && !isMaskedDescription(sub.description, walk.direction)) {
        const evidence = wrapper ? `value of ${name}` : marker ? `value beside ${marker}` : header ? `value of a header in ${name}` : ctx === 'store' ? 'value stored in a vault' : 'value of a stored variable or option';
        add(k, { fields: [{ path: '', evidence }], low: Infinity });
      } else add(k, nodeFields(walk, k, sub, ctx));
    }
  }
  const maps = [schema.additionalProperties, ...(isSchema(schema.patternProperties) ? Object.values(schema.patternProperties) : [])];
  for (const sub of maps) if (isSchema(sub)) add('*', mapValueFields(walk, name, schema, sub, ctx));
  const items = schema.items;
  // An entry of a list of environment variables written `VAR=value` (Docker's `Env`) holds the value itself;
  // a list the document calls their keys or names does not.
  // A list sent to the platform that its description calls environment variables holds them too, whatever its name (`Environment`).
  const envList = (ctx === 'env' && isEnvName(name)) || (walk.direction === 'request' && typeof schema.description === 'string' && ENV_HEAD.test(schema.description));
  if (isSchema(items) && envList && hasType(items, 'string') && !isContainer(items) && !namesOnly(schema.description)) {
    add('[]', { fields: [{ path: '', evidence: 'environment variable entry (VAR=value)' }], low: Infinity });
  } else if (isSchema(items)) add('[]', nodeFields(walk, name, items, ctx));
  if (Array.isArray(schema.prefixItems)) {
    for (const sub of schema.prefixItems) if (isSchema(sub)) add('[]', nodeFields(walk, name, sub, ctx));
  }
  return { fields, low };
}

// A map's values take the map's name and description: `env: {string: string}`, Kubernetes Secret `data`.
function mapValueFields(walk: Walk, name: string, map: Schema, values: Schema, ctx: PathContext): Found {
  if (walk.direction === 'response' && values.writeOnly === true) return { fields: [], low: Infinity };
  if (!isContainer(values) && !isFlag(values) && map['x-sensitive'] !== false) {
    const phrase = secretDescriptionPhrase(map.description);
    const evidence =
      (name && (isEnvName(name) || ctx === 'env') && !isLookalikeFieldName(name) && 'environment variable values') ||
      (name && isVariablesName(name) && 'variable values') ||
      (name && walk.direction === 'request' && isConfigMapName(name) && `values of ${name}, which can carry a secret setting`) ||
      (name && ((ctx === 'connection' && isConnectionValuesName(name)) || isConnectionConfigName(name)) && `values of ${name}, which hold the credentials of a connection`) ||
      (name && isSecretFieldName(name) && 'secret field name') ||
      (phrase && `description: "${phrase}"`);
    if (evidence) return { fields: [{ path: '', evidence }], low: Infinity };
  }
  return nodeFields(walk, name, values, ctx);
}
