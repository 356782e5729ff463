import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignToolNames, hasHashSuffix } from '../../src/codegen/names.js';
import { specsDir } from '../../src/core/paths.js';
import { toolNameBudget } from '../../src/core/tiers.js';
import { loadDocument } from '../../src/manifest/load.js';

// The shared documents `npm run names` reports on (scripts/names-report.mjs), the n8n multi-file tree included.
const DOCS = [
  'airflow-v2.yaml', 'argo-cd-swagger2.json', 'coolify-openapi.json', 'github-api.json', 'harbor-swagger2.yaml',
  'kubernetes-api-v1.json', 'kubernetes-apis-apps-v1.json', 'minio-console-swagger2.yml', 'n8n-public-api/openapi.yml',
  'netlify-swagger2.yml', 'petstore-expanded.yaml', 'petstore.yaml', 'stripe-spec3.yaml', 'twilio-api-v2010.json',
];
const present = DOCS.filter((f) => existsSync(join(specsDir(), f)));
const title = present.length > 0 ? 'readable names on every shared document' : `readable names: SKIPPED, no specs at ${specsDir()} (set RUNOS_SPECS_DIR)`;

describe.skipIf(present.length === 0)(title, () => {
  it.each(present)('%s: under 2% of names end in a hash suffix', async (file) => {
    const doc = await loadDocument(join(specsDir(), file));
    const platform = file.split(/[-./]/)[0]!;
    const names = assignToolNames(doc.operations, { budget: toolNameBudget(platform), platform });
    const hashed = doc.operations.filter((op) => hasHashSuffix(names.get(op.operationId)!, op.operationId));
    expect(hashed.length / doc.operations.length, hashed.map((op) => names.get(op.operationId)).join(', ')).toBeLessThan(0.02);
    expect(new Set(names.values()).size).toBe(doc.operations.length);
  }, 60_000);
});
