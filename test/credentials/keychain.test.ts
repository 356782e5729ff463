import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeHome, requireBuiltCli, runCli } from './run-cli.js';

// These tests reach the OS keychain through a session bus the test itself starts, so they never touch
// the developer's own keychain: a private dbus-daemon (a real, empty session), and a bus that accepts
// connections but never answers (a frozen desktop session). Either way login must fall back to the file.

const KEY = 'runos_sk_Yb3kP8wQ2mN7vC4x';
const hasDbus = spawnSync('dbus-daemon', ['--version'], { stdio: 'ignore' }).status === 0;
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
beforeAll(requireBuiltCli);

/** Start a private session bus; resolves its address. Killed after the test by its pid. */
function startSessionBus(): Promise<string> {
  return new Promise((resolve, reject) => {
    const bus: ChildProcess = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
    cleanups.push(() => bus.kill());
    let out = '';
    bus.on('error', reject);
    bus.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) resolve(out.trim());
    });
  });
}

describe.skipIf(!hasDbus)('a real session bus (needs dbus-daemon)', () => {
  it('login uses the Secret Service when one answers, else says why it fell back to the file', async () => {
    const { env } = await makeHome();
    const busEnv = { ...env, DBUS_SESSION_BUS_ADDRESS: await startSessionBus() };
    const login = await runCli(['login', '--no-verify', '--url', 'https://api.example'], busEnv, KEY);
    expect(login.code, login.stderr).toBe(0);
    if (login.stdout.includes('in the OS keychain')) {
      // A Secret Service was activatable on this private bus: the keychain path end to end.
      const who = await runCli(['whoami'], busEnv);
      expect(who.stdout).toMatch(/^key source +keychain \(service "runos", account "default"\)$/m);
      expect((await runCli(['logout'], busEnv)).stdout).toContain('from the OS keychain');
      expect((await runCli(['whoami'], busEnv)).code).toBe(1);
      return;
    }
    // No Secret Service on this bus: the probe fails with the bus's own answer (not our timeout) and says so.
    expect(login.stdout).toMatch(/in .+credentials\.json \(mode 0600\): no OS keychain \(.+\)\./);
    expect(login.stdout).not.toMatch(/no answer from the OS keychain|RUNOS_KEYRING/);
    const who = await runCli(['whoami'], busEnv);
    expect(who.stdout).toMatch(/^key source +file /m);
  });
});

describe('a session bus that never answers', () => {
  it('login and whoami fall back to the file after the keychain timeout, instead of hanging', async () => {
    const { env } = await makeHome();
    const socket = join(await mkdtemp(join(tmpdir(), 'runos-bus-')), 'bus.sock');
    const held: Socket[] = [];
    const server: Server = createServer((c) => void held.push(c.on('data', () => {})));
    await new Promise<void>((r) => server.listen(socket, r));
    cleanups.push(() => (held.forEach((c) => c.destroy()), server.close()));
    const busEnv = { ...env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${socket}` };

    const started = Date.now();
    const login = await runCli(['login', '--no-verify'], busEnv, KEY);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain(
      `Stored the API key for profile "default" in ${join(env.RUNOS_CONFIG_DIR!, 'credentials.json')} (mode 0600): no OS keychain (no answer from the OS keychain within 3 s).`,
    );
    const who = await runCli(['whoami'], busEnv);
    expect(who.code).toBe(0);
    expect(who.stderr).toContain('(no OS keychain: no answer from the OS keychain within 3 s)');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(login.stdout + who.stdout + who.stderr).not.toContain(KEY);
  }, 30_000);
});
