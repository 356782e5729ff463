import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestError } from '../../src/core/errors.js';
import { loadDocument } from '../../src/manifest/load.js';

const dir = mkdtempSync(join(tmpdir(), 'runos-load-errors-'));

/** Write files (name → text) into a fresh folder under the temp dir; return the first one's path. */
function write(files: Record<string, string>): string {
  const folder = mkdtempSync(join(dir, 'case-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  return join(folder, Object.keys(files)[0]!);
}

const head = 'openapi: 3.0.3\ninfo: { title: t, version: "1" }\n';
const okPaths = 'paths:\n  /a:\n    get:\n      responses: { "200": { description: ok } }\n';

/** [name, { files, want: [file suffix + '#' + pointer (or ''), message pattern] }] */
const cases: [string, { files: Record<string, string>; where: string; want: RegExp }][] = [
  ['empty file', { files: { 'e.yaml': '  \n' }, where: 'e.yaml', want: /document is empty/ }],
  [
    'unreadable YAML, with line and column',
    { files: { 'bad.yaml': `${head}paths:\n  /a:\n   get: [\n` }, where: 'bad.yaml', want: /not valid YAML at line \d+, column \d+: / },
  ],
  [
    'unreadable JSON, with line and column',
    { files: { 'bad.json': '{\n  "openapi": "3.1.0",\n  "info": {"title": "t" "version": "1"}\n}' }, where: 'bad.json', want: /not valid JSON at line 3, column 25: Expected ',' or '}' after property value/ },
  ],
  ['not OpenAPI: a plain object', { files: { 'x.json': '{"hello": "world"}' }, where: 'x.json', want: /not an OpenAPI document \(no "openapi" or "swagger" field/ }],
  ['not OpenAPI: a list', { files: { 'x.yaml': '- a\n- b\n' }, where: 'x.yaml', want: /not an OpenAPI document \(the top level is not an object\)/ }],
  ['unsupported OpenAPI version', { files: { 'v.yaml': 'openapi: 4.0.0\ninfo: {}\n' }, where: 'v.yaml#/openapi', want: /unsupported OpenAPI version "4.0.0"/ }],
  ['unsupported Swagger version', { files: { 'v.json': '{"swagger": "1.2"}' }, where: 'v.json#/swagger', want: /unsupported Swagger version "1.2"/ }],
  ['version as a number', { files: { 'v.yaml': 'openapi: 3.1\n' }, where: 'v.yaml#/openapi', want: /write it as a string/ }],
  [
    'bad local $ref: missing file',
    {
      files: { 'root.yaml': `${head}paths:\n  /a:\n    get:\n      parameters:\n        - $ref: 'common/params.yaml#/Limit'\n      responses: { "200": { description: ok } }\n` },
      where: 'root.yaml#/paths/~1a/get/parameters/0',
      want: /\$ref "common\/params.yaml#\/Limit": .*common\/params\.yaml: file not found/,
    },
  ],
  [
    'bad local $ref: missing pointer in the same file',
    {
      files: { 'root.yaml': `${head}paths:\n  /a:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: { $ref: '#/components/schemas/Pet' }\ncomponents: { schemas: { Pets: {} } }\n` },
      where: 'root.yaml#/paths/~1a/get/responses/200/content/application~1json/schema',
      want: /\$ref "#\/components\/schemas\/Pet" points at nothing: no "Pet" under "\/components\/schemas"/,
    },
  ],
  [
    'bad local $ref: missing pointer in another file, reported where the $ref is',
    {
      files: {
        'root.yaml': `${head}paths:\n  /a:\n    get:\n      responses:\n        "200": { $ref: 'responses.yaml#/Ok' }\n`,
        'responses.yaml': 'Ok:\n  description: ok\n  content:\n    application/json:\n      schema: { $ref: "schemas.yaml#/Thing" }\n',
        'schemas.yaml': 'Other: {}\n',
      },
      where: 'responses.yaml#/Ok/content/application~1json/schema',
      want: /\$ref "schemas.yaml#\/Thing" points at nothing: no "Thing" under "\/" in .*schemas\.yaml/,
    },
  ],
  [
    // A network $ref is never fetched; where it names a schema or a response the document still loads
    // (load-network-refs.test.ts), but a parameter's name and location decide the request: refused.
    'network $ref on a parameter refused',
    {
      files: { 'net.yaml': `${head}paths:\n  /a:\n    get:\n      parameters: [{ $ref: 'https://example.com/p.yaml#/P' }]\n      responses: { "200": { description: ok } }\n` },
      where: 'net.yaml#/paths/~1a/get/parameters/0',
      want: /is a network reference; refused \(runos never fetches referenced URLs/,
    },
  ],
  [
    'a $ref on an operation object that points at nothing',
    {
      files: { 'op.yaml': `${head}paths:\n  /a:\n    get: { $ref: 'ops/get_a.yaml' }\n` },
      where: 'op.yaml#/paths/~1a/get',
      want: /\$ref "ops\/get_a.yaml": .*ops\/get_a\.yaml: file not found/,
    },
  ],
  [
    'duplicate operationId, naming both pointers',
    {
      files: { 'dup.yaml': `${head}paths:\n  /a:\n    get: { operationId: same, responses: {} }\n  /b:\n    post: { operationId: same, responses: {} }\n` },
      where: 'dup.yaml#/paths/~1b/post',
      want: /operationId "same" is used twice: at \/paths\/~1a\/get and at \/paths\/~1b\/post/,
    },
  ],
  [
    'parameter in a location OpenAPI 3 does not have',
    {
      files: { 'p.yaml': `${head}paths:\n  /a:\n    post:\n      parameters: [{ name: f, in: formData }]\n      responses: {}\n` },
      where: 'p.yaml#/paths/~1a/post/parameters/0',
      want: /parameter "f" has unsupported "in": "formData"/,
    },
  ],
  [
    'parameter without a name',
    { files: { 'p.yaml': `${head}paths:\n  /a:\n    get:\n      parameters: [{ in: query }]\n      responses: {}\n` }, where: 'p.yaml#/paths/~1a/get/parameters/0', want: /a parameter needs a "name"/ },
  ],
  ['paths is not an object', { files: { 'p.yaml': `${head}paths: [1]\n` }, where: 'p.yaml#/paths', want: /"paths" must be an object/ }],
];

describe('loadDocument: broken documents give a clear ManifestError naming file and pointer', () => {
  it.each(cases)('%s', async (_name, { files, where, want }) => {
    const path = write(files);
    const err = await loadDocument(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    const message = (err as Error).message;
    expect(message).toMatch(want);
    // The location comes first, "<file>#<pointer>: …", so an editor jump works.
    const [file, pointer] = where.split('#');
    expect(message.split(': ')[0]).toMatch(new RegExp(`${file!.replace(/[.]/g, '\\.')}${pointer === undefined ? '' : `#${pointer}`}$`));
    expect(message).not.toMatch(/\n/);
  });

  it('a missing file says so and names the path as given', async () => {
    const missing = join(dir, 'nope', 'openapi.yaml');
    await expect(loadDocument(missing)).rejects.toThrow(new ManifestError('file not found', missing));
  });

  it('a folder is not a document', async () => {
    await expect(loadDocument(dir)).rejects.toThrow(/is a folder, not a file/);
  });

  it('an unsupported URL scheme is refused', async () => {
    await expect(loadDocument('ftp://example.com/openapi.json')).rejects.toThrow(/unsupported URL scheme/);
  });

  it('a good document next to these loads (the cases fail for their own reason)', async () => {
    const doc = await loadDocument(write({ 'ok.yaml': head + okPaths }));
    expect(doc.operations.map((o) => o.operationId)).toEqual(['get_a']);
  });
});
