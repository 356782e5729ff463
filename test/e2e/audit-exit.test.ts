// The audit log keeps every call when the built server is stopped right after answering: by SIGTERM or
// SIGINT (how MCP clients end a server that does not exit on its own), or by the client closing stdin.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultServer, startFaultServer } from '../server/fault-server.js';
import { CLI, HAS_CLI, isolatedEnv, NO_CLI_MESSAGE, runosTableDir } from './helpers.js';

interface Served {
  child: ChildProcessWithoutNullStreams;
  log: string;
  /** Resolves once every one of `ids` has an answer on stdout; `then` runs synchronously on that chunk. */
  answered(ids: number[], then?: () => void): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  send(message: object): void;
}

/** Start `runos mcp serve read` and open a 2025-11-25 session with raw JSON-RPC lines. */
function serve(env: Record<string, string>): Served {
  const log = join(env.HOME!, 'audit.jsonl');
  const child = spawn(process.execPath, [CLI, 'mcp', 'serve', 'read', '--table', runosTableDir()], { env: { ...env, RUNOS_AUDIT_LOG: log }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (d) => {
    stdout += d;
    for (const w of [...waiters]) w();
  });
  child.stderr.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const send = (m: object): void => void child.stdin.write(`${JSON.stringify(m)}\n`);
  send({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  const answered = (ids: number[], then?: () => void): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        const seen = new Set(stdout.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id?: number }).id));
        if (!ids.every((id) => seen.has(id))) return;
        waiters.splice(waiters.indexOf(check), 1);
        then?.();
        resolve();
      };
      waiters.push(check);
      check();
    });
  return { child, log, answered, exited, send };
}

const auditLines = (log: string): { tool: string; path: string; status: number | null; error?: string }[] =>
  existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];

const calls = (s: Served, from: number, n: number, args: Record<string, unknown> = {}): number[] => {
  const ids = Array.from({ length: n }, (_, i) => from + i);
  for (const id of ids) s.send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'get_service', arguments: { service: `svc-${id}`, ...args } } });
  return ids;
};

describe.skipIf(!HAS_CLI)(`audit lines when the server is stopped (${HAS_CLI ? 'built CLI' : NO_CLI_MESSAGE})`, () => {
  let platform: FaultServer;
  beforeAll(async () => {
    platform = await startFaultServer();
  });
  afterAll(() => platform?.close());

  const env = (): Record<string, string> => isolatedEnv({ RUNOS_API_URL: platform.url, RUNOS_API_KEY: 'k-audit' });

  // The signal goes out in the same turn as the last answer arrives: before the fix most lines were lost.
  it.each(['SIGTERM', 'SIGINT'] as const)('%s right after the answers: every call has its line', async (signal) => {
    for (let round = 0; round < 4; round++) {
      const s = serve(env());
      const ids = calls(s, 1, 1 + round * 3);
      await s.answered(ids, () => s.child.kill(signal));
      const { code } = await s.exited;
      const lines = auditLines(s.log);
      expect(lines.map((l) => l.path).sort(), `round ${round}`).toEqual(ids.map((id) => `/v1/services/svc-${id}`).sort());
      expect(lines.every((l) => l.status === 200)).toBe(true);
      // Ended as the signal asks (exit status 128 + signal number, what a shell reports for it).
      expect(code).toBe(signal === 'SIGTERM' ? 143 : 130);
    }
  });

  it('stdin closed right after the answers: every call has its line, exit 0', async () => {
    const s = serve(env());
    const ids = calls(s, 1, 10);
    await s.answered(ids, () => s.child.stdin.end());
    expect(await s.exited).toEqual({ code: 0, signal: null });
    expect(auditLines(s.log)).toHaveLength(10);
  });

  it('a call still waiting for the platform when SIGTERM comes gets a line saying it was interrupted', async () => {
    const s = serve(env());
    await s.answered(calls(s, 1, 1));
    const before = platform.requests.length;
    s.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_service', arguments: { service: 'slow' } } });
    // Signal once the platform has the request (the fault server answers /slow after 5 s).
    for (let i = 0; i < 500 && platform.requests.length === before; i++) await new Promise((r) => setTimeout(r, 10));
    s.child.kill('SIGTERM');
    await s.exited;
    const lines = auditLines(s.log);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ tool: 'get_service', path: '/v1/services/slow', status: null, error: expect.stringMatching(/interrupted.*SIGTERM/) });
  });
});
