import { isLooserTier, type Tier } from '../core/tiers.js';
import { classifyDocument } from '../manifest/classify.js';
import { EXTENSION_NAMES, withoutExtensionTiers } from '../manifest/extensions.js';
import type { Classification, DocumentModel, OperationModel, TierOverride } from '../manifest/model.js';

/** An operation that a customisation (an overlay, an `x-runos: {tier}`) put in a looser tier than the classifier would. */
export interface CustomLoosening {
  operationId: string;
  /** The tier without the customisation. */
  fromTier: Tier;
  tier: Tier;
}

const key = (op: OperationModel) => `${op.method} ${op.path}`;

/** Whether any operation carries an extension object with a tier (so a customised verdict may differ). */
function hasObjectTiers(doc: DocumentModel): boolean {
  return doc.operations.some((op) => EXTENSION_NAMES.some((n) => (op.extensions[n] as { tier?: unknown } | undefined)?.tier !== undefined));
}

/**
 * The operations whose tier a customisation loosened: compared with the verdict on the document as
 * published (before overlays) with the tiers of `x-runos`-style objects left out. An operation only an
 * overlay adds is judged without any tier extension at all. Operations are matched by method and path,
 * so an overlay that renames an operationId cannot slip past. Pure.
 */
export function customLoosenings(
  doc: DocumentModel,
  original: DocumentModel | undefined,
  classifications: ReadonlyMap<string, Classification>,
  overrides: Map<string, TierOverride>,
  platform: string,
): CustomLoosening[] {
  if (!original && !hasObjectTiers(doc)) return [];
  const published = new Map((original ?? doc).operations.map((op) => [key(op), op]));
  const baseOps = doc.operations.map((op) => {
    const before = published.get(key(op));
    const plain = before ? withoutExtensionTiers(before) : withoutExtensionTiers(op, true);
    return { ...plain, operationId: op.operationId, derivedId: op.derivedId };
  });
  const base = classifyDocument({ ...doc, operations: baseOps }, overrides, { platform });
  const out: CustomLoosening[] = [];
  for (const op of doc.operations) {
    const now = classifications.get(op.operationId)!.tier;
    const before = base.get(op.operationId)!.tier;
    if (isLooserTier(before, now)) out.push({ operationId: op.operationId, fromTier: before, tier: now });
  }
  return out;
}
