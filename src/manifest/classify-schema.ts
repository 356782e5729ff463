/**
 * Rule 4's schema half (PRODUCT.md, Classification): find the fields through which secret material
 * travels, in a request body or a response, judged from `format: password`, `writeOnly` (requests
 * only), `x-sensitive`, descriptions, example values and the shared field-name vocabulary with its
 * look-alikes. Schemas are resolved and may be cyclic; results are memoised per schema object, which
 * the loader never mutates after loading.
 */
import {
  SECRET_VALUE_PATTERNS,
  isLookalikeFieldName,
  isMaskedValue,
  isSecretFieldName,
  splitFieldName,
} from '../core/secret-vocabulary.js';
import type { Schema } from './model.js';

/** Which way a schema's data travels: a signal like `writeOnly` means opposite things in each. */
export type Direction = 'request' | 'response';

/** One secret found in a schema: its dotted path (`items[].password`, `''` for the whole body) and why. */
export interface SecretField {
  path: string;
  evidence: string;
  /** The document says the field is returned only once (at creation): a read never carries it. */
  once?: true;
}

// A description whose head noun is the secret ("The password for the admin user").
const HEAD_PHRASE =
  /^\s*(?:the|a|an|your|this|its)?\s*(?:[\w-]+\s+){0,3}?(password|passphrase|secret|api key|access key|secret key|private key|access token|auth(?:entication)? token|bearer token|refresh token|connection string|credentials?)\b(?!\s+(?:id|name|type|prefix|hint|fingerprint|url|uuid|scanning)\b)/i;
// Phrases that mark secret material wherever they stand in a description.
const ANY_PHRASE =
  /private key|connection (?:string|uri|url)|decrypted|unencrypted value|plain ?text (?:secret|password|value|key|token)|secret data|client secret|secret value|(?:shown|displayed|returned|visible) only once|only (?:be )?(?:shown|displayed|returned|visible) once|(?:will not|won't|cannot|can't) be (?:shown|displayed|retrieved|returned|viewed) again/i;
// A description that says the value is masked, derived or absent wins over the phrases above.
const NEGATIVE_PHRASE =
  /\b(?:masked|redacted|obfuscated|hashed|hash of|fingerprint|last (?:four|4|eight|8)|never returned|not returned|not included|public key|whether|identifier of|id of|name of|number of|count of|url (?:of|to|for)|expir\w*)\b/i;

/** Why a description marks its field as secret (the matched phrase), or undefined. */
export function secretDescriptionPhrase(description: unknown): string | undefined {
  if (typeof description !== 'string' || description === '' || NEGATIVE_PHRASE.test(description)) return undefined;
  const m = ANY_PHRASE.exec(description) ?? HEAD_PHRASE.exec(description);
  return m ? m[0].trim().toLowerCase().replace(/\s+/g, ' ').slice(-40) : undefined;
}

const ONCE_ONLY =
  /only (?:be )?(?:returned|shown|displayed|available|visible|present|included) (?:once|at creation|on creation|upon creation|when (?:it is |first )?created)|(?:shown|returned|displayed) only once/i;

const ENV_VALUE_NAMES = new Set(['value', 'real_value', 'values']);

/**
 * What the operation's path says about its data: `env` (environment variables, whose `value`s are
 * secrets) or `hook` (an incoming build/deploy hook, whose `url` is itself the credential).
 */
export type PathContext = 'env' | 'hook' | undefined;

/** Whether a name or path words speak of environment variables, whose values are secrets on a platform. */
export function isEnvName(name: string): boolean {
  const w = splitFieldName(name);
  return w.some((x, i) => x === 'env' || x === 'envs' || x === 'envvars' || (x === 'environment' && /^variables?$/.test(w[i + 1] ?? '')));
}

interface Walk {
  direction: Direction;
  /** Schemas being explored, with their stack depth: meeting one again is a cycle. */
  stack: Map<object, number>;
  /** Results of this walk, including those cut short by a cycle (valid only inside this walk). */
  local: Map<object, Map<string, SecretField[]>>;
}

// Results that did not depend on a schema still being explored hold for any walk: keyed by schema
// object, so the big shared schemas of GitHub or Kubernetes are walked once per document, not per operation.
const shared = new WeakMap<object, Map<string, SecretField[]>>();

const MAX_DEPTH = 64;
// Enough evidence to review and to redact by; a huge schema need not list every path.
const MAX_FIELDS = 50;

/**
 * Every secret field of a schema (which may be cyclic: a stack of schemas in progress cuts cycles),
 * looking through nested objects, arrays, allOf/anyOf/oneOf branches and additionalProperties.
 * `ctx` is what the operation's path says about the data (environment variables, hook URLs).
 */
export function findSecretFields(schema: Schema | undefined, direction: Direction, ctx?: PathContext, read = false): SecretField[] {
  if (!isSchema(schema)) return [];
  const walk: Walk = { direction, stack: new Map(), local: new Map() };
  const fields = nodeFields(walk, '', schema, ctx).fields;
  // "Only returned at creation" (Stripe webhook secret, keys shown once): absent from any later read.
  return direction === 'response' && read ? fields.filter((f) => !f.once) : fields;
}

