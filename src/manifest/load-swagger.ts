import { ManifestError } from '../core/errors.js';
import { tooDeep } from './load-parse.js';
import { decodeSegment } from './resolve.js';
import { HTTP_METHODS } from './model.js';

type Obj = Record<string, unknown>;

const METHODS = new Set(HTTP_METHODS.map((m) => m.toLowerCase()));
const JSON_TYPE = 'application/json';
const MULTIPART = 'multipart/form-data';
const URLENCODED = 'application/x-www-form-urlencoded';
/** The keywords a 2.0 non-body parameter, header or `items` shares with JSON Schema. */
const SCHEMA_KEYS = [
  'type', 'format', 'default', 'enum', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems', 'multipleOf',
] as const;
/** Parameter fields that keep their meaning in 3.0. */
const PARAMETER_KEYS = ['name', 'in', 'description', 'required', 'deprecated', 'allowEmptyValue'] as const;
/** Where 2.0 keeps things 3.0 keeps under `components`, and 2.0's own top-level keys 3.0 drops. */
const MOVED = new Set(['swagger', 'host', 'basePath', 'schemes', 'consumes', 'produces', 'definitions', 'parameters', 'responses', 'securityDefinitions', 'paths']);
/** Keys whose values are data (examples, enums), not schemas: never rewritten. */
const DATA_KEYS = new Set(['example', 'examples', 'x-example', 'x-examples', 'enum', 'const']);
/** Keys whose values are maps of user-chosen names (a property may be called `example`). */
const NAME_MAPS = new Set(['properties', 'patternProperties', 'schemas', 'definitions', 'parameters', 'responses', 'headers', 'content', 'paths', 'securitySchemes', 'requestBodies', 'encoding', 'mapping']);
/** 2.0 `collectionFormat` as a 3.0 query (and form field) style. `tsv` has no 3.0 form; it is sent as `csv`. */
const QUERY_STYLES: Record<string, { style: string; explode: boolean }> = {
  csv: { style: 'form', explode: false },
  tsv: { style: 'form', explode: false },
  multi: { style: 'form', explode: true },
  ssv: { style: 'spaceDelimited', explode: false },
  pipes: { style: 'pipeDelimited', explode: false },
};
const OAUTH_FLOWS: Record<string, string> = { implicit: 'implicit', password: 'password', application: 'clientCredentials', accessCode: 'authorizationCode' };

/**
 * Swagger 2.0 → OpenAPI 3.0.3: `host`, `basePath` and `schemes` become `servers`; `in: body` and
 * `formData` parameters (inline, shared, or shared by the path item) become `requestBody` with the
 * media types of `consumes` (form fields merged into one form schema); responses take `produces`;
 * `definitions`, `parameters`, `responses` and `securityDefinitions` move under `components` and every
 * local `$ref` follows them; `x-nullable`, string discriminators and `type: file` become their 3.0 forms.
 * Works on a copy; the input is untouched.
 *
 * Written here rather than taken from a package: the maintained upgraders declare Node ≥ 22, and the
 * older ones fetch remote refs; this one does only the structural move and reads nothing.
 */
export function upgradeSwagger(doc: Obj, file: string): Obj {
  try {
    return new Upgrade(structuredClone(doc)).run();
  } catch (err) {
    throw new ManifestError(`cannot upgrade this Swagger 2.0 document: ${tooDeep((err as Error).message)}`, file);
  }
}

/**
 * A referenced file that is itself a whole Swagger 2.0 document gets the same upgrade. Its 2.0 sections
 * stay reachable under their old names too, for `$ref`s from other files that still spell them so.
 */
export function upgradeSwaggerFragment(doc: unknown, file: string): unknown {
  if (!isObj(doc) || (doc.swagger !== '2.0' && doc.swagger !== 2)) return doc;
  const out = upgradeSwagger(doc, file);
  const components = isObj(out.components) ? out.components : {};
  return { definitions: components.schemas, parameters: components.parameters, responses: components.responses, ...out };
}

class Upgrade {
  private readonly consumes: string[];
  private readonly produces: string[];
  /** The document's shared parameters as written (2.0), to lift shared body and form fields. */
  private readonly sharedParams: Obj;

