// The excuses for Prism 5.12's false positives must be narrow: each case pairs a Prism finding that is
// excused with the same finding on a request where it is a real violation.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/core/paths.js';

interface Violation { location: string[]; code: string | number; message: string }
interface Binding {
  params: { name: string; in: string; style: string; arg?: string; explode?: boolean }[];
  body?: { contentType: string; encoding?: Record<string, { style?: string }> };
}
const { excuseViolation } = (await import(pathToFileURL(join(packageRoot(), 'bench', 'lib', 'prism-limits.mjs')).href)) as {
  excuseViolation(v: Violation, request: { url: string; body: string; headers?: Record<string, string> }, binding: Binding, args?: Record<string, unknown>): string | null;
};

const form = 'application/x-www-form-urlencoded';
const spaced: Binding = { params: [{ name: 'tags', in: 'query', style: 'spaceDelimited', arg: 'tags', explode: false }] };
const tagPattern: Violation = { location: ['request', 'query', 'tags', '0'], code: 'pattern', message: 'must match pattern' };
const workflow: Binding = { params: [{ name: 'workflow_id', in: 'path', style: 'simple', arg: 'workflow_id' }] };
const oneOf: Violation = { location: ['request', 'path', 'workflow_id'], code: 'oneOf', message: 'must match exactly one schema in oneOf' };
const deepQuery: Binding = { params: [{ name: 'automatic_tax', in: 'query', style: 'deepObject' }] };
const formQuery: Binding = { params: [{ name: 'automatic_tax', in: 'query', style: 'form' }] };
const deepBody: Binding = { params: [], body: { contentType: form, encoding: { billing: { style: 'deepObject' }, custom_fields: { style: 'deepObject' } } } };
const plainForm: Binding = { params: [], body: { contentType: form } };
const required = (...location: string[]): Violation => ({ location: ['request', ...location], code: 'required', message: 'must have required property x' });
const arrayType: Violation = { location: ['request', 'body', 'Permissions'], code: 'type', message: 'Request body property Permissions must be array' };
const objectArray: Violation = { location: ['request', 'header'], code: 'INVALID_CONTENT_TYPE', message: 'Invalid content type: Cannot deserialize JSON object array in form data request body.' };

describe('excuseViolation', () => {
  const cases: [string, { v: Violation; url?: string; body?: string; binding: Binding; args?: Record<string, unknown>; want: string | null }][] = [
    ['a number for oneOf [integer, string], sent as its digits', { v: oneOf, url: '/repos/o/r/actions/workflows/572', binding: workflow, args: { workflow_id: 572 }, want: 'oneof-coercion' }],
    ['a string for oneOf [integer, string] counts', { v: oneOf, url: '/repos/o/r/actions/workflows/main.yml', binding: workflow, args: { workflow_id: 'main.yml' }, want: null }],
    ['a number not on the wire as its digits counts', { v: oneOf, url: '/repos/o/r/actions/workflows/572.0', binding: workflow, args: { workflow_id: 572 }, want: null }],
    ['spaceDelimited sent as OpenAPI says', { v: tagPattern, url: '/q?tags=ab%20cd', binding: spaced, args: { tags: ['ab', 'cd'] }, want: 'space-delimited' }],
    ['spaceDelimited that does not decode to the argument counts', { v: tagPattern, url: '/q?tags=ab%2Ccd', binding: spaced, args: { tags: ['ab', 'cd'] }, want: null }],
    ['spaceDelimited with a wrong item counts', { v: tagPattern, url: '/q?tags=ab%20ce', binding: spaced, args: { tags: ['ab', 'cd'] }, want: null }],
    ['deepObject query object not sent', { v: required('query', 'automatic_tax'), url: '/v1/x?coupon=a', binding: deepQuery, want: 'deepobject-absent' }],
    ['deepObject query object sent without its required key counts', { v: required('query', 'automatic_tax'), url: '/v1/x?automatic_tax[liability]=a', binding: deepQuery, want: null }],
    ['a form-style query object is not excused', { v: required('query', 'automatic_tax'), url: '/v1/x', binding: formQuery, want: null }],
    ['nested deepObject body object not sent', { v: required('body', 'billing', 'address'), body: 'status=active', binding: deepBody, want: 'deepobject-absent' }],
    ['nested deepObject body object sent incomplete counts', { v: required('body', 'billing', 'address'), body: 'billing%5Baddress%5D%5Bcity%5D=x', binding: deepBody, want: null }],
    ['a missing top-level required body field counts', { v: required('body'), body: 'status=active', binding: deepBody, want: null }],
    ['deepObject arrays of objects in a form body', { v: objectArray, body: 'custom_fields%5B0%5D%5Bkey%5D=a', binding: deepBody, want: 'form-object-array' }],
    ['arrays of objects without a deepObject encoding count', { v: objectArray, body: 'items%5B0%5D%5Bkey%5D=a', binding: deepBody, want: null }],
    ['repeated form keys with no encoding object', { v: arrayType, body: 'Permissions=a&Permissions=b', binding: plainForm, want: 'form-repeated-key' }],
    ['an array sent as one comma-joined key is not excused when an encoding exists', { v: arrayType, body: 'Permissions=a,b', binding: { params: [], body: { contentType: form, encoding: { Permissions: { style: 'form' } } } }, want: null }],
    ['an array not sent at all counts', { v: arrayType, body: 'Other=a', binding: plainForm, want: null }],
    ['a JSON body type error counts', { v: arrayType, body: '{"Permissions":"a"}', binding: { params: [], body: { contentType: 'application/json' } }, want: null }],
  ];
  it.each(cases)('%s', (_name, { v, url, body, binding, args, want }) => {
    expect(excuseViolation(v, { url: url ?? '/x', body: body ?? '' }, binding, args)).toBe(want);
  });
});
