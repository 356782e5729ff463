import type { BodyBinding, ParamBinding } from '../core/tool-table.js';
import type { MediaModel, OperationModel, ParameterModel, Schema } from '../manifest/model.js';
import { DESCRIPTION_MAX, shortenDescription } from './describe.js';
import { DEFAULT_LIMITS, restatesName, schemaType, toToolSchema, type SchemaLimits } from './tool-schema.js';

/** A tool's argument schema plus the bindings that put each argument back on the wire. */
export interface ToolInput {
  inputSchema: Schema;
  params: ParamBinding[];
  body?: BodyBinding;
}

/** Argument property names allowed by the MCP tool schema conventions clients enforce. */
export const ARG_NAME_PATTERN = /^[a-zA-Z0-9_.-]{1,64}$/;

/** OpenAPI 3.1 §4.8.12.1: header parameters with these names SHALL be ignored (the runtime sets them). */
export const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);
const LOCATION_ORDER = ['path', 'query', 'header', 'cookie'] as const;

/**
 * A parameter name as an argument property name: comparison suffixes spelled out (Twilio's
 * `StartTime>` → `StartTime_gt`), array brackets dropped, other characters outside `[a-zA-Z0-9_.-]` → `_`.
 */
export function sanitiseArgName(name: string): string {
  const spelled = name
    .replace(/\[\]$/, '')
    .replace(/>=/g, '_gte')
    .replace(/<=/g, '_lte')
    .replace(/>/g, '_gt')
    .replace(/</g, '_lt');
  let s = spelled.replace(/[^a-zA-Z0-9_.-]+/g, '_');
  if (s !== name) s = s.replace(/^_+|_+$/g, '') || s;
  return (s.replace(/^_+$/, '') || 'arg').slice(0, 64);
}

/**
 * The request body's media type: JSON first (what the runtime and models handle best), then
 * form-urlencoded, then multipart, then whatever the manifest lists first.
 */
export function pickContentType(content: Record<string, MediaModel>): string | undefined {
  const types = Object.keys(content);
  const bare = (t: string) => t.split(';')[0]!.trim().toLowerCase();
  return (
    types.find((t) => bare(t) === 'application/json') ??
    types.find((t) => /^application\/[^;]*\+json$/.test(bare(t))) ??
    types.find((t) => bare(t).endsWith('json')) ??
    types.find((t) => bare(t) === 'application/x-www-form-urlencoded') ??
    types.find((t) => bare(t) === 'multipart/form-data') ??
    types[0]
  );
}

/** The binding of one parameter with OpenAPI's serialisation defaults (OpenAPI 3.1 §4.8.12.4). */
export function bindParameter(p: ParameterModel, arg: string): ParamBinding {
  const style = p.style ?? (p.in === 'query' || p.in === 'cookie' ? 'form' : 'simple');
  const type = schemaType(p.schema);
  const binding: ParamBinding = {
    arg,
    name: p.name,
    in: p.in,
    // §4.8.12.2: path parameters are always required, whatever the document says.
    required: p.in === 'path' ? true : p.required,
    style,
    explode: p.explode ?? style === 'form',
    kind: type === 'array' ? 'array' : type === 'object' ? 'object' : 'scalar',
  };
  if (p.in === 'query' && p.allowReserved) binding.allowReserved = true;
  if (p.contentType && /json/i.test(p.contentType)) binding.json = true;
  return binding;
}

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function withoutDescription(schema: Schema): Schema {
  const { description: _, ...rest } = schema;
  return rest;
}

/** Claim a unique property name: the plain one, else prefixed by the location, else numbered. */
function claim(taken: Set<string>, wanted: string, prefix: string): string {
  let name = wanted;
  if (taken.has(name)) name = `${prefix}_${wanted}`.slice(0, 64);
  for (let i = 2; taken.has(name); i++) name = `${prefix}_${wanted}`.slice(0, 60) + `_${i}`;
  taken.add(name);
  return name;
}

/**
 * Build the tool input of an operation: one top-level property per parameter (path, query, header,
 * cookie, in that order of precedence when names collide) and one `body` property (`request_body`
 * when a parameter already holds `body`) carrying the whole request body.
 */
