import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { ManifestError, UsageError } from '../core/errors.js';
import { DEFAULT_MAX_BYTES, readSource, type FetchSourceOptions } from './fetch-source.js';
import { collectOperations } from './load-operations.js';
import { parseDocumentText } from './load-parse.js';
import type { DocumentModel } from './model.js';
import { applyOverlay, type Overlay } from './overlay.js';
import { RefResolver, displayPath, type SourceFile } from './resolve.js';
import { ScopedFiles, isInside, type RefScope } from './resolve-files.js';

type Obj = Record<string, unknown>;

/** Options for {@link loadDocument}. */
export interface LoadOptions extends FetchSourceOptions {
  /** Folder tree file `$ref`s may read from; default the root document's folder. Must hold the document. */
  refRoot?: string;
}

/**
 * Load an OpenAPI 3.1 / 3.0 or Swagger 2.0 document (file path or http(s) URL, JSON or YAML) and
 * resolve it into the internal model. Local multi-file `$ref`s are followed inside the document's
 * folder tree (or `refRoot`); network `$ref`s are never fetched (schemas become free-form and marked);
 * circular schemas become object cycles. Throws `ManifestError` naming file and pointer.
 */
export async function loadDocument(source: string, opts: LoadOptions = {}): Promise<DocumentModel> {
  return (await loadOverlaid(source, [], opts)).doc;
}

/** A document with overlays applied, and the document as published when there were any. */
export interface OverlaidDocument {
  doc: DocumentModel;
  /** The document without the overlays (undefined when none were given): what an overlay's changes are judged against. */
  original?: DocumentModel;
  /** Actions whose target selected nothing. */
  notes: string[];
}

/**
 * Load a document and apply overlays to it as parsed, before anything reads it (OpenAPI Overlay 1.0).
 * Overlays edit the root document; schemas in other files of a multi-file document are reached through
 * `$ref`s and are not overlaid.
 */
export async function loadOverlaid(source: string, overlays: readonly Overlay[], opts: LoadOptions = {}): Promise<OverlaidDocument> {
  const { bytes, location, remote } = await readSource(source, opts);
  const display = remote ? source : displayPath(location);
  const scope = remote ? undefined : { ...refScope(location, opts.refRoot), maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES };
  const parsed = parseDocumentText(bytes.toString('utf8'), display);
  const sourceVersion = readVersion(parsed, display);
  // Loaded only for 2.0 documents: the upgrader is code a 3.x load never runs.
  const swagger = sourceVersion === '2.0' ? await import('./load-swagger.js') : undefined;
  const base = { source, sourceVersion, sha256: createHash('sha256').update(bytes).digest('hex'), display, location, remote, swagger, scope };
  if (overlays.length === 0) return { doc: modelOf(parsed as Obj, base), notes: [] };
  const overlaid = structuredClone(parsed) as Obj;
  const notes = overlays.flatMap((o) => applyOverlay(overlaid, o));
  readVersion(overlaid, display);
  return { doc: modelOf(overlaid, base), original: modelOf(parsed as Obj, base), notes };
}

interface ModelBase {
  source: string;
  sourceVersion: string;
  sha256: string;
  display: string;
  location: string;
  remote: boolean;
  swagger: typeof import('./load-swagger.js') | undefined;
  /** Where file `$ref`s may read (none for a fetched document); each model counts its own bytes. */
  scope: RefScope | undefined;
}

/** Resolve a parsed document into the model. */
function modelOf(parsed: Obj, b: ModelBase): DocumentModel {
  const root = b.swagger ? b.swagger.upgradeSwagger(parsed, b.display) : parsed;
  const rootFile: SourceFile = { id: b.location, display: b.display, root, local: !b.remote };
  const resolver = new RefResolver(rootFile, b.swagger?.upgradeSwaggerFragment, b.scope && new ScopedFiles(b.scope));
  const info = isObj(root.info) ? root.info : {};
  return {
    source: b.source,
    sourceVersion: b.sourceVersion,
    title: typeof info.title === 'string' ? info.title : '',
    description: typeof info.description === 'string' ? info.description : '',
    version: typeof info.version === 'string' ? info.version : String(info.version ?? ''),
    basePath: readBasePath(root, b.remote ? b.location : undefined),
    sha256: b.sha256,
    operations: collectOperations(resolver),
  };
}

/** The folder tree file refs may read: `--ref-root` when given (it must hold the document), else the document's folder. */
function refScope(location: string, refRoot: string | undefined): { root: string; label: string } {
  const folder = dirname(location);
  if (refRoot === undefined) return { root: folder, label: "the document's folder" };
  const root = resolvePath(refRoot);
  let inside: boolean;
  try {
    inside = isInside(root, folder) || isInside(realpathSync(root), realpathSync(folder));
  } catch {
    throw new UsageError(`--ref-root ${refRoot}: no such folder`);
  }
  if (!inside) throw new UsageError(`--ref-root ${refRoot} does not contain the document ${displayPath(location)}; give a folder that holds it`);
  return { root, label: '--ref-root' };
}

/** The `openapi` / `swagger` version as written; refuses anything runos cannot read. */
function readVersion(doc: unknown, file: string): string {
  if (!isObj(doc)) throw new ManifestError('not an OpenAPI document (the top level is not an object)', file);
  const { openapi, swagger } = doc;
  if (typeof openapi === 'string') {
    // 3.2 is a superset of 3.1 for everything runos reads.
    if (/^3\.[012]\.\d+/.test(openapi)) return openapi;
    throw new ManifestError(`unsupported OpenAPI version "${openapi}" (runos reads 2.0, 3.0, 3.1 and 3.2)`, file, '/openapi');
  }
  if (swagger !== undefined) {
    // Unquoted `swagger: 2.0` in YAML is the number 2.
    if (swagger === '2.0' || swagger === 2) return '2.0';
    throw new ManifestError(`unsupported Swagger version "${String(swagger)}" (runos reads 2.0, 3.0, 3.1 and 3.2)`, file, '/swagger');
  }
  if (openapi !== undefined) throw new ManifestError(`unsupported OpenAPI version ${JSON.stringify(openapi)} (write it as a string, e.g. "3.1.0")`, file, '/openapi');
  throw new ManifestError('not an OpenAPI document (no "openapi" or "swagger" field at the top level)', file);
}

/** Path part of the first server URL, server variables set to their defaults; '' for none or '/'. */
function readBasePath(doc: Obj, remoteLocation: string | undefined): string {
  const servers = doc.servers;
  const first = Array.isArray(servers) && isObj(servers[0]) ? servers[0] : undefined;
  if (!first || typeof first.url !== 'string') return '';
  const vars = isObj(first.variables) ? first.variables : {};
  const url = first.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return isObj(v) && v.default !== undefined ? String(v.default) : whole;
  });
  let path: string;
  try {
    // A relative server URL is relative to where the document was served (OpenAPI 3.1 §4.6).
    path = new URL(url, remoteLocation ?? 'http://localhost/').pathname;
  } catch {
    path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '');
  }
  path = path.replace(/\/+$/, '');
  return path === '' || path === '/' ? '' : path.startsWith('/') ? path : `/${path}`;
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
