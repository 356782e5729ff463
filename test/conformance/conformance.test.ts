// The conformance run in CI (issue 5): the real CLI serves every tier against Stoplight Prism mocking
// the same document, and Prism must find zero violations. Two parts: the styles fixture in this repo
// (every OpenAPI serialisation Prism can judge; always runs) and a sample of the shared real-world
// documents: JSON bodies (petstore), Swagger 2.0 upgraded with a base path (netlify), Stripe's form
// bodies with deepObject queries, Twilio's form bodies, and Kubernetes' `*/*` bodies with many query
// parameters. `npm run conformance` runs all nine shared documents at 100 calls each.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot, specsDir } from '../../src/core/paths.js';

const root = packageRoot();
const specs = specsDir();
const STYLES = `styles=${join(root, 'test', 'conformance', 'fixtures', 'styles.openapi.yaml')}`;
const DOCS = ['petstore', 'petstore-expanded', 'netlify', 'twilio', 'stripe', 'k8s-apps'];

function runConformance(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'conformance.mjs'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** The figures of the last line; the whole output is every assertion's message (it names each violating request). */
function expectClean(code: number | null, out: string, calls: number): void {
  const last = out.trim().split('\n').pop() ?? '';
  const m = /^conformance: (\d+) operations called, (\d+) violations$/.exec(last);
  expect(m, out).not.toBeNull();
  expect(Number(m![2]), out).toBe(0);
  // exit 1 without violations: a call sent no request at all, or a document could not be run
  expect(code, out).toBe(0);
  expect(Number(m![1]), out).toBe(calls);
}

describe('conformance against Prism', () => {
  it('the styles fixture: every tool called 10 times, zero violations', async () => {
    const { code, out } = await runConformance(['--docs', 'none', '--spec', STYLES, '--sample', '100', '--show', '5']);
    expectClean(code, out, 90);
  }, 120_000);

  it.skipIf(!existsSync(join(specs, 'SOURCES.md')))(`a CI-sized sample of the shared documents (needs ${specs}; set RUNOS_SPECS_DIR)`, async () => {
    const { code, out } = await runConformance(['--docs', DOCS.join(','), '--sample', '25', '--show', '5']);
    // petstore (3 tools) and petstore-expanded (4) are called 8 and 6 times per tool; 25 of each other
    expectClean(code, out, 3 * 8 + 4 * 6 + 25 * 4);
  }, 300_000);
});
