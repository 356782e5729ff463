/**
 * Review first (issue 11 item 6): how firmly each decision stands, so that a platform team reads the twenty
 * weakest lines of `tiers.md` instead of a thousand. A decision is weakest where the stricter tier was not
 * chosen although something came close — a field named like a secret but judged a look-alike, a description
 * that speaks of credentials, a free-form part, a name that speaks of credentials or security configuration, an
 * incidental secret redacted in a plain tier — and next weakest where the stricter tier rests on doubt alone, or
 * on wording rather than on the schema.
 */
import { secretWordIn, splitFieldName } from '../core/secret-vocabulary.js';
import { resultResponses } from './classify-doubt.js';
import { escalatingWord, securityNameWord } from './classify-names.js';
import { changeVerbOf } from './classify-actions.js';
import type { Classification, OperationModel, Schema } from './model.js';

/** How firmly a decision stands: 1 (read it first) to 6 (reviewed or marked in the document), with what makes it weak. */
export interface Firmness {
  score: 1 | 2 | 3 | 4 | 5 | 6;
  /** Why a reviewer should look (empty for firm decisions). */
  notes: string[];
}

// Not "token" or "API key": documents mention those to say how to authenticate (GitHub: "an access token with the repo scope").
const CREDENTIAL_TALK = /\b(?:passwords?|secrets?|credentials?|private keys?|connection strings?|kubeconfigs?)\b/i;
const MAX_NOTES = 3;

// Look-alikes beyond doubt (an id, a name, a type, a time, a count, a flag, a paging cursor): not worth a reviewer's look.
const SURE_LAST = new Set(['id', 'ids', 'uuid', 'name', 'names', 'type', 'types', 'at', 'count', 'length', 'prefix', 'suffix', 'hint', 'fingerprint', 'hash', 'digest', 'expires', 'expiry', 'expiration', 'enabled', 'set', 'required']);
const SURE_FIRST = new Set(['next', 'prev', 'previous', 'page', 'continuation', 'cursor', 'has', 'is', 'num', 'max', 'min', 'total']);

/** A name holding a secret word that the vocabulary judged a look-alike for a reason less sure than an id, name, type or cursor. */
function nearMissName(name: string): boolean {
  if (!secretWordIn(name)) return false;
  const w = splitFieldName(name);
  return !SURE_LAST.has(w[w.length - 1]!) && !SURE_FIRST.has(w[0]!);
}

/** Rate one decision; pure, from the operation and its classification. */
export function rateDecision(op: OperationModel, c: Classification): Firmness {
  if (c.basis === 'reviewed') return { score: 6, notes: [] };
  if (c.basis === 'plain') {
    if (c.redacts) return { score: 2, notes: [`kept in ${c.tier}, redacting ${c.redacts.join(', ')}`] };
    const notes = nearMisses(op);
    return notes.length > 0 ? { score: 1, notes } : { score: 6, notes: [] };
  }
  if (c.basis === 'doubt') {
    const word = escalatingWord(c.reason);
    return { score: 3, notes: [word ? `escalated on its name alone ("${word}"): nothing in the document shows a secret or a security setting` : 'escalated on doubt alone (rule 5): nothing in the document shows a secret'] };
  }
  if (/\(description: |operation description|summary or tag|example looks like|which GET/.test(c.reason)) return { score: 4, notes: ['rests on wording, not on the schema'] };
  return { score: /format: password|x-sensitive|writeOnly/.test(c.reason) ? 6 : 5, notes: [] };
}

/** What came close to making a plain decision sensitive: secret-like names judged look-alikes, credential wording, free-form parts. */
function nearMisses(op: OperationModel): string[] {
  const notes: string[] = [];
  const add = (note: string) => notes.length < MAX_NOTES && !notes.includes(note) && notes.push(note);
  for (const p of op.parameters) if (nearMissName(p.name)) add(`${p.in} parameter ${p.name} judged a look-alike`);
  const text = [op.summary, op.description].filter(Boolean).join(' ');
  const talk = CREDENTIAL_TALK.exec(text);
  if (talk) add(`its description speaks of "${talk[0].toLowerCase()}"`);
  const media = [...Object.values(op.requestBody?.content ?? {}), ...resultResponses(op).flatMap(([, r]) => Object.values(r.content))];
  for (const m of media) for (const note of schemaNearMisses(m.schema)) add(note);
  // A GET that says it does something may well do it (rule 2): the read tier must change nothing.
  const verb = op.method === 'GET' ? changeVerbOf(op) : undefined;
  if (verb) add(`a GET whose name starts with "${verb}": does it change something?`);
  // On unseen documents most misses are plain decisions nothing came close to, whose names speak of security.
  if (notes.length > 0) return notes;
  const word = securityNameWord(op);
  if (word) add(`its name speaks of "${word}": credentials or security configuration?`);
  return notes;
}

// Big documents share one response schema among many operations: its near misses are found once.
const nearMissesOf = new WeakMap<object, string[]>();

/** The look-alike field names of a schema (paths from its root, at most MAX_NOTES, ten levels deep). */
function schemaNearMisses(root: Schema | undefined): string[] {
  if (typeof root !== 'object' || root === null) return [];
  const cached = nearMissesOf.get(root);
  if (cached) return cached;
  const notes: string[] = [];
  const seen = new Set<object>();
  const walk = (s: unknown, path: string, depth: number): void => {
    if (typeof s !== 'object' || s === null || seen.has(s) || depth > 10 || notes.length >= MAX_NOTES) return;
    seen.add(s);
    const schema = s as Schema;
    const props = schema.properties as Record<string, Schema> | undefined;
    if (props && typeof props === 'object') {
      for (const [k, v] of Object.entries(props)) {
        const at = path ? `${path}.${k}` : k;
        const note = `field ${at} judged a look-alike`;
        if (nearMissName(k) && typeof v === 'object' && v !== null && v.type !== 'boolean' && v.type !== 'integer' && !notes.includes(note)) notes.push(note);
        walk(v, at, depth + 1);
      }
    }
    walk(schema.items, `${path}[]`, depth + 1);
    walk(schema.additionalProperties, path ? `${path}.*` : '*', depth + 1);
    for (const k of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(schema[k])) for (const b of schema[k] as unknown[]) walk(b, path, depth + 1);
  };
  walk(root, '', 0);
  nearMissesOf.set(root, notes);
  return notes;
}