  constructor(private readonly doc: Obj) {
    this.consumes = mediaTypes(doc.consumes) ?? [JSON_TYPE];
    this.produces = mediaTypes(doc.produces) ?? [JSON_TYPE];
    this.sharedParams = isObj(doc.parameters) ? doc.parameters : {};
  }

  run(): Obj {
    const doc = this.doc;
    const out: Obj = { openapi: '3.0.3' };
    for (const [k, v] of Object.entries(doc)) if (!MOVED.has(k)) out[k] = v;
    const servers = serversOf(doc);
    if (servers) out.servers = servers;
    const components: Obj = isObj(doc.components) ? { ...doc.components } : {};
    if (isObj(doc.definitions)) components.schemas = doc.definitions;
    const parameters: Obj = {};
    const requestBodies: Obj = {};
    for (const [name, p] of Object.entries(this.sharedParams)) {
      if (isBodyLike(p)) requestBodies[name] = this.bodyOf([p], this.consumes);
      else parameters[name] = parameterOf(p);
    }
    if (Object.keys(parameters).length > 0) components.parameters = parameters;
    if (Object.keys(requestBodies).length > 0) components.requestBodies = requestBodies;
    if (isObj(doc.responses)) components.responses = mapValues(doc.responses, (r) => responseOf(r, this.produces));
    if (isObj(doc.securityDefinitions)) components.securitySchemes = mapValues(doc.securityDefinitions, securitySchemeOf);
    if (Object.keys(components).length > 0) out.components = components;
    if (isObj(doc.paths)) out.paths = mapValues(doc.paths, (item) => this.pathItemOf(item));
    migrateTree(out, (ref) => this.localRef(ref));
    return out;
  }

  private pathItemOf(item: unknown): unknown {
    if (!isObj(item)) return item;
    const { shared, others } = this.splitParameters(item.parameters);
    const out: Obj = {};
    for (const [k, v] of Object.entries(item)) {
      if (k === 'parameters') {
        if (others.length > 0) out.parameters = others;
      } else out[k] = METHODS.has(k) && isObj(v) ? this.operationOf(v, shared) : v;
    }
    return out;
  }

  private operationOf(op: Obj, pathBody: Obj[]): Obj {
    const { shared: own, others } = this.splitParameters(op.parameters);
    const consumes = mediaTypes(op.consumes) ?? this.consumes;
    const produces = mediaTypes(op.produces) ?? this.produces;
    const out: Obj = {};
    for (const [k, v] of Object.entries(op)) {
      if (k === 'consumes' || k === 'produces' || k === 'schemes') continue;
      if (k === 'parameters') {
        if (others.length > 0) out.parameters = others;
      } else if (k === 'responses') out.responses = isObj(v) ? mapValues(v, (r) => responseOf(r, produces)) : v;
      else out[k] = v;
    }
    const body = own.length > 0 ? own : pathBody;
    if (body.length > 0 && out.requestBody === undefined) out.requestBody = this.bodyOf(body, consumes);
    return out;
  }

  /** A parameter list split into body and form fields (written or shared ones, as 2.0 objects) and the rest, converted. */
  private splitParameters(list: unknown): { shared: Obj[]; others: unknown[] } {
    const shared: Obj[] = [];
    const others: unknown[] = [];
    if (!Array.isArray(list)) return { shared, others };
    for (const p of list) {
      const target = this.sharedTarget(p);
      if (isBodyLike(target)) shared.push(target);
      else others.push(parameterOf(p));
    }
    return { shared, others };
  }

  /** The parameter itself, or the shared parameter a local `#/parameters/x` ref names. */
  private sharedTarget(p: unknown): unknown {
    if (!isObj(p) || typeof p.$ref !== 'string' || !p.$ref.startsWith('#/parameters/')) return p;
    return this.sharedParams[decodeSegment(p.$ref.slice('#/parameters/'.length))];
  }

