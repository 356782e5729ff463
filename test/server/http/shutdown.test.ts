// Graceful SIGTERM on the real process: a call in flight finishes and is answered, its audit line is on
// disk, new connections are refused, and the process exits 0 saying nothing was left unanswered.
import { describe, expect, it } from 'vitest';
import { createToken, HAS_CLI, isolatedEnv, modernCall, NO_CLI_MESSAGE, rawRequest, readAudit, startServe, startUpstream } from './helpers.js';

const until = async (check: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.skipIf(!HAS_CLI)(`serve --http on SIGTERM (${HAS_CLI ? 'built CLI' : NO_CLI_MESSAGE})`, () => {
  it('finishes in-flight calls, flushes their audit lines, refuses new requests, exits 0', async () => {
    const upstream = await startUpstream();
    const env = isolatedEnv({ RUNOS_API_URL: upstream.url, RUNOS_API_KEY: 'k' });
    const token = createToken(env, 'ops', 'read');
    const serve = await startServe([], env);
    try {
      const slow = Promise.all([1, 2].map((i) => rawRequest(`${serve.url}/mcp/read`, modernCall('get_cluster', { cluster: `slow-${1200 + i}` }, token))));
      await until(() => upstream.requests.length === 2); // both calls are inside the server, waiting on the platform
      const exited = serve.stop('SIGTERM');
      await until(() => serve.stderr().includes('SIGTERM: refusing new requests'));
      await expect(rawRequest(`${serve.url}/mcp/read`, modernCall('get_cluster', { cluster: 'late' }, token))).rejects.toThrow(/ECONNREFUSED/);

      const answers = await slow;
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      expect(answers.map((r) => JSON.parse(r.text).result.structuredContent.id)).toEqual(['slow-1201', 'slow-1202']);
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(serve.stderr()).toContain('stopped: every request answered, audit log flushed');
      const lines = readAudit(env).filter((e) => e.tool === 'get_cluster');
      expect(lines.map((e) => e.path).sort()).toEqual(['/v1/clusters/slow-1201', '/v1/clusters/slow-1202']);
      expect(upstream.requests.map((r) => r.url)).not.toContain('/v1/clusters/late');
    } finally {
      await serve.stop('SIGKILL');
      await upstream.close();
    }
  });
});
