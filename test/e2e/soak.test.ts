// End to end: the built read server through thousands of calls, 16 in flight, as a busy session would
// send them. It runs with the V8 settings it gives itself at run time (src/server/v8-tuning.ts), through
// many young-generation and several full collections and the call path's optimisation: every answer must
// come back right (secrets still redacted) and resident memory must stay within the serving target.
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultServer, SECRET_PASSWORD, startFaultServer } from '../server/fault-server.js';
import { CLI, HAS_CLI, isolatedEnv, NO_CLI_MESSAGE, resultText, runosTableDir, type ToolResult } from './helpers.js';

const CALLS = 6_000;
const IN_FLIGHT = 16;

function rssMb(pid: number): number | null {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
  } catch {
    return null; // not Linux
  }
}

describe.skipIf(!HAS_CLI)(`the built server over a long session (${HAS_CLI ? 'built CLI' : NO_CLI_MESSAGE})`, () => {
  let platform: FaultServer;
  let transport: StdioClientTransport;
  let client: Client;
  beforeAll(async () => {
    platform = await startFaultServer();
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp', 'serve', 'read', '--table', runosTableDir()],
      env: isolatedEnv({ RUNOS_API_URL: platform.url, RUNOS_API_KEY: 'k' }),
      stderr: 'pipe',
    });
    client = new Client({ name: 'runos-soak', version: '1.0.0' });
    await client.connect(transport);
  });
  afterAll(async () => {
    await client?.close();
    await platform?.close();
  });

  it(`answers ${CALLS} calls with ${IN_FLIGHT} in flight, every one right, in bounded memory`, async () => {
    const calls: [string, Record<string, unknown>, (r: ToolResult) => boolean][] = [
      ['list_clusters', {}, (r) => !r.isError && /"ok":true/.test(resultText(r))],
      // The fault server's 'json' answer carries a password: the read tier must still redact it.
      ['get_service', { service: 'json' }, (r) => !r.isError && !resultText(r).includes(SECRET_PASSWORD) && resultText(r).includes('runos-sensitive-read')],
      ['get_service', { service: '404' }, (r) => r.isError === true && /HTTP 404/.test(resultText(r))],
      ['get_service', { service: 'a/b' }, (r) => r.isError === true],
    ];
    const wrong: string[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < CALLS) {
        const [name, args, ok] = calls[next++ % calls.length]!;
        const r = (await client.callTool({ name, arguments: args })) as ToolResult;
        if (!ok(r) && wrong.length < 5) wrong.push(`${name} ${JSON.stringify(args)}: ${resultText(r).slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    expect(wrong).toEqual([]);
    // The refused path never reached the platform; every other call did, once.
    expect(platform.requests.length).toBe(CALLS - CALLS / calls.length);
    const rss = rssMb(transport.pid!);
    if (rss !== null) expect(rss).toBeLessThan(90);
  }, 120_000);
});
