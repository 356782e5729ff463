// An absolute-URL `$ref` is never fetched: the document still generates, the schema it names becomes
// free-form with a marker, the tool's reason says so, and a read whose result it is counts as doubt.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTable } from '../../src/codegen/generate.js';
import { ManifestError } from '../../src/core/errors.js';
import { loadDocument } from '../../src/manifest/load.js';
import { UNRESOLVED } from '../../src/manifest/markers.js';
import type { Schema } from '../../src/manifest/model.js';

let server: Server;
let url: string;
let hits = 0;
const dir = mkdtempSync(join(tmpdir(), 'runos-netref-'));

beforeAll(async () => {
  // Counts every request: a loader that fetched a $ref would show here.
  server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"type":"object","properties":{"password":{"type":"string"}}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/schema.json`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const doc = () => `openapi: 3.1.0
info: { title: net, version: "1" }
paths:
  /config:
    get:
      operationId: getConfig
      responses:
        "200":
          description: the configuration
          content:
            application/json:
              schema: { $ref: '${url}', description: a JSON Schema document }
    put:
      operationId: putConfig
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                name: { type: string }
                settings: { $ref: '${url}#/definitions/settings' }
      responses: { "204": { description: saved } }
  /nested:
    get:
      operationId: getNested
      responses:
        "200":
          description: described, except one deep field
          content:
            application/json:
              schema:
                type: object
                properties:
                  name: { type: string }
                  spec: { type: object, properties: { inner: { type: object, properties: { x: { $ref: 'urn:example:schema' } } } } }
  /health:
    get:
      operationId: getHealth
      responses:
        "200": { $ref: '${url}#/responses/ok' }
`;

describe('absolute-URL $refs: never fetched, free-form with a note, doubt for reads', () => {
  it('loads: the schema becomes free-form with the URL as a marker, annotations kept', async () => {
    const loaded = await loadDocument(write('net.yaml', doc()));
    const get = loaded.operations.find((o) => o.operationId === 'getConfig')!;
    expect(get.responses['200']!.content['application/json']!.schema).toEqual({ [UNRESOLVED]: url, description: 'a JSON Schema document' });
    const put = loaded.operations.find((o) => o.operationId === 'putConfig')!;
    const settings = (put.requestBody!.content['application/json']!.schema!.properties as Record<string, Schema>).settings;
    expect(settings).toEqual({ [UNRESOLVED]: `${url}#/definitions/settings` });
    // A response object that is a network ref: described as free-form, of any media type.
    const health = loaded.operations.find((o) => o.operationId === 'getHealth')!;
    expect(health.responses['200']!.content).toEqual({ '*/*': { schema: { [UNRESOLVED]: `${url}#/responses/ok` } } });
    expect(hits).toBe(0);
  });

  it('generates a table: reasons name the URL, reads escalate, inputs are free-form', async () => {
    const { table } = await generateTable({ source: write('net2.yaml', doc()), platform: 'net' });
    const tool = (id: string) => table.tools.find((t) => t.operationId === id)!;
    expect(tool('getConfig').tier).toBe('sensitive-read');
    expect(tool('getConfig').reason).toContain(`schema ${url} not fetched`);
    expect(tool('getNested').tier).toBe('sensitive-read');
    expect(tool('getNested').reason).toContain('schema urn:example:schema not fetched');
    expect(tool('getHealth').tier).toBe('sensitive-read');
    // A free-form settings object sent to the platform can carry a secret setting (rule 7), unfetched or not.
    expect(tool('putConfig').tier).toBe('sensitive-write');
    expect(tool('putConfig').reason).toMatch(new RegExp(`^rule 4: request field settings .*; schema ${url.replace(/[.]/g, '\\.')}#/definitions/settings not fetched$`));
    const body = tool('putConfig').inputSchema.properties as Record<string, Schema>;
    expect((body.body!.properties as Record<string, Schema>).settings).toEqual({});
    expect(hits).toBe(0);
  });

  it('still refuses a network ref where the structure decides the request (a parameter)', async () => {
    const path = write('param.yaml', `openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths:\n  /a:\n    get:\n      parameters:\n        - $ref: '${url}#/P'\n      responses: { "200": { description: ok } }\n`);
    const err = await loadDocument(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as Error).message).toMatch(/param\.yaml#\/paths\/~1a\/get\/parameters\/0: \$ref "http:\/\/127\.0\.0\.1:\d+\/schema\.json#\/P" is a network reference; refused/);
    expect(hits).toBe(0);
  });
});
