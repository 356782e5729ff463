/**
 * What a document's examples show (rule 1: judge the schema, then what the document says): example values of a
 * field, a free-form object's example that shows it holds no secret, and the secrets a media example shows that
 * its schema does not declare.
 */
import { SECRET_VALUE_PATTERNS, isMaskedValue, isSecretFieldName, splitFieldName } from '../core/secret-vocabulary.js';
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

/** Enough evidence to review and to redact by; a huge schema need not list every path. */
export const MAX_FIELDS = 50;

/** Whether a value is a schema object (not null, not an array). */
export function isSchema(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Whether an object example shows what a free-form object holds, and none of it is secret: every leaf is
 * named like a look-alike or a plain word (n8n's `credentials: {jiraApi: {id: '35', name: 'jiraApi'}}` are
 * references) and no value looks like a secret.
 */
export function exampleShowsNoSecret(example: unknown): boolean {
  if (typeof example !== 'object' || example === null) return false;
  let leaves = 0;
  let secret = false;
  const visit = (v: unknown, key: string, depth: number): void => {
    if (secret || depth > 8) return;
    if (Array.isArray(v)) return v.forEach((x) => visit(x, key, depth + 1));
    if (typeof v === 'object' && v !== null) return Object.entries(v).forEach(([k, x]) => visit(x, k, depth + 1));
    leaves++;
    if (key && isSecretFieldName(key)) secret = true;
    if (typeof v === 'string' && SECRET_VALUE_PATTERNS.some(({ re }) => re.test(v))) secret = true;
  };
  visit(example, '', 0);
  return leaves > 0 && !secret;
}

// A URL an example shows with a signature in its query (`…/export.csv.gz?…signature…`): a pre-signed URL, even
// when the document abbreviates the signature itself.
const SIGNED_URL_EXAMPLE = /^https?:\/\/\S*\?\S*signature/i;
// Example values that stand for a type or a placeholder, not a value (`"string"`, `"<token>"`, `"{{secret}}"`).
const TEMPLATE_WORDS = new Set(['template', 'templates', 'sample', 'samples', 'pattern', 'patterns', 'example', 'examples']);
const PLACEHOLDER = /^(?:string|text|null|undefined|none|true|false|\*+|x+|\.{3}|<[^>]*>|\{\{[^}]*\}\}|\$\{[^}]*\})$/i;

/**
 * Secrets a media example shows (rule 1: judge the schema, then what the document says): any value shaped like a
 * secret or a signed URL, and a secret-named key with a real value — in a response, one the schema has no
 * property for (a list of `{}` items whose example members carry `client_secret`); in a request, any (DigitalOcean's
 * migration example sends `source.password`, which its schema declares read-only).
 */
