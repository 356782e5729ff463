/**
 * Incidental secrets (issue 11 item 4): an everyday read whose response declares one or two secret fields
 * beside much other data — GitHub's repository with its `temp_clone_token` — stays in `read` (a write in
 * `write`), and that server redacts exactly those fields by name from every response (the table's
 * `redactFields`, `src/server/redact.ts`). Escalating the whole operation would take it away from the tier
 * clients run without asking; the sensitive-read server still serves the full response of such a read.
 * Only field-level evidence qualifies, and never when the operation itself is about credentials.
 */
import { credentialHint, resultResponses } from './classify-doubt.js';
import type { PathContext, SecretField } from './classify-schema.js';
import { credentialText } from './classify-words.js';
import type { OperationModel, Schema } from './model.js';

/** At most this many distinct secret field names: more is not incidental. */
const MAX_SECRET_NAMES = 4;
/** At least this many described field names per secret one, and this many in all: the response must be mostly other data. */
const MIN_OTHER_PER_SECRET = 8;
const MIN_OTHER = 15;
/**
 * Evidence about one named field (its name, format, marker, description or example value); context-based
 * evidence (environment values, a stored variable's value, a depth cut) is about the data as a whole.
 */
const FIELD_EVIDENCE = /^(?:secret field name|format: password|x-sensitive|description: |example looks like |value of [a-z])/i;
// Counting further decides nothing: the most names any decision above needs (four secrets, 32 others).
const COUNT_CAP = MAX_SECRET_NAMES + Math.max(MIN_OTHER, MIN_OTHER_PER_SECRET * MAX_SECRET_NAMES);

/** The leaf field names to redact when the response's secrets are incidental, else undefined. */
export function incidentalFields(op: OperationModel, found: { ctx: PathContext; response: SecretField[] }): string[] | undefined {
  // A store's or a variables path's values are the data itself; a connection's are only where its values map says so.
  if ((found.ctx !== undefined && found.ctx !== 'connection') || credentialHint(op) || credentialText(op)) return undefined;
  const leaves = new Set<string>();
  for (const f of found.response) {
    // "Only returned at creation": the write that creates the secret exists to hand it over.
    if (f.once || !FIELD_EVIDENCE.test(f.evidence)) return undefined;
    const m = /(?:^|\.)([A-Za-z_$][\w$-]*)$/.exec(f.path);
    if (!m) return undefined;
    leaves.add(m[1]!);
  }
  if (leaves.size === 0 || leaves.size > MAX_SECRET_NAMES) return undefined;
  const other = describedNames(op) - leaves.size;
  return other >= MIN_OTHER && other >= MIN_OTHER_PER_SECRET * leaves.size ? [...leaves].sort() : undefined;
}

/** How many distinct property names the richest result schema describes (bounded). */
function describedNames(op: OperationModel): number {
  let total = 0;
  for (const [, r] of resultResponses(op)) for (const m of Object.values(r.content)) total = Math.max(total, namesOf(m.schema));
  return total;
}

// Per schema object (documents share their big schemas across hundreds of operations); loaded schemas are never mutated.
const namesMemo = new WeakMap<object, number>();

function namesOf(root: Schema | undefined): number {
  if (typeof root !== 'object' || root === null) return 0;
  const known = namesMemo.get(root);
  if (known !== undefined) return known;
  const names = new Set<string>();
  const seen = new Set<object>();
  const walk = (s: unknown): void => {
    if (typeof s !== 'object' || s === null || seen.has(s) || names.size >= COUNT_CAP) return;
    seen.add(s);
    const schema = s as Schema;
    if (typeof schema.properties === 'object' && schema.properties !== null) {
      for (const [k, v] of Object.entries(schema.properties as Record<string, unknown>)) {
        names.add(k);
        walk(v);
      }
    }
    for (const k of ['items', 'additionalProperties'] as const) walk(schema[k]);
    for (const k of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(schema[k])) for (const b of schema[k] as unknown[]) walk(b);
  };
  walk(root);
  namesMemo.set(root, names.size);
  return names.size;
}
