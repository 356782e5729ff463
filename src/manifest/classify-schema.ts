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
}

// A description whose head noun is the secret ("The password for the admin user").
const HEAD_PHRASE =
  /^\s*(?:the|a|an|your|this|its)?\s*(?:[\w-]+\s+){0,3}?(password|passphrase|secret|api key|access key|secret key|private key|access token|auth(?:entication)? token|bearer token|refresh token|token|connection string|credentials?)\b(?!\s+(?:id|name|type|prefix|hint|fingerprint|url|uuid|scanning)\b)/i;
// Phrases that mark secret material wherever they stand in a description.
const ANY_PHRASE =
  /private key|connection (?:string|uri|url)|decrypted|plain ?text (?:secret|password|value|key|token)|secret data|client secret|secret value|(?:shown|displayed|returned|visible) only once|only (?:be )?(?:shown|displayed|returned|visible) once|(?:will not|won't|cannot|can't) be (?:shown|displayed|retrieved|returned|viewed) again/i;
// A description that says the value is masked, derived or absent wins over the phrases above.
const NEGATIVE_PHRASE =
  /\b(?:masked|redacted|obfuscated|hashed|hash of|fingerprint|last (?:four|4|eight|8)|never returned|not returned|not included|public key|whether|identifier of|id of|name of|number of|count of|url (?:of|to|for)|expir\w*)\b/i;

/** Why a description marks its field as secret (the matched phrase), or undefined. */
export function secretDescriptionPhrase(description: unknown): string | undefined {
  if (typeof description !== 'string' || description === '' || NEGATIVE_PHRASE.test(description)) return undefined;
  const m = ANY_PHRASE.exec(description) ?? HEAD_PHRASE.exec(description);
  return m ? m[0].trim().toLowerCase().replace(/\s+/g, ' ').slice(-40) : undefined;
}

const ENV_VALUE_NAMES = new Set(['value', 'real_value', 'values']);

/** Whether a name or path words speak of environment variables, whose values are secrets on a platform. */
export function isEnvName(name: string): boolean {
  const w = splitFieldName(name);
  return w.some((x, i) => x === 'env' || x === 'envs' || x === 'envvars' || (x === 'environment' && /^variables?$/.test(w[i + 1] ?? '')));
}

interface Walk {
  direction: Direction;
  visited: Set<object>;
  found: SecretField[];
}

const MAX_DEPTH = 64;

/**
 * Every secret field of a schema (which may be cyclic: a visited set stops the walk), looking through
 * nested objects, arrays, allOf/anyOf/oneOf branches and additionalProperties. `env` says the
 * schema describes environment variables (from the operation's path), so `{key, value}` values count.
 */
export function findSecretFields(schema: Schema | undefined, direction: Direction, env = false): SecretField[] {
  const walk: Walk = { direction, visited: new Set(), found: [] };
  if (isSchema(schema)) checkField(walk, '', schema, '', env, false, 0);
  return walk.found;
}

