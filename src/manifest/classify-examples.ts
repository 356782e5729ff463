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

function isSchema(v: unknown): v is Schema {
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
  if (example === undefined || example === null || typeof example === 'boolean' || typeof example === 'number') return [];
  const declared = direction === 'response' ? declaredNames(schema) : new Set<string>();
  const out: SecretField[] = [];
  const visit = (v: unknown, path: string, key: string, depth: number): void => {
    if (out.length >= MAX_FIELDS || depth > 8) return;
    if (Array.isArray(v)) return v.slice(0, 20).forEach((x) => visit(x, `${path}[]`, key, depth + 1));
    if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) visit(x, path ? `${path}.${k}` : k, k, depth + 1);
      return;
    }
    if (typeof v !== 'string' || v.trim() === '' || PLACEHOLDER.test(v.trim()) || isMaskedValue(v)) return;
    // A template, sample or pattern shows the form of a value, not a live one (Key Vault's SAS `templateUri`).
    if (splitFieldName(key).some((w) => TEMPLATE_WORDS.has(w))) return;
    const pattern = SECRET_VALUE_PATTERNS.find(({ re }) => re.test(v));
    if (pattern) out.push({ path, evidence: `example looks like ${pattern.name}` });
    else if (SIGNED_URL_EXAMPLE.test(v)) out.push({ path, evidence: 'example looks like presigned-url' });
    // A secret-named key whose value is a link (`subresource_uris.credentials: "/Credentials.json"`) names where the secrets are.
    else if (key && !declared.has(key) && isSecretFieldName(key) && !/^(?:\/|https?:\/\/)/i.test(v)) out.push({ path, evidence: direction === 'response' ? `example shows ${key}, which the schema does not declare` : `example sends ${key}` });
  };
  visit(example, '', '', 0);
  return out;
}

const declaredMemo = new WeakMap<object, Set<string>>();

/** Every property name a schema declares, at any depth (bounded; loaded schemas are never mutated). */
function declaredNames(root: Schema | undefined): Set<string> {
  if (typeof root !== 'object' || root === null) return new Set();
  let names = declaredMemo.get(root);
  if (names) return names;
  names = new Set<string>();
  const seen = new Set<object>();
  const walk = (s: unknown): void => {
    if (typeof s !== 'object' || s === null || seen.has(s) || seen.size > 5_000) return;
    seen.add(s);
    const schema = s as Schema;
    if (isSchema(schema.properties)) {
      for (const [k, v] of Object.entries(schema.properties)) {
        names!.add(k);
        walk(v);
      }
    }
    for (const k of ['items', 'additionalProperties'] as const) walk(schema[k]);
    for (const k of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(schema[k])) for (const b of schema[k] as unknown[]) walk(b);
  };
  walk(root);
  declaredMemo.set(root, names);
  return names;
}

/** The string example, default and examples of a field schema. */
export function exampleValues(schema: Schema): string[] {
  if (schema.example === undefined && schema.default === undefined && schema.examples === undefined) return [];
  const out: unknown[] = [schema.example, schema.default, ...(Array.isArray(schema.examples) ? schema.examples : [])];
  return out.filter((v): v is string => typeof v === 'string');
}
