import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateTable, type Generated } from '../../src/codegen/generate.js';
import { ARG_NAME_PATTERN } from '../../src/codegen/input-schema.js';
import { specsDir } from '../../src/core/paths.js';
import { isReadTier, isTier, toolNameBudget } from '../../src/core/tiers.js';
import { validateToolTable } from '../../src/core/tool-table.js';

const dir = specsDir();
const specs = existsSync(dir) ? readdirSync(dir).filter((f) => /\.(json|ya?ml)$/.test(f)).sort() : [];
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/** Every key anywhere in a schema tree, with the path to it. */
function* keysOf(value: unknown, path = ''): Generator<[string, unknown, string]> {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* keysOf(v, `${path}/${i}`);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      yield [k, v, path];
      // Property names are data, not keywords: a field may well be called "$ref" or "not".
      if (k === 'properties') for (const [pk, pv] of Object.entries(v as object)) yield* keysOf(pv, `${path}/properties/${pk}`);
      else if (k !== 'enum' && k !== 'default' && k !== 'required') yield* keysOf(v, `${path}/${k}`);
    }
  }
}

const title = specs.length > 0 ? `invariants over every shared spec in ${dir}` : `invariants over the shared specs: SKIPPED, no specs at ${dir} (set RUNOS_SPECS_DIR to the folder of SOURCES.md)`;

describe.skipIf(specs.length === 0)(title, () => {
  it('finds every document SOURCES.md lists', () => {
    const listed = [...readFileSync(join(dir, 'SOURCES.md'), 'utf8').matchAll(/^\| ([\w.-]+\.(?:json|ya?ml)) \|/gm)].map((m) => m[1]);
    expect(specs).toEqual([...listed].sort());
  });

  // Ajv as the server compiles it: a schema it cannot compile would make the tool fail closed.
  const ajv = new (Ajv2020 as unknown as new (o: object) => { compile(s: object): unknown })({ strict: false, logger: false, validateFormats: false });

  describe.each(specs)('%s', (file) => {
    const platform = file.split(/[-.]/)[0]!;
    let gen: Generated;
    beforeAll(async () => {
      gen = await generateTable({ source: join(dir, file), platform });
    }, 60_000);

    it('passes the table validator the server uses, with one tool per operation', () => {
      expect(() => validateToolTable(JSON.parse(gen.files['tools.json']), file)).not.toThrow();
      expect(gen.table.tools.length).toBe(gen.doc.operations.length);
    });

    it('names tools with the pattern, within the budget, uniquely', () => {
      const budget = toolNameBudget(platform);
      const names = gen.table.tools.map((t) => t.name);
      for (const n of names) {
        expect(n).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(n.length).toBeLessThanOrEqual(budget);
      }
      expect(new Set(names).size).toBe(names.length);
    });

    it('gives every tool a self-contained, provider-safe object schema', () => {
      const problems: string[] = [];
      const FORBIDDEN = new Set(['$ref', '$defs', 'definitions', 'nullable', 'discriminator', 'example', 'examples', 'xml', 'exclusiveMinimum', 'exclusiveMaximum']);
      for (const t of gen.table.tools) {
        const s = t.inputSchema;
        if (s.type !== 'object' || typeof s.properties !== 'object') problems.push(`${t.name}: root is not an object with properties`);
        for (const k of ['oneOf', 'anyOf', 'allOf', 'enum', 'not']) if (k in s) problems.push(`${t.name}: top-level ${k}`);
        for (const [key, value, at] of keysOf(s)) {
          if (FORBIDDEN.has(key) || key.startsWith('x-')) problems.push(`${t.name}${at}: ${key}`);
          if (key === 'type' && typeof value !== 'string') problems.push(`${t.name}${at}: type ${JSON.stringify(value)}`);
        }
        try {
          ajv.compile(s);
        } catch (err) {
          problems.push(`${t.name}: Ajv cannot compile (${(err as Error).message})`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('represents every parameter and the body without collisions', () => {
      const byId = new Map(gen.doc.operations.map((op) => [op.operationId, op]));
      for (const t of gen.table.tools) {
        const op = byId.get(t.operationId)!;
        const expected = op.parameters.filter((p) => !(p.in === 'header' && IGNORED_HEADERS.has(p.name.toLowerCase())));
        expect(t.request.params.map((p) => `${p.in}:${p.name}`).sort(), t.name).toEqual(expected.map((p) => `${p.in}:${p.name}`).sort());
        const args = [...t.request.params.map((p) => p.arg), ...(t.request.body ? [t.request.body.arg] : [])];
        expect(new Set(args).size, t.name).toBe(args.length);
        expect(Object.keys(t.inputSchema.properties as object).sort(), t.name).toEqual([...args].sort());
        for (const a of args) expect(a).toMatch(ARG_NAME_PATTERN);
        if (op.requestBody && Object.keys(op.requestBody.content).length > 0) expect(t.request.body, t.name).toBeDefined();
      }
    });

    it('gives every tool a tier, a reason, a title and annotations that match the tier', () => {
      for (const t of gen.table.tools) {
        expect(isTier(t.tier), t.name).toBe(true);
        expect(t.reason.length, t.name).toBeGreaterThan(0);
        expect(t.title.length, t.name).toBeGreaterThan(0);
        expect(t.description.length, t.name).toBeGreaterThan(0);
        // Only the read tier carries readOnlyHint (clients auto-run such tools: src/codegen/annotations.ts).
        expect(t.annotations.readOnlyHint, t.name).toBe(t.tier === 'read');
        if (t.tier === 'sensitive-write') expect(t.annotations.destructiveHint, t.name).toBe(true);
        expect(t.annotations.openWorldHint, t.name).toBe(true);
        expect(typeof t.annotations.destructiveHint, t.name).toBe('boolean');
        expect(typeof t.annotations.idempotentHint, t.name).toBe('boolean');
        if (t.method === 'DELETE') expect(t.annotations.destructiveHint || isReadTier(t.tier), t.name).toBe(true);
      }
    });

    it('puts no write-class operation in read without an override or extension', () => {
      const offenders = gen.table.tools.filter((t) => t.tier === 'read' && !READ_METHODS.has(t.method) && !/^(override|extension)\b/.test(t.reason));
      expect(offenders.map((t) => `${t.name} ${t.method} ${t.path}: ${t.reason}`)).toEqual([]);
    });
  });
});

