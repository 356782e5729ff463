import type { Schema } from '../manifest/model.js';
import { SUBTYPES } from '../manifest/schema-keywords.js';
import { shortenDescription } from './describe.js';

/** Limits for turning a manifest schema into a tool argument schema. */
export interface SchemaLimits {
  /** Nesting (properties/items) below which object and array shapes are cut with a note. */
  maxDepth: number;
  /** Longest description kept on nested nodes. */
  descriptionMax: number;
  /** Longest description kept on a top-level argument (depth 1); defaults to descriptionMax. */
  topDescriptionMax?: number;
}

/** Defaults chosen to keep GitHub's `tools/list` near half the peer proxy's size without dropping arguments. */
export const DEFAULT_LIMITS: SchemaLimits = { maxDepth: 5, descriptionMax: 120, topDescriptionMax: 200 };

// Validation keywords every client accepts; anything else (examples, xml, externalDocs, x-*, discriminator,
// readOnly, nullable, $ref, $defs, title…) is dropped: the whitelist is what keeps schemas provider-safe.
const COPY_NUMBER = ['minLength', 'maxLength', 'minimum', 'maximum', 'multipleOf', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const;

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

// Words a description may add to a property name and still say nothing more ("The unique identifier of the gist." on `gist_id`).
const EMPTY_WORDS = new Set(['the', 'a', 'an', 'of', 'for', 'to', 'this', 'its', 'that', 'which', 'identifies', 'parameter', 'name', 'id', 'ids', 'identifier', 'identifiers', 'unique', 'number', 'value']);
const NAME_EXPANSIONS: Record<string, string> = { org: 'organization', repo: 'repository', repos: 'repositories', sha: 'sha', ref: 'reference', env: 'environment' };

/**
 * Whether a description only restates its property name, so dropping it loses nothing the model
 * cannot read from the name (`repo`: "The name of the repository."). Saves bytes on every list.
 */
export function restatesName(name: string, description: string): boolean {
  const nameWords = new Set<string>();
  for (const w of name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/)) {
    if (!w) continue;
    nameWords.add(w);
    if (NAME_EXPANSIONS[w]) nameWords.add(NAME_EXPANSIONS[w]);
  }
  const words = description.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w && !EMPTY_WORDS.has(w));
  return words.length > 0 && words.every((w) => nameWords.has(w) || nameWords.has(w.replace(/s$/, '')));
}

/** Whether a schema branch only admits null (dropped: clients reject type arrays and null branches add nothing). */
function isNullOnly(s: unknown): boolean {
  if (!isObject(s)) return false;
  if (s.type === 'null') return true;
  if (Array.isArray(s.type) && s.type.length > 0 && s.type.every((t) => t === 'null')) return true;
  return Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null;
}

/** Whether a pattern compiles as a Unicode regex, as Ajv will compile it in the server. */
function isUsablePattern(p: unknown): p is string {
  if (typeof p !== 'string') return false;
  try {
    new RegExp(p, 'u');
    return true;
  } catch {
    return false;
  }
}

/** The JSON type a schema most likely has, looking through combinators (for cut nodes and bindings). */
export function schemaType(s: unknown, seen = new Set<unknown>()): string | undefined {
  if (!isObject(s) || seen.has(s) || seen.size > MAX_NESTING) return undefined;
  seen.add(s);
  if (typeof s.type === 'string' && s.type !== 'null') return s.type;
  if (Array.isArray(s.type)) return s.type.find((t): t is string => typeof t === 'string' && t !== 'null');
  if (isObject(s.properties) || isObject(s.additionalProperties)) return 'object';
  if (s.items !== undefined) return 'array';
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    const parts = s[key];
    if (Array.isArray(parts)) for (const p of parts) {
      const t = schemaType(p, seen);
      if (t) return t;
    }
  }
  return undefined;
}

