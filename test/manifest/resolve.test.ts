import { describe, expect, it } from 'vitest';
import { ManifestError } from '../../src/core/errors.js';
import { CUT, MAX_SCHEMA_DEPTH, UNRESOLVED } from '../../src/manifest/markers.js';
import { escapePointer, isNetworkRef, RefResolver, type SourceFile } from '../../src/manifest/resolve.js';
import type { Schema } from '../../src/manifest/model.js';

/** A resolver over an in-memory root document called `mem.json`. */
function resolverFor(root: unknown): { r: RefResolver; file: SourceFile } {
  const file: SourceFile = { id: '/nowhere/mem.json', display: 'mem.json', root, local: true };
  return { r: new RefResolver(file), file };
}

function schemaAt(root: { components: { schemas: Record<string, unknown> } }, name: string): Schema {
  const { r, file } = resolverFor(root);
  return r.schema({ $ref: `#/components/schemas/${name}` }, file, '/x');
}

const doc = (schemas: Record<string, unknown>) => ({ components: { schemas } });

describe('RefResolver.schema', () => {
  it('wraps an annotated self-reference in allOf, since its target is still being built', () => {
    const tree = schemaAt(doc({ Tree: { type: 'object', properties: { parent: { $ref: '#/components/schemas/Tree', description: 'up' } } } }), 'Tree');
    const parent = (tree.properties as Record<string, Schema>).parent!;
    expect(parent.description).toBe('up');
    expect((parent.allOf as Schema[])[0]).toBe(tree);
  });

  it('keeps schema keywords next to a $ref as a second allOf member (3.1 semantics)', () => {
    const s = schemaAt(doc({ Base: { type: 'object' }, Ext: { $ref: '#/components/schemas/Base', properties: { x: { type: 'string' } } } }), 'Ext');
    expect(s).toEqual({ allOf: [{ type: 'object' }], properties: { x: { type: 'string' } } });
  });

  it('follows a chain of refs; the outermost annotation wins', () => {
    const s = schemaAt(
      doc({
        A: { $ref: '#/components/schemas/B', description: 'outer' },
        B: { $ref: '#/components/schemas/C', description: 'inner', title: 'B' },
        C: { type: 'integer' },
      }),
      'A',
    );
    expect(s).toEqual({ type: 'integer', description: 'outer', title: 'B' });
  });

  it.each([
    ['true schema', true, {}],
    ['false schema', false, { not: {} }],
    ['absent schema', undefined, {}],
  ])('turns a %s into an object', (_name, given, want) => {
    const { r, file } = resolverFor({});
    expect(r.schema(given, file, '/s')).toEqual(want);
  });

  it('walks every subschema keyword, and leaves data keywords alone', () => {
    const data = { $ref: '#/components/schemas/Missing' };
    const s = schemaAt(
      doc({
        Int: { type: 'integer' },
        All: {
          items: [{ $ref: '#/components/schemas/Int' }],
          prefixItems: [{ $ref: '#/components/schemas/Int' }],
          additionalProperties: false,
          patternProperties: { '^x-': { $ref: '#/components/schemas/Int' } },
          oneOf: [{ $ref: '#/components/schemas/Int' }],
          not: { $ref: '#/components/schemas/Int' },
          dependencies: { a: ['b'], c: { $ref: '#/components/schemas/Int' } },
          $defs: { d: { $ref: '#/components/schemas/Int' } },
          default: data,
          example: data,
          examples: [data],
          enum: [data],
          const: data,
          'x-extension': data,
        },
      }),
      'All',
    );
    const int = { type: 'integer' };
    expect(s).toEqual({
      items: [int],
      prefixItems: [int],
      additionalProperties: false,
      patternProperties: { '^x-': int },
      oneOf: [int],
      not: int,
      dependencies: { a: ['b'], c: int },
      $defs: { d: int },
      default: data,
      example: data,
      examples: [data],
      enum: [data],
      const: data,
      'x-extension': data,
    });
  });

  it('decodes ~0/~1 escapes and percent-encoding in ref pointers', () => {
    const root = doc({ 'a/b': { type: 'string' }, 'c~d': { type: 'number' }, 'e f': { type: 'boolean' } });
    expect(schemaAt(root, 'a~1b')).toEqual({ type: 'string' });
    expect(schemaAt(root, 'c~0d')).toEqual({ type: 'number' });
    expect(schemaAt(root, 'e%20f')).toEqual({ type: 'boolean' });
  });

  it('refuses a pure $ref loop, naming where it is', () => {
    const root = doc({ A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } });
    expect(() => schemaAt(root, 'A')).toThrow(ManifestError);
    expect(() => schemaAt(root, 'A')).toThrow(/mem\.json#\/components\/schemas\/[AB]: circular \$ref chain/);
  });

  it('names the file and pointer of a $ref that points at nothing', () => {
    const { r, file } = resolverFor(doc({ A: { properties: { b: { $ref: '#/components/schemas/Nope' } } } }));
    expect(() => r.schema({ $ref: '#/components/schemas/A' }, file, '/paths/~1a/get')).toThrow(
      'mem.json#/components/schemas/A/properties/b: $ref "#/components/schemas/Nope" points at nothing: no "Nope" under "/components/schemas"',
    );
  });
});

