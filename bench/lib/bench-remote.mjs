// Remote serving figures: `runos mcp serve --http` (one replica) beside a bare node:http proxy, both in
// front of the same loopback endpoint, both fed the very same request bytes (a 2026-07-28 stateless
// tools/call POST) by the same keep-alive client. Per path: sequential latency (interleaved with direct
// calls to the endpoint, so all three see the same machine at the same moments), then calls per second with
// `inFlight` callers, then the server's CPU time per call. Added latency is over the direct call.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { median, quantile, rssMbOf } from './measure.mjs';

const BARE_PROXY = fileURLToPath(new URL('./bare-proxy.mjs', import.meta.url));

/** Spawn a server that prints `listening on <url>` on stderr; resolves with its url and process. */
function spawnListening(args, env) {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (d) => {
      err += d;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve({ url: m[1], child });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before listening:\n${err}`)));
  });
}

/** CPU milliseconds (user + system) a live process has used (Linux /proc; null elsewhere). */
function cpuMsOf(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

/** The request every path gets: a complete stateless tools/call, with a bearer token. */
function buildCall(tool, token) {
  return {
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${token}`,
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': tool,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: tool, arguments: {}, _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'runos-bench', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} } },
    }),
  };
}

function post(url, call, agent) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: call.headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`${url}: HTTP ${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 200)}`))));
    });
    req.on('error', reject);
    req.end(call.body);
  });
}

/**
 * One run: fresh replica and proxy processes, `calls` sequential calls per path (interleaved), then
 * `burst` calls with `inFlight` callers on each path in turn.
 * @param {{ cli: string; table: string; env: NodeJS.ProcessEnv; upstreamUrl: string; tool: string; calls: number; burst: number; inFlight: number; warmup?: number }} o
 */
export async function measureRemote(o) {
  const token = execFileSync(process.execPath, [o.cli, 'mcp', 'token', 'create', '--name', `bench-${process.hrtime.bigint()}`, '--tiers', 'read'], { env: o.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const replica = await spawnListening([o.cli, 'mcp', 'serve', '--http', '--port', '0', '--table', o.table, '--max-in-flight', String(o.inFlight * 2)], { ...o.env, RUNOS_API_URL: o.upstreamUrl, RUNOS_API_KEY: 'bench' });
  const proxy = await spawnListening([BARE_PROXY, o.upstreamUrl], o.env);
  const agent = new Agent({ keepAlive: true, maxSockets: o.inFlight });
  const call = buildCall(o.tool, token);
  const paths = { direct: `${o.upstreamUrl}/mcp/read`, proxy: `${proxy.url}/mcp/read`, runos: `${replica.url}/mcp/read` };
  try {
    const first = JSON.parse((await post(paths.runos, call, agent)).toString());
    if (!first.result || first.result.isError) throw new Error(`${o.tool} over HTTP failed: ${JSON.stringify(first).slice(0, 300)}`);
    for (let i = 0; i < (o.warmup ?? 100); i++) for (const url of Object.values(paths)) await post(url, call, agent);
    const lat = { direct: [], proxy: [], runos: [] };
    for (let i = 0; i < o.calls; i++) {
      for (const [name, url] of Object.entries(paths)) {
        const t0 = performance.now();
        await post(url, call, agent);
        lat[name].push(performance.now() - t0);
      }
    }
    const rate = {};
    const cpuPerCall = {};
    for (const [name, url] of Object.entries(paths)) {
      const pid = name === 'runos' ? replica.child.pid : name === 'proxy' ? proxy.child.pid : undefined;
      const cpu0 = pid ? cpuMsOf(pid) : null;
      let next = 0;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: o.inFlight }, async () => {
        while (next++ < o.burst) await post(url, call, agent);
      }));
      rate[name] = o.burst / ((performance.now() - t0) / 1000);
      const cpu1 = pid ? cpuMsOf(pid) : null;
      cpuPerCall[name] = cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) / o.burst;
    }
    const stat = (xs) => ({ median: median(xs), p99: quantile(xs, 0.99) });
    const d = stat(lat.direct);
    const p = stat(lat.proxy);
    const r = stat(lat.runos);
    return {
      directMedianMs: d.median,
      directP99Ms: d.p99,
      proxyAddedMedianMs: p.median - d.median,
      proxyAddedP99Ms: p.p99 - d.p99,
      runosAddedMedianMs: r.median - d.median,
      runosAddedP99Ms: r.p99 - d.p99,
      directPerSec: rate.direct,
      proxyPerSec: rate.proxy,
      runosPerSec: rate.runos,
      throughputRatio: rate.runos / rate.proxy,
      proxyCpuMsPerCall: cpuPerCall.proxy,
      runosCpuMsPerCall: cpuPerCall.runos,
      runosRssMb: rssMbOf(replica.child.pid),
    };
  } finally {
    agent.destroy();
    for (const c of [replica.child, proxy.child]) c.kill('SIGTERM');
    await Promise.all([replica.child, proxy.child].map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
  }
}

/**
 * `measureRemote` in `runs` fresh sets of processes, one after the other; each figure is the median of
 * the per-run figures (the ratio too: it is computed within a run, where both paths saw the same machine).
 */
export async function measureRemoteRepeated(o, runs) {
  const each = [];
  for (let i = 0; i < runs; i++) each.push(await measureRemote(o));
  const mid = (key) => (each.some((r) => r[key] === null) ? null : median(each.map((r) => r[key])));
  const keys = Object.keys(each[0]);
  return { runs, calls: o.calls, burst: o.burst, inFlight: o.inFlight, tool: o.tool, ...Object.fromEntries(keys.map((k) => [k, mid(k)])), throughputRatioPerRun: each.map((r) => r.throughputRatio) };
}
