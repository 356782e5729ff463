import { describe, expect, it } from 'vitest';
import { toToolSchema } from '../../src/codegen/tool-schema.js';
import { shortenDescription } from '../../src/codegen/describe.js';

const limits = { maxDepth: 3, descriptionMax: 120 };

describe('toToolSchema', () => {
  it.each([
    ['type array with null → single type', { given: { type: ['string', 'null'] }, want: { type: 'string' } }],
    ['type array of two types → anyOf', { given: { type: ['string', 'integer'] }, want: { anyOf: [{ type: 'string' }, { type: 'integer' }] } }],
    ['3.0 nullable dropped', { given: { type: 'integer', nullable: true }, want: { type: 'integer' } }],
    ['3.1 numeric exclusive bounds → inclusive', { given: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 10 }, want: { type: 'number', minimum: 0, maximum: 10 } }],
    ['3.0 boolean exclusive bound dropped', { given: { type: 'number', minimum: 1, exclusiveMinimum: true }, want: { type: 'number', minimum: 1 } }],
    ['examples, xml, externalDocs, x-*, discriminator, title stripped', {
      given: { type: 'string', example: 'a', examples: ['b'], xml: { name: 'x' }, externalDocs: { url: 'u' }, 'x-foo': 1, discriminator: { propertyName: 't' }, title: 'T' },
      want: { type: 'string' },
    }],
    ['format, enum, default, pattern kept', { given: { type: 'string', format: 'uuid', enum: ['a', 'b', null], default: 'a', pattern: '^[ab]$' }, want: { type: 'string', format: 'uuid', enum: ['a', 'b'], default: 'a', pattern: '^[ab]$' } }],
    ['const → enum', { given: { const: 'x' }, want: { enum: ['x'] } }],
    ['pattern that is not a valid unicode regex dropped', { given: { type: 'string', pattern: '\\p{Foo' }, want: { type: 'string' } }],
    ['readOnly properties left out of request bodies, required follows', {
      given: { type: 'object', properties: { id: { type: 'string', readOnly: true }, name: { type: 'string' } }, required: ['id', 'name'] },
      want: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    }],
    ['allOf of plain objects merged', {
      given: { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'integer' } } }] },
      want: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } }, required: ['a'] },
    }],
    ['oneOf becomes anyOf, null branch dropped', {
      given: { oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] },
      want: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
    }],
    ['single remaining branch inlined', { given: { anyOf: [{ type: 'string', maxLength: 5 }, { type: 'null' }], description: 'd' }, want: { type: 'string', description: 'd', maxLength: 5 } }],
    ['map values kept', { given: { type: 'object', additionalProperties: { type: 'string' } }, want: { type: 'object', additionalProperties: { type: 'string' } } }],
    ['boolean schema true → {}', { given: true, want: {} }],
    ['a string bound no model reaches is dropped', { given: { type: 'string', maxLength: 5000, minLength: 1 }, want: { type: 'string', minLength: 1 } }],
    ['a real string bound is kept', { given: { type: 'string', maxLength: 256 }, want: { type: 'string', maxLength: 256 } }],
  ])('%s', (_, { given, want }) => {
    expect(toToolSchema(given, limits)).toEqual(want);
  });

  it('cuts a recursive schema with a note and never emits $ref', () => {
    const node: Record<string, unknown> = { type: 'object', properties: { name: { type: 'string' } } };
    (node.properties as Record<string, unknown>).children = { type: 'array', items: node };
    const out = toToolSchema(node, { maxDepth: 10, descriptionMax: 120 });
    const items = ((out.properties as any).children as any).items;
    expect(items).toEqual({ type: 'object', description: '(schema cut here: recursive: same shape as an enclosing value)' });
    expect(JSON.stringify(out)).not.toContain('$ref');
  });

  it('cuts nesting deeper than the limit, keeping the type and a note', () => {
    const deep = { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'object', description: 'Level b.', properties: { c: { type: 'object', properties: { d: { type: 'string' } } } } } } } } };
    const out = toToolSchema(deep, { maxDepth: 2, descriptionMax: 120 }) as any;
    expect(out.properties.a.properties.b).toEqual({ type: 'object', description: 'Level b. (schema cut here: nested deeper than 2 levels)' });
  });
});

describe('shortenDescription', () => {
  it.each([
    ['first sentence', { given: 'Lists pets. You must be logged in.', want: 'Lists pets.' }],
    ['first paragraph', { given: 'Gets a repo\n\nMore text here.', want: 'Gets a repo' }],
    ['markdown links reduced to text', { given: 'See [the docs](https://x.y/z) for `more`', want: 'See the docs for more' }],
    ['html stripped', { given: 'A <b>bold</b> <!-- c --> move', want: 'A bold move' }],
    ['version numbers are not sentence ends', { given: 'Requires v1.2 or later', want: 'Requires v1.2 or later' }],
    ['long text cut at a word with an ellipsis', { given: 'word '.repeat(100), want: `${'word '.repeat(23).trim()}…` }],
    ['empty', { given: undefined, want: '' }],
  ])('%s', (_, { given, want }) => {
    expect(shortenDescription(given, 120)).toBe(want);
  });
});

describe('toToolSchema with allOf parts', () => {
  it('keeps a required name whose property lives in a sibling part', () => {
    const base = { type: 'object', properties: { id: { type: 'string', readOnly: true }, name: { type: 'string' } } };
    const out = toToolSchema({ allOf: [base, { type: 'object', required: ['name'], properties: { notes: { type: 'string' } } }] }, limits);
    expect(out).toEqual({ type: 'object', properties: { name: { type: 'string' }, notes: { type: 'string' } }, required: ['name'] });
  });
});
