import { spawnSync } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, makeHome, requireBuiltCli, runCli, type CliRun } from './run-cli.js';

const KEY = 'rk_live_7Hq2ZxP9vLm4Ns8Tb1Wc6Yd3';
const LAST4 = KEY.slice(-4);

/** Every file under a folder, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

/** The key must appear nowhere but in the credentials store: not in output, not in any other file. */
async function expectKeyOnlyInStore(home: string, runs: CliRun[], store: string | undefined): Promise<void> {
  for (const r of runs) {
    expect(r.stdout).not.toContain(KEY);
    expect(r.stderr).not.toContain(KEY);
  }
  for (const f of await filesUnder(home)) {
    if (f === store) continue;
    expect(await readFile(f, 'utf8'), f).not.toContain(KEY);
  }
}

const mode = async (p: string): Promise<number> => (await stat(p)).mode & 0o777;

beforeAll(requireBuiltCli);

// RUNOS_KEYRING=off in these tests: on a developer machine with a keychain the tests would otherwise
// store keys in the developer's real keychain. The automatic fallback is tested separately below.
describe('login, whoami, logout through the built CLI (file store)', () => {
  it('stores the URL and key (0600), whoami shows the source and a masked key, logout keeps the URL', async () => {
    const { home, env: base } = await makeHome();
    const env: NodeJS.ProcessEnv = { ...base, RUNOS_KEYRING: 'off' };
    const login = await runCli(['login', '--no-verify', '--url', 'http://127.0.0.1:4010/'], env, `${KEY}\n`);
    expect(login.code, login.stderr).toBe(0);
    const store = join(env.RUNOS_CONFIG_DIR!, 'credentials.json');
    const profiles = join(env.RUNOS_CONFIG_DIR!, 'profiles.json');
    expect(login.stdout).toContain(`Stored the API key for profile "default" in ${store} (mode 0600): no OS keychain (RUNOS_KEYRING=off).`);
    expect(await mode(store)).toBe(0o600);
    expect(await mode(profiles)).toBe(0o600);
    expect(await mode(env.RUNOS_CONFIG_DIR!)).toBe(0o700);
    expect(JSON.parse(await readFile(profiles, 'utf8'))).toEqual({ default: { url: 'http://127.0.0.1:4010' } });

    const who = await runCli(['whoami'], env);
    expect(who.code, who.stderr).toBe(0);
    expect(who.stdout).toMatch(/^profile +default$/m);
    expect(who.stdout).toMatch(/^api url +http:\/\/127\.0\.0\.1:4010 \(profile\)$/m);
    expect(who.stdout).toMatch(new RegExp(`^key source +file \\(${store.replace(/[.]/g, '\\.')}\\)$`, 'm'));
    expect(who.stdout).toMatch(new RegExp(`^key +\\*{4}${LAST4}$`, 'm'));
    expect(who.stderr).toContain('(no OS keychain: RUNOS_KEYRING=off)');

    const logout = await runCli(['logout'], env);
    expect(logout.code).toBe(0);
    expect(logout.stdout).toContain('Removed the API key of profile "default" from the credentials file.');
    expect(JSON.parse(await readFile(profiles, 'utf8'))).toEqual({ default: { url: 'http://127.0.0.1:4010' } });
    expect(await readFile(store, 'utf8')).not.toContain(KEY);

    const after = await runCli(['whoami'], env);
    expect(after.code).toBe(1);
    expect(after.stdout).toMatch(/^key source +none$/m);
    expect(after.stderr).toContain('no API key for profile "default": run `runos login` (or set RUNOS_API_KEY)');
    await expectKeyOnlyInStore(home, [login, who, logout, after], undefined);
  });

  it('profiles are separate; env variables override the stored profile', async () => {
    const { home, env: base } = await makeHome();
    const env: NodeJS.ProcessEnv = { ...base, RUNOS_KEYRING: 'off' };
    const login = await runCli(['login', '--no-verify', '--profile', 'staging', '--url', 'https://staging.example'], env, KEY);
    expect(login.code, login.stderr).toBe(0);

    const dflt = await runCli(['whoami'], env);
    expect(dflt.code).toBe(1);
    expect(dflt.stdout).toMatch(/^api url +https:\/\/api\.runos\.dev \(default\)$/m);

    const viaEnvProfile = await runCli(['whoami'], { ...env, RUNOS_PROFILE: 'staging' });
    expect(viaEnvProfile.code).toBe(0);
    expect(viaEnvProfile.stdout).toMatch(/^profile +staging \(RUNOS_PROFILE\)$/m);
    expect(viaEnvProfile.stdout).toMatch(/^api url +https:\/\/staging\.example \(profile\)$/m);

    const envKey = 'env_key_ABCDEFGHIJKL9876';
    const viaEnv = await runCli(['whoami', '--profile', 'staging'], { ...env, RUNOS_API_KEY: envKey, RUNOS_API_URL: 'http://127.0.0.1:9' });
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.stdout).toMatch(/^api url +http:\/\/127\.0\.0\.1:9 \(RUNOS_API_URL\)$/m);
    expect(viaEnv.stdout).toMatch(/^key source +env \(RUNOS_API_KEY\)$/m);
    expect(viaEnv.stdout).toMatch(/^key +\*{4}9876$/m);
    expect(viaEnv.stdout + viaEnv.stderr).not.toContain(envKey);
    await expectKeyOnlyInStore(home, [login, dflt, viaEnvProfile, viaEnv], join(env.RUNOS_CONFIG_DIR!, 'credentials.json'));
  });

  it.each([
    ['the key as an argument', ['login', '--key', KEY], KEY, /Unknown argument: key/],
    ['credentials in the URL', ['login', '--url', 'https://me:pw@api.example'], KEY, /must not contain a user name or password/],
    ['an empty stdin', ['login'], '', /no API key given: pipe it on stdin/],
    ['a key with spaces', ['login'], 'two words\n', /spaces or non-printable/],
    ['a bad profile name', ['login', '--profile', '../x'], KEY, /invalid profile name/],
  ])('refuses %s and writes nothing', async (_name, args, input, want) => {
    const { home, env: base } = await makeHome();
    const r = await runCli(args, { ...base, RUNOS_KEYRING: 'off' }, input);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(want);
    expect(await filesUnder(home)).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain(KEY.slice(8));
  });

  it('reads only the first line of stdin', async () => {
    const { env: base } = await makeHome();
    const env: NodeJS.ProcessEnv = { ...base, RUNOS_KEYRING: 'off' };
    expect((await runCli(['login', '--no-verify'], env, `${KEY}\nsecond line\n`)).code).toBe(0);
    const stored = JSON.parse(await readFile(join(env.RUNOS_CONFIG_DIR!, 'credentials.json'), 'utf8'));
    expect(stored).toEqual({ default: { key: KEY } });
  });
});

