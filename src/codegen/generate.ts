import { basename } from 'node:path';
import { ManifestError } from '../core/errors.js';
import type { ToolTable } from '../core/tool-table.js';
import { classifyDocument } from '../manifest/classify.js';
import { loadOverlaid } from '../manifest/load.js';
import type { DocumentModel } from '../manifest/model.js';
import { readOverlay } from '../manifest/overlay.js';
import { readOverrideFiles } from '../manifest/overrides.js';
import { buildToolTable } from './build-table.js';
import { customLoosenings, type CustomLoosening } from './custom-tiers.js';
import { renderArtefacts, type RenderedFiles } from './render.js';

/** What to generate from. */
export interface GenerateOptions {
  /** File path or http(s) URL of the OpenAPI document. */
  source: string;
  platform: string;
  /** Reviewed overrides file; none when undefined. */
  overridesFile?: string;
  /** More reviewed overrides files, added to `overridesFile` (an operation in two of them is an error). */
  moreOverrides?: readonly string[];
  /** OpenAPI Overlay 1.0 files, applied in order to the document before classification. */
  overlays?: readonly string[];
  /** Headers for fetching an http(s) source (the API key, for the API's own origin only). */
  headers?: Record<string, string>;
  /** Folder tree file `$ref`s may read; default the document's folder. */
  refRoot?: string;
  /** Names to keep (operationId → name), from the previous table. */
  previousNames?: ReadonlyMap<string, string>;
}

/** A generated table with the document it came from and its rendered files. */
export interface Generated {
  doc: DocumentModel;
  table: ToolTable;
  files: RenderedFiles;
  /** Operations an overlay or `x-runos: {tier}` moved to a looser tier than the classifier's: they pass the tier gate. */
  customised: CustomLoosening[];
  /** Overlay actions that selected nothing. */
  notes: string[];
}

/** The whole pipeline minus writing: load (+ overlays) → classify → build → render. Throws ManifestError on bad input. */
export async function generateTable(opts: GenerateOptions): Promise<Generated> {
  const overrideFiles = [...(opts.overridesFile ? [opts.overridesFile] : []), ...(opts.moreOverrides ?? [])];
  const { overrides, files: overrideOf, sha256: overridesSha256 } = await readOverrideFiles(overrideFiles);
  const overlays = await Promise.all((opts.overlays ?? []).map((file) => readOverlay(file)));
  const { doc, original, notes } = await loadOverlaid(opts.source, overlays, {
    ...(opts.headers && { headers: opts.headers }),
    ...(opts.refRoot !== undefined && { refRoot: opts.refRoot }),
  });
  // An override must name an operation (PRODUCT.md rule 1); said here so the message names its own file.
  const ids = new Set(doc.operations.map((op) => op.operationId));
  for (const [id, file] of overrideOf) {
    if (!ids.has(id)) throw new ManifestError(`override for operation "${id}" names no operation of ${doc.source}; remove it or fix the operationId`, file, `/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  }
  const classifications = classifyDocument(doc, overrides, { platform: opts.platform });
  const customised = customLoosenings(doc, original, classifications, overrides, opts.platform);
  const table = buildToolTable(doc, classifications, {
    platform: opts.platform,
    overridesSha256,
    ...(opts.previousNames && { previousNames: opts.previousNames }),
    ...(overlays.length > 0 && { overlays: overlays.map((o) => ({ file: basename(o.file), sha256: o.sha256 })) }),
  });
  return { doc, table, files: renderArtefacts(table, opts.source), customised, notes };
}
