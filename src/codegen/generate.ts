import { createHash } from 'node:crypto';
import type { ToolTable } from '../core/tool-table.js';
import { classifyDocument } from '../manifest/classify.js';
import { loadDocument } from '../manifest/load.js';
import type { DocumentModel } from '../manifest/model.js';
import { readOverrides } from '../manifest/overrides.js';
import { buildToolTable } from './build-table.js';
import { renderArtefacts, type RenderedFiles } from './render.js';

/** What to generate from. */
export interface GenerateOptions {
  /** File path or http(s) URL of the OpenAPI document. */
  source: string;
  platform: string;
  /** Reviewed overrides file; none when undefined. */
  overridesFile?: string;
  /** Headers for fetching an http(s) source (the API key, for the API's own origin only). */
  headers?: Record<string, string>;
  /** Folder tree file `$ref`s may read; default the document's folder. */
  refRoot?: string;
}

/** A generated table with the document it came from and its rendered files. */
export interface Generated {
  doc: DocumentModel;
  table: ToolTable;
  files: RenderedFiles;
}

/** The whole pipeline minus writing: load → classify → build → render. Throws ManifestError on bad input. */
export async function generateTable(opts: GenerateOptions): Promise<Generated> {
  const { overrides, sha256: overridesSha256 } = opts.overridesFile
    ? await readOverrides(opts.overridesFile)
    : { overrides: new Map(), sha256: createHash('sha256').update('').digest('hex') };
  const doc = await loadDocument(opts.source, { ...(opts.headers && { headers: opts.headers }), ...(opts.refRoot !== undefined && { refRoot: opts.refRoot }) });
  const classifications = classifyDocument(doc, overrides, { platform: opts.platform, ...(opts.overridesFile && { overridesFile: opts.overridesFile }) });
  const table = buildToolTable(doc, classifications, { platform: opts.platform, overridesSha256 });
  return { doc, table, files: renderArtefacts(table, opts.source) };
}