// No RUNOS_KEYRING here: the real probe runs. The child gets no DBUS_SESSION_BUS_ADDRESS, so on a headless
// Linux machine (this CI) the Secret Service cannot answer and the key must land in the file with a notice.
describe('the keychain probe falls back to the 0600 file where no keychain runs', () => {
  it('login says which store and why; whoami repeats it', async (ctx) => {
    const { home, env } = await makeHome();
    const profile = `runos-test-${process.pid}`;
    const login = await runCli(['login', '--no-verify', '--profile', profile, '--url', 'http://127.0.0.1:4010'], env, KEY);
    expect(login.code, login.stderr).toBe(0);
    if (login.stdout.includes('in the OS keychain')) {
      // A real keychain answered (a desktop): clean our test entry up and say why nothing more is checked.
      await runCli(['logout', '--profile', profile], env);
      ctx.skip('a real OS keychain is available here, so there is no fallback to observe');
    }
    const store = join(env.RUNOS_CONFIG_DIR!, 'credentials.json');
    expect(login.stdout).toMatch(new RegExp(`in ${store.replace(/[.]/g, '\\.')} \\(mode 0600\\): no OS keychain \\(.+\\)\\.`));
    expect(login.stdout).not.toContain('RUNOS_KEYRING');
    expect(await mode(store)).toBe(0o600);
    const who = await runCli(['whoami', '--profile', profile], env);
    expect(who.code).toBe(0);
    expect(who.stdout).toMatch(/^key source +file /m);
    expect(who.stderr).toMatch(/^runos: API key read from .+credentials\.json \(no OS keychain: .+\)$/m);
    expect(who.stderr.trim().split('\n')).toHaveLength(1);
    await expectKeyOnlyInStore(home, [login, who], store);
  });
});

// A real pseudo-terminal (Python's pty module) so the hidden prompt runs in raw mode as for a person.
const python = spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!python)('the hidden prompt on a terminal (needs python3 for a pty)', () => {
  it('prompts on the terminal, echoes nothing, and stores the typed key', async () => {
    const { home, env: base } = await makeHome();
    const env: NodeJS.ProcessEnv = { ...base, RUNOS_KEYRING: 'off' };
    // Types the key only once the prompt is shown, as a person would: before raw mode the terminal would echo it.
    const driver = `
import os, pty, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b''
deadline = time.time() + 20
def read_until(marker):
    global out
    while marker not in out and time.time() < deadline:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            return
        if not chunk:
            return
        out += chunk
read_until(b'(input hidden): ')
time.sleep(0.2)
os.write(fd, os.environ['TYPED'].encode() + b'\\x1b[D\\x7fs\\r')
read_until(b'saved in')
try:
    while True:
        chunk = os.read(fd, 4096)
        if not chunk: break
        out += chunk
except OSError:
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.exit(os.waitstatus_to_exitcode(status))
`;
    // the key is typed with a wrong last character, an arrow key (ignored), then corrected with backspace
    const typed = KEY.slice(0, -1) + 'X';
    const fixed = KEY.slice(0, -1) + 's';
    const r = spawnSync('python3', ['-c', driver, process.execPath, CLI, 'login', '--no-verify', '--url', 'https://api.example'], {
      env: { ...env, TYPED: typed },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('API key for https://api.example (input hidden): ');
    expect(r.stdout).toContain('Stored the API key for profile "default"');
    expect(r.stdout).not.toContain(typed.slice(0, 12));
    const stored = JSON.parse(await readFile(join(env.RUNOS_CONFIG_DIR!, 'credentials.json'), 'utf8'));
    expect(stored.default.key).toBe(fixed);
    for (const f of await filesUnder(home)) if (!f.endsWith('credentials.json')) expect(await readFile(f, 'utf8')).not.toContain(fixed);
  });
});
