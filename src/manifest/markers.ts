/**
 * Marks the loader leaves on schemas it did not follow, and how to find them in an operation. A marked
 * schema is free-form (it names no fields): the classifier counts it as doubt (PRODUCT.md rule 5,
 * CLASSIFICATION.md rule 9) and the tool's reason says what was not followed.
 */
import type { OperationModel, Schema } from './model.js';
import { MAP, SCHEMA_KEYWORDS } from './schema-keywords.js';

/** On a schema named by a `$ref` runos never fetches (another URI scheme, or relative to a fetched document): the `$ref`. */
export const UNRESOLVED = 'x-runos-unresolved';
/** On a schema cut because it nests too deep: why. */
export const CUT = 'x-runos-cut';
/** Schema objects one walk may nest, `$ref`s counted: the shared documents need 59 at most (Stripe). */
export const MAX_SCHEMA_DEPTH = 256;

/** One schema of an operation that was not followed: where (`response 200`, `request body`, `parameter q`) and a note for the reason. */
export interface Unfollowed {
  at: string;
  note: string;
}

/** The notes for every marked schema reachable from `schema` through subschema keywords (iterative, each object once). */
function notesIn(schema: Schema | undefined): string[] {
  const notes: string[] = [];
  const seen = new Set<object>();
  const stack: unknown[] = [schema];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const s = node as Schema;
    if (typeof s[UNRESOLVED] === 'string') notes.push(`schema ${s[UNRESOLVED]} not fetched`);
    if (typeof s[CUT] === 'string') notes.push(`schema ${s[CUT]}, cut there`);
    for (const key of Object.keys(s)) {
      const kind = SCHEMA_KEYWORDS[key];
      const v = s[key];
      if (kind === undefined || v === null || typeof v !== 'object') continue;
      if (kind === MAP && !Array.isArray(v)) stack.push(...Object.values(v));
      else stack.push(v);
    }
  }
  return notes;
}

/** Every marked schema of an operation, by where it sits; call only when the loader marked any. */
export function findUnfollowed(op: OperationModel): Unfollowed[] {
  const out: Unfollowed[] = [];
  const add = (at: string, schema: Schema | undefined) => {
    for (const note of notesIn(schema)) if (!out.some((u) => u.at === at && u.note === note)) out.push({ at, note });
  };
  for (const p of op.parameters) add(`parameter ${p.name}`, p.schema);
  for (const m of Object.values(op.requestBody?.content ?? {})) add('request body', m.schema);
  for (const [code, r] of Object.entries(op.responses)) for (const m of Object.values(r.content)) add(`response ${code}`, m.schema);
  return out;
}
