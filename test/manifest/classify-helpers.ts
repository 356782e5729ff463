import { expect } from 'vitest';
import type { Tier } from '../../src/core/tiers.js';
import { classifyDocument } from '../../src/manifest/classify.js';
import type { DocumentModel, HttpMethod, OperationModel, ParameterModel, Schema } from '../../src/manifest/model.js';

/** Given for one classification case: method, path and the parts of the operation that matter. */
export interface OpGiven {
  method?: HttpMethod;
  path?: string;
  operationId?: string;
  summary?: string;
  description?: string;
  /** Schema of the 200 application/json response. */
  response?: Schema;
  /** Full responses, when status codes or media types matter. */
  responses?: OperationModel['responses'];
  /** Schema of the application/json request body. */
  body?: Schema;
  parameters?: Partial<ParameterModel>[];
  extensions?: Record<string, unknown>;
}

/** Build an OperationModel the way the loader would, from the few fields a case cares about. */
export function makeOp(given: OpGiven): OperationModel {
  const method = given.method ?? 'GET';
  const path = given.path ?? '/v1/things';
  const responses =
    given.responses ?? (given.response ? { '200': { description: 'OK', content: { 'application/json': { schema: given.response } } } } : { '204': { description: 'No Content', content: {} } });
  return {
    operationId: given.operationId ?? `${method.toLowerCase()}-${path.replace(/[^a-z0-9]+/gi, '-')}`,
    derivedId: false,
    method,
    path,
    summary: given.summary,
    description: given.description,
    tags: [],
    deprecated: false,
    parameters: (given.parameters ?? []).map((p) => ({
      name: p.name ?? 'p',
      in: p.in ?? 'query',
      required: p.required ?? false,
      description: p.description,
      schema: p.schema ?? { type: 'string' },
    })),
    requestBody: given.body ? { required: true, content: { 'application/json': { schema: given.body } } } : undefined,
    responses,
    extensions: given.extensions ?? {},
    pointer: `/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}`,
  };
}

/** A document holding the given operations. */
export function makeDoc(ops: OperationModel[]): DocumentModel {
  return { source: 'fixture.json', sourceVersion: '3.1.0', title: 't', description: '', version: '1', basePath: '', sha256: '', operations: ops };
}

/** An object schema with the given properties. */
export function obj(properties: Record<string, Schema>): Schema {
  return { type: 'object', properties };
}

/** A string schema with extra keywords. */
export function str(extra: Schema = {}): Schema {
  return { type: 'string', ...extra };
}

/** One classification case: its name, the operation given, and the tier (and words of the reason) wanted. */
export type Case = [string, { given: OpGiven; want: { tier: Tier; reason?: RegExp } }];

/** Classifies a case's operation alone in a document through `classifyDocument`, every pass (for `it.each`). */
export function checkCase(_: string, { given, want }: Case[1]): void {
  const op = makeOp(given);
  const got = classifyDocument(makeDoc([op]), new Map(), { platform: 'other' }).get(op.operationId)!;
  expect(got.tier, got.reason).toBe(want.tier);
  if (want.reason) expect(got.reason).toMatch(want.reason);
}
