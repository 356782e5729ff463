import { ManifestError } from '../core/errors.js';
import { TABLE_FORMAT, type ToolEntry, type ToolTable } from '../core/tool-table.js';
import { toolNameBudget } from '../core/tiers.js';
import { readToolExtension, type ToolExtension } from '../manifest/extensions.js';
import type { Classification, DocumentModel } from '../manifest/model.js';
import { secretLeaves, toolAnnotations, toolDescription, toolTitle } from './annotations.js';
import { assertToolComplete } from './content-check.js';
import { buildToolInput } from './input-schema.js';
import { assignToolNames } from './names.js';
import { rateDecision } from '../manifest/classify-review.js';
import { deriveToolset } from './toolsets.js';

/** Options of `buildToolTable`. */
export interface BuildOptions {
  platform: string;
  /** sha256 of the overrides file's bytes ('' file when there is none). */
  overridesSha256: string;
  /** Names of the previous table (operationId → name): an operation keeps its name across updates. */
  previousNames?: ReadonlyMap<string, string>;
  /** Overlays applied to the document (file name, sha256), recorded in the table. */
  overlays?: { file: string; sha256: string }[];
}

/** Names the document asks for (`x-runos: {name}`), checked: within the budget and used once. */
function explicitNames(doc: DocumentModel, exts: Map<string, ToolExtension>, budget: number): Map<string, string> {
  const out = new Map<string, string>();
  const holder = new Map<string, string>();
  for (const op of doc.operations) {
    const name = exts.get(op.operationId)?.name;
    if (name === undefined) continue;
    const at = `${op.pointer}/${exts.get(op.operationId)!.from[0]}/name`;
    if (name.length > budget) throw new ManifestError(`tool name ${name} is ${name.length} characters; at most ${budget} fit the 64-character client limit`, doc.source, at);
    const first = holder.get(name);
    if (first !== undefined) throw new ManifestError(`tool name ${name} is asked for twice: by ${first} and by ${op.operationId}`, doc.source, at);
    holder.set(name, op.operationId);
    out.set(op.operationId, name);
  }
  return out;
}

/** The file name a manifest source is known by in generated headers: never an absolute path. */
export function sourceName(source: string): string {
  const noQuery = source.replace(/[?#].*$/, '');
  return noQuery.split(/[\\/]/).filter(Boolean).pop() ?? source;
}

/** Decisions at or below this firmness are listed for review (1: plain tier with a near miss … 4: sensitive on wording). */
const REVIEW_SCORE = 4;

/** Code-unit order, the one order of every generated list (STYLE.md, Generated files). */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The reason, plus what the loader did not follow in the operation's schemas (`…; schema https://… not fetched`), each said once. */
function withNotes(reason: string, op: DocumentModel['operations'][number]): string {
  const notes = [...new Set((op.unfollowed ?? []).map((u) => u.note))].filter((n) => !reason.includes(n));
  if (notes.length === 0) return reason;
  const shown = notes.slice(0, 3).join('; ');
  return `${reason}; ${shown}${notes.length > 3 ? `; and ${notes.length - 3} more not followed` : ''}`;
}

/**
 * Build the tool table from a loaded document and its classifications (keyed by operationId).
 * Pure: same inputs, same table, byte for byte once rendered.
 */
export function buildToolTable(doc: DocumentModel, classifications: Map<string, Classification>, opts: BuildOptions): ToolTable {
  const budget = toolNameBudget(opts.platform);
  const exts = new Map<string, ToolExtension>();
  for (const op of doc.operations) {
    const ext = readToolExtension(op, doc.source);
    if (ext) exts.set(op.operationId, ext);
  }
  const names = assignToolNames(doc.operations, {
    budget,
    platform: opts.platform,
    explicit: explicitNames(doc, exts, budget),
    ...(opts.previousNames && { previous: opts.previousNames }),
  });
  const tools: ToolEntry[] = doc.operations.map((op) => {
    const c = classifications.get(op.operationId);
    if (!c) throw new Error(`no classification for operation ${op.operationId}`);
    const ext = exts.get(op.operationId);
    const input = buildToolInput(op);
    const firmness = rateDecision(op, c);
    const tool: ToolEntry = {
      name: names.get(op.operationId)!,
      tier: c.tier,
      reason: withNotes(c.reason, op),
      method: op.method,
      path: op.path,
      operationId: op.operationId,
      toolset: ext?.toolset ?? deriveToolset(op),
      ...(ext?.hidden && { hidden: true as const }),
      title: ext?.title ?? toolTitle(op),
      description: toolDescription(op, c, ext?.description),
      inputSchema: input.inputSchema,
      annotations: toolAnnotations(op, c.tier),
      request: { params: input.params, ...(input.body && { body: input.body }) },
      secrets: { request: [...c.secrets.request], response: [...c.secrets.response] },
      ...(c.redacts && { redacts: [...c.redacts] }),
      ...(firmness.score <= REVIEW_SCORE && { review: { score: firmness.score, notes: firmness.notes } }),
    };
    assertToolComplete(op, tool, doc.source);
    return tool;
  });
  tools.sort((a, b) => byCodeUnit(a.name, b.name));

  const redact = new Set<string>();
  for (const c of classifications.values()) {
    for (const leaf of [...secretLeaves([...c.secrets.request, ...c.secrets.response]), ...(c.redacts ?? [])]) redact.add(leaf.toLowerCase());
  }
  const file = sourceName(doc.source);
  return {
    $comment: `Generated by \`runos manifest update\` from ${file} (sha256 ${doc.sha256}). Do not edit: regenerate with \`runos manifest update\` (in the runos repository: \`npm run generate\`).`,
    format: TABLE_FORMAT,
    platform: opts.platform,
    manifest: {
      title: doc.title,
      version: doc.version,
      sha256: doc.sha256,
      overridesSha256: opts.overridesSha256,
      ...(opts.overlays?.length && { overlays: opts.overlays }),
    },
    basePath: doc.basePath,
    redactFields: [...redact].sort(byCodeUnit),
    tools,
  };
}
