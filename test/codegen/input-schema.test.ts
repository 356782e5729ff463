import { describe, expect, it } from 'vitest';
import { ARG_NAME_PATTERN, bindParameter, buildToolInput, pickContentType, sanitiseArgName } from '../../src/codegen/input-schema.js';
import { op, param } from './fixtures.js';

describe('sanitiseArgName', () => {
  it.each([
    ['plain', { given: 'per_page', want: 'per_page' }],
    ['dashes and dots kept', { given: 'X-Request.Id', want: 'X-Request.Id' }],
    ['Twilio comparison suffix', { given: 'StartTime>', want: 'StartTime_gt' }],
    ['Twilio lte suffix', { given: 'DateSent<=', want: 'DateSent_lte' }],
    ['array brackets', { given: 'expand[]', want: 'expand' }],
    ['deepObject brackets', { given: 'metadata[key]', want: 'metadata_key' }],
    ['spaces', { given: 'page size', want: 'page_size' }],
    ['too long', { given: 'a'.repeat(80), want: 'a'.repeat(64) }],
    ['nothing usable', { given: '$$$', want: 'arg' }],
  ])('%s', (_, { given, want }) => {
    expect(sanitiseArgName(given)).toBe(want);
    expect(want).toMatch(ARG_NAME_PATTERN);
  });
});

describe('pickContentType', () => {
  it.each([
    ['json first', { given: ['multipart/form-data', 'application/json'], want: 'application/json' }],
    ['json with charset', { given: ['text/plain', 'application/json; charset=utf-8'], want: 'application/json; charset=utf-8' }],
    ['vendor json', { given: ['application/xml', 'application/merge-patch+json'], want: 'application/merge-patch+json' }],
    ['form before multipart', { given: ['multipart/form-data', 'application/x-www-form-urlencoded'], want: 'application/x-www-form-urlencoded' }],
    ['multipart before others', { given: ['application/octet-stream', 'multipart/form-data'], want: 'multipart/form-data' }],
    ['else the first listed', { given: ['text/plain', 'application/octet-stream'], want: 'text/plain' }],
    ['none', { given: [], want: undefined }],
  ])('%s', (_, { given, want }) => {
    expect(pickContentType(Object.fromEntries(given.map((t) => [t, {}])))).toBe(want);
  });
});

describe('bindParameter (OpenAPI 3.1 §4.8.12.4 defaults)', () => {
  it.each([
    ['path → simple, no explode, always required', { given: param('id', 'path', { required: false }), want: { style: 'simple', explode: false, required: true, kind: 'scalar' } }],
    ['query → form, explode', { given: param('tags', 'query', { schema: { type: 'array', items: { type: 'string' } } }), want: { style: 'form', explode: true, required: false, kind: 'array' } }],
    ['query with explicit style', { given: param('f', 'query', { style: 'deepObject', explode: true, schema: { type: 'object', properties: {} } }), want: { style: 'deepObject', explode: true, kind: 'object' } }],
    ['header → simple', { given: param('X-Trace', 'header'), want: { style: 'simple', explode: false } }],
    ['cookie → form, explode', { given: param('session', 'cookie'), want: { style: 'form', explode: true } }],
    ['pipeDelimited with explode false', { given: param('ids', 'query', { style: 'pipeDelimited', explode: false }), want: { style: 'pipeDelimited', explode: false } }],
    ['allowReserved kept for query', { given: param('q', 'query', { allowReserved: true }), want: { allowReserved: true } }],
    ['content: application/json → json', { given: param('filter', 'query', { contentType: 'application/json', schema: { type: 'object' } }), want: { json: true, kind: 'object' } }],
  ])('%s', (_, { given, want }) => {
    expect(bindParameter(given, 'arg')).toMatchObject(want);
  });
});

