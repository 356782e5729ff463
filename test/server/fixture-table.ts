// A small hand-written tool table covering every tier and binding kind, for the server's unit tests.
import type { ParamBinding, ToolEntry, ToolTable } from '../../src/core/tool-table.js';
import type { Tier } from '../../src/core/tiers.js';

const p = (arg: string, inn: ParamBinding['in'], extra: Partial<ParamBinding> = {}): ParamBinding => ({
  arg, name: arg, in: inn, required: inn === 'path', style: inn === 'query' || inn === 'cookie' ? 'form' : 'simple', explode: inn === 'query', kind: 'scalar', ...extra,
});

function tool(name: string, tier: Tier, method: string, path: string, props: Record<string, unknown>, request: ToolEntry['request'], required: string[] = []): ToolEntry {
  const read = tier === 'read' || tier === 'sensitive-read';
  return {
    name, tier, reason: 'fixture', method, path, operationId: name, title: name.replace(/_/g, ' '), description: `${method} ${path}`,
    inputSchema: { type: 'object', properties: props, required, additionalProperties: false },
    annotations: { title: name, readOnlyHint: read, destructiveHint: method === 'DELETE', idempotentHint: read, openWorldHint: true },
    request, secrets: { request: [], response: [] },
  };
}

/** Tools of every tier against `/v1/...`; the `echo_*` tools point at paths the fault servers answer. */
export function fixtureTable(): ToolTable {
  const tools: ToolEntry[] = [
    tool('list_services', 'read', 'GET', '/v1/clusters/{cluster}/services', { cluster: { type: 'string' }, status: { type: 'string', enum: ['running', 'stopped'] }, labels: { type: 'array', items: { type: 'string' } } },
      { params: [p('cluster', 'path'), p('status', 'query'), p('labels', 'query', { kind: 'array', explode: false })] }, ['cluster']),
    tool('get_service', 'read', 'GET', '/v1/services/{id}', { id: { type: 'string' } }, { params: [p('id', 'path')] }, ['id']),
    tool('get_service_credentials', 'sensitive-read', 'GET', '/v1/services/{id}/credentials', { id: { type: 'string' } }, { params: [p('id', 'path')] }, ['id']),
    tool('create_service', 'write', 'POST', '/v1/services', { body: { type: 'object', properties: { name: { type: 'string' }, replicas: { type: 'integer', minimum: 1 }, tags: { type: 'array', items: { type: 'string' } } }, required: ['name'] }, 'X-Request-Id': { type: 'string' } },
      { params: [p('X-Request-Id', 'header', { required: false })], body: { arg: 'body', contentType: 'application/json', required: true } }, ['body']),
    tool('create_charge', 'write', 'POST', '/v1/charges', { body: { type: 'object', properties: { amount: { type: 'integer' }, metadata: { type: 'object' }, expand: { type: 'array', items: { type: 'string' } } } } },
      { params: [], body: { arg: 'body', contentType: 'application/x-www-form-urlencoded', required: true, encoding: { expand: { style: 'deepObject', explode: true }, metadata: { style: 'deepObject', explode: true } } } }, ['body']),
    tool('rotate_service_credentials', 'sensitive-write', 'POST', '/v1/services/{id}/rotate', { id: { type: 'string' } }, { params: [p('id', 'path')] }, ['id']),
    tool('echo_read', 'read', 'GET', '/v1/echo/{mode}', { mode: { type: 'string' } }, { params: [p('mode', 'path')] }, ['mode']),
    tool('echo_secret', 'sensitive-read', 'GET', '/v1/echo-secret/{mode}', { mode: { type: 'string' } }, { params: [p('mode', 'path')] }, ['mode']),
  ];
  return {
    $comment: 'test fixture', format: 1, platform: 'runos', manifest: { title: 'fixture', version: '1', sha256: '', overridesSha256: '' },
    basePath: '', redactFields: ['connection_uri'], tools: tools.sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}
