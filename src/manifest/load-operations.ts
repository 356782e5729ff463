import { ManifestError } from '../core/errors.js';
import { UNRESOLVED, findUnfollowed } from './markers.js';
import { HTTP_METHODS, type HttpMethod, type MediaModel, type OperationModel, type ParameterModel } from './model.js';
import { escapePointer, type Located, type RefResolver, type SourceFile } from './resolve.js';

type Obj = Record<string, unknown>;

const METHOD_KEYS = new Map<string, HttpMethod>(HTTP_METHODS.map((m) => [m.toLowerCase(), m]));
const LOCATIONS = new Set(['path', 'query', 'header', 'cookie']);
/** OpenAPI 3.1 §4.8.12.1: header parameters with these names SHALL be ignored (transport owns them). */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

// A response, body or media type named by a `$ref` runos never fetches: free-form, of any media type.
const unknownMedia = (ref: string): Obj => ({ schema: { [UNRESOLVED]: ref } });
const unknownContent = (ref: string): Obj => ({ content: { '*/*': unknownMedia(ref) } });

/** Collect every operation of `paths`, resolved, sorted by path then method, with derived ids filled in. */
export function collectOperations(resolver: RefResolver): OperationModel[] {
  const root = resolver.rootFile;
  const raw = (root.root as Obj).paths;
  if (raw === undefined || raw === null) return [];
  if (!isObj(raw)) throw new ManifestError('"paths" must be an object', root.display, '/paths');
  // The whole Paths Object may live in another file (`paths: {$ref: paths/_index.yml}`), as components maps do.
  const paths = resolver.deref(raw, root, '/paths');
  const ops: OperationModel[] = [];
  for (const path of Object.keys(paths.value)) {
    // Specification extensions are allowed beside the paths (OpenAPI 3.1 §4.8.8).
    if (path.startsWith('x-')) continue;
    const rootPointer = `/paths/${escapePointer(path)}`;
    const item = resolver.deref(paths.value[path], paths.file, `${paths.pointer}/${escapePointer(path)}`);
    const shared = readParameters(resolver, item, 'parameters');
    for (const key of Object.keys(item.value)) {
      const method = METHOD_KEYS.get(key);
      if (!method) continue;
      const operation = item.value[key];
      if (!isObj(operation)) throw new ManifestError('an operation must be an object', item.file.display, `${item.pointer}/${key}`);
      // An operation object may itself be a `$ref` to its own file (large cloud documents do this for every operation).
      const opAt = resolver.deref(operation, item.file, `${item.pointer}/${key}`);
      ops.push(readOperation(resolver, opAt, method, path, `${rootPointer}/${key}`, shared));
    }
  }
  ops.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.method < b.method ? -1 : a.method > b.method ? 1 : 0));
  assignOperationIds(ops, root);
  if (resolver.marked > 0) for (const op of ops) op.unfollowed = findUnfollowed(op);
  return ops;
}

function readOperation(
  resolver: RefResolver,
  at: Located,
  method: HttpMethod,
  path: string,
  pointer: string,
  shared: ParameterModel[],
): OperationModel {
  const op = at.value;
  const id = op.operationId;
  if (id !== undefined && typeof id !== 'string') throw new ManifestError('operationId must be a string', at.file.display, `${at.pointer}/operationId`);
  const own = readParameters(resolver, at, 'parameters');
  // Operation-level parameters override path-level ones with the same name and location (OpenAPI 3.1 §4.8.9.1).
  const byKey = new Map<string, ParameterModel>();
  for (const p of [...shared, ...own]) byKey.set(`${p.in}\u0000${p.name}`, p);
  const extensions: Obj = {};
  for (const key of Object.keys(op)) if (key.startsWith('x-')) extensions[key] = op[key];
  const declared = {
    parameters: shared.length + own.length,
    requestBody: op.requestBody !== undefined,
    responses: isObj(op.responses) ? Object.keys(op.responses).filter((code) => !code.startsWith('x-')).length : 0,
  };
  // Only an operation that was read (it declares something) gets its missing path variables filled in:
  // one that declares nothing may be content the loader failed to reach, which codegen must refuse.
  const filled = declared.parameters > 0 || declared.requestBody || declared.responses > 0 ? undeclaredPathParameters(path, byKey) : [];
  const model: OperationModel = {
    operationId: id ?? '',
    derivedId: !id,
    method,
    path,
    tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [],
    deprecated: op.deprecated === true,
    parameters: [...byKey.values(), ...filled],
    responses: readResponses(resolver, at),
    extensions,
    pointer,
    declared,
  };
  if (typeof op.summary === 'string') model.summary = op.summary;
  if (typeof op.description === 'string') model.description = op.description;
  if (op.requestBody !== undefined) {
    const body = resolver.deref(op.requestBody, at.file, `${at.pointer}/requestBody`, unknownContent);
    model.requestBody = { required: body.value.required === true, content: readContent(resolver, body) };
    if (typeof body.value.description === 'string') model.requestBody.description = body.value.description;
  }
  return model;
}

/**
 * A path template variable the document declares no parameter for (n8n's `PUT /variables/{id}`): the
 * request cannot be made without it, so it becomes a required string, said so in its description.
 */
function undeclaredPathParameters(path: string, declared: Map<string, ParameterModel>): ParameterModel[] {
  const out: ParameterModel[] = [];
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
    if (declared.has(`path\u0000${name}`) || out.some((p) => p.name === name)) continue;
    out.push({ name: name!, in: 'path', required: true, schema: { type: 'string' }, description: `Path variable {${name}} (the document declares no parameter for it).`, undeclared: true });
  }
  return out;
}