/** An object schema with nothing but properties/required/description/type object: safe to merge. */
function isMergeable(s: Schema): boolean {
  return Object.keys(s).every((k) => k === 'properties' || k === 'required' || k === 'description' || (k === 'type' && s.type === 'object'));
}

/** Merge `part` into `into` (allOf of plain objects → one object; what every client understands). */
function mergeObject(into: Schema, part: Schema): void {
  if (part.type) into.type = 'object';
  if (part.description && !into.description) into.description = part.description;
  if (isObject(part.properties)) into.properties = { ...(into.properties as Schema | undefined), ...part.properties };
  if (Array.isArray(part.required)) into.required = [...new Set([...((into.required as string[]) ?? []), ...part.required])];
}

/**
 * Schemas nested on one path, combinators included (`maxDepth` counts only properties and items): a
 * deep `allOf` chain is cut here rather than overflowing the stack. Far above any real document's.
 */
export const MAX_NESTING = 32;

/**
 * Convert a resolved manifest schema into a self-contained, provider-safe tool argument schema:
 * no `$ref`, no type arrays or `nullable` (Gemini), no numeric `exclusiveMinimum` (Gemini), `oneOf` as
 * `anyOf` (Ajv rejects overlapping oneOf branches that the API accepts), `readOnly` properties left out
 * (they are never sent), recursion and deep nesting cut with a note in the cut node's description.
 */
export function toToolSchema(schema: unknown, limits: SchemaLimits = DEFAULT_LIMITS, depth = 1, stack = new Set<object>(), subtypes = true): Schema {
  if (!isObject(schema)) return {};
  const nested = isObject(schema.properties) || schema.items !== undefined || Array.isArray(schema.allOf) || Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf);
  if (stack.has(schema) || (nested && depth > limits.maxDepth) || stack.size >= MAX_NESTING) {
    const type = schemaType(schema);
    const why = stack.has(schema) ? 'recursive: same shape as an enclosing value' : `nested deeper than ${nested && depth > limits.maxDepth ? limits.maxDepth : MAX_NESTING} levels`;
    const what = limits.descriptionMax > 0 ? shortenDescription(schema.description as string | undefined, limits.descriptionMax) : '';
    return { ...(type && { type }), description: `${what ? `${what} ` : ''}(schema cut here: ${why})` };
  }
  stack.add(schema);
  let out: Schema;
  try {
    out = convertNode(schema, limits, depth, stack, subtypes);
  } finally {
    stack.delete(schema);
  }
  return subtypes ? withSubtypes(out, schema, limits, depth, stack) : out;
}

/** Subtypes shown per discriminated base: enough for real documents, bounded for a hostile one. */
export const MAX_SUBTYPES = 12;

/**
 * A discriminated base's subtypes (the loader's `x-runos-subtypes`) as `anyOf` branches, so the model sees the fields
 * each kind of value takes (`ServerPropertiesForDefaultCreate.administratorLogin`), converted after the base has left
 * the stack (a subtype extends it through `allOf`) and without subtypes of their own. A branch requires nothing: the
 * base alone stays valid, as the document allows; the branches say what else a value may hold.
 */
function withSubtypes(out: Schema, schema: Schema, limits: SchemaLimits, depth: number, stack: Set<object>): Schema {
  const all = Array.isArray(schema[SUBTYPES]) ? (schema[SUBTYPES] as unknown[]).filter(isObject) : [];
  if (all.length === 0 || out.anyOf !== undefined || stack.size >= MAX_NESTING) return out;
  const branches = all.slice(0, MAX_SUBTYPES).map((sub) => {
    const { required: _required, ...branch } = toToolSchema(sub, limits, depth, stack, false);
    return branch;
  });
  const more = all.length - branches.length;
  const note = more > 0 ? `(${more} more kinds not shown)` : '';
  const description = [out.description, note].filter(Boolean).join(' ');
  return { ...out, ...(description && { description }), anyOf: branches };
}

