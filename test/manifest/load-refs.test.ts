// Local `$ref`s wherever bundlers accept them: operation objects, path items, parameter and response
// entries, request bodies, media types, headers, whole `components` maps, schemas across files; example
// payloads and extensions are data and never followed.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTable } from '../../src/codegen/generate.js';
import { loadDocument } from '../../src/manifest/load.js';
import type { DocumentModel, OperationModel, Schema } from '../../src/manifest/model.js';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'manifests', 'operation-refs', 'openapi.yaml');

function op(doc: DocumentModel, id: string): OperationModel {
  const found = doc.operations.find((o) => o.operationId === id);
  if (!found) throw new Error(`no operation ${id} in ${doc.operations.map((o) => o.operationId).join(', ')}`);
  return found;
}

const props = (s: Schema | undefined) => (s?.properties ?? {}) as Record<string, Schema>;

describe('loadDocument: an operation object that is a $ref (the cloud-provider layout)', async () => {
  const doc = await loadDocument(fixture);

  it('reads every operation from its own file: ids, summaries, tags, no derived names', () => {
    expect(doc.operations.map((o) => [o.method, o.path, o.operationId, o.derivedId])).toEqual([
      ['GET', '/v2/databases', 'databases_list_clusters', false],
      ['POST', '/v2/databases', 'databases_create_cluster', false],
      ['DELETE', '/v2/databases/{database_cluster_uuid}', 'databases_destroy_cluster', false],
      ['GET', '/v2/databases/{database_cluster_uuid}', 'databases_get_cluster', false],
      ['PUT', '/v2/databases/{database_cluster_uuid}/resize', 'databases_update_clusterSize', false],
      ['GET', '/v2/status', 'status_get', false],
    ]);
    expect(op(doc, 'databases_get_cluster')).toMatchObject({ summary: 'Retrieve an Existing Database Cluster', tags: ['Databases'] });
    // The pointer stays the operation's place in the root document, where a reviewer finds it.
    expect(op(doc, 'databases_get_cluster').pointer).toBe('/paths/~1v2~1databases~1{database_cluster_uuid}/get');
  });

  it('follows parameter refs relative to the operation file, across folders', () => {
    expect(op(doc, 'databases_list_clusters').parameters.map((p) => [p.in, p.name, p.schema.default])).toEqual([
      ['query', 'per_page', 20],
      ['query', 'page', 1],
    ]);
    expect(op(doc, 'databases_get_cluster').parameters).toEqual([
      { name: 'database_cluster_uuid', in: 'path', required: true, description: 'A unique identifier for a database cluster.', schema: { type: 'string', format: 'uuid' } },
    ]);
  });

  it('follows response refs, and schema refs inside them relative to the response file', () => {
    const get = op(doc, 'databases_get_cluster');
    expect(Object.keys(get.responses)).toEqual(['200', '401']);
    const cluster = props(get.responses['200']!.content['application/json']!.schema).database!;
    expect(props(props(cluster).connection).password).toEqual({ type: 'string', description: 'The randomly generated password for the default user.' });
    expect(props(get.responses['401']!.content['application/json']!.schema).message).toEqual({ type: 'string' });
  });

  it('follows a request body ref whose media type is itself a ref', () => {
    const body = op(doc, 'databases_create_cluster').requestBody!;
    expect(body.required).toBe(true);
    const schema = body.content['application/json']!.schema!;
    expect((schema.allOf as Schema[]).map((s) => Object.keys(props(s)))).toEqual([['id', 'name', 'engine', 'connection'], ['backup_restore']]);
  });

  it('reaches #/components/schemas through a components map that is a $ref to another file', () => {
    const status = op(doc, 'status_get');
    expect(status.responses['200']!.content['application/json']!.schema).toEqual({
      type: 'object',
      properties: { healthy: { type: 'boolean' }, region: { type: 'string' } },
    });
    expect(status.responses.default!.description).toBe('Unexpected error.');
  });

  it('keeps example values and extensions holding "$ref" as data, never reading them', () => {
    expect(op(doc, 'databases_list_clusters').extensions).toEqual({ 'x-codeSamples': [{ $ref: 'examples/curl/databases_list_clusters.yml' }] });
    expect(op(doc, 'databases_update_clusterSize').requestBody!.content['application/json']!.schema!.required).toEqual(['size', 'num_nodes']);
  });
});

describe('generateTable on the operation-ref document', async () => {
  const { table } = await generateTable({ source: fixture, platform: 'cloud' });
  const tool = (id: string) => table.tools.find((t) => t.operationId === id)!;

  it('binds the path variable, the query parameters and the body of each operation', () => {
    expect(tool('databases_get_cluster').request.params.map((p) => `${p.in}:${p.name}`)).toEqual(['path:database_cluster_uuid']);
    expect(tool('databases_list_clusters').request.params.map((p) => `${p.in}:${p.name}`)).toEqual(['query:per_page', 'query:page']);
    expect(tool('databases_update_clusterSize').request.body).toEqual({ arg: 'body', contentType: 'application/json', required: true });
    expect(tool('databases_create_cluster').inputSchema.required).toEqual(['body']);
  });

  it('classifies from the content it found: the cluster read returns a password', () => {
    expect(tool('databases_get_cluster').tier).toBe('sensitive-read');
    expect(tool('databases_get_cluster').secrets.response).toContain('database.connection.password');
    expect(tool('status_get').tier).toBe('read');
  });
});

describe('loadDocument: a Paths Object kept in another file', () => {
  it('follows `paths: {$ref}` and skips extensions beside the paths', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runos-paths-ref-'));
    mkdirSync(join(dir, 'paths'));
    writeFileSync(join(dir, 'openapi.yaml'), 'openapi: 3.1.0\ninfo: { title: t, version: "1" }\npaths: { $ref: "paths/_index.yaml" }\n');
    writeFileSync(join(dir, 'paths', '_index.yaml'), 'x-generated-by: a tool\n/things/{id}:\n  $ref: "things.yaml"\n');
    writeFileSync(join(dir, 'paths', 'things.yaml'), 'get:\n  operationId: getThing\n  parameters: [{ name: id, in: path, required: true, schema: { type: integer } }]\n  responses: { "200": { description: ok } }\n');
    const doc = await loadDocument(join(dir, 'openapi.yaml'));
    expect(doc.operations.map((o) => [o.operationId, o.pointer, o.parameters.map((p) => p.name)])).toEqual([['getThing', '/paths/~1things~1{id}/get', ['id']]]);
  });
});