function readParameters(resolver: RefResolver, at: Located, key: string): ParameterModel[] {
  const list = at.value[key];
  if (list === undefined) return [];
  const listPointer = `${at.pointer}/${key}`;
  if (!Array.isArray(list)) throw new ManifestError('"parameters" must be an array', at.file.display, listPointer);
  const out: ParameterModel[] = [];
  list.forEach((raw, i) => {
    const p = resolver.deref(raw, at.file, `${listPointer}/${i}`);
    const param = readParameter(resolver, p);
    if (param) out.push(param);
  });
  return out;
}

function readParameter(resolver: RefResolver, at: Located): ParameterModel | undefined {
  const p = at.value;
  if (typeof p.name !== 'string' || p.name === '') throw new ManifestError('a parameter needs a "name"', at.file.display, at.pointer);
  if (typeof p.in !== 'string' || !LOCATIONS.has(p.in)) {
    throw new ManifestError(`parameter "${p.name}" has unsupported "in": ${JSON.stringify(p.in)} (expected path, query, header or cookie)`, at.file.display, at.pointer);
  }
  if (p.in === 'header' && IGNORED_HEADERS.has(p.name.toLowerCase())) return undefined;
  const model: ParameterModel = {
    name: p.name,
    in: p.in as ParameterModel['in'],
    // Path parameters are always required (OpenAPI 3.1 §4.8.12.2), whatever the document says.
    required: p.in === 'path' || p.required === true,
    schema: {},
  };
  if (isObj(p.content)) {
    const [type] = Object.keys(p.content);
    if (type !== undefined) {
      const media = resolver.deref(p.content[type], at.file, `${at.pointer}/content/${escapePointer(type)}`, unknownMedia);
      model.contentType = type;
      model.schema = resolver.schema(media.value.schema, media.file, `${media.pointer}/schema`);
    }
  } else {
    model.schema = resolver.schema(p.schema, at.file, `${at.pointer}/schema`);
  }
  if (typeof p.description === 'string') model.description = p.description;
  if (p.deprecated === true) model.deprecated = true;
  if (typeof p.style === 'string') model.style = p.style;
  if (typeof p.explode === 'boolean') model.explode = p.explode;
  if (typeof p.allowReserved === 'boolean') model.allowReserved = p.allowReserved;
  return model;
}

function readResponses(resolver: RefResolver, at: Located): OperationModel['responses'] {
  const responses = at.value.responses;
  const out: OperationModel['responses'] = {};
  if (responses === undefined) return out;
  if (!isObj(responses)) throw new ManifestError('"responses" must be an object', at.file.display, `${at.pointer}/responses`);
  for (const code of Object.keys(responses)) {
    if (code.startsWith('x-')) continue;
    const r = resolver.deref(responses[code], at.file, `${at.pointer}/responses/${escapePointer(code)}`, unknownContent);
    out[code] = { content: readContent(resolver, r) };
    if (typeof r.value.description === 'string') out[code].description = r.value.description;
  }
  return out;
}

function readContent(resolver: RefResolver, at: Located): Record<string, MediaModel> {
  const content = at.value.content;
  const out: Record<string, MediaModel> = {};
  if (!isObj(content)) return out;
  for (const type of Object.keys(content)) {
    const media = resolver.deref(content[type], at.file, `${at.pointer}/content/${escapePointer(type)}`, unknownMedia);
    const model: MediaModel = {};
    if (media.value.schema !== undefined) model.schema = resolver.schema(media.value.schema, media.file, `${media.pointer}/schema`);
    if (isObj(media.value.encoding)) model.encoding = readEncoding(media.value.encoding);
    const example = mediaExample(resolver, media);
    if (example !== undefined) model.example = example;
    out[type] = model;
  }
  return out;
}

/** The media's `example`, else the value of its first `examples` entry (a local `$ref` followed; a network one is not). */
function mediaExample(resolver: RefResolver, media: Located): unknown {
  if (media.value.example !== undefined) return media.value.example;
  const examples = media.value.examples;
  if (!isObj(examples)) return undefined;
  for (const [name, entry] of Object.entries(examples)) {
    const ex = resolver.deref(entry, media.file, `${media.pointer}/examples/${escapePointer(name)}`, () => ({}));
    if (ex.value.value !== undefined) return ex.value.value;
  }
  return undefined;
}

function readEncoding(encoding: Obj): MediaModel['encoding'] {
  const out: NonNullable<MediaModel['encoding']> = {};
  for (const [name, e] of Object.entries(encoding)) {
    if (!isObj(e)) continue;
    const one: { style?: string; explode?: boolean; contentType?: string } = {};
    if (typeof e.style === 'string') one.style = e.style;
    if (typeof e.explode === 'boolean') one.explode = e.explode;
    if (typeof e.contentType === 'string') one.contentType = e.contentType;
    out[name] = one;
  }
  return out;
}

/** Check given ids are unique and derive the missing ones (`<method>_<path words>`, suffixed `_2`… on a clash). */
function assignOperationIds(ops: OperationModel[], root: SourceFile): void {
  const taken = new Map<string, string>();
  for (const op of ops) {
    if (op.derivedId) continue;
    const first = taken.get(op.operationId);
    if (first !== undefined) {
      throw new ManifestError(`operationId "${op.operationId}" is used twice: at ${first} and at ${op.pointer}`, root.display, op.pointer);
    }
    taken.set(op.operationId, op.pointer);
  }
  for (const op of ops) {
    if (!op.derivedId) continue;
    const base = deriveOperationId(op.method, op.path);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    op.operationId = id;
    taken.set(id, op.pointer);
  }
}

/** `GET /v1/clusters/{clusterId}` → `get_v1_clusters_cluster_id`. */
export function deriveOperationId(method: string, path: string): string {
  const words = path
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...(words.length > 0 ? words : ['root'])].join('_');
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