  /** One `in: body` parameter, or a set of `in: formData` fields, as a 3.0 request body. */
  private bodyOf(params: Obj[], consumes: string[]): Obj {
    const body = params.find((p) => p.in === 'body');
    if (body) {
      const examples = isObj(body['x-examples']) ? body['x-examples'] : {};
      const content: Obj = {};
      for (const type of consumes) content[type] = { schema: body.schema ?? {}, ...(examples[type] !== undefined && { example: examples[type] }) };
      return { ...extensions(body, 'x-examples'), ...(typeof body.description === 'string' && { description: body.description }), required: body.required === true, content };
    }
    const fields = params.filter((p) => p.in === 'formData' && typeof p.name === 'string');
    const properties: Obj = {};
    const required: string[] = [];
    const encoding: Obj = {};
    for (const f of fields) {
      const name = f.name as string;
      properties[name] = { ...schemaOf(f), ...(typeof f.description === 'string' && { description: f.description }) };
      if (f.required === true) required.push(name);
      if (f.type === 'array') encoding[name] = QUERY_STYLES[String(f.collectionFormat ?? 'csv')] ?? QUERY_STYLES.csv;
    }
    let types = consumes.filter((t) => isFormType(t));
    if (types.length === 0) types = [fields.some((f) => f.type === 'file') ? MULTIPART : URLENCODED];
    const schema: Obj = { type: 'object', properties, ...(required.length > 0 && { required }) };
    const content: Obj = {};
    for (const type of types) content[type] = { schema, ...(Object.keys(encoding).length > 0 && { encoding }) };
    return { ...(required.length > 0 && { required: true }), content };
  }

  /** A local ref's new place: 2.0 sections moved under `components`, body and form parameters became request bodies. */
  private localRef(ref: string): string {
    const at = /^#\/(definitions|parameters|responses|securityDefinitions)\/(.*)$/.exec(ref);
    if (!at) return ref;
    const [, section, rest] = at;
    if (section === 'definitions') return `#/components/schemas/${rest}`;
    if (section === 'responses') return `#/components/responses/${rest}`;
    if (section === 'securityDefinitions') return `#/components/securitySchemes/${rest}`;
    const name = decodeSegment(rest!.split('/')[0]!);
    return isBodyLike(this.sharedParams[name]) ? `#/components/requestBodies/${rest}` : `#/components/parameters/${rest}`;
  }
}

/** `host` × `schemes` + `basePath`; with no scheme given, https (2.0 means "whatever served the document", unknown for a file). */
function serversOf(doc: Obj): Obj[] | undefined {
  const basePath = typeof doc.basePath === 'string' ? doc.basePath : '';
  if (typeof doc.host === 'string' && doc.host !== '') {
    const schemes = Array.isArray(doc.schemes) && doc.schemes.length > 0 ? doc.schemes.filter((s) => typeof s === 'string') : ['https'];
    return schemes.map((s) => ({ url: `${s}://${doc.host}${basePath}` }));
  }
  return basePath !== '' ? [{ url: basePath }] : undefined;
}

/** A non-body parameter: its type keywords become a schema, `collectionFormat` a style. */
function parameterOf(p: unknown): unknown {
  if (!isObj(p) || typeof p.$ref === 'string') return p;
  const out: Obj = { ...extensions(p, 'x-example') };
  for (const k of PARAMETER_KEYS) if (p[k] !== undefined) out[k] = p[k];
  if (p.in === 'path') out.required = true;
  if (p['x-example'] !== undefined) out.example = p['x-example'];
  out.schema = schemaOf(p);
  if (p.type === 'array') {
    const format = String(p.collectionFormat ?? 'csv');
    if (p.in === 'query') Object.assign(out, QUERY_STYLES[format] ?? QUERY_STYLES.csv);
    else if (p.in === 'path' || p.in === 'header') Object.assign(out, { style: 'simple', explode: false });
  }
  return out;
}

/** The JSON Schema of a parameter, header or `items` object (`type: file` becomes binary string). */
function schemaOf(p: Obj): Obj {
  const out: Obj = {};
  for (const k of SCHEMA_KEYS) if (p[k] !== undefined) out[k] = p[k];
  if (isObj(p.items)) out.items = schemaOf(p.items);
  if (typeof p['x-nullable'] === 'boolean') out.nullable = p['x-nullable'];
  if (out.type === 'file') Object.assign(out, { type: 'string', format: 'binary' });
  return out;
}

