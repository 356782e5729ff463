// The CI-sized conformance run (issue 5): the real CLI serves every tier against Stoplight Prism mocking
// the same third-party documents, and Prism must find zero violations. The documents chosen cover JSON
// bodies (petstore), Swagger 2.0 upgraded with a base path (netlify), Stripe's form-encoded bodies with
// deepObject queries, Twilio's form bodies, and Kubernetes' `*/*` bodies with many query parameters;
// `npm run conformance` runs all nine documents at 100 calls each.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot, specsDir } from '../../src/core/paths.js';

const root = packageRoot();
const specs = specsDir();
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

describe.skipIf(!existsSync(join(specs, 'SOURCES.md')))(`conformance against Prism, CI sample (needs the shared specs in ${specs}; set RUNOS_SPECS_DIR)`, () => {
  it('calls 25 operations per document and Prism reports zero violations', async () => {
    const { code, out } = await runConformance(['--docs', DOCS.join(','), '--sample', '25', '--show', '5']);
    const last = out.trim().split('\n').pop() ?? '';
    const m = /^conformance: (\d+) operations called, (\d+) violations$/.exec(last);
    // the whole output is the message: it names each violating request in full
    expect(m, out).not.toBeNull();
    expect(Number(m![2]), out).toBe(0);
    // exit 1 without violations: a call sent no request at all, or a document could not be run
    expect(code, out).toBe(0);
    // all of petstore (3) and petstore-expanded (4), 25 of each of the others
    expect(Number(m![1]), out).toBe(25 * 4 + 3 + 4);
  }, 300_000);
});
