// Codegen refuses a table that lost content: a path variable without an input, or parameters, a body or
// responses the document declared that the tool or model no longer holds. Each refusal names the operation.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildToolTable } from '../../src/codegen/build-table.js';
import { generateTable } from '../../src/codegen/generate.js';
import { ManifestError } from '../../src/core/errors.js';
import type { Classification, DocumentModel, OperationModel } from '../../src/manifest/model.js';
import { op, param } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'runos-content-check-'));
const head = 'openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths:\n';

function table(operation: OperationModel) {
  const doc: DocumentModel = { source: 'doc.yaml', sourceVersion: '3.0.3', title: 't', description: '', version: '1', basePath: '', sha256: '0'.repeat(64), operations: [operation] };
  const c: Classification = { tier: 'read', reason: 'rule 3: GET, no secret material', basis: 'plain', secrets: { request: [], response: [] } };
  return () => buildToolTable(doc, new Map([[operation.operationId, c]]), { platform: 'doc', overridesSha256: '' });
}

const ok = { '200': { description: 'ok', content: {} } };

describe('codegen refuses a tool that lost content, naming the operation', () => {
  it.each<[string, OperationModel, RegExp]>([
    ['a path variable with no parameter', op({ operationId: 'getThing', path: '/things/{id}', responses: ok }), /path variable \{id\} has no required input property/],
    [
      'a path parameter of another name',
      op({ operationId: 'getThing', path: '/things/{id}', parameters: [param('thing_id', 'path')], responses: ok }),
      /path variable \{id\} has no required input property/,
    ],
    [
      'declared parameters, none read',
      op({ operationId: 'listThings', declared: { parameters: 2, requestBody: false, responses: 1 }, responses: ok }),
      /the document declares 2 parameter\(s\), none was read/,
    ],
    [
      'a declared request body not read',
      op({ operationId: 'makeThing', method: 'POST', declared: { parameters: 0, requestBody: true, responses: 1 }, responses: ok }),
      /declares a request body, none was read/,
    ],
    [
      'declared responses not read',
      op({ operationId: 'listThings', declared: { parameters: 0, requestBody: false, responses: 3 }, responses: ok }),
      /declares 3 response\(s\), 1 were read/,
    ],
  ])('%s', (_name, operation, want) => {
    const build = table(operation);
    expect(build).toThrow(ManifestError);
    expect(build).toThrow(new RegExp(`^doc\\.yaml#${operation.pointer.replace(/[~/.]/g, '\\$&')}: operation ${operation.operationId} \\(${operation.method} ${operation.path.replace(/[{}/]/g, '\\$&')}\\) comes out without content a tool needs: `));
    expect(build).toThrow(want);
  });

  it('accepts an operation with everything bound', () => {
    const operation = op({ operationId: 'getThing', path: '/things/{id}', parameters: [param('id', 'path'), param('Accept', 'header')], responses: ok, declared: { parameters: 2, requestBody: false, responses: 1 } });
    expect(table(operation)().tools.map((t) => t.request.params.map((p) => p.name))).toEqual([['id']]);
  });
});

describe('path variables the document declares no parameter for', () => {
  it('an operation that declares something gets the variable as a required string, said so', async () => {
    const file = join(dir, 'filled.yaml');
    writeFileSync(file, `${head}  /variables/{id}:\n    put:\n      operationId: updateVariable\n      responses: { "204": { description: ok } }\n`);
    const { table: t } = await generateTable({ source: file, platform: 'doc' });
    expect(t.tools[0]!.inputSchema).toEqual({
      type: 'object',
      properties: { id: { type: 'string', description: 'Path variable {id} (the document declares no parameter for it).' } },
      required: ['id'],
    });
  });

  it('an operation that declares nothing (its content may not have been reached) is refused', async () => {
    const file = join(dir, 'empty.yaml');
    writeFileSync(file, `${head}  /things/{id}:\n    get: {}\n`);
    await expect(generateTable({ source: file, platform: 'doc' })).rejects.toThrow(/empty\.yaml#\/paths\/~1things~1\{id\}\/get: operation get_things_id \(GET \/things\/\{id\}\) comes out without content a tool needs: path variable \{id\}/);
  });
});
