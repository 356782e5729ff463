/**
 * The internal model of a loaded OpenAPI document: the contract between loading/resolving
 * (load.ts, resolve.ts) and everything after it (classify.ts, codegen/). Every `$ref` is resolved:
 * schemas are plain JS objects that may be cyclic (circular schemas become object cycles), so any
 * walker must carry a visited set or a depth bound.
 */

/** A JSON Schema object as found in the document (OpenAPI 3.0 Schema Object or 3.1 JSON Schema). */
export type Schema = Record<string, unknown>;

/** HTTP methods an OpenAPI path item can hold (OpenAPI 3.1 §4.8.9), upper-case. */
export const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Methods that only read (RFC 9110 §9.2.1 safe methods, minus TRACE which echoes the request). */
export const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A resolved Parameter Object (path-level and operation-level merged; operation wins). */
export interface ParameterModel {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  description?: string;
  deprecated?: boolean;
  style?: string;
  explode?: boolean;
  allowReserved?: boolean;
  /** `schema`, or the schema of the single `content` entry. */
  schema: Schema;
  /** Set when the parameter used `content` (serialised as that media type). */
  contentType?: string;
  /** A path template variable the document declares no parameter for; runos added it as a required string. */
  undeclared?: true;
}

/** A media type entry of a request body or response. */
export interface MediaModel {
  schema?: Schema;
  encoding?: Record<string, { style?: string; explode?: boolean; contentType?: string }>;
  /** The media's example value (`example`, or the first of `examples`): what the document shows coming back. */
  example?: unknown;
}

/** One operation (path + method) of the document. */
export interface OperationModel {
  /** The document's operationId, or one derived from method + path when it has none. */
  operationId: string;
  /** Whether operationId was derived rather than given. */
  derivedId: boolean;
  method: HttpMethod;
  /** Path template exactly as the document's `paths` key. */
  path: string;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  parameters: ParameterModel[];
  requestBody?: { required: boolean; description?: string; content: Record<string, MediaModel> };
  /** Keyed by status code or `default`. */
  responses: Record<string, { description?: string; content: Record<string, MediaModel> }>;
  /** The operation's `x-*` extensions. */
  extensions: Record<string, unknown>;
  /** JSON pointer of the operation in the root document, e.g. `/paths/~1v1~1clusters/get`. */
  pointer: string;
  /**
   * What the document's operation object declares, counted by the loader as it read it: parameters a
   * tool must carry (path-level included, transport headers not), a request body, response codes.
   * Codegen refuses a tool that comes out without any of it.
   */
  declared?: { parameters: number; requestBody: boolean; responses: number };
  /** Schemas of this operation the loader did not follow (network `$ref`s, cuts), with a note each (markers.ts). */
  unfollowed?: import('./markers.js').Unfollowed[];
}

/** A loaded and resolved document. */
export interface DocumentModel {
  /** The path or URL it was loaded from (for messages). */
  source: string;
  /** `openapi` or `swagger` version as written in the source document. */
  sourceVersion: string;
  title: string;
  /** `info.description`, '' when none: what the document says the platform is (a secrets engine is secret-bearing throughout). */
  description: string;
  version: string;
  /** Path part of the first server URL ('' when none or '/'). */
  basePath: string;
  /** sha256 of the root document's bytes (hex). */
  sha256: string;
  /** Sorted by path, then method. */
  operations: OperationModel[];
}

/** The result of classifying one operation (PRODUCT.md, Classification). */
export interface Classification {
  tier: import('../core/tiers.js').Tier;
  /** Names the rule and the evidence. */
  reason: string;
  /**
   * How the tier was reached: `reviewed` (an override or a tier extension), `evidence` (the document shows secret
   * material or a credential/security action), `doubt` (rule 5: nothing shows that no secret travels) or `plain`
   * (the method class, nothing found). Later passes only ever move `plain` decisions, and review reads it.
   */
  basis: 'reviewed' | 'evidence' | 'doubt' | 'plain';
  /** Secret evidence: dotted field paths (`[]` marks array items). */
  secrets: { request: string[]; response: string[] };
  /**
   * Set on a `read` operation kept in `read` although its response declares secret fields beside much other
   * data (issue 11 item 4): the field names the read server redacts from every response (dotted paths).
   */
  redacts?: string[];
}

/** A reviewed override from `manifest/tier-overrides.json`. */
export interface TierOverride {
  tier: import('../core/tiers.js').Tier;
  reason: string;
}
