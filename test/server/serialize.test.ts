import { describe, expect, it } from 'vitest';
import type { ParamBinding } from '../../src/core/tool-table.js';
import { ArgumentError, checkPathValue, cookiePair, headerValue, queryParts, serializePath } from '../../src/server/serialize.js';

const bind = (inn: ParamBinding['in'], style: string, explode: boolean, extra: Partial<ParamBinding> = {}): ParamBinding => ({
  arg: 'color', name: 'color', in: inn, required: false, style, explode, kind: 'scalar', ...extra,
});

const STR = 'blue';
const ARR = ['blue', 'black', 'brown'];
const OBJ = { R: 100, G: 200, B: 150 };

// OpenAPI 3.1 §4.8.12.4, Style Examples: the table every serialiser must reproduce.
const PATH_CASES: [string, { style: string; explode: boolean; value: unknown; want: string }][] = [
  ['simple string', { style: 'simple', explode: false, value: STR, want: 'blue' }],
  ['simple array', { style: 'simple', explode: false, value: ARR, want: 'blue,black,brown' }],
  ['simple object', { style: 'simple', explode: false, value: OBJ, want: 'R,100,G,200,B,150' }],
  ['simple* object', { style: 'simple', explode: true, value: OBJ, want: 'R=100,G=200,B=150' }],
  ['label string', { style: 'label', explode: false, value: STR, want: '.blue' }],
  ['label array', { style: 'label', explode: false, value: ARR, want: '.blue,black,brown' }],
  ['label* array', { style: 'label', explode: true, value: ARR, want: '.blue.black.brown' }],
  ['label object', { style: 'label', explode: false, value: OBJ, want: '.R,100,G,200,B,150' }],
  ['label* object', { style: 'label', explode: true, value: OBJ, want: '.R=100.G=200.B=150' }],
  ['matrix string', { style: 'matrix', explode: false, value: STR, want: ';color=blue' }],
  ['matrix array', { style: 'matrix', explode: false, value: ARR, want: ';color=blue,black,brown' }],
  ['matrix* array', { style: 'matrix', explode: true, value: ARR, want: ';color=blue;color=black;color=brown' }],
  ['matrix object', { style: 'matrix', explode: false, value: OBJ, want: ';color=R,100,G,200,B,150' }],
  ['matrix* object', { style: 'matrix', explode: true, value: OBJ, want: ';R=100;G=200;B=150' }],
  ['simple number', { style: 'simple', explode: false, value: 42, want: '42' }],
  ['encodes reserved characters', { style: 'simple', explode: false, value: 'a b:c@d&e', want: 'a%20b%3Ac%40d%26e' }],
  ['encodes unicode', { style: 'simple', explode: false, value: 'café', want: 'caf%C3%A9' }],
];

const QUERY_CASES: [string, { style: string; explode: boolean; value: unknown; want: string[]; extra?: Partial<ParamBinding> }][] = [
  ['form string', { style: 'form', explode: true, value: STR, want: ['color=blue'] }],
  ['form array', { style: 'form', explode: false, value: ARR, want: ['color=blue,black,brown'] }],
  ['form* array', { style: 'form', explode: true, value: ARR, want: ['color=blue', 'color=black', 'color=brown'] }],
  ['form object', { style: 'form', explode: false, value: OBJ, want: ['color=R,100,G,200,B,150'] }],
  ['form* object', { style: 'form', explode: true, value: OBJ, want: ['R=100', 'G=200', 'B=150'] }],
  ['spaceDelimited array', { style: 'spaceDelimited', explode: false, value: ARR, want: ['color=blue%20black%20brown'] }],
  ['spaceDelimited object', { style: 'spaceDelimited', explode: false, value: OBJ, want: ['color=R%20100%20G%20200%20B%20150'] }],
  ['pipeDelimited array', { style: 'pipeDelimited', explode: false, value: ARR, want: ['color=blue|black|brown'] }],
  ['pipeDelimited object', { style: 'pipeDelimited', explode: false, value: OBJ, want: ['color=R|100|G|200|B|150'] }],
  ['deepObject object', { style: 'deepObject', explode: true, value: OBJ, want: ['color[R]=100', 'color[G]=200', 'color[B]=150'] }],
  ['deepObject nested (Stripe created[gte])', { style: 'deepObject', explode: true, value: { created: { gte: 1, lt: 2 } }, want: ['color[created][gte]=1', 'color[created][lt]=2'] }],
  ['deepObject array (Stripe expand)', { style: 'deepObject', explode: true, value: ['data.customer'], want: ['color[0]=data.customer'] }],
  ['item with a comma stays one item', { style: 'form', explode: false, value: ['a,b', 'c'], want: ['color=a%2Cb,c'] }],
  ['booleans as JSON text', { style: 'form', explode: true, value: false, want: ['color=false'] }],
  ['allowReserved keeps reserved characters', { style: 'form', explode: true, value: 'a/b?c', want: ['color=a/b?c'], extra: { allowReserved: true } }],
  ['without allowReserved they are encoded', { style: 'form', explode: true, value: 'a/b?c&d', want: ['color=a%2Fb%3Fc%26d'] }],
  ['content: application/json parameter', { style: 'form', explode: true, value: { a: 1 }, want: ['color=%7B%22a%22%3A1%7D'], extra: { json: true } }],
];