function isSchema(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// These run once per property of every schema of a document: kept allocation-free on the common path.
function hasType(schema: Schema, name: string): boolean {
  const t = schema.type;
  return t === name || (Array.isArray(t) && t.includes(name));
}

// Objects and arrays are looked into rather than judged by their name: a `secrets` list of names is not secret.
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
function isFlag(schema: Schema): boolean {
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

function exampleValues(schema: Schema): string[] {
  if (schema.example === undefined && schema.default === undefined && schema.examples === undefined) return [];
  const out: unknown[] = [schema.example, schema.default, ...(Array.isArray(schema.examples) ? schema.examples : [])];
  return out.filter((v): v is string => typeof v === 'string');
}

/** The evidence that one field is secret, or undefined; `name` is the property name ('' for a body root). */
function fieldEvidence(walk: Walk, name: string, schema: Schema, ctx: PathContext): string | undefined {
  if (schema['x-sensitive'] === true) return 'x-sensitive';
  if (schema['x-sensitive'] === false) return undefined;
  if (schema.format === 'password') return 'format: password';
  // writeOnly input is what an API never echoes back: typically a password or key being set.
  if (walk.direction === 'request' && schema.writeOnly === true && !isFlag(schema)) return 'writeOnly';
  if (isFlag(schema) || isContainer(schema)) return undefined;
  // An enumerated value is one of a few public words (`permissions.secret_scanning_alerts: read|write`).
  if (Array.isArray(schema.enum) || schema.const !== undefined) return undefined;
  const examples = exampleValues(schema);
  if (examples.some(isMaskedValue)) return undefined;
  const pattern = SECRET_VALUE_PATTERNS.find(({ re }) => examples.some((v) => re.test(v)));
  if (pattern) return `example looks like ${pattern.name}`;
  if (name && isSecretFieldName(name)) return 'secret field name';
  if (ctx === 'env' && ENV_VALUE_NAMES.has(name)) return 'environment variable value';
  if (ctx === 'hook' && name === 'url') return 'hook trigger URL';
  // A URL is a look-alike only while it carries no credentials; a description can say it does.
  if (name && isLookalikeFieldName(name) && !/ur[il]$/i.test(name)) return undefined;
  const phrase = secretDescriptionPhrase(schema.description);
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
  if (walk.direction === 'response' && schema.writeOnly === true) return { fields: [], low: Infinity };
  if (walk.direction === 'request' && schema.readOnly === true) return { fields: [], low: Infinity };
  const evidence = fieldEvidence(walk, name, schema, ctx);
  if (evidence) {
    const once = typeof schema.description === 'string' && ONCE_ONLY.test(schema.description);
    return { fields: [once ? { path: '', evidence, once } : { path: '', evidence }], low: Infinity };
  }
  return containerFields(walk, name, schema, ctx ?? (name !== '' && isEnvName(name) ? 'env' : undefined));
}

// The name only reaches array items, map values and combinator branches; a plain object's fields have their own.
function nameMatters(schema: Schema): boolean {
  return (
    !isSchema(schema.properties) ||
    ['items', 'prefixItems', 'additionalProperties', 'patternProperties', 'allOf', 'anyOf', 'oneOf'].some((k) => k in schema)
  );
}

function containerFields(walk: Walk, name: string, schema: Schema, ctx: PathContext): Found {
  const key = `${walk.direction}|${ctx ?? ''}|${nameMatters(schema) ? name : ''}`;
  const depth = walk.stack.get(schema);
  if (depth !== undefined) return { fields: [], low: depth };
  const cached = shared.get(schema)?.get(key) ?? walk.local.get(schema)?.get(key);
  if (cached) return { fields: cached, low: Infinity };
  const here = walk.stack.size;
  // Deeper than any real document nests: what lies below is unknown, so count it (rule 5, never guess downward).
  if (here > MAX_DEPTH) return { fields: [{ path: '', evidence: `nested deeper than ${MAX_DEPTH} levels` }], low: 0 };
  walk.stack.set(schema, here);
  const found = exploreChildren(walk, name, schema, ctx);
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

function exploreChildren(walk: Walk, name: string, schema: Schema, ctx: PathContext): Found {
  const fields: SecretField[] = [];
  let low = Infinity;
  const add = (path: string, r: Found) => {
    fields.push(...prefix(path, r.fields));
    low = Math.min(low, r.low);
  };
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = schema[k];
    if (!Array.isArray(branches)) continue;
    // Stripe's x-expansionResources: the expanded object travels only when the caller asks for it with
    // `expand[]`, and is classified as the response of its own operation; by default only its id travels.
    const expandable = isSchema(schema['x-expansionResources']);
    for (const b of branches) {
      if (!isSchema(b) || (expandable && isContainer(b))) continue;
      add('', containerFields(walk, name, b, ctx));
    }
  }
  const props = schema.properties;
  // Under an environment variable (path `/envs`, field `env`), `value` is the variable's (secret) value.
  if (isSchema(props)) {
    for (const [k, sub] of Object.entries(props)) if (isSchema(sub)) add(k, nodeFields(walk, k, sub, ctx));
  }
  const maps = [schema.additionalProperties, ...(isSchema(schema.patternProperties) ? Object.values(schema.patternProperties) : [])];
  for (const sub of maps) if (isSchema(sub)) add('*', mapValueFields(walk, name, schema, sub, ctx));
  if (isSchema(schema.items)) add('[]', nodeFields(walk, name, schema.items, ctx));
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
      (name && isSecretFieldName(name) && 'secret field name') ||
      (phrase && `description: "${phrase}"`);
    if (evidence) return { fields: [{ path: '', evidence }], low: Infinity };
  }
  return nodeFields(walk, name, values, ctx);
}
