// Deep schemas never overflow the stack anywhere in load → classify → codegen → render: nesting through
// properties, items, allOf/anyOf, and chains of $refs, 10,000 levels and more.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTable } from '../../src/codegen/generate.js';
import { ManifestError } from '../../src/core/errors.js';
import { validateToolTable } from '../../src/core/tool-table.js';

const dir = mkdtempSync(join(tmpdir(), 'runos-deep-'));
const LEAF = '{"type":"string"}';

/** A document whose GET returns `schema` and whose POST sends it; `schemas` go to components. Built as text: JSON.stringify itself overflows here. */
function docText(schema: string, schemas = '{}'): string {
  const media = `{"application/json":{"schema":${schema}}}`;
  return `{"openapi":"3.0.3","info":{"title":"deep","version":"1"},"paths":{"/x":{"get":{"operationId":"getX","responses":{"200":{"description":"ok","content":${media}}}},"post":{"operationId":"postX","requestBody":{"content":${media}},"responses":{"204":{"description":"ok"}}}}},"components":{"schemas":${schemas}}}`;
}

const nest = (n: number, open: string, close: string) => open.repeat(n) + LEAF + close.repeat(n);

/** Components S0 … Sn, each made by `link` from the name of the next; Sn is a string. */
function chain(n: number, link: (next: string) => string): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(`"S${i}":${link(`{"$ref":"#/components/schemas/S${i + 1}"}`)}`);
  parts.push(`"S${n}":${LEAF}`);
  return `{${parts.join(',')}}`;
}

const FIRST = '{"$ref":"#/components/schemas/S0"}';
const N = 10_000;
const cases: [string, string][] = [
  ['properties', docText(nest(N, '{"type":"object","properties":{"a":', '}}'))],
  ['items', docText(nest(N, '{"type":"array","items":', '}'))],
  ['additionalProperties', docText(nest(N, '{"type":"object","additionalProperties":', '}'))],
  ['allOf', docText(nest(N, '{"allOf":[', ']}'))],
  ['anyOf', docText(nest(N, '{"anyOf":[{"type":"integer"},', ']}'))],
  ['oneOf with nullable branches', docText(nest(N, '{"oneOf":[{"type":"null"},', ']}'))],
  ['$ref chain through properties', docText(FIRST, chain(N, (r) => `{"type":"object","properties":{"a":${r}}}`))],
  ['$ref chain through allOf', docText(FIRST, chain(N, (r) => `{"allOf":[${r}]}`))],
  ['$ref chain through items', docText(FIRST, chain(N, (r) => `{"type":"array","items":${r}}`))],
  ['pure $ref chain (30,000)', docText(FIRST, chain(30_000, (r) => r))],
];

describe('documents too deep for the parsers: a clear ManifestError', () => {
  const yamlNest = '{type: object, properties: {a: '.repeat(N) + '{type: string}' + '}}'.repeat(N);
  const swaggerNest = nest(N, '{"type":"object","properties":{"a":', '}}');
  it.each([
    ['YAML, 10,000 flow levels', 'deep.yaml', `openapi: 3.0.3\ninfo: {title: deep, version: "1"}\npaths:\n  /x:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: ${yamlNest}\n`],
    ['Swagger 2.0, 10,000 levels', 'deep2.json', `{"swagger":"2.0","info":{"title":"deep","version":"1"},"paths":{"/x":{"get":{"responses":{"200":{"description":"ok","schema":${swaggerNest}}}}}}}`],
  ])('%s', async (_name, file, text) => {
    writeFileSync(join(dir, file), text);
    const err = await generateTable({ source: join(dir, file), platform: 'deep' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as Error).message).toMatch(new RegExp(`${file.replace('.', '\\.')}: .*nested too deeply to read`));
  }, 60_000);
});

describe('deep schemas: a clear result, never a stack overflow', () => {
  it.each(cases)('%s: generates (cut with a note) and classifies strictly', async (name, text) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, text);
    const { table, files } = await generateTable({ source: file, platform: 'deep' });
    expect(() => validateToolTable(JSON.parse(files['tools.json']), file)).not.toThrow();
    const get = table.tools.find((t) => t.operationId === 'getX')!;
    const post = table.tools.find((t) => t.operationId === 'postX')!;
    // The pure chain ends in a plain string: nothing deep is left once it is followed, only a bare string
    // declared as JSON, which may hold any structure (rule 5).
    if (name.startsWith('pure')) {
      expect(get.tier).toBe('sensitive-read');
      expect(get.reason).toMatch(/application\/json has no described fields/);
      return;
    }
    // What lies below the cut is unknown: the read cannot be shown secret-free, and the reason says why.
    expect(get.tier).toBe('sensitive-read');
    expect(get.reason).toMatch(/deeper than \d+ levels/);
    expect(post.reason).toMatch(/schema nested deeper than 256 levels, cut there/);
    expect(JSON.stringify(post.inputSchema)).toMatch(/schema cut here/);
  }, 60_000);
});