describe('serialise path parameters (OpenAPI style examples)', () => {
  it.each(PATH_CASES)('%s', (_name, { style, explode, value, want }) => {
    expect(serializePath(bind('path', style, explode), value)).toBe(want);
  });
});

describe('serialise query parameters (OpenAPI style examples)', () => {
  it.each(QUERY_CASES)('%s', (_name, { style, explode, value, want, extra }) => {
    expect(queryParts(bind('query', style, explode, extra), value)).toEqual(want);
  });
});

describe('serialise headers and cookies', () => {
  const cases: [string, { binding: ParamBinding; value: unknown; want: string; kind: 'header' | 'cookie' }][] = [
    ['header string', { binding: bind('header', 'simple', false), value: 'blue', want: 'blue', kind: 'header' }],
    ['header array', { binding: bind('header', 'simple', false), value: ARR, want: 'blue,black,brown', kind: 'header' }],
    ['header object', { binding: bind('header', 'simple', false), value: OBJ, want: 'R,100,G,200,B,150', kind: 'header' }],
    ['header* object', { binding: bind('header', 'simple', true), value: OBJ, want: 'R=100,G=200,B=150', kind: 'header' }],
    ['cookie string', { binding: bind('cookie', 'form', true), value: 'blue', want: 'color=blue', kind: 'cookie' }],
    ['cookie array', { binding: bind('cookie', 'form', false), value: ARR, want: 'color=blue%2Cblack%2Cbrown', kind: 'cookie' }],
  ];
  it.each(cases)('%s', (_name, { binding, value, want, kind }) => {
    expect(kind === 'header' ? headerValue(binding, value) : cookiePair(binding, value)).toBe(want);
  });

  it('refuses a header value with a line break (header injection) or characters HTTP cannot carry', () => {
    expect(() => headerValue(bind('header', 'simple', false), 'a\r\nX-Evil: 1')).toThrow(ArgumentError);
    expect(() => headerValue(bind('header', 'simple', false), 'naïve is fine')).not.toThrow();
    expect(() => headerValue(bind('header', 'simple', false), 'emoji 🚀')).toThrow(ArgumentError);
  });
});

describe('path values that could change the resource are refused', () => {
  const tricks = ['', '.', '..', '%2e%2e', '%2E.', 'a/b', '../admin', 'a?b=1', 'a#frag', 'a\\b', '%2f', 'a%5cb', 'x%252e', 'a\nb', '\u0000'];
  it.each(tricks)('%j', (value) => {
    expect(() => checkPathValue('id', value)).toThrow(ArgumentError);
    expect(() => serializePath(bind('path', 'simple', false), value)).toThrow(ArgumentError);
  });
  const fine = ['users-db', 'a.b', '...x', 'v1.2.3', '50%', 'name with space', 'ü'];
  it.each(fine)('%j is allowed (and encoded)', (value) => {
    expect(() => serializePath(bind('path', 'simple', false), value)).not.toThrow();
  });
  it('serialises a scalar given to an object-or-scalar parameter as a scalar', () => {
    expect(serializePath(bind('path', 'simple', false, { kind: 'object' }), 'abc')).toBe('abc');
  });
  it('refuses an empty array or object', () => {
    expect(() => serializePath(bind('path', 'simple', false), [])).toThrow(ArgumentError);
    expect(() => serializePath(bind('path', 'simple', false, { kind: 'object' }), {})).toThrow(ArgumentError);
  });
});