function responseOf(r: unknown, produces: string[]): unknown {
  if (!isObj(r) || typeof r.$ref === 'string') return r;
  const { schema, examples, headers, ...rest } = r;
  const out: Obj = { ...rest, description: typeof r.description === 'string' ? r.description : '' };
  if (isObj(headers)) out.headers = mapValues(headers, (h) => (isObj(h) && typeof h.$ref !== 'string' ? { ...extensions(h), ...(typeof h.description === 'string' && { description: h.description }), schema: schemaOf(h) } : h));
  const byType = isObj(examples) ? examples : {};
  const types = [...(schema !== undefined ? produces : []), ...Object.keys(byType).filter((t) => schema === undefined || !produces.includes(t))];
  if (types.length > 0) {
    const content: Obj = {};
    for (const type of types) content[type] = { ...(schema !== undefined && { schema }), ...(byType[type] !== undefined && { example: byType[type] }) };
    out.content = content;
  }
  return out;
}

function securitySchemeOf(s: unknown): unknown {
  if (!isObj(s)) return s;
  const common = { ...extensions(s), ...(typeof s.description === 'string' && { description: s.description }) };
  if (s.type === 'basic') return { ...common, type: 'http', scheme: 'basic' };
  if (s.type === 'apiKey') return { ...common, type: 'apiKey', name: s.name, in: s.in };
  if (s.type !== 'oauth2') return s;
  const flow = OAUTH_FLOWS[String(s.flow)] ?? 'implicit';
  const urls: Obj = {};
  if (flow === 'implicit' || flow === 'authorizationCode') urls.authorizationUrl = s.authorizationUrl ?? '';
  if (flow !== 'implicit') urls.tokenUrl = s.tokenUrl ?? '';
  return { ...common, type: 'oauth2', flows: { [flow]: { ...urls, scopes: isObj(s.scopes) ? s.scopes : {} } } };
}

/**
 * One pass over the whole upgraded document (no recursion, so depth cannot overflow it): local refs
 * follow their moved targets, and schema keywords 2.0 spells differently take their 3.0 form. Data
 * (examples, enums, extensions) is left as written, but a property may still be called `example`.
 */
function migrateTree(root: Obj, moveRef: (ref: string) => string): void {
  const seen = new WeakSet<object>();
  const stack: { node: unknown; names: boolean }[] = [{ node: root, names: false }];
  while (stack.length > 0) {
    const { node, names } = stack.pop()!;
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const v of node) stack.push({ node: v, names: false });
      continue;
    }
    const o = node as Obj;
    if (!names) {
      if (typeof o.$ref === 'string' && o.$ref.startsWith('#/')) o.$ref = moveRef(o.$ref);
      if (typeof o['x-nullable'] === 'boolean' && o.nullable === undefined) o.nullable = o['x-nullable'];
      if (typeof o.discriminator === 'string') o.discriminator = { propertyName: o.discriminator };
      if (o.type === 'file') Object.assign(o, { type: 'string', format: 'binary' });
    }
    for (const [k, v] of Object.entries(o)) {
      if (!names && (DATA_KEYS.has(k) || k.startsWith('x-'))) continue;
      stack.push({ node: v, names: !names && NAME_MAPS.has(k) });
    }
  }
}

function mediaTypes(v: unknown): string[] | undefined {
  const types = Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string' && t !== '') : [];
  return types.length > 0 ? types : undefined;
}

function isFormType(type: string): boolean {
  const base = type.split(';')[0]!.trim().toLowerCase();
  return base === MULTIPART || base === URLENCODED;
}

function isBodyLike(p: unknown): p is Obj {
  return isObj(p) && (p.in === 'body' || p.in === 'formData');
}

/** The `x-` extensions of an object, less the ones named (which the upgrade turns into 3.0 fields). */
function extensions(o: Obj, ...except: string[]): Obj {
  return Object.fromEntries(Object.entries(o).filter(([k]) => k.startsWith('x-') && !except.includes(k)));
}

function mapValues(o: Obj, f: (v: unknown) => unknown): Obj {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
