// The official MCP conformance suite (server scenarios) against `runos mcp serve --http`, every tier's
// endpoint. @modelcontextprotocol/conformance 0.1.13 is the last release that runs on Node 20 (0.1.14+
// import fs.globSync, Node 22); it drives the 2025-11-25 era (initialize + sessions). The suite cannot send
// a bearer token, so it goes through a loopback proxy that adds one and passes everything else unchanged,
// Host and Origin included (dns-rebinding-protection sends a foreign Host and must still be refused).
// mcp-server-baseline.yml lists the scenarios that do not apply, with the reason; the suite itself fails
// the run when one of them passes or any other fails.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TIERS } from '../../src/core/tiers.js';
import { createToken, HAS_CLI, isolatedEnv, NO_CLI_MESSAGE, ROOT, startServe, startTokenProxy, startUpstream, type ServeProcess, type Upstream } from '../server/http/helpers.js';

const SUITE = join(ROOT, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const BASELINE = join(ROOT, 'test', 'conformance', 'mcp-server-baseline.yml');
const APPLICABLE = ['server-initialize', 'ping', 'tools-list', 'server-sse-multiple-streams', 'dns-rebinding-protection'];

function runSuite(url: string, out: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // Asynchronous on purpose: the proxy and the platform live in this process and must keep serving.
    const child = spawn(process.execPath, [SUITE, 'server', '--url', url, '--expected-failures', BASELINE, '-o', out], { cwd: out, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.skipIf(!HAS_CLI)(`MCP conformance suite against serve --http (${HAS_CLI ? 'built CLI' : NO_CLI_MESSAGE})`, () => {
  let upstream: Upstream;
  let serve: ServeProcess;
  let proxy: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    upstream = await startUpstream();
    const env = isolatedEnv({ RUNOS_API_URL: upstream.url, RUNOS_API_KEY: 'k' });
    const token = createToken(env, 'conformance', TIERS.join(','));
    serve = await startServe([], env);
    proxy = await startTokenProxy(serve.url, token);
  });
  afterAll(async () => {
    await proxy?.close();
    await serve?.stop();
    await upstream?.close();
  });

  it.each(TIERS)('/mcp/%s: every applicable scenario passes', async (tier) => {
    const out = mkdtempSync(join(tmpdir(), `runos-conformance-${tier}-`));
    const { code, output } = await runSuite(`${proxy.url}/mcp/${tier}`, out);
    expect(output, output).toMatch(/Total: \d+ passed/);
    expect(code, output).toBe(0);
    // Read the verdicts themselves, not only the exit code: each applicable scenario ran and every check passed.
    for (const scenario of APPLICABLE) {
      const dir = readdirSync(out).find((d) => d.startsWith(`server-${scenario}-`));
      expect(dir, `${scenario} produced no results`).toBeDefined();
      const checks = JSON.parse(readFileSync(join(out, dir!, 'checks.json'), 'utf8')) as { id: string; status: string }[];
      expect(checks.length).toBeGreaterThan(0);
      expect(checks.filter((c) => c.status === 'FAILURE'), `${scenario} on ${tier}`).toEqual([]);
    }
  }, 180_000);
});
