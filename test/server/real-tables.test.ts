// The server's request building, guard and validation over the tool tables of real third-party specs:
// every operation of GitHub, Kubernetes, Netlify (Swagger 2.0, base path) and Stripe (form bodies) builds a
// request that its own tier's guard accepts, and every input schema compiles.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specsDir } from '../../src/core/paths.js';
import { notServedBy, selectTier, type ToolEntry, type ToolTable } from '../../src/core/tool-table.js';
import { TIERS } from '../../src/core/tiers.js';
import { buildToolTable } from '../../src/codegen/build-table.js';
import { classifyDocument } from '../../src/manifest/classify.js';
import { loadDocument } from '../../src/manifest/load.js';
import { buildRequest } from '../../src/server/build-request.js';
import { createRequestGuard } from '../../src/server/guard.js';
import { createArgsValidator } from '../../src/server/validate-args.js';

const SPECS = ['github-api.json', 'kubernetes-api-v1.json', 'netlify-swagger2.yml', 'stripe-spec3.yaml'];

async function tableOf(file: string): Promise<ToolTable> {
  const doc = await loadDocument(join(specsDir(), file));
  const platform = file.split(/[-.]/)[0]!;
  return buildToolTable(doc, classifyDocument(doc, new Map(), { platform }), { platform, overridesSha256: '' });
}

/** Plausible arguments for a tool's required inputs, shaped by each binding's kind. */
function sampleArgs(tool: ToolEntry): Record<string, unknown> {
  const props = (tool.inputSchema.properties ?? {}) as Record<string, { type?: string | string[] }>;
  const args: Record<string, unknown> = {};
  for (const p of tool.request.params) {
    if (!p.required) continue;
    const type = props[p.arg]?.type;
    args[p.arg] = p.kind === 'array' ? ['a1'] : p.kind === 'object' ? { k: 'v1' } : type === 'integer' || type === 'number' ? 7 : type === 'boolean' ? true : 'x1';
  }
  if (tool.request.body?.required) args[tool.request.body.arg] = {};
  return args;
}

describe.each(SPECS)('%s', (file) => {
  const present = existsSync(join(specsDir(), file));
  it.skipIf(!present)(`builds every operation's request within its own tier's guard${present ? '' : ` (skipped: ${file} not in ${specsDir()}; set RUNOS_SPECS_DIR)`}`, async () => {
    const table = await tableOf(file);
    const failures: string[] = [];
    for (const tier of TIERS) {
      const tools = selectTier(table, tier);
      const guard = createRequestGuard(tools, table.basePath, notServedBy(table, tier));
      for (const tool of tools) {
        try {
          const req = buildRequest(tool, sampleArgs(tool), table.basePath);
          if (!guard(req.method, req.path)) failures.push(`${tool.name}: guard refused ${req.method} ${req.path}`);
          if (/[{}]/.test(req.path)) failures.push(`${tool.name}: unfilled template ${req.path}`);
        } catch (err) {
          failures.push(`${tool.name}: ${(err as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it.skipIf(!present)('the indexed guard decides exactly as testing every template would, on paths built to collide', async () => {
    const table = await tableOf(file);
    const base = table.basePath.replace(/\/+$/, '');
    // The oracle: every template of the method tested, most literal wins (the guard's rule without its index).
    const compiled = table.tools.map((t) => {
      const parts = `${base}${t.path}`.split(/\{[^}]*\}/);
      const esc = parts.map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      return { tool: t, re: new RegExp(`^${esc.join('(?!\\.\\.?(?:/|$))[^/?#]+')}$`), literal: parts.join('').length };
    });
    const served = new Map(TIERS.map((tier) => [tier, new Set(selectTier(table, tier))]));
    const oracle = (tier: (typeof TIERS)[number], method: string, path: string): boolean => {
      if (/(^|\/)\.\.?(\/|$)/.test(path) || /%2e%2e|%2f/i.test(path)) return false;
      let mine = -1;
      let theirs = -1;
      for (const c of compiled) {
        if (c.tool.method.toUpperCase() !== method || !c.re.test(path)) continue;
        if (served.get(tier)!.has(c.tool)) mine = Math.max(mine, c.literal);
        else theirs = Math.max(theirs, c.literal);
      }
      return mine >= 0 && theirs < mine;
    };
    // Fill each template's variables with 'x1' and with literal segments other templates have at that place,
    // so paths land on several templates at once; then a segment too many and one too few.
    const literalsAt = new Map<number, Set<string>>();
    for (const t of table.tools) `${base}${t.path}`.split('/').forEach((seg, i) => !seg.includes('{') && (literalsAt.get(i) ?? literalsAt.set(i, new Set()).get(i)!).add(seg));
    const paths = new Set<string>();
    for (const t of table.tools) {
      const segs = `${base}${t.path}`.split('/');
      paths.add(segs.map((seg) => (seg.includes('{') ? seg.replace(/\{[^}]*\}/g, 'x1') : seg)).join('/'));
      segs.forEach((seg, i) => {
        if (!seg.includes('{')) return;
        for (const lit of [...(literalsAt.get(i) ?? [])].slice(0, 6)) {
          if (!lit) continue;
          paths.add(segs.map((s2, j) => (j === i ? lit : s2.replace(/\{[^}]*\}/g, 'x1'))).join('/'));
        }
      });
    }
    for (const p of [...paths]) {
      paths.add(`${p}/extra`);
      paths.add(p.slice(0, p.lastIndexOf('/')) || '/');
    }
    const disagreements: string[] = [];
    for (const tier of TIERS) {
      const guard = createRequestGuard(selectTier(table, tier), table.basePath, notServedBy(table, tier));
      for (const path of paths) {
        for (const method of ['GET', 'POST', 'DELETE']) {
          const want = oracle(tier, method, path);
          if (guard(method, path) !== want) disagreements.push(`${tier} ${method} ${path}: guard ${!want}, every-template ${want}`);
        }
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(paths.size).toBeGreaterThan(table.tools.length);
  }, 120_000);

  it.skipIf(!present || file.startsWith('stripe'))('compiles every input schema (validation is lazy per tool; this is the cost of calling all)', async () => {
    const table = await tableOf(file);
    const validate = createArgsValidator();
    const broken: string[] = [];
    for (const tool of table.tools) {
      const out = await validate(tool, sampleArgs(tool));
      if (!out.ok && /cannot be compiled/.test(out.message)) broken.push(`${tool.name}: ${out.message}`);
    }
    expect(broken).toEqual([]);
  }, 120_000);
});