describe('buildToolInput', () => {
  it('gives a no-argument tool an empty object schema that admits nothing else', () => {
    expect(buildToolInput(op({ operationId: 'ping' }))).toEqual({
      inputSchema: { type: 'object', properties: {}, additionalProperties: false },
      params: [],
    });
  });

  it('represents every location and de-collides by location, path first', () => {
    const input = buildToolInput(
      op({
        operationId: 'updateThing',
        method: 'PUT',
        path: '/v1/things/{id}',
        parameters: [param('id', 'query'), param('id', 'path'), param('id', 'header'), param('id', 'cookie'), param('body', 'query')],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } },
      }),
    );
    expect(input.params.map((p) => [p.in, p.name, p.arg])).toEqual([
      ['path', 'id', 'id'],
      ['query', 'id', 'query_id'],
      ['query', 'body', 'body'],
      ['header', 'id', 'header_id'],
      ['cookie', 'id', 'cookie_id'],
    ]);
    expect(input.body).toEqual({ arg: 'request_body', contentType: 'application/json', required: true });
    expect(Object.keys(input.inputSchema.properties as object)).toEqual(['id', 'query_id', 'body', 'header_id', 'cookie_id', 'request_body']);
    expect(input.inputSchema.required).toEqual(['id', 'request_body']);
  });

  it('ignores Accept, Content-Type and Authorization header parameters (§4.8.12.1)', () => {
    const input = buildToolInput(op({ operationId: 'x', parameters: [param('Accept', 'header'), param('authorization', 'header'), param('X-Ok', 'header')] }));
    expect(input.params.map((p) => p.name)).toEqual(['X-Ok']);
  });

  it('uses the parameter description over the schema one', () => {
    const input = buildToolInput(op({ operationId: 'x', parameters: [param('q', 'query', { description: 'Search terms. Long tail.', schema: { type: 'string', description: 'inner' } })] }));
    expect((input.inputSchema.properties as any).q).toEqual({ type: 'string', description: 'Search terms.' });
  });

  it('sends raw media types as a string and keeps form encodings', () => {
    const raw = buildToolInput(op({ operationId: 'up', method: 'POST', requestBody: { required: false, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } }));
    expect((raw.inputSchema.properties as any).body).toEqual({ type: 'string', format: 'binary', description: 'Request body (application/octet-stream).' });
    const form = buildToolInput(op({ operationId: 'f', method: 'POST', requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { a: { type: 'array', items: { type: 'string' } } } }, encoding: { a: { style: 'form', explode: true } } } } } }));
    expect(form.body).toEqual({ arg: 'body', contentType: 'application/x-www-form-urlencoded', required: true, encoding: { a: { style: 'form', explode: true } } });
  });

  // Each case was a request Prism found invalid (npm run conformance): the schema must not admit it.
  it.each([
    ['a required query string cannot be empty (allowEmptyValue defaults to false)', {
      given: op({ operationId: 'q', parameters: [param('domain', 'query', { required: true, schema: { type: 'string' } })] }),
      arg: 'domain', want: { type: 'string', minLength: 1 },
    }],
    ['an optional query string may be empty', {
      given: op({ operationId: 'q', parameters: [param('domain', 'query', { required: false, schema: { type: 'string' } })] }),
      arg: 'domain', want: { type: 'string' },
    }],
    ['a */* body with an object schema keeps the schema (Kubernetes DeleteOptions)', {
      given: op({ operationId: 'd', method: 'DELETE', requestBody: { required: false, content: { '*/*': { schema: { type: 'object', properties: { kind: { type: 'string' } } } } } } }),
      arg: 'body', want: { type: 'object', properties: { kind: { type: 'string' } } },
    }],
    ['a required raw body cannot be empty', {
      given: op({ operationId: 'u', method: 'PUT', requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } }),
      arg: 'body', want: { type: 'string', format: 'binary', minLength: 1, description: 'Request body (application/octet-stream).' },
    }],
  ])('%s', (_name, { given, arg, want }) => {
    expect((buildToolInput(given).inputSchema.properties as any)[arg]).toEqual(want);
  });
});