describe('RefResolver: what is never followed', () => {
  it('follows a $ref met along a pointer (a components map that is itself a reference)', () => {
    const { r, file } = resolverFor({ components: { schemas: { $ref: '#/x-maps/schemas' } }, 'x-maps': { schemas: { A: { type: 'string' } } } });
    expect(r.schema({ $ref: '#/components/schemas/A' }, file, '/s')).toEqual({ type: 'string' });
  });

  it('turns a schema $ref to a URL into a marked free-form schema, keeping its annotations', () => {
    const { r, file } = resolverFor({});
    expect(r.schema({ $ref: 'https://json-schema.org/draft/2020-12/schema', description: 'any schema' }, file, '/s')).toEqual({
      [UNRESOLVED]: 'https://json-schema.org/draft/2020-12/schema',
      description: 'any schema',
    });
    expect(r.marked).toBe(1);
  });

  it('cuts a schema nested deeper than MAX_SCHEMA_DEPTH with a marker instead of recursing on', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < MAX_SCHEMA_DEPTH * 4; i++) deep = { type: 'array', items: deep };
    const { r, file } = resolverFor({});
    let node = r.schema(deep, file, '/s');
    let levels = 0;
    while (node.items) [node, levels] = [node.items as Schema, levels + 1];
    expect(levels).toBe(MAX_SCHEMA_DEPTH);
    expect(node).toEqual({ [CUT]: `nested deeper than ${MAX_SCHEMA_DEPTH} levels` });
  });

  it.each([
    ['https://example.com/s.json', true, true],
    ['urn:example:schema', true, true],
    ['file:///tmp/s.json', false, false],
    ['s.json#/A', false, true],
    ['#/components/schemas/A', false, false],
  ])('isNetworkRef(%s): from a local file %s, from a fetched one %s', (ref, local, remote) => {
    expect(isNetworkRef(ref, { id: '/a/b.json', display: 'b.json', root: {}, local: true })).toBe(local);
    expect(isNetworkRef(ref, { id: 'https://x/b.json', display: 'b.json', root: {}, local: false })).toBe(remote);
  });
});

describe('RefResolver.deref', () => {
  it('follows Reference Objects and lets their siblings override (3.1 summary/description)', () => {
    const { r, file } = resolverFor({ components: { parameters: { P: { name: 'p', in: 'query', description: 'orig' } } } });
    const got = r.deref({ $ref: '#/components/parameters/P', description: 'here' }, file, '/paths/~1a/get/parameters/0');
    expect(got.value).toEqual({ name: 'p', in: 'query', description: 'here' });
    expect(got.pointer).toBe('/components/parameters/P');
  });

  it('refuses a network reference without fetching it', () => {
    const { r, file } = resolverFor({});
    expect(() => r.deref({ $ref: 'https://example.com/p.yaml#/P' }, file, '/paths/~1a/get/parameters/0')).toThrow(
      /mem\.json#\/paths\/~1a\/get\/parameters\/0: \$ref "https:\/\/example\.com\/p\.yaml#\/P" is a network reference; refused/,
    );
  });
});

describe('escapePointer', () => {
  it.each([
    ['/v1/clusters', '~1v1~1clusters'],
    ['a~b', 'a~0b'],
    ['~/', '~0~1'],
    ['plain', 'plain'],
  ])('%s → %s', (given, want) => expect(escapePointer(given)).toBe(want));
});