function isSchema(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function types(schema: Schema): string[] {
  const t = schema.type;
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : typeof t === 'string' ? [t] : [];
}

// Objects and arrays are looked into rather than judged by their name: a `secrets` list of names is not secret.
function isContainer(schema: Schema): boolean {
  const t = types(schema);
  return (
    t.includes('object') ||
    t.includes('array') ||
    isSchema(schema.properties) ||
    isSchema(schema.items) ||
    isSchema(schema.additionalProperties) ||
    ['allOf', 'anyOf', 'oneOf'].some((k) => Array.isArray(schema[k]))
  );
}

// A boolean or a number says something about a secret but cannot carry one worth hiding.
function isFlag(schema: Schema): boolean {
  const t = types(schema).filter((x) => x !== 'null');
  return t.length > 0 && t.every((x) => x === 'boolean' || x === 'integer' || x === 'number');
}

function exampleValues(schema: Schema): string[] {
  const out: unknown[] = [schema.example, schema.default, ...(Array.isArray(schema.examples) ? schema.examples : [])];
  return out.filter((v): v is string => typeof v === 'string');
}

/** The evidence that one field is secret, or undefined; `name` is the property name ('' for a body root). */
function fieldEvidence(walk: Walk, name: string, schema: Schema, envValue: boolean): string | undefined {
  if (schema['x-sensitive'] === true) return 'x-sensitive';
  if (schema['x-sensitive'] === false) return undefined;
  if (schema.format === 'password') return 'format: password';
  // writeOnly input is what an API never echoes back: typically a password or key being set.
  if (walk.direction === 'request' && schema.writeOnly === true && !isFlag(schema)) return 'writeOnly';
  if (isFlag(schema) || isContainer(schema)) return undefined;
  const examples = exampleValues(schema);
  if (examples.some(isMaskedValue)) return undefined;
  const pattern = SECRET_VALUE_PATTERNS.find(({ re }) => examples.some((v) => re.test(v)));
  if (pattern) return `example looks like ${pattern.name}`;
  if (name && isSecretFieldName(name)) return 'secret field name';
  if (envValue) return 'environment variable value';
  if (name && isLookalikeFieldName(name)) return undefined;
  const phrase = secretDescriptionPhrase(schema.description);
  return phrase ? `description: "${phrase}"` : undefined;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function checkField(walk: Walk, name: string, schema: Schema, path: string, env: boolean, inEntry: boolean, depth: number): void {
  // OpenAPI 3.1 §4.8.24.4: readOnly is never sent, writeOnly never returned; what does not travel is not a leak.
  if (walk.direction === 'response' && schema.writeOnly === true) return;
  if (walk.direction === 'request' && schema.readOnly === true) return;
  const evidence = fieldEvidence(walk, name, schema, inEntry && ENV_VALUE_NAMES.has(name));
  if (evidence) {
    walk.found.push({ path, evidence });
    return;
  }
  walkSchema(walk, name, schema, path, env || (name !== '' && isEnvName(name)), depth + 1);
}

function walkSchema(walk: Walk, name: string, schema: Schema, path: string, env: boolean, depth: number): void {
  if (depth > MAX_DEPTH || walk.visited.has(schema)) return;
  walk.visited.add(schema);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches)) for (const b of branches) if (isSchema(b)) walkSchema(walk, name, b, path, env, depth + 1);
  }
  const props = schema.properties;
  if (isSchema(props)) {
    // An env var entry is `{key|name, value}`: only then is `value` the variable's (secret) value.
    const entry = env && ('key' in props || 'name' in props);
    for (const [k, sub] of Object.entries(props)) if (isSchema(sub)) checkField(walk, k, sub, join(path, k), env, entry, depth);
  }
  const maps = [schema.additionalProperties, ...(isSchema(schema.patternProperties) ? Object.values(schema.patternProperties) : [])];
  for (const sub of maps) if (isSchema(sub)) checkMapValues(walk, name, schema, sub, join(path, '*'), env, depth);
  if (isSchema(schema.items)) checkField(walk, name, schema.items, `${path}[]`, env, false, depth);
  if (Array.isArray(schema.prefixItems)) {
    for (const sub of schema.prefixItems) if (isSchema(sub)) checkField(walk, name, sub, `${path}[]`, env, false, depth);
  }
}

// A map's values take the map's name and description: `env: {string: string}`, Kubernetes Secret `data`.
function checkMapValues(walk: Walk, name: string, map: Schema, values: Schema, path: string, env: boolean, depth: number): void {
  if (walk.direction === 'response' && values.writeOnly === true) return;
  if (!isContainer(values) && !isFlag(values) && map['x-sensitive'] !== false) {
    const evidence =
      (name && (isEnvName(name) || env) && !isLookalikeFieldName(name) && 'environment variable values') ||
      (name && isSecretFieldName(name) && 'secret field name') ||
      (secretDescriptionPhrase(map.description) && `description: "${secretDescriptionPhrase(map.description)}"`);
    if (evidence) {
      walk.found.push({ path, evidence });
      return;
    }
  }
  checkField(walk, name, values, path, env, false, depth);
}
