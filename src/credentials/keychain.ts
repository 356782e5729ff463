import type { AsyncEntry, EntryOptions } from '@napi-rs/keyring';

/** The keychain service every runos key is stored under; the account is the profile name. */
export const KEYCHAIN_SERVICE = 'runos';

/** Longest we wait on the OS keychain: a D-Bus session without a Secret Service can hang ~25 s otherwise. */
const KEYCHAIN_TIMEOUT_MS = 3000;

/** The outcome of using the keychain: it answered, or why it could not be used (for the notice). */
export type KeychainResult<T> = { ok: true; value: T } | { ok: false; reason: string };

// On Linux the library's default falls back from the Secret Service to the kernel keyring, which forgets
// keys at logout or reboot (and refused writes on a headless test machine): a stored API key must
// persist, so Linux is pinned to the Secret Service and anything else falls back to our 0600 file.
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

/** Why the keychain is switched off by the environment, if it is (`RUNOS_KEYRING=off`, used by tests and CI). */
export function keychainDisabledReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = env.RUNOS_KEYRING?.toLowerCase();
  return v === 'off' || v === '0' || v === 'false' || v === 'no' ? `RUNOS_KEYRING=${env.RUNOS_KEYRING}` : undefined;
}

/** One short line from a keychain error, with the key scrubbed in case a backend ever quotes it. */
function describe(err: unknown, secret?: string): string {
  let msg = String((err as Error)?.message ?? err).split('\n')[0]!.trim();
  if (secret) msg = msg.split(secret).join('***');
  return msg.length > 160 ? `${msg.slice(0, 157)}...` : msg || 'unknown error';
}

async function withEntry<T>(
  profile: string,
  env: NodeJS.ProcessEnv,
  use: (entry: AsyncEntry, signal: AbortSignal) => Promise<T>,
  secret?: string,
): Promise<KeychainResult<T>> {
  const disabled = keychainDisabledReason(env);
  if (disabled) return { ok: false, reason: disabled };
  let timer: NodeJS.Timeout | undefined;
  try {
    // Loaded lazily: the native module costs start-up time and is only needed when a key is read or stored.
    const { AsyncEntry } = await import('@napi-rs/keyring');
    const entry = new AsyncEntry(KEYCHAIN_SERVICE, profile, ENTRY_OPTIONS);
    const controller = new AbortController();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`no answer from the OS keychain within ${KEYCHAIN_TIMEOUT_MS / 1000} s`));
      }, KEYCHAIN_TIMEOUT_MS);
      timer.unref();
    });
    return { ok: true, value: await Promise.race([use(entry, controller.signal), timeout]) };
  } catch (err) {
    return { ok: false, reason: describe(err, secret) };
  } finally {
    clearTimeout(timer);
  }
}

/** Read a profile's key from the OS keychain; this read is also the probe that tells whether one runs. */
export function readKeychainKey(profile: string, env: NodeJS.ProcessEnv = process.env): Promise<KeychainResult<string | null>> {
  return withEntry(profile, env, (entry, signal) => entry.getPassword(signal));
}

/** Store a profile's key in the OS keychain and read it back, so a store that drops writes counts as absent. */
export function writeKeychainKey(profile: string, key: string, env: NodeJS.ProcessEnv = process.env): Promise<KeychainResult<void>> {
  return withEntry(
    profile,
    env,
    async (entry, signal) => {
      await entry.setPassword(key, signal);
      if ((await entry.getPassword(signal)) !== key) throw new Error('the keychain did not keep the key');
    },
    key,
  );
}

/** Remove a profile's key from the OS keychain; the value is whether there was one. */
export function deleteKeychainKey(profile: string, env: NodeJS.ProcessEnv = process.env): Promise<KeychainResult<boolean>> {
  return withEntry(profile, env, (entry, signal) => entry.deleteCredential(signal));
}
