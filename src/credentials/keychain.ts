import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/** The keychain service every runos key is stored under; the account is the profile name. */
export const KEYCHAIN_SERVICE = 'runos';

/** Longest we wait on the OS keychain before falling back to the file (a locked keyring may prompt forever). */
const KEYCHAIN_TIMEOUT_MS = 3000;

/** The outcome of using the keychain: it answered, or why it could not be used (for the notice). */
export type KeychainResult<T> = { ok: true; value: T } | { ok: false; reason: string };

type Request = { op: 'get' } | { op: 'set'; key: string } | { op: 'delete' };

// On Linux the library's default falls back from the Secret Service to the kernel keyring, which forgets
// keys at logout or reboot (and refused writes on a headless test machine): a stored API key must
// persist, so Linux is pinned to the Secret Service and anything else falls back to our 0600 file.
const ENTRY_OPTIONS = { linux: { store: 'secret-service' } };

// The keychain is used from a short-lived child process, not in-process: @napi-rs/keyring connects to
// D-Bus synchronously in the Entry constructor, so a session bus that accepts but never answers (or a
// keyring waiting on an unlock prompt nobody sees) would freeze a tier server's event loop for good.
// A child can be killed after KEYCHAIN_TIMEOUT_MS; the key travels over its private stdin/stdout pipes.
const CHILD_SOURCE = `
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c)).on('end', () => {
  let res;
  try {
    const req = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const { Entry } = require(req.module);
    const entry = new Entry(req.service, req.account, req.options);
    if (req.op === 'get') res = { ok: true, value: entry.getPassword() ?? null };
    else if (req.op === 'delete') res = { ok: true, value: entry.deleteCredential() };
    else {
      entry.setPassword(req.key);
      if (entry.getPassword() !== req.key) throw new Error('the keychain did not keep the key');
      res = { ok: true, value: null };
    }
  } catch (err) {
    res = { ok: false, reason: String((err && err.message) || err) };
  }
  process.stdout.write(JSON.stringify(res));
});
`;

/** Why the keychain is switched off by the environment, if it is (`RUNOS_KEYRING=off`, used by tests and CI). */
export function keychainDisabledReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = env.RUNOS_KEYRING?.toLowerCase();
  return v === 'off' || v === '0' || v === 'false' || v === 'no' ? `RUNOS_KEYRING=${env.RUNOS_KEYRING}` : undefined;
}

/** One short line from a keychain error, with the key scrubbed in case a backend ever quotes it. */
function describe(message: string, secret?: string): string {
  let msg = (message.split('\n').find((l) => l.trim()) ?? '').trim();
  if (secret) msg = msg.split(secret).join('***');
  return msg.length > 160 ? `${msg.slice(0, 157)}...` : msg || 'unknown error';
}

function runKeychain<T>(profile: string, req: Request, env: NodeJS.ProcessEnv): Promise<KeychainResult<T>> {
  const disabled = keychainDisabledReason(env);
  if (disabled) return Promise.resolve({ ok: false, reason: disabled });
  const secret = req.op === 'set' ? req.key : undefined;
  let module: string;
  try {
    module = createRequire(import.meta.url).resolve('@napi-rs/keyring');
  } catch (err) {
    return Promise.resolve({ ok: false, reason: describe(`@napi-rs/keyring is not installed (${(err as Error).message})`) });
  }
  return new Promise((resolve) => {
    // The child gets the caller's environment: the session bus address and HOME decide which keychain it reaches.
    const child = spawn(process.execPath, ['-e', CHILD_SOURCE], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let settled = false;
    const finish = (result: KeychainResult<T>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ ok: false, reason: `no answer from the OS keychain within ${KEYCHAIN_TIMEOUT_MS / 1000} s` });
    }, KEYCHAIN_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', (e) => finish({ ok: false, reason: describe(e.message) }));
    child.on('close', () => {
      try {
        const res = JSON.parse(out) as KeychainResult<T>;
        finish(res.ok ? res : { ok: false, reason: describe(res.reason, secret) });
      } catch {
        finish({ ok: false, reason: describe(`the keychain helper failed: ${err || 'no output'}`, secret) });
      }
    });
    child.stdin.on('error', () => {}); // a child that died early is reported by 'close'
    child.stdin.end(JSON.stringify({ ...req, module, service: KEYCHAIN_SERVICE, account: profile, options: ENTRY_OPTIONS }));
  });
}

/** Read a profile's key from the OS keychain; this read is also the probe that tells whether one runs. */
export function readKeychainKey(profile: string, env: NodeJS.ProcessEnv = process.env): Promise<KeychainResult<string | null>> {
  return runKeychain(profile, { op: 'get' }, env);
}

/** Store a profile's key in the OS keychain and read it back, so a store that drops writes counts as absent. */
export function writeKeychainKey(profile: string, key: string, env: NodeJS.ProcessEnv = process.env): Promise<KeychainResult<null>> {
  return runKeychain(profile, { op: 'set', key }, env);
}

/** Remove a profile's key from the OS keychain; the value is whether there was one. */
export function deleteKeychainKey(profile: string, env: NodeJS.ProcessEnv = process.env): Promise<KeychainResult<boolean>> {
  return runKeychain(profile, { op: 'delete' }, env);
}