function convertNode(s: Schema, limits: SchemaLimits, depth: number, stack: Set<object>, subtypes: boolean): Schema {
  const out: Schema = {};
  const types = (Array.isArray(s.type) ? s.type : [s.type]).filter((t): t is string => typeof t === 'string' && t !== 'null');
  if (types.length === 1) out.type = types[0];
  const max = depth === 1 ? (limits.topDescriptionMax ?? limits.descriptionMax) : limits.descriptionMax;
  const description = max > 0 ? shortenDescription(s.description as string | undefined, max) : '';
  if (description) out.description = description;

  if (isObject(s.properties)) {
    const props: Schema = {};
    for (const [key, value] of Object.entries(s.properties)) {
      if (isObject(value) && value.readOnly === true) continue;
      const prop = toToolSchema(value, limits, depth + 1, stack, subtypes);
      if (typeof prop.description === 'string' && restatesName(key, prop.description)) delete prop.description;
      props[key] = prop;
    }
    out.properties = props;
  }
  if (Array.isArray(s.allOf)) {
    // A base an `allOf` extends is extended here: its subtypes are this schema's siblings.
    const parts = s.allOf.map((p) => toToolSchema(p, limits, depth, stack, false)).filter((p) => Object.keys(p).length > 0);
    if (parts.every(isMergeable)) for (const p of parts) mergeObject(out, p);
    else out.allOf = parts;
  }
  const branches = (Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : []).filter((b) => !isNullOnly(b));
  if (branches.length === 1) {
    const only = toToolSchema(branches[0], limits, depth, stack, subtypes);
    for (const [k, v] of Object.entries(only)) if (!(k in out)) out[k] = v;
  } else if (branches.length > 1) {
    out.anyOf = branches.map((b) => toToolSchema(b, limits, depth, stack, subtypes));
  } else if (types.length > 1) {
    out.anyOf = types.map((type) => ({ type }));
  }
  if (Array.isArray(out.required) || Array.isArray(s.required)) {
    const names = [...new Set([...((out.required as string[]) ?? []), ...((s.required as unknown[]) ?? [])])];
    // Only names whose property was left out (readOnly) go: others may live in a sibling allOf part.
    const source = isObject(s.properties) ? s.properties : {};
    const kept = (out.properties ?? {}) as Schema;
    const required = names.filter((n): n is string => typeof n === 'string' && (!(n in source) || n in kept));
    if (required.length > 0) out.required = required;
    else delete out.required;
  }
  if (s.items !== undefined) out.items = toToolSchema(Array.isArray(s.items) ? s.items[0] : s.items, limits, depth + 1, stack, subtypes);
  if (isObject(s.additionalProperties)) {
    const extra = toToolSchema(s.additionalProperties, limits, depth + 1, stack, subtypes);
    if (Object.keys(extra).length > 0) out.additionalProperties = extra;
  }

  const values = Array.isArray(s.enum) ? s.enum.filter((v) => v !== null) : s.const !== undefined && s.const !== null ? [s.const] : [];
  if (values.length > 0) out.enum = values;
  if (s.default !== undefined && s.default !== null) out.default = s.default;
  if (typeof s.format === 'string') out.format = s.format;
  if (isUsablePattern(s.pattern)) out.pattern = s.pattern;
  for (const key of COPY_NUMBER) if (typeof s[key] === 'number') out[key] = s[key];
  // Stripe puts maxLength 5000 on every string: a bound no model reaches, 17 bytes each on every list.
  if (typeof out.maxLength === 'number' && out.maxLength > 1024) delete out.maxLength;
  if (s.uniqueItems === true) out.uniqueItems = true;
  // OpenAPI 3.1 numeric exclusive bounds become inclusive ones (Gemini rejects them); 3.0 boolean forms drop.
  if (typeof s.exclusiveMinimum === 'number' && out.minimum === undefined) out.minimum = s.exclusiveMinimum;
  if (typeof s.exclusiveMaximum === 'number' && out.maximum === undefined) out.maximum = s.exclusiveMaximum;
  return out;
}
