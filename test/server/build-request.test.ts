import { describe, expect, it } from 'vitest';
import { buildRequest } from '../../src/server/build-request.js';
import { ArgumentError } from '../../src/server/serialize.js';
import { fixtureTable } from './fixture-table.js';

const tools = new Map(fixtureTable().tools.map((t) => [t.name, t]));
const tool = (name: string) => tools.get(name)!;

describe('buildRequest', () => {
  const cases: [string, { tool: string; args: Record<string, unknown>; basePath?: string; want: { path: string; query?: string; body?: string; headers?: Record<string, string> } }][] = [
    ['path and query', { tool: 'list_services', args: { cluster: 'prod', status: 'running' }, want: { path: '/v1/clusters/prod/services', query: 'status=running' } }],
    ['array query, non-explode', { tool: 'list_services', args: { cluster: 'prod', labels: ['a', 'b c'] }, want: { path: '/v1/clusters/prod/services', query: 'labels=a,b%20c' } }],
    ['base path is prepended', { tool: 'get_service', args: { id: 'users-db' }, basePath: '/api/', want: { path: '/api/v1/services/users-db', query: '' } }],
    ['JSON body and header', { tool: 'create_service', args: { body: { name: 'session-store', replicas: 2 }, 'X-Request-Id': 'r1' }, want: { path: '/v1/services', body: '{"name":"session-store","replicas":2}', headers: { 'X-Request-Id': 'r1', 'content-type': 'application/json' } } }],
    ['form body with Stripe-style nested keys', { tool: 'create_charge', args: { body: { amount: 500, metadata: { order: 'A 1' }, expand: ['customer', 'invoice'] } }, want: { path: '/v1/charges', body: 'amount=500&metadata[order]=A%201&expand[0]=customer&expand[1]=invoice', headers: { 'content-type': 'application/x-www-form-urlencoded' } } }],
  ];
  it.each(cases)('%s', (_name, { tool: name, args, basePath, want }) => {
    const req = buildRequest(tool(name), args, basePath);
    expect(req.path).toBe(want.path);
    if (want.query !== undefined) expect(req.query).toBe(want.query);
    if (want.body !== undefined) expect(req.body).toBe(want.body);
    if (want.headers) expect(req.headers).toEqual(want.headers);
  });

  const refusals: [string, { tool: string; args: Record<string, unknown> }][] = [
    ['a missing path parameter', { tool: 'get_service', args: {} }],
    ['a missing body', { tool: 'create_service', args: {} }],
    ['path traversal', { tool: 'get_service', args: { id: '..' } }],
    ['an encoded traversal', { tool: 'get_service', args: { id: '%2e%2e' } }],
    ['a slash', { tool: 'get_service', args: { id: '../../v1/services/x/credentials' } }],
    ['a form body that is not an object', { tool: 'create_charge', args: { body: [1] } }],
  ];
  it.each(refusals)('refuses %s', (_name, { tool: name, args }) => {
    expect(() => buildRequest(tool(name), args)).toThrow(ArgumentError);
  });

  it('sends a GET form body as query parameters (fetch cannot send a GET body), and refuses other GET bodies', () => {
    const t = structuredClone(tool('get_service'));
    t.request.body = { arg: 'body', contentType: 'application/x-www-form-urlencoded', required: false };
    const withBody = buildRequest(t, { id: 'x', body: { expand: ['a'] } });
    expect([withBody.query, 'body' in withBody]).toEqual(['expand=a', false]);
    const empty = buildRequest(t, { id: 'x', body: {} });
    expect([empty.query, 'body' in empty]).toEqual(['', false]);
    t.request.body.contentType = 'application/json';
    expect(() => buildRequest(t, { id: 'x', body: { a: 1 } })).toThrow(ArgumentError);
  });

  it('sends a */* body the model wrote as text as it is, typed by what it is', () => {
    const t = structuredClone(tool('create_service'));
    t.request.body = { arg: 'body', contentType: '*/*', required: true };
    expect(buildRequest(t, { body: '{"spec":{"replicas":2}}' })).toMatchObject({ body: '{"spec":{"replicas":2}}', headers: { 'content-type': 'application/json' } });
    expect(buildRequest(t, { body: 'plain words' })).toMatchObject({ body: 'plain words', headers: { 'content-type': 'text/plain' } });
    expect(buildRequest(t, { body: { spec: { replicas: 2 } } })).toMatchObject({ body: '{"spec":{"replicas":2}}', headers: { 'content-type': 'application/json' } });
  });

  it('writes an integer beyond 2^53 (a BigInt) digit for digit in path, query, JSON and form bodies', () => {
    const big = 123456789012345678901234567890n;
    expect(buildRequest(tool('get_service'), { id: big }).path).toBe('/v1/services/123456789012345678901234567890');
    expect(buildRequest(tool('list_services'), { cluster: 'p', labels: [big, -big] }).query).toBe('labels=123456789012345678901234567890,-123456789012345678901234567890');
    expect(buildRequest(tool('create_service'), { body: { name: 'big:\\udfffbig:1', replicas: big, tags: [{ n: -big }] } }).body).toBe(
      '{"name":"big:\\\\udfffbig:1","replicas":123456789012345678901234567890,"tags":[{"n":-123456789012345678901234567890}]}',
    );
    expect(buildRequest(tool('create_charge'), { body: { amount: big, metadata: { n: big } } }).body).toBe('amount=123456789012345678901234567890&metadata[n]=123456789012345678901234567890');
  });

  it('never lets an argument set Authorization', () => {
    const t = structuredClone(tool('get_service'));
    t.request.params.push({ arg: 'Authorization', name: 'Authorization', in: 'header', required: false, style: 'simple', explode: false, kind: 'scalar' });
    expect(buildRequest(t, { id: 'x', Authorization: 'Bearer stolen' }).headers).toEqual({});
  });
});