export function buildToolInput(op: OperationModel, limits: SchemaLimits = DEFAULT_LIMITS): ToolInput {
  const full = buildInput(op, limits);
  if (JSON.stringify(full.inputSchema).length <= SCHEMA_BUDGET) return full;
  // A large body (GitHub's branch protection, Stripe's forms) keeps every field and its type, but only
  // top-level arguments keep their descriptions: tools/list goes to the model on every session.
  return buildInput(op, { ...limits, descriptionMax: 0 });
}

/** Bytes of inputSchema JSON above which nested descriptions are left out. */
export const SCHEMA_BUDGET = 1000;

function buildInput(op: OperationModel, limits: SchemaLimits): ToolInput {
  const properties: Schema = {};
  const required: string[] = [];
  const params: ParamBinding[] = [];
  const taken = new Set<string>();

  const usable = op.parameters.filter((p) => !(p.in === 'header' && IGNORED_HEADERS.has(p.name.toLowerCase())));
  for (const location of LOCATION_ORDER) {
    for (const p of usable.filter((q) => q.in === location)) {
      const arg = claim(taken, sanitiseArgName(p.name), location);
      const binding = bindParameter(p, arg);
      let schema = toToolSchema(p.schema, limits);
      // OpenAPI 3.1 §4.8.12.1: allowEmptyValue defaults to false, so `?name=` does not satisfy a required query parameter.
      if (p.in === 'query' && p.required && schema.type === 'string' && schema.minLength === undefined) schema = { ...schema, minLength: 1 };
      const description = shortenDescription(p.description, limits.topDescriptionMax ?? DESCRIPTION_MAX) || (schema.description as string | undefined);
      properties[arg] = description && !restatesName(p.name, description) ? { ...schema, description } : withoutDescription(schema);
      if (binding.required) required.push(arg);
      params.push(binding);
    }
  }

  let body: BodyBinding | undefined;
  const content = op.requestBody?.content ?? {};
  const contentType = pickContentType(content);
  if (op.requestBody && contentType) {
    const arg = claim(taken, taken.has('body') ? 'request_body' : 'body', 'request');
    const media = content[contentType]!;
    const bare = contentType.split(';')[0]!.trim().toLowerCase();
    // `*/*` with a schema (Kubernetes DeleteOptions) takes the schema's JSON; the server sends objects as application/json.
    const structured = /json$/.test(bare) || bare === '*/*' || bare === 'application/x-www-form-urlencoded' || bare === 'multipart/form-data';
    let schema = media.schema ? toToolSchema(media.schema, limits) : {};
    // Raw media types (text/plain, octet-stream, …) are sent as the string the model passes.
    if (!structured && schema.type !== 'string') schema = { type: 'string', ...(schema.format ? { format: schema.format } : {}) };
    // A required raw body cannot be empty.
    if (!structured && op.requestBody.required && schema.minLength === undefined) schema = { ...schema, minLength: 1 };
    const description = shortenDescription(op.requestBody.description, DESCRIPTION_MAX) || (schema.description as string | undefined);
    // A body with named fields explains itself; a bare one says what it must hold.
    const fallback = isObject(schema.properties) ? undefined : `Request body (${bare}).`;
    properties[arg] = description || fallback ? { ...schema, description: description || fallback } : schema;
    if (op.requestBody.required) required.push(arg);
    body = { arg, contentType, required: op.requestBody.required };
    if (media.encoding && Object.keys(media.encoding).length > 0 && !/json$/.test(bare)) body.encoding = media.encoding;
  }

  const inputSchema: Schema = { type: 'object', properties };
  if (required.length > 0) inputSchema.required = required;
  // A no-argument tool says so explicitly (REFERENCE.md); elsewhere the named properties already tell
  // the model what to send, and the 26 bytes per tool add up over a whole tools/list.
  if (Object.keys(properties).length === 0) inputSchema.additionalProperties = false;
  return { inputSchema, params, ...(body && { body }) };
}
