// A minimal newline-delimited JSON-RPC client for stdio MCP servers. The bench and the conformance run
// use it instead of the SDK client so that (a) the client's own cost stays out of the measured figures and
// is the same for every server, and (b) a peer whose tools/list the SDK client rejects (bare top-level
// `oneOf` schemas, REFERENCE.md "What peers get wrong") can still be measured byte for byte.
import { spawn } from 'node:child_process';

/** The protocol revision most clients in the field speak (REFERENCE.md, MCP protocol and SDK). */
export const PROTOCOL_VERSION = '2025-11-25';

/**
 * Spawn a stdio MCP server and return a client for it.
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv; cwd?: string }} [opts]
 */
export function spawnRpc(command, args, opts = {}) {
  const startedAt = performance.now();
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env, cwd: opts.cwd });
  /** @type {Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; method: string }>} */
  const pending = new Map();
  let nextId = 1;
  let buf = '';
  let stderr = '';
  let exited = null;
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    // keep only the tail: a chatty server must not grow the bench's memory
    stderr = (stderr + d).slice(-8000);
  });
  child.stdout.on('data', (chunk) => {
    buf += chunk;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!line.trim()) continue;
      let msg;
      try {
        msg = JSON.parse(line);
      } catch {
        failAll(new Error(`server wrote a non-JSON line to stdout: ${line.slice(0, 200)}`));
        continue;
      }
      const waiter = msg.id !== undefined ? pending.get(msg.id) : undefined;
      if (!waiter) continue; // notifications and server-to-client requests are not needed here
      pending.delete(msg.id);
      if (msg.error) waiter.reject(Object.assign(new Error(`${waiter.method}: ${msg.error.message}`), { rpc: msg.error }));
      else waiter.resolve({ result: msg.result, bytes: Buffer.byteLength(line), at: performance.now() });
    }
  });
  const failAll = (err) => {
    for (const w of pending.values()) w.reject(err);
    pending.clear();
  };
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    failAll(new Error(`server exited (${signal ?? code}) before answering; stderr:\n${stderr}`));
  });
  child.on('error', (err) => failAll(err));

  const send = (msg) => child.stdin.write(JSON.stringify(msg) + '\n');
  return {
    child,
    startedAt,
    get stderr() {
      return stderr;
    },
    /** Send a request; resolves with the result, the response line's byte length and the arrival time. */
    request(method, params) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, method });
        send({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
      });
    },
    notify(method, params) {
      send({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) });
    },
    /** initialize + notifications/initialized, the 2025-11-25 handshake. */
    async initialize() {
      const r = await this.request('initialize', {
        protocolVersion: PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: 'runos-bench', version: '1' },
      });
      this.notify('notifications/initialized');
      return r;
    },
    /** Close stdin (the polite stdio shutdown), then kill after a grace period. */
    async close() {
      if (exited) return exited;
      const done = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      const r = await done;
      clearTimeout(timer);
      return r;
    },
  };
}
