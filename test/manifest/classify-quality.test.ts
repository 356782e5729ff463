/**
 * The quality of rule 4 measured against hand-labelled operations of real platform APIs (PRODUCT.md,
 * Classification): a labelled-sensitive operation placed in `read` or `write` is a leak and fails the
 * test; a labelled non-sensitive one placed in a sensitive tier is a needless escalation, counted and
 * printed. Labels live in test/fixtures/labels/<spec>.json, written by reading the schemas.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { specsDir } from '../../src/core/paths.js';
import { isSensitiveTier } from '../../src/core/tiers.js';
import { classifyDocument } from '../../src/manifest/classify.js';
import { loadDocument } from '../../src/manifest/load.js';

const labelsDir = fileURLToPath(new URL('../fixtures/labels/', import.meta.url));
const specs = specsDir();
const labelFiles = readdirSync(labelsDir).filter((f) => f.endsWith('.json')).sort();

function specFor(label: string): string | undefined {
  if (!existsSync(specs)) return undefined;
  const stem = basename(label, '.json');
  const file = readdirSync(specs).find((f) => basename(f, extname(f)) === stem);
  return file && join(specs, file);
}

describe.skipIf(!existsSync(specs))(`classification quality against hand labels (skipped when ${specs} is absent; set RUNOS_SPECS_DIR)`, () => {
  it.each(labelFiles)('%s: no leaks', async (labelFile) => {
    const spec = specFor(labelFile);
    expect(spec, `no spec named like ${labelFile} in ${specs}`).toBeDefined();
    const labels = Object.entries(JSON.parse(readFileSync(join(labelsDir, labelFile), 'utf8')) as Record<string, { sensitive: boolean; why: string }>).filter(
      ([id]) => !id.startsWith('$'),
    );
    const doc = await loadDocument(spec!);
    const got = classifyDocument(doc, new Map(), { platform: 'runos' });
    const missing = labels.filter(([id]) => !got.has(id)).map(([id]) => id);
    expect(missing, 'labelled operationIds that the document does not have').toEqual([]);

    const leaks = labels.filter(([id, l]) => l.sensitive && !isSensitiveTier(got.get(id)!.tier));
    const escalations = labels.filter(([id, l]) => !l.sensitive && isSensitiveTier(got.get(id)!.tier));
    const sensitive = labels.filter(([, l]) => l.sensitive).length;
    console.log(
      `${basename(labelFile, '.json')}: ${labels.length} labelled (${sensitive} sensitive), leaks ${leaks.length}, needless escalations ${escalations.length}` +
        escalations.map(([id]) => `\n  escalated: ${id} — ${got.get(id)!.reason}`).join(''),
    );
    expect(
      leaks.map(([id, l]) => `${id} (${l.why}) placed in ${got.get(id)!.tier}: ${got.get(id)!.reason}`),
      'leaks: labelled-sensitive operations in read or write',
    ).toEqual([]);
  }, 120_000);
});
