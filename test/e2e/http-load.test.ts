// Scale-out, on loopback: three `serve --http` replicas behind a real nginx (Debian's package) running the
// very site config in deploy/nginx/ (rendered from the same template), 64 concurrent callers on the
// stateless 2026-07-28 era for a fixed number of calls, and one replica killed (SIGKILL) a third of the way
// through. Every answer is checked against the call that asked for it; a call is either answered right or
// seen by its caller as an error, and only calls in flight when the replica died may fail. Every answered
// call has its audit line, and the platform saw no call twice (nothing was replayed). Then a 2025-11-25
// session opened through nginx keeps working while round robin spreads its requests over the replicas.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the deploy folder (no types)
import { renderSite } from '../../deploy/nginx/render.mjs';
import { createToken, HAS_CLI, INITIALIZE, ROOT, isolatedEnv, mcpHeaders, modernCall, NO_CLI_MESSAGE, readAudit, startServe, startUpstream, type ServeProcess, type Upstream } from '../server/http/helpers.js';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
const CALLERS = 64;
const CALLS = 2000;
const KILL_AFTER = 700;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** Start nginx in the foreground on `port` with the deploy template in front of `replicas`. */
async function startNginx(dir: string, port: number, replicas: string[]): Promise<{ child: ChildProcess; stop(): Promise<void> }> {
  chmodSync(dir, 0o755); // workers may run as an unprivileged user and need to reach the temp paths
  writeFileSync(join(dir, 'site.conf'), renderSite({ listen: [`listen 127.0.0.1:${port};`], servers: replicas }));
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, t), { recursive: true, mode: 0o777 });
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t === 'body' ? 'client_body' : t}_temp_path ${join(dir, t)};`),
      `  include ${join(dir, 'site.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  execFileSync(NGINX!, ['-t', '-q', '-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')]);
  const child = spawn(NGINX!, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Ready when it answers its health route (a replica answers it).
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited;
    },
  };
}

type Outcome = { i: number; started: number; ended: number; ok: boolean; wrong?: string; error?: string };

