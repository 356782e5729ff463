import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/core/paths.js';

const cli = join(packageRoot(), 'dist', 'cli.js');
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function start(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [cli, 'sandbox', ...args], { stdio: 'pipe' });
  children.push(child);
  return child;
}

function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no first line within 10 s; stdout so far: ${out}`)), 10_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (c: string) => {
      out += c;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, nl));
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing a line`)));
  });
}

const exited = (child: ChildProcessWithoutNullStreams) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

describe.skipIf(!existsSync(cli))('runos sandbox (built CLI; run `npm run build` first)', () => {
  it('prints RUNOS_API_URL=… RUNOS_API_KEY=… as its first stdout line, serves with that key, stops on SIGTERM', async () => {
    const child = start(['--key', 'runos_sk_testkey_0123456789']);
    const stderr: string[] = [];
    child.stderr.on('data', (c: Buffer) => stderr.push(c.toString()));
    const line = await firstLine(child);
    const m = /^RUNOS_API_URL=(http:\/\/127\.0\.0\.1:\d+) RUNOS_API_KEY=(\S+)$/.exec(line);
    expect(m, line).not.toBeNull();
    expect(m![2]).toBe('runos_sk_testkey_0123456789');
    const res = await fetch(`${m![1]}/v1/services?cluster=prod`, { headers: { authorization: `Bearer ${m![2]}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).items.length).toBeGreaterThan(0);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(stderr.join('')).toContain('runos sandbox:');
  });

  it('generates a key when none is given', async () => {
    const line = await firstLine(start([]));
    expect(line).toMatch(/ RUNOS_API_KEY=runos_sk_[A-Za-z0-9]{40}$/);
  });

  it.each([
    ['a short key', ['--key', 'short'], /--key must be at least 8 characters/],
    ['a port out of range', ['--port', '70000'], /--port must be a port number/],
  ])('%s is a plain usage error, exit non-zero', async (_name, args, message) => {
    const child = start(args);
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    expect(await exited(child)).not.toBe(0);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('a port in use is a plain one-sentence error, exit non-zero', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const child = start(['--port', String(port)]);
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      expect(await exited(child)).not.toBe(0);
      expect(err).toContain(`port ${port} is in use`);
      expect(err).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });
});

describe('import boundary', () => {
  it('the sandbox imports only core and libraries, never the OpenAPI machinery or the server', () => {
    const root = join(packageRoot(), 'src', 'sandbox');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const imports = [...readFileSync(join(root, f), 'utf8').matchAll(/from '([^']+)'/g)].map((x) => x[1]!);
      for (const spec of imports) expect(spec, `${f} imports ${spec}`).not.toMatch(/\/(manifest|codegen|server|clients|credentials)\//);
    }
  });
});
