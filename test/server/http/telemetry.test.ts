// OTLP export against a loopback collector: one SERVER span per tool call with the MCP semantic-convention
// attributes and the mcp.server.operation.duration histogram; and with no endpoint, not one OpenTelemetry
// module is loaded (checked from inside the real process at exit).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createToken, HAS_CLI, isolatedEnv, modernCall, NO_CLI_MESSAGE, rawRequest, startServe, startUpstream } from './helpers.js';

type Attr = { key: string; value: Record<string, unknown> };
const attrs = (list: Attr[]): Record<string, unknown> => Object.fromEntries(list.map((a) => [a.key, Object.values(a.value)[0]]));

async function startCollector(): Promise<{ url: string; posts: { path: string; body: any }[]; close(): Promise<void> }> {
  const posts: { path: string; body: any }[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (d: string) => (text += d));
    req.on('end', () => {
      posts.push({ path: req.url ?? '', body: JSON.parse(text) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posts, close: () => new Promise((r) => server.close(() => r())) };
}

describe.skipIf(!HAS_CLI)(`OpenTelemetry export (${HAS_CLI ? 'built CLI' : NO_CLI_MESSAGE})`, () => {
  it('exports a span per tool call and the duration histogram to the OTLP endpoint', async () => {
    const [collector, upstream] = await Promise.all([startCollector(), startUpstream()]);
    const env = isolatedEnv({ RUNOS_API_URL: upstream.url, RUNOS_API_KEY: 'k' });
    const token = createToken(env, 'ops', 'read');
    const serve = await startServe(['--otlp-endpoint', collector.url], env);
    try {
      const res = await rawRequest(`${serve.url}/mcp/read`, modernCall('get_cluster', { cluster: 'otel' }, token));
      expect(res.status).toBe(200);
      expect(await serve.stop('SIGTERM')).toMatchObject({ code: 0 }); // shutdown exports what is buffered
    } finally {
      await serve.stop('SIGKILL');
      await Promise.all([collector.close(), upstream.close()]);
    }
    const spans = collector.posts.filter((p) => p.path === '/v1/traces').flatMap((p) => p.body.resourceSpans.flatMap((r: any) => r.scopeSpans.flatMap((s: any) => s.spans)));
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ name: 'tools/call get_cluster', kind: 2 });
    expect(attrs(spans[0].attributes)).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'get_cluster',
      'runos.tier': 'read',
      'network.transport': 'tcp',
      'network.protocol.name': 'http',
      'client.address': '127.0.0.1',
      'user.id': 'token:ops',
    });
    const metrics = collector.posts.filter((p) => p.path === '/v1/metrics').flatMap((p) => p.body.resourceMetrics.flatMap((r: any) => r.scopeMetrics.flatMap((s: any) => s.metrics)));
    const duration = metrics.find((m: any) => m.name === 'mcp.server.operation.duration');
    expect(duration).toMatchObject({ unit: 's' });
    expect(Number(duration.histogram.dataPoints[0].count)).toBe(1);
    expect(attrs(duration.histogram.dataPoints[0].attributes)).toMatchObject({ 'gen_ai.tool.name': 'get_cluster', 'mcp.method.name': 'tools/call' });
    expect(attrs(duration.histogram.dataPoints[0].attributes)).not.toHaveProperty('user.id'); // no per-caller cardinality on the metric
  });

  it('off by default: without an endpoint the server loads no OpenTelemetry module', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runos-otel-off-'));
    const probe = join(dir, 'probe.mjs');
    const report = join(dir, 'loaded.json');
    // Runs inside the server process: at exit, list every loaded module file under @opentelemetry.
    writeFileSync(probe, `import { createRequire } from 'node:module'; import { writeFileSync } from 'node:fs';
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => writeFileSync(${JSON.stringify(report)}, JSON.stringify(Object.keys(cache).filter((k) => k.includes('@opentelemetry')))));\n`);
    const [upstream, collector] = await Promise.all([startUpstream(), startCollector()]);
    const env = isolatedEnv({ RUNOS_API_URL: upstream.url, RUNOS_API_KEY: 'k', NODE_OPTIONS: `--import=${probe}` });
    const token = createToken({ ...env, NODE_OPTIONS: '' }, 'ops', 'read');
    for (const args of [[], ['--otlp-endpoint', collector.url]]) {
      const serve = await startServe(args, env);
      await rawRequest(`${serve.url}/mcp/read`, modernCall('get_cluster', { cluster: 'x' }, token));
      await serve.stop('SIGTERM');
      const loaded = JSON.parse(readFileSync(report, 'utf8')) as string[];
      // The probe itself is proven able to see OpenTelemetry: with an endpoint it does.
      if (args.length) expect(loaded.length).toBeGreaterThan(0);
      else expect(loaded).toEqual([]);
    }
    await Promise.all([upstream.close(), collector.close()]);
  });
});
