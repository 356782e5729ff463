// Seeded, schema-valid tool arguments from a tool's inputSchema: json-schema-faker generates, Ajv (the
// same validator family the server uses) checks, and a few reseeded attempts cover the rare value the
// generator gets wrong (patterns, formats). Same seed, same arguments: a violation can be replayed.
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { generate } from 'json-schema-faker';

const Ajv2020 = /** @type {any} */ (Ajv2020Module).default ?? Ajv2020Module;
const addFormats = /** @type {any} */ (addFormatsModule).default ?? addFormatsModule;

const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true, logger: false });
addFormats(ajv);

/**
 * Arguments for one tool call, valid against `schema`, or `{ error }` when no attempt validates.
 * @param {Record<string, unknown>} schema
 * @param {number} seed
 * @param {{ attempts?: number; accept?: (args: Record<string, unknown>) => boolean }} [opts]
 *   `accept` rejects values the schema allows but the caller cannot use; `redrawn` says it happened.
 * @returns {Promise<{ args: Record<string, unknown>; seed: number; redrawn: boolean } | { error: string }>}
 */
export async function generateArgs(schema, seed, opts = {}) {
  let validate;
  const draw = clampLengths(schema);
  try {
    validate = ajv.compile(schema);
  } catch (err) {
    return { error: `inputSchema does not compile: ${err.message}` };
  }
  let last = '';
  let redrawn = false;
  for (let i = 0; i < (opts.attempts ?? 8); i++) {
    const s = seed * 8 + i;
    let value;
    try {
      value = await generate(draw, {
        seed: s,
        // Optional arguments half the time: both "bare required" and "many styles at once" get exercised.
        optionalsProbability: 0.5,
        maxDepth: 4,
        maxDefaultItems: 2,
        maxItems: 3,
        useExamplesValue: false,
        useDefaultValue: false,
      });
    } catch (err) {
      last = `json-schema-faker failed: ${err.message}`;
      continue;
    }
    if (!validate(value)) {
      last = `generated arguments fail the inputSchema: ${ajv.errorsText(validate.errors)}`;
      continue;
    }
    if (opts.accept && !opts.accept(/** @type {Record<string, unknown>} */ (value))) {
      redrawn = true;
      last = 'every draw was refused by the caller';
      continue;
    }
    return { args: /** @type {Record<string, unknown>} */ (value), seed: s, redrawn };
  }
  return { error: last };
}

/**
 * A copy of the schema to draw from: arrays of at least one item (below), and short strings
 * (maxLength ≤ max(minLength, 40)):
 * Stripe's `maxLength: 5000` otherwise yields 18 kB path segments, which test nothing more than 40 chars
 * do and make the report unreadable. Validation still uses the original schema.
 */
function clampLengths(node) {
  if (Array.isArray(node)) return node.map(clampLengths);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'enum' || k === 'const' || k === 'default' || k === 'examples' ? v : clampLengths(v);
  // At least one item: OpenAPI's form (explode) and deepObject styles have no wire form for an empty
  // list (RFC 6570 §2.3: an empty list is undefined), so a required `[]` could never be sent.
  if (out.type === 'array' && (out.maxItems === undefined || out.maxItems >= 1)) out.minItems = Math.max(out.minItems ?? 0, 1);
  // `^[0-9a-f]+$` with minLength 40 (GitHub's commit_sha): json-schema-faker pads to the length with
  // characters outside the class, so one repeated class becomes `^[0-9a-f]{40,40}$` in the draw copy.
  const single = typeof out.pattern === 'string' ? /^\^(\[[^\]]+\]|\\[dw]|\.)([+*])\$$/.exec(out.pattern) : null;
  if (single && (typeof out.minLength === 'number' || typeof out.maxLength === 'number')) {
    const min = out.minLength ?? (single[2] === '+' ? 1 : 0);
    out.pattern = `^${single[1]}{${min},${out.maxLength ?? min + 20}}$`;
  }
  if (out.type === 'string' || typeof out.maxLength === 'number' || typeof out.minLength === 'number') {
    const cap = Math.max(out.minLength ?? 0, 40);
    if (out.pattern === undefined && out.format === undefined && (out.maxLength === undefined || out.maxLength > cap)) out.maxLength = cap;
  }
  return out;
}
