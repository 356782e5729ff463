// Issue 12, "Must show": the leak figure in both directions, held by the suite. The bodies come from
// bench/lib (shared with `npm run redaction`); here they go through mapResponse with the read tier's
// redactor, the bulk of the figure (the built server over stdio: test/e2e/redaction.test.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageRoot, specsDir } from '../../src/core/paths.js';
import { mapResponse, type ToolResult } from '../../src/server/map-response.js';
import { tierRedactor } from '../../src/server/redact.js';
import type { RawResponse } from '../../src/server/send.js';
import { runosTableDir } from '../e2e/helpers.js';
import { readToolTable } from '../../src/core/tool-table.js';

interface Case { shape: string; name: string; contentType: string; status: number; body: string; secrets: string[]; statusText?: string; encoding?: BufferEncoding }
interface Tally { shapes: Map<string, { cases: number; secrets: number; shown: string[] }>; secrets: number; shown: number }
interface LookTally { shapes: Map<string, { cases: number; leaves: number; masked: string[] }>; leaves: number; masked: number }
const lib = (file: string): string => pathToFileURL(join(packageRoot(), 'bench', 'lib', file)).href;
const planted = (await import(lib('redaction-planted.mjs'))) as {
  plantedCases(): Case[];
  rawResponse(c: Case): RawResponse;
  measurePlanted(cases: Case[], answer: (c: Case) => ToolResult): Promise<Tally>;
  resultText(r: ToolResult): string;
};
const lookalikes = (await import(lib('redaction-lookalikes.mjs'))) as {
  collectExamples(dir: string): { file: string; value: unknown }[];
  lookalikeCases(examples: { file: string; value: unknown }[]): Case[];
  measureLookalikes(cases: Case[], answer: (c: Case) => ToolResult, text: (r: ToolResult) => string): Promise<LookTally>;
};

// Truncation is not redaction: a 10 MB limit keeps it out of both figures.
const answerWith = (redactFields: string[]) => {
  const redactor = tierRedactor({ redactFields, platform: 'runos' }, 'read');
  return (c: Case): ToolResult => mapResponse(planted.rawResponse(c), { method: 'GET', maxBytes: 10_000_000, redactor });
};

/** A body and what its encodings hide: JSON-unescaped, percent-decoded, base64 runs decoded (two levels). */
function revealed(body: string, depth = 0): string[] {
  const out = [body, body.replace(/\\(["\\/])/g, '$1')];
  for (let t = body, i = 0; i < 2 && /%[0-9A-F]{2}/i.test(t); i++) out.push((t = decodeURIComponent(t)));
  if (depth < 2) for (const run of body.match(/[A-Za-z0-9+/_-]{16,}={0,2}/g) ?? []) out.push(...revealed(Buffer.from(run, 'base64').toString('utf8'), depth + 1));
  return out;
}

describe('planted secrets: none is shown by the read tier', () => {
  const cases = planted.plantedCases();

  it('the corpus is what issue 12 asks for: 100+ secrets in 20+ shapes', () => {
    expect(cases.reduce((n, c) => n + c.secrets.length, 0)).toBeGreaterThanOrEqual(100);
    expect(new Set(cases.map((c) => c.shape)).size).toBeGreaterThanOrEqual(20);
    // A corpus that the unredacted path already hides would prove nothing: every secret is in its body as
    // sent, plainly or once its encoding (JSON, percent, base64) is undone.
    for (const c of cases) for (const s of c.secrets) expect(revealed(`${c.statusText ?? ''} ${c.contentType} ${c.body}`).some((t) => t.includes(s)), `${c.name}: ${s}`).toBe(true);
  });

  it('without schema evidence (the vocabulary and value rules alone)', async () => {
    const tally = await planted.measurePlanted(cases, answerWith([]));
    expect([...tally.shapes.values()].flatMap((s) => s.shown)).toEqual([]);
  });

  it('with the bundled RunOS table', async () => {
    const table = await readToolTable(runosTableDir());
    const tally = await planted.measurePlanted(cases, answerWith(table.redactFields));
    expect(tally.shown).toBe(0);
  });

  it('the sensitive tiers (no redactor) show them all, so the check can fail', async () => {
    const tally = await planted.measurePlanted(cases, (c) => mapResponse(planted.rawResponse(c), { method: 'GET', maxBytes: 10_000_000 }));
    // Only the ones a read answer would not carry at all: cut below the depth limit, or not in an error's message.
    expect(tally.shown).toBeGreaterThan(tally.secrets * 0.8);
  });
});

describe.skipIf(!existsSync(specsDir()))('look-alikes from the shared documents\' real examples: at most 5% masked per shape', () => {
  it('in every shape', async () => {
    const examples = lookalikes.collectExamples(specsDir());
    expect(examples.length).toBeGreaterThan(500);
    const tally = await lookalikes.measureLookalikes(lookalikes.lookalikeCases(examples), answerWith([]), planted.resultText);
    expect(tally.leaves).toBeGreaterThan(100_000);
    const rates = Object.fromEntries([...tally.shapes].map(([shape, row]) => [shape, row.masked.length / row.leaves]));
    expect(Object.keys(rates).length).toBeGreaterThanOrEqual(9);
    for (const [shape, rate] of Object.entries(rates)) expect(rate, `${shape}: ${(rate * 100).toFixed(2)}% masked`).toBeLessThanOrEqual(0.05);
  }, 120_000);
});