export function exampleSecrets(example: unknown, schema: Schema | undefined, direction: Direction): SecretField[] {
  if (typeof example !== 'object' || example === null) return typeof example === 'string' ? valueSecrets(example, '', '', direction, () => false) : [];
  // Documents share their examples (`components/examples`) across operations: each is walked once per schema and direction.
  const bySchema = exampleMemo.get(example) ?? new WeakMap<object, SecretField[]>();
  exampleMemo.set(example, bySchema);
  const memoKey = schema ?? NO_SCHEMA[direction];
  const known = bySchema.get(memoKey);
  if (known) return known;
  const found: SecretField[] = [];
  let budget = MAX_EXAMPLE_NODES;
  // Most of an example is plain data: a string is judged only when its key or its text may be a secret, and a
  // path is spelled out only for what is found. The schema is followed beside the example, so that a key is
  // "declared" only where the schema names it.
  const trail: string[] = [];
  // `owner` holds the schemas among which `key` is (or is not) declared: looked at only for a secret-named key.
  const leaf = (x: string, key: string, owner: readonly Schema[]): void => {
    if (MAY_BE_SHAPED.test(x) || (key !== '' && secretKey(key))) found.push(...valueSecrets(x, spell(trail), key, direction, () => declaredIn(owner, key)));
  };
  const visit = (v: object, key: string, owner: readonly Schema[], shapes: readonly Schema[], depth: number): void => {
    if (found.length >= MAX_FIELDS || --budget < 0 || depth > MAX_DEPTH) return;
    if (Array.isArray(v)) {
      // A list's members are judged by the list's key (`tokens: ["…"]`); a few show what the rest hold.
      trail.push('[]');
      let items: Schema[] | undefined;
      for (let i = 0; i < v.length && i < MAX_ITEMS; i++) {
        const x: unknown = v[i];
        if (typeof x === 'string') leaf(x, key, owner);
        else if (typeof x === 'object' && x !== null) visit(x, key, owner, (items ??= childShapes(shapes, undefined)), depth + 1);
      }
      // A list of settings is no list of alike records: each entry names its own setting.
      for (let i = MAX_ITEMS; i < v.length && i < MAX_SETTINGS && found.length < MAX_FIELDS; i++) {
        const x: unknown = v[i];
        const setting = typeof x === 'object' && x !== null && !Array.isArray(x) ? settingPair(x as Record<string, unknown>) : undefined;
        if (setting) found.push(...settingSecret(setting, spell(trail), direction));
      }
      trail.pop();
      return;
    }
    const setting = settingPair(v as Record<string, unknown>);
    if (setting) found.push(...settingSecret(setting, spell(trail), direction));
    for (const k in v) {
      const x: unknown = (v as Record<string, unknown>)[k];
      if (typeof x === 'string') {
        trail.push(k);
        leaf(x, k, shapes);
        trail.pop();
      } else if (typeof x === 'object' && x !== null) {
        trail.push(k);
        visit(x, k, shapes, childShapes(shapes, k), depth + 1);
        trail.pop();
      }
    }
  };
  visit(example, '', [], schema ? branchesOf(schema) : [], 0);
  bySchema.set(memoKey, found);
  return found;
}

// An entry of a list of settings or variables: its name is in one member, its value in another.
const SETTING_NAME_KEYS = new Set(['name', 'key', 'option', 'optionname', 'variable', 'setting', 'field']);
const SETTING_VALUE_KEYS = new Set(['value', 'values']);

/** `{name: "MerchantKey", value: "…"}`: the setting's name and value, when the entry has exactly one of each as text. */
function settingPair(v: Record<string, unknown>): { name: string; value: string } | undefined {
  let name: string | undefined;
  let names = 0;
  let value: string | undefined;
  for (const k in v) {
    const x = v[k];
    if (typeof x !== 'string') continue;
    const lower = k.toLowerCase();
    if (SETTING_NAME_KEYS.has(lower)) [name, names] = [x, names + 1];
    else if (SETTING_VALUE_KEYS.has(lower)) value = x;
  }
  return name !== undefined && names === 1 && value !== undefined ? { name, value } : undefined;
}

/**
 * A secret-named setting with a real value (rule 1: what the document shows): a list of settings sent or returned
 * whose example holds `{name: "MerchantKey", value: "…"}` carries that secret, whatever the schema's field names.
 */
function settingSecret({ name, value }: { name: string; value: string }, path: string, direction: Direction): SecretField[] {
  const t = value.trim();
  // A namespaced setting (`stickiness.lb_cookie.duration_seconds`) is named by its last part.
  const last = name.split(/[./:]/).pop()!;
  if (t === '' || PLACEHOLDER.test(t) || isMaskedValue(value) || !secretKey(last) || /^(?:\/|https?:\/\/)/i.test(t)) return [];
  return [{ path: path === '' ? 'value' : `${path}.value`, evidence: `example ${direction === 'request' ? 'sets' : 'shows'} setting ${name} with a value` }];
}

/** Whether one of the schemas names `key` among its properties. */
function declaredIn(shapes: readonly Schema[], key: string): boolean {
  return shapes.some((sh) => isSchema(sh.properties) && key in sh.properties);
}

/** A schema with its `allOf`/`anyOf`/`oneOf` branches, flattened (bounded: documents nest them, hostile ones deeply). */
function branchesOf(schema: Schema, out: Schema[] = [], depth = 0): Schema[] {
  if (!isSchema(schema) || depth > 8 || out.length > 64) return out;
  out.push(schema);
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = schema[k];
    if (Array.isArray(list)) for (const b of list) branchesOf(b as Schema, out, depth + 1);
  }
  return out;
}

