/**
 * What an operation's result is shaped like, for the rules that ask (rule 3): whether it carries a URL, where to
 * upload, and the first field of a result that a rule looks for.
 */
import { splitFieldName } from '../core/secret-vocabulary.js';
import { resultResponses } from './classify-doubt.js';
import { isFlag } from './classify-schema.js';
import type { OperationModel, Schema } from './model.js';

const URL_WORDS = new Set(['url', 'uri', 'link', 'href']);

/** Whether a result of the operation is a bare URL-like string or has a field named for a URL within three levels. */
export function resultHasUrl(op: OperationModel): boolean {
  // A field named for a URL, or declared one (`{id: {format: url}}`).
  const urlField = (k: string, v: Schema) => URL_WORDS.has(splitFieldName(k).at(-1) ?? '') || /^ur[il]/.test(String(v?.format ?? ''));
  return resultResponses(op).some(([, r]) => Object.keys(r.content).length === 0 || Object.values(r.content).some((m) => m.schema?.type === 'string' || resultField(m.schema, urlField) !== undefined));
}

/** The first text an example gives a key, looked for a few levels deep, or undefined. */
function exampleValueOf(example: unknown, key: string): string | undefined {
  let budget = 500;
  const find = (v: unknown, depth: number): string | undefined => {
    if (typeof v !== 'object' || v === null || depth > 4 || --budget < 0) return undefined;
    if (!Array.isArray(v) && typeof (v as Record<string, unknown>)[key] === 'string') return (v as Record<string, string>)[key];
    for (const x of Array.isArray(v) ? v.slice(0, 2) : Object.values(v)) {
      const found = find(x, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return find(example, 0);
}

/** `upload_url`, `uploadUri`, `upload_link`, `upload_to`: where the caller is to upload, not where an upload went. */
function isUploadUrlName(name: string): boolean {
  const w = splitFieldName(name);
  return w.length === 2 && w[0] === 'upload' && /^(?:url|uri|link|to)$/.test(w[1]!);
}

// Big documents share their result schemas among many writes: each is searched once.
const uploadUrlFields = new WeakMap<object, string | null>();

/** A write's result field that hands out a URL to upload to (a pre-signed URL by another name), or undefined. */
export function uploadUrlField(op: OperationModel): string | undefined {
  for (const [, r] of resultResponses(op)) {
    for (const m of Object.values(r.content)) {
      if (!m.schema) continue;
      let hit = uploadUrlFields.get(m.schema);
      if (hit === undefined) uploadUrlFields.set(m.schema, (hit = resultField(m.schema, (k, v) => isUploadUrlName(k) && !isFlag(v)) ?? null));
      // A URI template (GitHub's `…/assets{?name,label}`) is filled in and called with the caller's own credentials.
      if (hit && !/\{/.test(exampleValueOf(m.example ?? m.schema.example, hit) ?? '')) return hit;
    }
  }
  return undefined;
}

/** The first field of a result schema, within three levels of fields (list items and `allOf` branches add none), that `match` accepts. */
export function resultField(schema: Schema | undefined, match: (name: string, schema: Schema) => boolean): string | undefined {
  // Shared schemas recur in big documents: one is looked into again only when reached higher up than before.
  const seen = new Map<object, number>();
  const find = (s: unknown, depth: number): string | undefined => {
    if (typeof s !== 'object' || s === null || depth > 3 || (seen.get(s) ?? Infinity) <= depth) return undefined;
    seen.set(s, depth);
    const shape = s as Schema;
    const props = typeof shape.properties === 'object' && shape.properties !== null ? (shape.properties as Record<string, Schema>) : undefined;
    if (props) for (const k in props) if (match(k, props[k]!)) return k;
    if (props) {
      for (const k in props) {
        const inner = find(props[k], depth + 1);
        if (inner) return inner;
      }
    }
    const inner = find(shape.items, depth);
    if (inner) return inner;
    for (const k of COMBINATORS) {
      const branches = shape[k];
      if (!Array.isArray(branches)) continue;
      for (const b of branches) {
        const found = find(b, depth);
        if (found) return found;
      }
    }
    return undefined;
  };
  return find(schema, 0);
}

const COMBINATORS = ['allOf', 'anyOf', 'oneOf'] as const;
