// Start Stoplight Prism (`prism mock`) on 127.0.0.1 as an independent validator of requests.
// Prism answers a request that violates the document with a 4xx and an `sl-violations` response header
// (a JSON array of { location: ['request', 'query'|'header'|'path'|'body', …], severity, code, message });
// an unknown path or method is a 404/405 problem+json (NO_PATH_MATCHED_ERROR / NO_METHOD_MATCHED_ERROR).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './specs.mjs';

/** A free TCP port on 127.0.0.1 (bind to 0, read, release). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Start `prism mock <spec>`; resolves once Prism says it is listening.
 * Prism ignores `servers`/`basePath` when routing a mock (it matches the bare path), so callers strip the
 * document's base path before forwarding (see recording-proxy.mjs).
 * @param {string} spec
 * @param {{ timeoutMs?: number }} [opts]
 */
export async function startPrism(spec, opts = {}) {
  const port = await freePort();
  const bin = join(REPO_ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');
  // -v error: Prism's info log is one line per validation step; at 100s of calls it costs real time
  const child = spawn(process.execPath, [bin, 'mock', spec, '-h', '127.0.0.1', '-p', String(port), '-v', 'error', '--seed', '1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const onData = (d) => {
    log = (log + d).slice(-20000);
  };
  child.stdout.setEncoding('utf8').on('data', onData);
  child.stderr.setEncoding('utf8').on('data', onData);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  // Poll the port rather than parse Prism's log: -v error hides the "listening" line.
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prism exited (${child.exitCode}) on ${spec}:\n${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`prism did not listen within ${opts.timeoutMs ?? 90_000} ms on ${spec}:\n${log}`);
    }
    try {
      await fetch(url + '/__runos_probe__', { signal: AbortSignal.timeout(1000) });
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  return {
    url,
    get log() {
      return log;
    },
    /** Whether Prism has died (it can crash on a request; every later request then fails). */
    get exited() {
      return child.exitCode !== null || child.signalCode !== null;
    },
    async close() {
      if (child.exitCode !== null) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await done;
      clearTimeout(t);
    },
  };
}
