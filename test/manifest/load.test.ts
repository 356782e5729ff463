import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../src/manifest/load.js';
import { deriveOperationId } from '../../src/manifest/load-operations.js';
import type { DocumentModel, OperationModel, Schema } from '../../src/manifest/model.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'manifests');

function op(doc: DocumentModel, id: string): OperationModel {
  const found = doc.operations.find((o) => o.operationId === id);
  if (!found) throw new Error(`no operation ${id} in ${doc.operations.map((o) => o.operationId).join(', ')}`);
  return found;
}

function jsonSchema(o: OperationModel, code: string): Schema {
  const schema = o.responses[code]?.content['application/json']?.schema;
  if (!schema) throw new Error(`no JSON schema for ${o.operationId} ${code}`);
  return schema;
}

describe('loadDocument: local multi-file $refs', async () => {
  const doc = await loadDocument(join(fixtures, 'multi-file', 'root.yaml'));

  it('follows refs into other files, relative to the file that holds them', () => {
    expect(op(doc, 'listPets').parameters).toEqual([
      { name: 'limit', in: 'query', required: false, description: 'page size', schema: { type: 'integer', maximum: 100 } },
    ]);
    const pet = jsonSchema(op(doc, 'listPets'), '200').items as Schema;
    expect(pet.required).toEqual(['id']);
    expect(pet.properties).toMatchObject({ id: { type: 'integer' }, tag: { type: 'string', description: 'a free-form tag' } });
  });

  it('resolves a path item kept in its own file, with its path-level parameters', () => {
    const get = op(doc, 'get_pets_pet_id');
    expect(get.parameters.map((p) => [p.in, p.name, p.required])).toEqual([['path', 'petId', true]]);
    expect(get.pointer).toBe('/paths/~1pets~1{petId}/get');
    expect(op(doc, 'deletePet').responses['204']).toEqual({ description: 'gone', content: {} });
  });

  it('turns a cycle across files into an object cycle, one object per target', () => {
    const pet = jsonSchema(op(doc, 'get_pets_pet_id'), '200');
    const owner = (pet.properties as Record<string, Schema>).owner!;
    expect((owner.properties as Record<string, Schema>).pets!.items).toBe(pet);
    expect(jsonSchema(op(doc, 'listPets'), '200').items).toBe(pet);
  });

  it('takes basePath from the first server URL with variables at their defaults', () => {
    expect(doc.basePath).toBe('/api/v2');
    expect(doc).toMatchObject({ sourceVersion: '3.0.3', title: 'Multi-file pets', version: '1' });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sorts operations by path, then method', () => {
    expect(doc.operations.map((o) => `${o.path} ${o.method}`)).toEqual(['/pets GET', '/pets/{petId} DELETE', '/pets/{petId} GET']);
  });
});

describe('loadDocument: circular schemas and example data', async () => {
  const doc = await loadDocument(join(fixtures, 'circular.json'));

  it('represents a self-referencing schema as an object cycle', () => {
    const node = jsonSchema(op(doc, 'listNodes'), '200');
    const children = (node.properties as Record<string, Schema>).children!;
    expect(children.items).toBe(node);
  });

  it('resolves mutual recursion A ↔ B, keeping the annotation on the way back', () => {
    const a = op(doc, 'createPair').requestBody!.content['application/json']!.schema!;
    const b = (a.properties as Record<string, Schema>).b!;
    expect(jsonSchema(op(doc, 'createPair'), '201')).toBe(b);
    const back = (b.properties as Record<string, Schema>).a!;
    expect(back.description).toBe('back to A');
    // Either an annotated copy of A or allOf [A] (when A was still being built): both lead back to B.
    const target = (back.allOf as Schema[] | undefined)?.[0] ?? back;
    expect((target.properties as Record<string, Schema>).b).toBe(b);
  });

  it('lets annotations next to a $ref override a copy, leaving the target untouched', () => {
    const props = jsonSchema(op(doc, 'listNodes'), '200').properties as Record<string, Schema>;
    expect(props.label).toEqual({ type: 'string', description: 'shown to people' });
    expect(props.name).toEqual({ type: 'string', description: 'a name' });
  });

  it('keeps "$ref" keys inside example payloads as data (GitHub SCIM examples)', () => {
    const props = jsonSchema(op(doc, 'listNodes'), '200').properties as Record<string, Schema>;
    expect(props.members!.example).toEqual({ schemas: ['urn:ietf:params:scim'], $ref: 'https://api.example.com/scim/v2/Users/1' });
  });
});

