// A running `runos mcp serve` follows `manifest update`: real SDK clients (both protocol eras) over stdio
// against the built CLI, the cache table rewritten underneath them, the platform on a loopback server.
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, HAS_CLI, isolatedEnv, NO_CLI_MESSAGE, resultJson, ROOT, type ToolResult } from './helpers.js';

const FIXTURE = readFileSync(join(ROOT, 'test', 'codegen', 'fixtures', 'mini.openapi.yaml'), 'utf8');
const ADD_HEALTH = (t: string) =>
  t.replace('  /upload:\n', "  /health:\n    get:\n      operationId: getHealth\n      summary: Platform health\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { type: object, properties: { status: { type: string } } }\n  /upload:\n");

let api: Server;
let env: Record<string, string>;
let manifest: string;
const clients: Client[] = [];

/** `runos manifest update` into the cache the servers read (RUNOS_CACHE_DIR), as a user runs it. */
function update(extra: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'manifest', 'update', '--from', manifest, '--name', 'mini', ...extra], { env }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A client of `mcp serve read` that counts list_changed notifications (the SDK opens subscriptions/listen on 2026-07-28). */
async function connect(modern: boolean): Promise<{ client: Client; changes: () => number; stderr: () => string }> {
  let changes = 0;
  let stderr = '';
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', 'serve', 'read'], env, stderr: 'pipe' });
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client(
    { name: modern ? 'live-modern' : 'live-legacy', version: '1.0.0' },
    { listChanged: { tools: { onChanged: () => changes++, autoRefresh: false, debounceMs: 0 } }, ...(modern && { versionNegotiation: { mode: { pin: '2026-07-28' } } }) },
  );
  await client.connect(transport);
  clients.push(client);
  return { client, changes: () => changes, stderr: () => stderr };
}

beforeAll(async () => {
  api = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'green', path: req.url }));
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  env = isolatedEnv({ RUNOS_API_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}`, RUNOS_API_KEY: 'live-key', RUNOS_KEYRING: 'off', RUNOS_WATCH_INTERVAL_MS: '200' });
  manifest = join(env.HOME!, 'mini.openapi.yaml');
  writeFileSync(manifest, FIXTURE);
  if (HAS_CLI) expect((await update()).code).toBe(0);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await new Promise((r) => api.close(r));
});

describe.skipIf(!HAS_CLI)(HAS_CLI ? 'live updates of a running server' : `live updates: SKIPPED, ${NO_CLI_MESSAGE}`, () => {
  it('a refused update reaches no server; an accepted one is listed and callable without a restart, in both protocol eras', async () => {
    const legacy = await connect(false);
    const modern = await connect(true);
    for (const c of [legacy, modern]) expect((await c.client.listTools()).tools.map((t) => t.name)).not.toContain('get_health');

    // A new read tool is a loosening: refused without --accept-tier-changes, so nothing is written.
    writeFileSync(manifest, ADD_HEALTH(FIXTURE));
    const refused = await update();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('get_health new in read');
    await new Promise((r) => setTimeout(r, 1_500));
    expect([legacy.changes(), modern.changes()]).toEqual([0, 0]);
    await expect(legacy.client.callTool({ name: 'get_health', arguments: {} })).rejects.toMatchObject({ code: -32602 });

    const accepted = await update(['--accept-tier-changes']);
    expect(accepted.code).toBe(0);
    for (const c of [legacy, modern]) {
      await expect.poll(c.changes, { timeout: 15_000, interval: 100 }).toBeGreaterThan(0);
      expect((await c.client.listTools()).tools.map((t) => t.name)).toContain('get_health');
      const result = (await c.client.callTool({ name: 'get_health', arguments: {} })) as ToolResult;
      expect(resultJson<{ status: string; path: string }>(result)).toEqual({ status: 'green', path: '/api/health' });
    }
    expect(legacy.stderr()).toMatch(/now serving .*tools\.json \(\d+ tools, list changed\)/);
  }, 60_000);
});