/** The schemas of a property (`key`), or of an array's items (`key` undefined), across the given branches. */
function childShapes(shapes: readonly Schema[], key: string | undefined): Schema[] {
  const out: Schema[] = [];
  for (const sh of shapes) {
    const child = key === undefined ? sh.items : isSchema(sh.properties) && key in sh.properties ? (sh.properties as Record<string, unknown>)[key] : sh.additionalProperties;
    if (isSchema(child)) branchesOf(child as Schema, out);
  }
  return out;
}

/** `a`, `[]`, `b` → `a[].b`. */
function spell(trail: readonly string[]): string {
  let out = '';
  for (const t of trail) out += t === '[]' || out === '' ? t : `.${t}`;
  return out;
}

const secretKeys = new Map<string, boolean>();

/** Whether a key names a secret (memoised: documents repeat a few thousand keys across their examples). */
function secretKey(key: string): boolean {
  let v = secretKeys.get(key);
  if (v === undefined) {
    v = isSecretFieldName(key);
    if (secretKeys.size > 20_000) secretKeys.clear();
    secretKeys.set(key, v);
  }
  return v;
}

// Every secret-shaped value (SECRET_VALUE_PATTERNS, a signed URL) has one of these; most example text, plain URLs
// included, has none (the cases of test/manifest/classify-learned.test.ts hold each pattern to it).
const MAY_BE_SHAPED =
  /:\/\/[^/\s@]*@|[?&][\w-]*[Ss]ig|[Ss]ignature|hooks\.slack|discord(?:app)?\.com|webhook\.office|-----BEGIN|AKIA|ASIA|AIza|eyJ|gh[pousr]_|github_pat_|_(?:live|test)_|whsec_|xox[abposr]-|sk-|glpat-|npm_|runos_/;
const exampleMemo = new WeakMap<object, WeakMap<object, SecretField[]>>();
const NO_SCHEMA = { request: {}, response: {} };
// Enough of an example to judge it by; a huge one need not be walked whole.
const MAX_EXAMPLE_NODES = 5_000;
const MAX_ITEMS = 2;
const MAX_SETTINGS = 64;
const MAX_DEPTH = 5;

/** What one string of an example shows: a secret-shaped value, a signed URL, or a secret-named key with a real value. */
function valueSecrets(v: string, path: string, key: string, direction: Direction, declared: () => boolean): SecretField[] {
  const t = v.trim();
  if (t === '' || PLACEHOLDER.test(t) || isMaskedValue(v)) return [];
  // A template, sample or pattern shows the form of a value, not a live one (Key Vault's SAS `templateUri`).
  if (key && splitFieldName(key).some((w) => TEMPLATE_WORDS.has(w))) return [];
  if (t.length >= 8 && MAY_BE_SHAPED.test(v)) {
    const pattern = secretShape(v, key);
    if (pattern) return [{ path, evidence: `example looks like ${pattern}` }];
    if (SIGNED_URL_EXAMPLE.test(v)) return [{ path, evidence: 'example looks like presigned-url' }];
  }
  // A secret-named key whose value is a link (`subresource_uris.credentials: "/Credentials.json"`) names where the secrets are.
  if (!key || !secretKey(key) || /^(?:\/|https?:\/\/)/i.test(v)) return [];
  if (direction === 'request') return [{ path, evidence: `example sends ${key}` }];
  return declared() ? [] : [{ path, evidence: `example shows ${key}, which the schema does not declare` }];
}

/**
 * The secret shape of an example value (SECRET_VALUE_PATTERNS), or undefined. An AWS access key ID under an id-named
 * key (`AccessKeyId`, a `UserId` given one as its example) names a key: the secret half it pairs with is another value.
 */
export function secretShape(v: string, key: string): string | undefined {
  const idKey = /^(?:id|ids|identifier)$/.test(splitFieldName(key).at(-1) ?? '');
  return SECRET_VALUE_PATTERNS.find(({ name, re }) => !(idKey && name === 'aws-access-key-id') && re.test(v))?.name;
}

/** The string example, default and examples of a field schema. */
export function exampleValues(schema: Schema): string[] {
  if (schema.example === undefined && schema.default === undefined && schema.examples === undefined) return [];
  const out: unknown[] = [schema.example, schema.default, ...(Array.isArray(schema.examples) ? schema.examples : [])];
  return out.filter((v): v is string => typeof v === 'string');
}