describe('loadDocument: Swagger 2.0 upgraded', async () => {
  const doc = await loadDocument(join(fixtures, 'swagger2-forms.yaml'));

  it('keeps basePath and the version as written', () => {
    expect(doc).toMatchObject({ sourceVersion: '2.0', basePath: '/v1', title: 'Forms' });
  });

  it('turns an in: body parameter into a JSON request body, path-level parameters merged', () => {
    const put = op(doc, 'replaceThing');
    expect(put.parameters.map((p) => [p.in, p.name, p.description])).toEqual([
      ['path', 'thingId', undefined],
      ['query', 'verbose', 'operation-level wins'],
    ]);
    expect(put.requestBody?.required).toBe(true);
    expect(put.requestBody?.content['application/json']?.schema?.properties).toHaveProperty('secret.format', 'password');
    expect(jsonSchema(put, '200').properties).toHaveProperty('id');
  });

  it('turns a shared body parameter ($ref to #/parameters) into the request body', () => {
    const post = op(doc, 'createThing');
    expect(post.parameters).toEqual([]);
    expect(post.requestBody?.required).toBe(true);
    expect(post.requestBody?.content['application/json']?.schema?.properties).toHaveProperty('id');
  });

  it('turns formData parameters into a form body of the consumed media type', () => {
    const login = op(doc, 'login');
    expect(login.requestBody).toEqual({
      required: true,
      content: {
        'application/x-www-form-urlencoded': {
          schema: {
            type: 'object',
            properties: { username: { type: 'string' }, password: { type: 'string', format: 'password' } },
            required: ['username', 'password'],
          },
        },
      },
    });
  });

  it('merges shared formData parameters into one multipart body', () => {
    const upload = op(doc, 'upload');
    expect(upload.parameters).toEqual([]);
    const form = upload.requestBody?.content['multipart/form-data']?.schema;
    expect(form?.properties).toEqual({ file: { type: 'string', format: 'binary' }, note: { type: 'string' } });
    expect(form?.required).toEqual(['file']);
    expect(upload.requestBody?.required).toBe(true);
  });
});

