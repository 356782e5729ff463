import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specsDir } from '../../src/core/paths.js';
import { loadDocument } from '../../src/manifest/load.js';
import type { DocumentModel, Schema } from '../../src/manifest/model.js';

const dir = specsDir();

/** Counts and versions from /work/shared/specs/SOURCES.md. */
const SPECS: [file: string, want: { operations: number; version: string; basePath: string }][] = [
  ['github-api.json', { operations: 874, version: '3.0.3', basePath: '' }],
  ['stripe-spec3.yaml', { operations: 468, version: '3.0.0', basePath: '' }],
  ['kubernetes-api-v1.json', { operations: 245, version: '3.0.0', basePath: '' }],
  ['kubernetes-apis-apps-v1.json', { operations: 77, version: '3.0.0', basePath: '' }],
  ['petstore.yaml', { operations: 3, version: '3.0.0', basePath: '/v1' }],
  ['petstore-expanded.yaml', { operations: 4, version: '3.0.0', basePath: '/v2' }],
  ['netlify-swagger2.yml', { operations: 174, version: '2.0', basePath: '/api/v1' }],
  ['twilio-api-v2010.json', { operations: 197, version: '3.0.1', basePath: '' }],
  ['coolify-openapi.json', { operations: 275, version: '3.1.0', basePath: '/api/v1' }],
];

const SUBSCHEMA_KEYS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

/** Every schema the model holds (responses, bodies, parameters), walked once with a visited set. */
function* schemasOf(doc: DocumentModel): Generator<Schema> {
  const seen = new Set<object>();
  const stack: unknown[] = [];
  for (const op of doc.operations) {
    for (const p of op.parameters) stack.push(p.schema);
    for (const m of Object.values(op.requestBody?.content ?? {})) stack.push(m.schema);
    for (const r of Object.values(op.responses)) for (const m of Object.values(r.content)) stack.push(m.schema);
  }
  while (stack.length > 0) {
    const s = stack.pop();
    if (s === null || typeof s !== 'object' || seen.has(s)) continue;
    seen.add(s);
    if (Array.isArray(s)) {
      stack.push(...s);
      continue;
    }
    yield s as Schema;
    for (const [k, v] of Object.entries(s)) {
      if (SUBSCHEMA_KEYS.has(k) && v && typeof v === 'object') stack.push(...Object.values(v));
      else if (['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf', 'prefixItems', 'if', 'then', 'else', 'contains'].includes(k)) stack.push(v);
    }
  }
}

/** True when some schema reaches itself again through subschema keywords. */
function hasCycle(doc: DocumentModel): boolean {
  const state = new Map<object, 1 | 2>();
  const visit = (s: unknown): boolean => {
    if (s === null || typeof s !== 'object') return false;
    if (state.get(s) === 1) return true;
    if (state.get(s) === 2) return false;
    state.set(s, 1);
    const kids = Array.isArray(s) ? s : Object.entries(s).flatMap(([k, v]) => (SUBSCHEMA_KEYS.has(k) && v && typeof v === 'object' ? Object.values(v) : ['items', 'allOf', 'anyOf', 'oneOf', 'additionalProperties'].includes(k) ? [v] : []));
    const found = kids.some(visit);
    state.set(s, 2);
    return found;
  };
  return doc.operations.some((op) => Object.values(op.responses).some((r) => Object.values(r.content).some((m) => visit(m.schema))));
}

describe.skipIf(!existsSync(join(dir, 'SOURCES.md')))(`loadDocument on the shared real specs (${dir}; set RUNOS_SPECS_DIR if elsewhere)`, () => {
  describe.each(SPECS)('%s', (file, want) => {
    let doc: DocumentModel;
    it('loads with the operation count of SOURCES.md', async () => {
      doc = await loadDocument(join(dir, file));
      expect(doc.operations).toHaveLength(want.operations);
      expect(doc.sourceVersion).toBe(want.version);
      expect(doc.basePath).toBe(want.basePath);
      expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it('has unique operationIds, sorted operations and root pointers', () => {
      const ids = doc.operations.map((o) => o.operationId);
      expect(new Set(ids).size).toBe(ids.length);
      const keys = doc.operations.map((o) => [o.path, o.method] as const);
      const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
      expect(keys).toEqual(sorted);
      const wrong = doc.operations.filter((o) => o.pointer !== `/paths/${o.path.replace(/~/g, '~0').replace(/\//g, '~1')}/${o.method.toLowerCase()}`);
      expect(wrong.map((o) => o.pointer)).toEqual([]);
    });

    it('leaves no $ref in any schema keyword position', () => {
      const all = [...schemasOf(doc)];
      expect(all.length).toBeGreaterThan(0);
      expect(all.filter((s) => '$ref' in s)).toEqual([]);
    });

    it('resolves every parameter to a name, a location and a schema object', () => {
      const bad = doc.operations.flatMap((o) =>
        o.parameters
          .filter((p) => !['path', 'query', 'header', 'cookie'].includes(p.in) || typeof p.schema !== 'object' || !p.name || (p.in === 'path' && !p.required))
          .map((p) => `${o.operationId}: ${p.in} ${p.name}`),
      );
      expect(bad).toEqual([]);
      expect(doc.operations.some((o) => o.parameters.length > 0)).toBe(true);
    });

    if (file === 'stripe-spec3.yaml') {
      it('keeps Stripe’s circular schemas as object cycles', () => expect(hasCycle(doc)).toBe(true));
    }
    if (file === 'github-api.json') {
      it('loads the SCIM operations whose examples hold "$ref" data', () => {
        expect(doc.operations.filter((o) => o.path.includes('/scim/')).length).toBeGreaterThan(0);
        expect(hasCycle(doc)).toBe(false);
      });
    }
    if (file === 'netlify-swagger2.yml') {
      it('keeps 2.0 body and formData parameters as request bodies', () => {
        const build = doc.operations.find((o) => o.operationId === 'createSiteBuild')!;
        expect(Object.keys(build.requestBody!.content)).toEqual(['multipart/form-data']);
        const site = doc.operations.find((o) => o.operationId === 'createSite')!;
        expect(site.requestBody?.required).toBe(true);
        expect(site.requestBody?.content['application/json']?.schema?.allOf).toHaveLength(2);
        expect(doc.operations.some((o) => o.parameters.some((p) => (p.in as string) === 'body' || (p.in as string) === 'formData'))).toBe(false);
      });
    }
  });
});
