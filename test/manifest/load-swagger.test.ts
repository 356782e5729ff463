// The Swagger 2.0 upgrade, rule by rule, on small documents; the real 2.0 documents (Harbor, Argo CD,
// MinIO Console, Netlify) are loaded whole by the quality and codegen tests.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../src/manifest/load.js';
import { upgradeSwagger } from '../../src/manifest/load-swagger.js';
import type { DocumentModel, OperationModel } from '../../src/manifest/model.js';

const SWAGGER = {
  swagger: '2.0',
  info: { title: 'Upgrade', version: '1' },
  host: 'api.example.com',
  basePath: '/v2',
  produces: ['application/json', 'application/xml'],
  securityDefinitions: {
    basicAuth: { type: 'basic' },
    key: { type: 'apiKey', name: 'X-Key', in: 'header' },
    oauth: { type: 'oauth2', flow: 'accessCode', authorizationUrl: 'https://a/auth', tokenUrl: 'https://a/token', scopes: { read: 'r' } },
    machine: { type: 'oauth2', flow: 'application', tokenUrl: 'https://a/token' },
  },
  parameters: {
    tags: { name: 'tags', in: 'query', type: 'array', items: { type: 'string' }, collectionFormat: 'multi' },
  },
  responses: { NotFound: { description: 'missing', schema: { $ref: '#/definitions/Error' } } },
  paths: {
    '/pets/{ids}': {
      parameters: [{ name: 'shared', in: 'body', schema: { $ref: '#/definitions/Pet' } }],
      get: {
        operationId: 'listPets',
        parameters: [
          { name: 'ids', in: 'path', type: 'array', items: { type: 'integer' } },
          { name: 'names', in: 'query', type: 'array', items: { type: 'string' } },
          { name: 'words', in: 'query', type: 'array', items: { type: 'string' }, collectionFormat: 'ssv' },
          { name: 'limit', in: 'query', type: 'integer', minimum: 1, default: 10, 'x-example': 5 },
          { $ref: '#/parameters/tags' },
        ],
        responses: {
          200: { description: 'ok', schema: { type: 'array', items: { $ref: '#/definitions/Pet' } }, headers: { 'X-Rate': { type: 'integer', description: 'left' } } },
          404: { $ref: '#/responses/NotFound' },
        },
      },
      put: { operationId: 'putPets', consumes: ['application/merge-patch+json'], responses: { 204: { description: 'done' } } },
    },
    '/files': {
      post: {
        operationId: 'upload',
        parameters: [
          { name: 'file', in: 'formData', type: 'file', required: true },
          { name: 'labels', in: 'formData', type: 'array', items: { type: 'string' }, collectionFormat: 'pipes' },
        ],
        produces: ['application/octet-stream'],
        responses: { 200: { description: 'the file', schema: { type: 'file' }, examples: { 'text/plain': 'abc' } } },
      },
    },
  },
  definitions: {
    Pet: {
      type: 'object',
      discriminator: 'kind',
      properties: {
        kind: { type: 'string' },
        owner: { $ref: '#/definitions/Owner', 'x-nullable': true },
        example: { $ref: '#/definitions/Owner' },
      },
      example: { kind: 'cat', owner: { $ref: '#/definitions/Owner' } },
    },
    Owner: { type: 'object', properties: { name: { type: 'string' } } },
    Error: { type: 'object', properties: { message: { type: 'string' } } },
  },
};

function op(doc: DocumentModel, id: string): OperationModel {
  const found = doc.operations.find((o) => o.operationId === id);
  if (!found) throw new Error(`no operation ${id}`);
  return found;
}