describe.skipIf(!HAS_CLI || !NGINX)(
  `three replicas behind nginx (${!HAS_CLI ? NO_CLI_MESSAGE : !NGINX ? 'nginx is not installed: `apt-get install -y nginx-light` (.ci/run does)' : 'loopback'})`,
  () => {
    let upstream: Upstream;
    let env: Record<string, string>;
    let replicas: ServeProcess[];
    let nginx: { stop(): Promise<void> };
    let base: string;
    let tokens: string[];
    const dir = mkdtempSync(join(tmpdir(), 'runos-nginx-'));

    beforeAll(async () => {
      upstream = await startUpstream();
      env = isolatedEnv({ RUNOS_API_URL: upstream.url, RUNOS_API_KEY: 'platform-key', RUNOS_SESSION_SECRET: 'load-test-session-secret-0123456789abcdef' });
      // Four teams of 16 callers, each with its own token (the per-caller in-flight limit is 32).
      tokens = ['a', 'b', 'c', 'd'].map((n) => createToken(env, `team-${n}`, 'read'));
      replicas = await Promise.all([0, 1, 2].map(() => startServe(['--trust-proxy'], env, { timeoutMs: 30_000 })));
      const port = await freePort();
      nginx = await startNginx(dir, port, replicas.map((r) => new URL(r.url).host));
      base = `http://127.0.0.1:${port}`;
    }, 90_000);
    afterAll(async () => {
      await nginx?.stop();
      await Promise.all((replicas ?? []).map((r) => r.stop('SIGKILL')));
      await upstream?.close();
    });

    it(`${CALLS} calls from ${CALLERS} callers: zero wrong answers, a killed replica loses only its in-flight calls`, async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: CALLERS });
      const outcomes: Outcome[] = [];
      const inFlight = new Set<number>();
      let next = 0;
      let killedAt = Infinity;
      let goneAt = Infinity;
      let inFlightAtKill = new Set<number>();
      let victimGone: Promise<unknown> | undefined;

      const callOnce = async (i: number): Promise<Outcome> => {
        const { headers, body } = modernCall('get_cluster', { cluster: `c-${i}` }, tokens[i % tokens.length]);
        const started = performance.now();
        try {
          const res = await fetchWithAgent(`${base}/mcp/read`, { headers, body }, agent);
          const ended = performance.now();
          if (res.status !== 200) return { i, started, ended, ok: false, error: `HTTP ${res.status}` };
          const id = (JSON.parse(res.text) as { result?: { structuredContent?: { id?: string } } }).result?.structuredContent?.id;
          return id === `c-${i}` ? { i, started, ended, ok: true } : { i, started, ended, ok: false, wrong: String(id) };
        } catch (err) {
          return { i, started, ended: performance.now(), ok: false, error: (err as Error).message };
        }
      };
      const caller = async (): Promise<void> => {
        while (next < CALLS) {
          const i = next++;
          inFlight.add(i);
          const o = await callOnce(i);
          inFlight.delete(i);
          outcomes.push(o);
          if (outcomes.length === KILL_AFTER && killedAt === Infinity) {
            // Kill the replica that is not the first; record exactly which calls are unanswered right now.
            inFlightAtKill = new Set(inFlight);
            killedAt = performance.now();
            victimGone = replicas[1]!.stop('SIGKILL').then(() => (goneAt = performance.now()));
          }
        }
      };
      const t0 = performance.now();
      await Promise.all(Array.from({ length: CALLERS }, caller));
      const seconds = (performance.now() - t0) / 1000;
      await victimGone;
      agent.destroy();

      const failed = outcomes.filter((o) => !o.ok);
      const wrong = outcomes.filter((o) => o.wrong !== undefined);
      process.stderr.write(
        `load: ${CALLS} calls, ${CALLERS} callers, ${seconds.toFixed(1)} s (${(CALLS / seconds).toFixed(0)} calls/s through nginx); ` +
          `${inFlightAtKill.size} in flight at the kill, ${failed.length} failed (${[...new Set(failed.map((f) => f.error))].join(', ')}), ` +
          `${failed.filter((f) => !inFlightAtKill.has(f.i)).length} of them sent between the kill and the replica's exit (${(goneAt - killedAt).toFixed(0)} ms)\n`,
      );
      expect(outcomes).toHaveLength(CALLS); // no call vanished: each was answered or failed visibly
      expect(new Set(outcomes.map((o) => o.i)).size).toBe(CALLS);
      expect(wrong).toEqual([]);
      expect(goneAt).toBeLessThan(Infinity);
      // Only calls in flight while the replica died may fail: sent before its exit was seen, unanswered when
      // the kill was sent. Every one of them failed loudly (HTTP 502 from nginx), and every call sent after
      // the replica was gone went to the others and was answered.
      expect(failed.filter((f) => !(f.started < goneAt && f.ended > killedAt))).toEqual([]);
      expect(failed.filter((f) => f.error !== 'HTTP 502')).toEqual([]);
      expect(outcomes.filter((o) => o.started > goneAt && !o.ok)).toEqual([]);

      // Every answered call is on the audit log (written before its answer left the replica), exactly once;
      // and the platform never saw a call twice: nothing was replayed on another replica.
      const audited = new Map<string, number>();
      for (const e of readAudit(env)) if (e.tool === 'get_cluster') audited.set(e.path, (audited.get(e.path) ?? 0) + 1);
      const answered = outcomes.filter((o) => o.ok);
      expect(answered.filter((o) => audited.get(`/v1/clusters/c-${o.i}`) !== 1).map((o) => o.i)).toEqual([]);
      const seen = new Map<string, number>();
      for (const r of upstream.requests) seen.set(r.url, (seen.get(r.url) ?? 0) + 1);
      expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
      // The audit log has the caller and the client address nginx passed on (--trust-proxy).
      expect(readAudit(env).find((e) => e.path === `/v1/clusters/c-${answered[0]!.i}`)).toMatchObject({ caller: expect.stringMatching(/^token:team-/), address: '127.0.0.1' });
    }, 120_000);

    it('a 2025-11-25 session opened through nginx keeps working while round robin spreads it over the replicas', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 4 });
      const init = await fetchWithAgent(`${base}/mcp/read`, { headers: mcpHeaders(tokens[0]), body: INITIALIZE }, agent);
      expect(init.status).toBe(200);
      const sid = init.headers['mcp-session-id'] as string;
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          fetchWithAgent(`${base}/mcp/read`, {
            headers: mcpHeaders(tokens[0], { 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' }),
            body: JSON.stringify({ jsonrpc: '2.0', id: i + 2, method: 'tools/call', params: { name: 'get_cluster', arguments: { cluster: `s-${i}` } } }),
          }, agent),
        ),
      );
      agent.destroy();
      expect(results.map((r) => r.status)).toEqual(Array(12).fill(200));
      expect(results.map((r) => JSON.parse(r.text).result.structuredContent.id)).toEqual(Array.from({ length: 12 }, (_, i) => `s-${i}`));
    });
  },
);

/** One POST through a keep-alive agent (fetch has no agent option on Node 20). */
async function fetchWithAgent(url: string, o: { headers: Record<string, string>; body: string }, agent: Agent): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: o.headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

// Keep the committed example in step with the template the test runs.
describe('deploy/nginx/runos.conf', () => {
  it('is the template rendered with the example settings', async () => {
    // @ts-expect-error: a plain .mjs module of the deploy folder (no types)
    const { EXAMPLE } = await import('../../deploy/nginx/render.mjs');
    expect(readFileSync(join(ROOT, 'deploy', 'nginx', 'runos.conf'), 'utf8')).toBe(renderSite(EXAMPLE));
  });
});
