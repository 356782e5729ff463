import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestError } from '../../src/core/errors.js';
import { loadOverlaid } from '../../src/manifest/load.js';
import { applyOverlay, parseOverlay, readOverlay } from '../../src/manifest/overlay.js';

const dir = mkdtempSync(join(tmpdir(), 'runos-overlay-'));
let n = 0;
function write(name: string, text: string): string {
  const path = join(dir, `${n++}-${name}`);
  writeFileSync(path, text);
  return path;
}

const doc = () => ({
  openapi: '3.1.0',
  info: { title: 'T', version: '1' },
  tags: [{ name: 'a' }],
  paths: {
    '/things': { get: { operationId: 'listThings', summary: 'List things', tags: ['things'] }, post: { operationId: 'createThing' } },
    '/things/{id}': { delete: { operationId: 'deleteThing' } },
  },
});
const overlay = (actions: unknown[]) => parseOverlay({ overlay: '1.0.0', info: { title: 'o', version: '1' }, actions }, 'o.yaml');

describe('parseOverlay: a malformed overlay is a ManifestError naming the file and the field', () => {
  it.each<[string, { given: unknown; want: string }]>([
    ['not an object', { given: [], want: 'o.yaml: not an overlay document' }],
    ['another version', { given: { overlay: '2.0.0', actions: [{ target: '$', update: {} }] }, want: 'o.yaml#/overlay: unsupported overlay version "2.0.0"' }],
    ['no actions', { given: { overlay: '1.0.0', actions: [] }, want: 'o.yaml#/actions: actions must be a non-empty list' }],
    ['a target that is not JSONPath', { given: { overlay: '1.0.0', actions: [{ target: 'paths', update: {} }] }, want: 'o.yaml#/actions/0/target' }],
    ['an action that does nothing', { given: { overlay: '1.0.0', actions: [{ target: '$' }] }, want: 'o.yaml#/actions/0: the action does nothing' }],
    ['remove that is not a boolean', { given: { overlay: '1.0.0', actions: [{ target: '$.x', remove: 'yes' }] }, want: 'o.yaml#/actions/0/remove' }],
    ['an unknown field (a typo)', { given: { overlay: '1.0.0', actions: [{ target: '$.x', updte: {} }] }, want: 'o.yaml#/actions/0/updte: unknown field' }],
    ['an info without a version', { given: { overlay: '1.0.0', info: { title: 't' }, actions: [{ target: '$', update: {} }] }, want: 'o.yaml#/info' }],
  ])('%s', (_, { given, want }) => {
    const err = (() => {
      try {
        parseOverlay(given, 'o.yaml');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as Error).message).toContain(want);
  });
});

describe('applyOverlay (OpenAPI Overlay 1.0)', () => {
  it('merges an update into every object the target selects, recursively', () => {
    const d = doc();
    applyOverlay(d, overlay([{ target: "$.paths['/things'][*]", update: { 'x-runos': { toolset: 'stuff' }, summary: 'Changed' } }]));
    expect(d.paths['/things'].get).toMatchObject({ operationId: 'listThings', summary: 'Changed', 'x-runos': { toolset: 'stuff' } });
    expect(d.paths['/things'].post).toMatchObject({ operationId: 'createThing', summary: 'Changed', 'x-runos': { toolset: 'stuff' } });
    applyOverlay(d, overlay([{ target: "$.paths['/things'].get", update: { 'x-runos': { hidden: true } } }]));
    expect(d.paths['/things'].get['x-runos' as 'summary']).toEqual({ toolset: 'stuff', hidden: true });
  });

  it('appends an update to a selected array', () => {
    const d = doc();
    applyOverlay(d, overlay([{ target: "$.paths['/things'].get.tags", update: 'more' }]));
    expect(d.paths['/things'].get.tags).toEqual(['things', 'more']);
  });

  it('removes what the target selects, array elements and object members, in order of the actions', () => {
    const d = doc();
    applyOverlay(d, overlay([{ target: '$.paths[*].delete', remove: true }, { target: '$.tags[0]', remove: true }, { target: "$.paths['/things'].post", update: { summary: 'after' } }]));
    expect(d.paths['/things/{id}']).toEqual({});
    expect(d.tags).toEqual([]);
    expect(d.paths['/things'].post).toEqual({ operationId: 'createThing', summary: 'after' });
  });

  it('filters with RFC 9535 expressions', () => {
    const d = doc();
    applyOverlay(d, overlay([{ target: "$.paths.*[?@.operationId == 'deleteThing']", update: { 'x-mcp': { tier: 'sensitive-write' } } }]));
    expect(d.paths['/things/{id}'].delete).toEqual({ operationId: 'deleteThing', 'x-mcp': { tier: 'sensitive-write' } });
  });

  it('notes an action that selects nothing (a likely typo) and changes nothing', () => {
    const d = doc();
    const notes = applyOverlay(d, overlay([{ target: "$.paths['/thing'].get", update: { summary: 'x' } }]));
    expect(notes).toEqual(["o.yaml: action 0 ($.paths['/thing'].get) selects nothing in the document"]);
    expect(d).toEqual(doc());
  });

  it.each<[string, { action: unknown; want: string }]>([
    ['removing the whole document', { action: { target: '$', remove: true }, want: 'o.yaml#/actions/0/target: remove cannot target the whole document' }],
    ['an invalid JSONPath', { action: { target: '$.paths[', update: {} }, want: 'o.yaml#/actions/0/target: target $.paths[ is not a valid JSONPath expression' }],
    ['an update of a single value', { action: { target: '$.info.title', update: 'x' }, want: 'o.yaml#/actions/0/update' }],
    ['a non-object update of an object', { action: { target: '$.info', update: 'x' }, want: 'selects an object, so update must be an object' }],
  ])('refuses %s', (_, { action, want }) => {
    expect(() => applyOverlay(doc(), overlay([action]))).toThrow(want);
  });
});

describe('loadOverlaid: overlays apply to the parsed document, before anything reads it', () => {
  it('gives the overlaid document and the one as published', async () => {
    const source = write('api.json', JSON.stringify(doc()));
    const o = await readOverlay(write('o.yaml', "overlay: 1.0.0\ninfo: { title: t, version: '1' }\nactions:\n  - target: $.paths['/things'].get\n    update: { operationId: renamedList }\n"));
    const { doc: overlaid, original, notes } = await loadOverlaid(source, [o]);
    expect(notes).toEqual([]);
    expect(overlaid.operations.map((op) => op.operationId)).toContain('renamedList');
    expect(original!.operations.map((op) => op.operationId)).toContain('listThings');
    expect(o.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads a file that is not there as a clear error', async () => {
    await expect(readOverlay(join(dir, 'missing.yaml'))).rejects.toThrow(/missing\.yaml.*cannot read the overlay \(ENOENT\)/);
  });
});