describe('loadDocument: parameters and operation ids', async () => {
  const doc = await loadDocument(join(fixtures, 'parameters.yaml'));
  const get = doc.operations.find((o) => o.path === '/orgs/{org}/members' && o.method === 'GET')!;

  it('merges path-level and operation-level parameters: operation wins by name + location', () => {
    expect(get.parameters.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual([
      'path:org:true',
      'query:page:true',
      'header:X-Trace:false',
      'header:page:false',
      'query:filter:false',
      'query:sort:false',
    ]);
    expect(get.parameters[1]!.schema).toEqual({ type: 'integer', minimum: 1 });
    expect(get.parameters[0]!.description).toBe('shared org');
  });

  it('drops Accept/Content-Type/Authorization header parameters (OpenAPI 3.1 §4.8.12.1)', () => {
    expect(get.parameters.some((p) => p.name === 'Authorization')).toBe(false);
  });

  it('reads content-style parameters and serialisation hints', () => {
    const filter = get.parameters.find((p) => p.name === 'filter')!;
    expect(filter.contentType).toBe('application/json');
    expect(filter.schema).toEqual({ type: 'object', properties: { state: { type: 'string' } } });
    expect(get.parameters.find((p) => p.name === 'sort')).toMatchObject({ style: 'form', explode: false });
  });

  it('derives missing ids deterministically, stepping around ids already taken', () => {
    expect(doc.operations.map((o) => [o.method, o.path, o.operationId, o.derivedId])).toEqual([
      ['GET', '/orgs/{org}.members', 'get_orgs_org_members_2', true],
      ['GET', '/orgs/{org}/members', 'get_orgs_org_members_3', true],
      ['POST', '/orgs/{org}/members', 'post_orgs_org_members', true],
      ['GET', '/z', 'get_orgs_org_members', false],
    ]);
  });

  it('keeps the operation x-* extensions, tags and summary; basePath of "/" is empty', () => {
    const post = op(doc, 'post_orgs_org_members');
    expect(post.extensions).toEqual({ 'x-runos-tier': 'write', 'x-internal': true });
    expect(post).toMatchObject({ tags: ['members'], summary: 'Add a member', deprecated: false });
    expect(doc.basePath).toBe('');
  });
});

describe('loadDocument: versions and formats, detected by content', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'runos-load-'));
  const ping = 'paths:\n  /ping:\n    get:\n      responses: { "200": { description: ok } }\n';
  it.each([
    ['unquoted YAML `swagger: 2.0` (a number)', 'a.yaml', `swagger: 2.0\ninfo: { title: t, version: 1 }\nbasePath: /b\n${ping}`, '2.0'],
    ['OpenAPI 3.0 YAML in a file named .json', 'b.json', `openapi: 3.0.3\ninfo: { title: t, version: "1" }\n${ping}`, '3.0.3'],
    ['OpenAPI 3.1 JSON in a file named .yaml', 'c.yaml', JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/ping': { get: { responses: {} } } } }), '3.1.0'],
    ['OpenAPI 3.2 (read as 3.1)', 'd.yaml', `openapi: 3.2.0\ninfo: { title: t, version: "1" }\n${ping}`, '3.2.0'],
    ['JSON with a byte-order mark', 'e.json', `\ufeff${JSON.stringify({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths: { '/ping': { get: {} } } })}`, '3.0.0'],
  ])('%s', async (_name, file, text, version) => {
    writeFileSync(join(tmp, file), text);
    const doc = await loadDocument(join(tmp, file));
    expect(doc.sourceVersion).toBe(version);
    expect(doc.operations.map((o) => o.operationId)).toEqual(['get_ping']);
  });

  it('keeps a 2.0 basePath when there is no host', async () => {
    writeFileSync(join(tmp, 'nohost.yaml'), `swagger: "2.0"\ninfo: { title: t, version: "1" }\nbasePath: /v9/\n${ping}`);
    expect((await loadDocument(join(tmp, 'nohost.yaml'))).basePath).toBe('/v9');
  });

  it('applies YAML anchors and << merge keys', async () => {
    const text = 'openapi: 3.0.3\ninfo: { title: t, version: "1" }\nx-ok: &ok { "200": { description: ok } }\npaths:\n  /ping:\n    get:\n      responses:\n        <<: *ok\n        "404": { description: no }\n';
    writeFileSync(join(tmp, 'merge.yaml'), text);
    const doc = await loadDocument(join(tmp, 'merge.yaml'));
    expect(doc.operations[0]!.responses).toEqual({ '200': { description: 'ok', content: {} }, '404': { description: 'no', content: {} } });
  });
});

describe('deriveOperationId', () => {
  it.each([
    ['GET', '/v1/clusters/{clusterId}/nodes', 'get_v1_clusters_cluster_id_nodes'],
    ['DELETE', '/v1/services/{service_id}', 'delete_v1_services_service_id'],
    ['POST', '/repos/{owner}/{repo}/git/refs', 'post_repos_owner_repo_git_refs'],
    ['GET', '/', 'get_root'],
    ['HEAD', '/api/v1/namespaces/{name}/pods/{name}/proxy/{path}', 'head_api_v1_namespaces_name_pods_name_proxy_path'],
    ['PUT', '/files/{path}.json', 'put_files_path_json'],
  ])('%s %s → %s', (method, path, want) => {
    expect(deriveOperationId(method, path)).toBe(want);
  });
});
