// The bench's own arithmetic and its raw stdio client: a wrong quantile or a client that mis-pairs
// responses would make every figure in bench/results.json wrong.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/core/paths.js';

const lib = (name: string): string => pathToFileURL(join(packageRoot(), 'bench', 'lib', name)).href;
const { quantile, median, rssMbOf } = (await import(lib('measure.mjs'))) as {
  quantile(v: number[], q: number): number;
  median(v: number[]): number;
  rssMbOf(pid: number): number | null;
};
interface CallFigures {
  runs: number;
  addedMedianMs: number;
  addedMedianMsPerRun: number[];
  mcpMedianMs: number;
  directMedianMs: number;
  sequentialPerSec: number;
  rssMbAfterCalls: number | null;
  totalCallsServed: number;
}
const { checkParametersKept, measureCallsRepeated } = (await import(lib('bench-serve.mjs'))) as {
  checkParametersKept(table: unknown, listed: Map<string, unknown>): { bound: number; missing: string[] };
  measureCallsRepeated(o: { start: () => Rpc; tool: string; directUrl: string; calls: number; inFlight: number }, runs: number): Promise<CallFigures>;
};
const { startLoopback } = (await import(lib('loopback.mjs'))) as { startLoopback(): Promise<{ url: string; requests: number; close(): Promise<void> }> };
interface Rpc {
  child: { pid: number };
  initialize(): Promise<{ result: { protocolVersion: string } }>;
  request(method: string, params?: unknown): Promise<{ result: { tools: { name: string }[] }; bytes: number }>;
  close(): Promise<unknown>;
}
const { spawnRpc } = (await import(lib('stdio-rpc.mjs'))) as { spawnRpc(cmd: string, args: string[], o?: { env?: NodeJS.ProcessEnv }): Rpc };

describe('quantile (nearest rank)', () => {
  const cases: [string, { values: number[]; q: number; want: number }][] = [
    ['median of odd', { values: [5, 1, 3], q: 0.5, want: 3 }],
    ['median of even takes the lower middle', { values: [4, 1, 3, 2], q: 0.5, want: 2 }],
    ['p99 of 100 is the 99th', { values: Array.from({ length: 100 }, (_, i) => 100 - i), q: 0.99, want: 99 }],
    ['p100 is the maximum', { values: [2, 9, 4], q: 1, want: 9 }],
    ['p0 is the minimum', { values: [2, 9, 4], q: 0, want: 2 }],
  ];
  it.each(cases)('%s', (_n, { values, q, want }) => expect(quantile(values, q)).toBe(want));
  it('median of nothing is NaN, not 0', () => expect(median([])).toBeNaN());
});

describe('checkParametersKept', () => {
  const table = {
    tools: [
      { name: 'a', request: { params: [{ arg: 'id' }, { arg: 'q' }], body: { arg: 'body' } } },
      { name: 'b', request: { params: [] } },
    ],
  };
  it('counts every bound argument and names the ones the listing lost', () => {
    const listed = new Map<string, unknown>([
      ['a', { inputSchema: { properties: { id: {}, body: {} } } }],
      ['b', { inputSchema: { properties: {} } }],
    ]);
    expect(checkParametersKept(table, listed)).toEqual({ bound: 3, missing: ['a.q'] });
  });
});

const cli = join(packageRoot(), 'dist', 'cli.js');
describe.skipIf(!existsSync(cli))('spawnRpc against the built server (needs `npm run build`)', () => {
  it('pairs responses with requests, measures bytes and reads the RSS of the live process', async () => {
    const c = spawnRpc(process.execPath, [cli, 'mcp', 'serve', 'read', '--table', join(packageRoot(), 'generated')], {
      env: { PATH: process.env.PATH ?? '', HOME: packageRoot(), RUNOS_STATE_DIR: join(tmpdir(), 'runos-bench-test-state') },
    });
    try {
      const init = await c.initialize();
      expect(init.result.protocolVersion).toBe('2025-11-25');
      const [a, b] = await Promise.all([c.request('tools/list'), c.request('tools/list')]);
      expect(a.result.tools.length).toBeGreaterThan(0);
      expect(a.bytes).toBe(b.bytes);
      expect(a.bytes).toBeGreaterThan(JSON.stringify(a.result).length);
      const rss = rssMbOf(c.child.pid);
      if (process.platform === 'linux') expect(rss).toBeGreaterThan(10);
    } finally {
      await c.close();
    }
  });
});

describe.skipIf(!existsSync(cli))('measureCallsRepeated against the built server and the loopback endpoint', () => {
  it('measures each figure in fresh processes and reports the median of theirs', async () => {
    const loop = await startLoopback();
    const env = { PATH: process.env.PATH ?? '', HOME: packageRoot(), RUNOS_STATE_DIR: join(tmpdir(), 'runos-bench-test-state'), RUNOS_API_URL: loop.url, RUNOS_API_KEY: 'bench' };
    const pids = new Set<number>();
    const start = (): Rpc => {
      const c = spawnRpc(process.execPath, [cli, 'mcp', 'serve', 'read', '--table', join(packageRoot(), 'generated')], { env });
      pids.add(c.child.pid);
      return c;
    };
    try {
      const r = await measureCallsRepeated({ start, tool: 'list_clusters', directUrl: `${loop.url}/v1/clusters`, calls: 20, inFlight: 4 }, 3);
      expect(pids.size).toBe(3);
      expect(r.runs).toBe(3);
      expect(r.addedMedianMsPerRun).toHaveLength(3);
      expect(r.addedMedianMs).toBe(median(r.addedMedianMsPerRun));
      expect(r.mcpMedianMs).toBeGreaterThan(0);
      expect(r.sequentialPerSec).toBeGreaterThan(0);
      // Every call reached the endpoint: the warm-up, the interleaved series and the burst, in each process, plus the direct calls.
      expect(loop.requests).toBe(3 * (r.totalCallsServed + 50 + 20));
    } finally {
      await loop.close();
    }
  }, 60_000);
});

describe('the remote serving figures (bench-remote.mjs)', () => {
  const cli = join(packageRoot(), 'dist', 'cli.js');
  it.skipIf(!existsSync(cli))('measure the replica and the bare proxy on the same requests, both reaching the endpoint', async () => {
    const { measureRemote } = (await import(lib('bench-remote.mjs'))) as {
      measureRemote(o: Record<string, unknown>): Promise<Record<string, number | null>>;
    };
    const loop = await startLoopback();
    const home = mkdtempSync(join(tmpdir(), 'runos-bench-remote-'));
    const env = { PATH: process.env.PATH ?? '', HOME: home, RUNOS_CONFIG_DIR: join(home, 'config'), RUNOS_STATE_DIR: join(home, 'state') };
    try {
      const r = await measureRemote({ cli, table: join(packageRoot(), 'generated'), env, upstreamUrl: loop.url, tool: 'list_clusters', calls: 5, burst: 40, inFlight: 4, warmup: 5 });
      // 1 check + 5 warm-up rounds × 3 paths + 5 × 3 sequential + 40 × 3 in the bursts, each one request at the endpoint
      expect(loop.requests).toBe(1 + 15 + 15 + 120);
      for (const k of ['runosPerSec', 'proxyPerSec', 'directPerSec', 'throughputRatio', 'directMedianMs']) expect(r[k]).toBeGreaterThan(0);
      expect(r.throughputRatio).toBeCloseTo((r.runosPerSec as number) / (r.proxyPerSec as number), 10);
    } finally {
      await loop.close();
    }
  }, 60_000);
});
