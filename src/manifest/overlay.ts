/**
 * OpenAPI Overlay 1.0 (https://spec.openapis.org/overlay/v1.0.0): an ordered list of actions, each a
 * JSONPath `target` (RFC 9535) with an `update` to merge into what it selects or `remove: true`, applied
 * to the parsed document before anything reads it. Data only: an overlay never runs code.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { ManifestError } from '../core/errors.js';
import { parseDocumentText } from './load-parse.js';

type Obj = Record<string, unknown>;
type JsonPath = (typeof import('json-p3'))['jsonpath'];

// Loaded on the first overlay only, and through require: imported as ESM, this CommonJS package is scanned
// whole by Node's CJS lexer first (~50 ms of every `manifest update`, overlays or not; require ~10 ms).
let jsonpathLib: JsonPath | undefined;
function jsonpath(): JsonPath {
  return (jsonpathLib ??= (createRequire(import.meta.url)('json-p3') as typeof import('json-p3')).jsonpath);
}

/** One action of an overlay (Overlay 1.0 §4.4.3, Action Object). */
export interface OverlayAction {
  target: string;
  description?: string;
  update?: unknown;
  remove?: boolean;
}

/** A read and checked overlay document. */
export interface Overlay {
  /** Where it was read from (for messages). */
  file: string;
  /** sha256 of its bytes: recorded in the table, so a changed overlay shows as a changed input. */
  sha256: string;
  actions: OverlayAction[];
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Check a parsed overlay document; throws a ManifestError naming the file and the JSON pointer of the fault. */
export function parseOverlay(value: unknown, file: string, sha256 = ''): Overlay {
  if (!isObj(value)) throw new ManifestError('not an overlay document (the top level is not an object)', file);
  if (typeof value.overlay !== 'string' || !/^1\.0\.\d+$/.test(value.overlay)) {
    throw new ManifestError(`unsupported overlay version ${JSON.stringify(value.overlay)} (runos applies OpenAPI Overlay 1.0.x: write overlay: 1.0.0)`, file, '/overlay');
  }
  if (value.info !== undefined && (!isObj(value.info) || typeof value.info.title !== 'string' || typeof value.info.version !== 'string')) {
    throw new ManifestError('info must be an object with a title and a version', file, '/info');
  }
  if (!Array.isArray(value.actions) || value.actions.length === 0) throw new ManifestError('actions must be a non-empty list', file, '/actions');
  const actions = value.actions.map((raw, i): OverlayAction => {
    const at = `/actions/${i}`;
    if (!isObj(raw)) throw new ManifestError('an action must be an object', file, at);
    if (typeof raw.target !== 'string' || !raw.target.startsWith('$')) throw new ManifestError('target must be a JSONPath expression starting with $', file, `${at}/target`);
    if (raw.remove !== undefined && typeof raw.remove !== 'boolean') throw new ManifestError('remove must be true or false', file, `${at}/remove`);
    if (raw.description !== undefined && typeof raw.description !== 'string') throw new ManifestError('description must be a string', file, `${at}/description`);
    const extra = Object.keys(raw).filter((k) => !['target', 'description', 'update', 'remove'].includes(k) && !k.startsWith('x-'));
    if (extra.length > 0) throw new ManifestError(`unknown field ${JSON.stringify(extra[0])} (an action has target, description, update, remove)`, file, `${at}/${extra[0]}`);
    if (raw.update === undefined && raw.remove !== true) throw new ManifestError('the action does nothing: give it an update or remove: true', file, at);
    return {
      target: raw.target,
      ...(typeof raw.description === 'string' && { description: raw.description }),
      ...(raw.update !== undefined && { update: raw.update }),
      ...(raw.remove === true && { remove: true }),
    };
  });
  return { file, sha256, actions };
}

/** Read an overlay file (JSON or YAML). */
export async function readOverlay(file: string): Promise<Overlay> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new ManifestError(`cannot read the overlay (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, file);
  }
  return parseOverlay(parseDocumentText(bytes.toString('utf8'), file), file, createHash('sha256').update(bytes).digest('hex'));
}

/** Merge `update` into `target` (Overlay 1.0: objects merge key by key, recursively; anything else replaces). */
function merge(target: Obj, update: Obj): void {
  for (const [key, value] of Object.entries(update)) {
    const current = target[key];
    if (isObj(current) && isObj(value)) merge(current, value);
    else target[key] = structuredClone(value);
  }
}

/**
 * Apply an overlay's actions in order to a parsed document, in place. Returns one note per action whose
 * target selected nothing (likely a typo; the spec makes it no error). A target that selects the root for
 * removal, or an update that does not fit what it selects, is an error.
 */
export function applyOverlay(doc: Obj, overlay: Overlay): string[] {
  const notes: string[] = [];
  overlay.actions.forEach((action, i) => {
    const at = `/actions/${i}`;
    let found: { value: unknown; path: (string | number)[] }[];
    try {
      // json-p3: RFC 9535 in its default, strict environment.
      found = jsonpath().query(action.target, doc as Parameters<JsonPath['query']>[1]).nodes.map((n) => ({ value: n.value, path: [...n.location] }));
    } catch (err) {
      throw new ManifestError(`target ${action.target} is not a valid JSONPath expression (RFC 9535): ${(err as Error).message}`, overlay.file, `${at}/target`);
    }
    if (found.length === 0) {
      notes.push(`${overlay.file}: action ${i} (${action.target}) selects nothing in the document`);
      return;
    }
    if (action.remove) {
      // Last first, so removing an array element does not shift the ones still to go.
      for (const { path } of found.reverse()) {
        if (path.length === 0) throw new ManifestError('remove cannot target the whole document ($)', overlay.file, `${at}/target`);
        // A node inside one removed just before is gone with it.
        const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node === null || typeof node !== 'object' ? undefined : (node as Obj)[key as string]), doc);
        const key = path[path.length - 1]!;
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else if (isObj(parent)) delete parent[key as string];
      }
      return;
    }
    for (const { value } of found) {
      if (Array.isArray(value)) value.push(structuredClone(action.update));
      else if (isObj(value) && isObj(action.update)) merge(value, action.update);
      else {
        const what = isObj(value) ? 'an object, so update must be an object' : 'a single value, which an update cannot change (target its parent)';
        throw new ManifestError(`target ${action.target} selects ${what}`, overlay.file, `${at}/update`);
      }
    }
  });
  return notes;
}