describe('Swagger 2.0 upgrade', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'runos-swagger-'));
  const file = join(dir, 'swagger.json');
  writeFileSync(file, JSON.stringify(SWAGGER));
  const doc = await loadDocument(file);
  const up = upgradeSwagger(SWAGGER, 'swagger.json') as Record<string, any>;

  it('leaves the input untouched', () => {
    expect(SWAGGER.swagger).toBe('2.0');
    expect(SWAGGER.definitions.Pet.discriminator).toBe('kind');
  });

  it('makes servers of host, schemes and basePath (https when no scheme is given)', () => {
    expect(up.servers).toEqual([{ url: 'https://api.example.com/v2' }]);
    expect(upgradeSwagger({ ...SWAGGER, schemes: ['http', 'https'] }, 'x').servers).toEqual([
      { url: 'http://api.example.com/v2' },
      { url: 'https://api.example.com/v2' },
    ]);
    expect(doc.basePath).toBe('/v2');
  });

  it('serialises arrays as 2.0 said: csv is not exploded, multi is, ssv is space-delimited', () => {
    const list = op(doc, 'listPets');
    const by = Object.fromEntries(list.parameters.map((p) => [p.name, p]));
    expect(by.ids).toMatchObject({ in: 'path', required: true, style: 'simple', explode: false, schema: { type: 'array', items: { type: 'integer' } } });
    expect(by.names).toMatchObject({ style: 'form', explode: false });
    expect(by.words).toMatchObject({ style: 'spaceDelimited', explode: false });
    expect(by.tags).toMatchObject({ style: 'form', explode: true });
    expect(by.limit!.schema).toEqual({ type: 'integer', minimum: 1, default: 10 });
  });

  it('gives responses every produced media type, headers a schema, and follows shared responses', () => {
    const list = op(doc, 'listPets');
    expect(Object.keys(list.responses['200']!.content)).toEqual(['application/json', 'application/xml']);
    expect(list.responses['200']!.content['application/json']!.schema).toMatchObject({ type: 'array', items: { type: 'object' } });
    expect(up.paths['/pets/{ids}'].get.responses['200'].headers).toEqual({ 'X-Rate': { description: 'left', schema: { type: 'integer' } } });
    expect(list.responses['404']!.content['application/json']!.schema).toMatchObject({ properties: { message: { type: 'string' } } });
  });

  it('lifts a path-level body parameter into each operation, with the operation\'s consumes', () => {
    expect(Object.keys(op(doc, 'putPets').requestBody!.content)).toEqual(['application/merge-patch+json']);
    expect(op(doc, 'putPets').requestBody!.required).toBe(false);
  });

  it('merges formData fields into one multipart body: a file is a binary string, arrays keep their delimiter', () => {
    expect(op(doc, 'upload').requestBody).toEqual({
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            properties: { file: { type: 'string', format: 'binary' }, labels: { type: 'array', items: { type: 'string' } } },
            required: ['file'],
          },
          encoding: { labels: { style: 'pipeDelimited', explode: false } },
        },
      },
    });
    const body = up.paths['/files'].post.responses['200'].content;
    expect(body['application/octet-stream'].schema).toEqual({ type: 'string', format: 'binary' });
    expect(body['text/plain'].example).toBe('abc');
  });

  it('moves schemas to 3.0 form but leaves examples as data, even a property called example', () => {
    const pet = up.components.schemas.Pet;
    expect(pet.discriminator).toEqual({ propertyName: 'kind' });
    expect(pet.properties.owner).toMatchObject({ $ref: '#/components/schemas/Owner', nullable: true });
    expect(pet.properties.example.$ref).toBe('#/components/schemas/Owner');
    expect(pet.example.owner.$ref).toBe('#/definitions/Owner');
  });

  it('turns security definitions into 3.0 schemes with flows', () => {
    expect(up.components.securitySchemes).toEqual({
      basicAuth: { type: 'http', scheme: 'basic' },
      key: { type: 'apiKey', name: 'X-Key', in: 'header' },
      oauth: { type: 'oauth2', flows: { authorizationCode: { authorizationUrl: 'https://a/auth', tokenUrl: 'https://a/token', scopes: { read: 'r' } } } },
      machine: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://a/token', scopes: {} } } },
    });
  });

  it('follows a referenced file that is itself a 2.0 document, by either spelling of its refs', async () => {
    writeFileSync(join(dir, 'common.yaml'), 'swagger: "2.0"\ninfo: { title: c, version: "1" }\npaths: {}\ndefinitions:\n  Tag: { type: object, properties: { label: { type: string, "x-nullable": true } } }\n');
    const root = {
      swagger: '2.0', info: { title: 'r', version: '1' }, paths: {
        '/a': { get: { operationId: 'a', responses: { 200: { description: 'ok', schema: { $ref: 'common.yaml#/definitions/Tag' } } } } },
        '/b': { get: { operationId: 'b', responses: { 200: { description: 'ok', schema: { $ref: 'common.yaml#/components/schemas/Tag' } } } } },
      },
    };
    writeFileSync(join(dir, 'root.json'), JSON.stringify(root));
    const two = await loadDocument(join(dir, 'root.json'));
    for (const id of ['a', 'b']) expect(op(two, id).responses['200']!.content['application/json']!.schema).toMatchObject({ properties: { label: { type: 'string', nullable: true } } });
  });

  it('refuses, with the file named, a document nested deeper than the upgrade can read', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 20_000; i++) deep = { type: 'array', items: deep };
    const hostile = { swagger: '2.0', info: { title: 'd', version: '1' }, paths: { '/x': { get: { parameters: [{ name: 'q', in: 'query', ...deep }], responses: {} } } } };
    expect(() => upgradeSwagger(hostile, 'deep.json')).toThrow(/deep\.json.*nested too deeply|nested too deeply.*/);
  });
});
