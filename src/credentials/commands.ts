import { UsageError } from '../core/errors.js';
import { credentialsFilePath, deleteFileKey, writeFileKey } from './file-store.js';
import { deleteKeychainKey, KEYCHAIN_SERVICE, keychainDisabledReason, writeKeychainKey } from './keychain.js';
import {
  DEFAULT_API_URL,
  isCleartextRemote,
  pickProfile,
  readProfiles,
  saveProfile,
  validateApiUrl,
} from './profiles.js';
import { readSecret } from './prompt.js';
import { loginHint, resolveCredentials, type Credentials } from './resolve.js';

/** The options `login`, `logout` and `whoami` take (from yargs). */
export interface CredentialArgs {
  url?: unknown;
  profile?: unknown;
  /** `login` only: false with `--no-verify`. */
  verify?: unknown;
}

const optString = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const out = (line: string): void => void process.stdout.write(line + '\n');
const warn = (line: string): void => void process.stderr.write(`runos: ${line}\n`);

/** A key as `whoami` shows it: the last 4 characters only when the key is long enough that they give nothing away. */
export function maskKey(key: string): string {
  return key.length >= 16 ? `****${key.slice(-4)}` : `**** (${key.length} characters)`;
}

/** Check a key read from stdin or the prompt: one token of printable ASCII, as an HTTP header value must be. */
export function validateKey(key: string): string {
  if (!key) {
    throw new UsageError(
      'no API key given: pipe it on stdin (`printf %s "$KEY" | runos login`) or run `runos login` in a terminal to be prompted',
    );
  }
  if (!/^[\x21-\x7e]+$/.test(key)) {
    throw new UsageError('the API key contains spaces or non-printable characters: paste the key alone, on one line');
  }
  return key;
}

/** `runos login [--url] [--profile]`: store the URL in the profile and the key in the keychain (else a 0600 file). */
export async function runLogin(argv: CredentialArgs): Promise<number> {
  const env = process.env;
  const profile = pickProfile(optString(argv.profile), env);
  const known = (await readProfiles(env))[profile]?.url;
  const url = validateApiUrl(optString(argv.url) ?? known ?? DEFAULT_API_URL);
  if (isCleartextRemote(url)) warn(`${url} is plain http to another machine: the key will travel unencrypted`);

  const key = validateKey(await readSecret(`API key for ${url} (input hidden): `));
  // One cheap authenticated read before anything is stored: a wrong key is refused here, not at the
  // first tool call (`--no-verify` skips it, e.g. for an API that is not up yet).
  let who = `profile "${profile}" at ${url}`;
  if (argv.verify !== false) {
    const { loadServedTable } = await import('../core/table-source.js');
    const { checkKey } = await import('./verify.js');
    const check = await checkKey({ apiUrl: url, apiKey: key, table: (await loadServedTable(undefined, env)).table });
    if (!check.ok) throw new UsageError(`${check.problem}; nothing was stored. Check the key and --url, or run with --no-verify to store it unchecked`);
    who = check.identity ? `${check.identity} (${who})` : who;
    out(`Key accepted: ${check.request} answered ${check.status}.`);
  }
  const profileFile = await saveProfile(profile, { url }, env);

  const stored = await writeKeychainKey(profile, key, env);
  if (stored.ok) {
    // A key left in the file by an earlier keychain-less login would only confuse `whoami`; the keychain wins.
    await deleteFileKey(profile, env);
    out(`Stored the API key for profile "${profile}" in the OS keychain (service "${KEYCHAIN_SERVICE}", account "${profile}").`);
  } else {
    const path = await writeFileKey(profile, key, env);
    out(`Stored the API key for profile "${profile}" in ${path} (mode 0600): no OS keychain (${stored.reason}).`);
  }
  out(`API URL ${url} saved in ${profileFile}.`);
  out(`Logged in as ${who}${argv.verify === false ? ' (key not verified: --no-verify)' : ''}.`);
  if (env.RUNOS_API_KEY) warn('RUNOS_API_KEY is set in this environment and overrides the stored key');
  return 0;
}

/** `runos logout [--profile]`: remove the profile's key from both stores; the URL stays. */
export async function runLogout(argv: CredentialArgs): Promise<number> {
  const env = process.env;
  const profile = pickProfile(optString(argv.profile), env);
  const fromKeychain = await deleteKeychainKey(profile, env);
  const fromFile = await deleteFileKey(profile, env);
  if (fromKeychain.ok && fromKeychain.value) out(`Removed the API key of profile "${profile}" from the OS keychain.`);
  if (fromFile) out(`Removed the API key of profile "${profile}" from the credentials file.`);
  if (!(fromKeychain.ok && fromKeychain.value) && !fromFile) out(`No stored API key for profile "${profile}".`);
  if (!fromKeychain.ok && !keychainDisabledReason(env)) warn(`the OS keychain was not checked (${fromKeychain.reason})`);
  if (env.RUNOS_API_KEY) warn('RUNOS_API_KEY is still set in this environment and still provides a key');
  return 0;
}

function describeSource(creds: Credentials, env: NodeJS.ProcessEnv): string {
  switch (creds.keySource) {
    case 'env':
      return 'env (RUNOS_API_KEY)';
    case 'keychain':
      return `keychain (service "${KEYCHAIN_SERVICE}", account "${creds.profile}")`;
    case 'file':
      return `file (${credentialsFilePath(env)})`;
    case 'none':
      return 'none';
  }
}

/** `runos whoami [--profile]`: profile, API URL, key source and a masked key; exit 1 with the login hint when there is no key. */
export async function runWhoami(argv: CredentialArgs): Promise<number> {
  const env = process.env;
  const creds = await resolveCredentials({ profile: optString(argv.profile), env });
  out(`profile     ${creds.profile}${env.RUNOS_PROFILE && !optString(argv.profile) ? ' (RUNOS_PROFILE)' : ''}`);
  out(`api url     ${creds.apiUrl ?? '(none)'}${creds.urlSource ? ` (${creds.urlSource === 'env' ? 'RUNOS_API_URL' : creds.urlSource})` : ''}`);
  out(`key source  ${describeSource(creds, env)}`);
  if (!creds.apiKey) {
    warn(loginHint(creds.profile));
    return 1;
  }
  out(`key         ${maskKey(creds.apiKey)}`);
  if (creds.notice) warn(creds.notice);
  return 0;
}
