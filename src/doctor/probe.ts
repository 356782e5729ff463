import { spawn } from 'node:child_process';

/** What starting one configured server showed. */
export interface ProbeResult {
  started: boolean;
  /** Names from tools/list. */
  tools: string[];
  /** The cheap read's outcome, when one was asked for. */
  call?: { ok: boolean; text: string };
  /** Why the server did not start or answer (its stderr's last line, or the protocol error). */
  problem?: string;
  ms: number;
}

/** How a client would start a server: exactly this command, arguments and environment. */
export interface Launch {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Start a configured server the way its client would, speak just enough MCP over stdio (initialize,
 * tools/list, optionally one tools/call) to see it work, then end it. A minimal client on purpose: the
 * SDK's client is a development dependency, and doctor needs four requests. Bounded by `timeoutMs`.
 */
export function probeServer(launch: Launch, opts: { call?: { name: string; arguments: Record<string, unknown> }; timeoutMs?: number } = {}): Promise<ProbeResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(launch.command, launch.args, { env: launch.env, cwd: launch.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (err) {
      resolve({ started: false, tools: [], problem: (err as Error).message, ms: 0 });
      return;
    }
    let stderr = '';
    let buffer = '';
    let tools: string[] = [];
    let done = false;
    const finish = (r: Omit<ProbeResult, 'ms' | 'tools'> & { tools?: string[] }): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.stdin?.end();
      child.kill();
      resolve({ tools, ...r, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish({ started: tools.length > 0, problem: `no answer within ${Math.round((opts.timeoutMs ?? 20_000) / 1000)} s` }), opts.timeoutMs ?? 20_000);
    const send = (msg: Record<string, unknown>): void => void child.stdin?.write(JSON.stringify({ jsonrpc: '2.0', ...msg }) + '\n');
    child.on('error', (err) => finish({ started: false, problem: err.message }));
    child.on('exit', (code) => finish({ started: false, problem: `exited (code ${code}) before answering${stderr.trim() ? `: ${stderr.trim().split('\n').pop()}` : ''}` }));
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-4000)));
    child.stdout?.on('data', (d: Buffer) => {
      buffer += d.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        let msg: { id?: number; result?: Record<string, any>; error?: { message?: string } };
        try {
          msg = JSON.parse(line);
        } catch {
          finish({ started: false, problem: `wrote something other than JSON-RPC on stdout: ${line.slice(0, 80)}` });
          return;
        }
        if (msg.error) return finish({ started: true, problem: `error ${msg.error.message ?? ''}` });
        if (msg.id === 1) {
          send({ method: 'notifications/initialized' });
          send({ id: 2, method: 'tools/list', params: {} });
        } else if (msg.id === 2) {
          tools = ((msg.result?.tools ?? []) as { name: string }[]).map((t) => t.name);
          if (!opts.call) return finish({ started: true });
          send({ id: 3, method: 'tools/call', params: opts.call });
        } else if (msg.id === 3) {
          const text = ((msg.result?.content ?? []) as { text?: string }[]).map((c) => c.text ?? '').join('\n');
          return finish({ started: true, call: { ok: msg.result?.isError !== true, text } });
        }
      }
    });
    send({ id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'runos-doctor', version: '1' } } });
  });
}
