// Nothing the document says about an operation is lost on the way to the table: over every shared
// document (the n8n multi-file tree included) and the operation-ref fixture, an independent, naive
// reader of the raw files counts each operation's parameters, body and responses, and the generated
// table must hold them all. Reverting the loader's operation-object `$ref` support fails this on the fixture.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateTable, type Generated } from '../../src/codegen/generate.js';
import { specsDir } from '../../src/core/paths.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/** What the raw files say about each operation, read without the loader: `METHOD path` → content. */
interface Census {
  params: string[];
  body: boolean;
  responses: string[];
}

/** A deliberately simple reader: parse each file once, follow `$ref` (and `$ref`s met along a pointer). */
function censusOf(rootPath: string): Map<string, Census> {
  const files = new Map<string, unknown>();
  const read = (path: string): unknown => {
    if (!files.has(path)) {
      const text = readFileSync(path, 'utf8');
      files.set(path, /^\s*[{[]/.test(text) ? JSON.parse(text) : parse(text, { merge: true, maxAliasCount: -1 }));
    }
    return files.get(path);
  };
  const follow = (value: unknown, file: string): [unknown, string] => {
    while (isObj(value) && typeof value.$ref === 'string') {
      const [address, fragment = ''] = value.$ref.split('#');
      file = address ? resolve(dirname(file), decodeURIComponent(address)) : file;
      value = read(file);
      for (const raw of fragment.split('/').slice(1)) {
        [value, file] = follow(value, file);
        value = (value as Obj)[decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')];
      }
    }
    return [value, file];
  };
  const out = new Map<string, Census>();
  const paths = (read(rootPath) as Obj).paths as Obj;
  for (const [path, rawItem] of Object.entries(paths ?? {})) {
    const [item, itemFile] = follow(rawItem, rootPath) as [Obj, string];
    for (const method of METHODS) {
      if (item[method] === undefined) continue;
      const [op, opFile] = follow(item[method], itemFile) as [Obj, string];
      const params = new Map<string, boolean>();
      let body = op.requestBody !== undefined;
      for (const [list, file] of [[item.parameters, itemFile], [op.parameters, opFile]] as const) {
        for (const raw of Array.isArray(list) ? list : []) {
          const p = follow(raw, file)[0] as Obj;
          if (p.in === 'body' || p.in === 'formData') body = true;
          else if (!(p.in === 'header' && IGNORED_HEADERS.has(String(p.name).toLowerCase()))) params.set(`${p.in}:${p.name}`, true);
        }
      }
      const responses = isObj(op.responses) ? Object.keys(op.responses).filter((c) => !c.startsWith('x-')) : [];
      out.set(`${method.toUpperCase()} ${path}`, { params: [...params.keys()].sort(), body, responses: responses.sort() });
    }
  }
  return out;
}

const dir = specsDir();
const shared = existsSync(dir)
  ? readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isFile() && /\.(json|ya?ml)$/.test(e.name) ? [join(dir, e.name)] : e.isDirectory() && existsSync(join(dir, e.name, 'openapi.yml')) ? [join(dir, e.name, 'openapi.yml')] : [],
    )
  : [];
const fixture = join(import.meta.dirname, '..', 'fixtures', 'manifests', 'operation-refs', 'openapi.yaml');
const documents = [fixture, ...shared.sort()];

describe('every operation keeps its content from document to table', () => {
  it('covers the n8n multi-file tree when the shared specs are present', () => {
    if (shared.length > 0) expect(documents.some((d) => d.endsWith(join('n8n-public-api', 'openapi.yml')))).toBe(true);
  });

  describe.each(documents)('%s', (source) => {
    let gen: Generated;
    let census: Map<string, Census>;
    beforeAll(async () => {
      census = censusOf(source);
      gen = await generateTable({ source, platform: 'doc' });
    }, 120_000);

    it('has one tool per operation the raw files hold', () => {
      expect(gen.doc.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([...census.keys()].sort());
    });

    it('keeps every parameter, request body and response of every operation', () => {
      const lost: string[] = [];
      for (const op of gen.doc.operations) {
        const want = census.get(`${op.method} ${op.path}`)!;
        // A path variable the document declares no parameter for is added by the loader, said so (n8n's PUT /variables/{id}).
        const params = op.parameters.filter((p) => !p.undeclared).map((p) => `${p.in}:${p.name}`).sort();
        const added = op.parameters.filter((p) => p.undeclared && (p.in !== 'path' || !op.path.includes(`{${p.name}}`)));
        if (added.length > 0) lost.push(`${op.operationId}: added ${added.map((p) => p.name).join()} that is not a path variable`);
        if (params.join() !== want.params.join()) lost.push(`${op.operationId}: parameters ${params.join()} ≠ ${want.params.join()}`);
        if (!!op.requestBody !== want.body) lost.push(`${op.operationId}: request body ${!!op.requestBody} ≠ ${want.body}`);
        const codes = Object.keys(op.responses).sort();
        if (codes.join() !== want.responses.join()) lost.push(`${op.operationId}: responses ${codes.join()} ≠ ${want.responses.join()}`);
      }
      expect(lost).toEqual([]);
    });

    it('binds every path template variable to an input of its tool', () => {
      const unbound: string[] = [];
      for (const tool of gen.table.tools) {
        for (const [, name] of tool.path.matchAll(/\{([^}]+)\}/g)) {
          const p = tool.request.params.find((b) => b.in === 'path' && b.name === name);
          if (!p || !(p.arg in (tool.inputSchema.properties as Obj)) || !(tool.inputSchema.required as string[]).includes(p.arg)) unbound.push(`${tool.name}: {${name}}`);
        }
      }
      expect(unbound).toEqual([]);
    });
  });
});
