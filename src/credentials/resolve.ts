import { ConfigFileError, UsageError } from '../core/errors.js';
import { credentialsFilePath, isFileStoreExposed, readFileKey } from './file-store.js';
import { readKeychainKey } from './keychain.js';
import { DEFAULT_API_URL, pickProfile, profilesPath, readProfiles, validateApiUrl } from './profiles.js';

/** Where the API key came from. */
export type KeySource = 'env' | 'keychain' | 'file' | 'none';

/** Where the API URL came from. */
export type UrlSource = 'env' | 'profile' | 'default';

/** What a server or command needs to call the API, and where each part came from. */
export interface Credentials {
  profile: string;
  apiUrl?: string;
  apiKey?: string;
  keySource: KeySource;
  /** One line saying which store was used and why (keychain missing, file mode), when worth telling. */
  notice?: string;
  urlSource?: UrlSource;
}

/** The sentence a caller shows when there is no key: the exact command that fixes it. */
export function loginHint(profile: string): string {
  const flag = profile === 'default' ? '' : ` --profile ${profile}`;
  return `no API key for profile "${profile}": run \`runos login${flag}\` (or set RUNOS_API_KEY)`;
}

/**
 * Resolve the API URL and key: `RUNOS_API_URL` / `RUNOS_API_KEY` / `RUNOS_PROFILE` first, then the
 * profile's URL and the key from the OS keychain, else the 0600 file. Never throws for a missing key
 * (the server must still start and list tools); throws only for a broken profiles file or a bad URL.
 */
export async function resolveCredentials(opts: { profile?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Credentials> {
  const env = opts.env ?? process.env;
  const profile = pickProfile(opts.profile, env);
  const { apiUrl, urlSource } = await resolveUrl(profile, env);
  const base = { profile, apiUrl, urlSource };

  const envKey = env.RUNOS_API_KEY?.trim();
  if (envKey) return { ...base, apiKey: envKey, keySource: 'env' };

  const keychain = await readKeychainKey(profile, env);
  if (keychain.ok && keychain.value) return { ...base, apiKey: keychain.value, keySource: 'keychain' };

  const path = credentialsFilePath(env);
  const fileKey = await readFileKey(profile, env);
  const why = keychain.ok ? 'not in the OS keychain' : `no OS keychain: ${keychain.reason}`;
  if (fileKey) {
    let notice = `API key read from ${path} (${why})`;
    if (await isFileStoreExposed(env)) notice += `; it is readable by other users: run \`chmod 600 ${path}\``;
    return { ...base, apiKey: fileKey, keySource: 'file', notice };
  }
  return { ...base, keySource: 'none', notice: loginHint(profile) };
}

async function resolveUrl(profile: string, env: NodeJS.ProcessEnv): Promise<{ apiUrl: string; urlSource: UrlSource }> {
  if (env.RUNOS_API_URL) {
    try {
      return { apiUrl: validateApiUrl(env.RUNOS_API_URL), urlSource: 'env' };
    } catch (err) {
      throw new UsageError(`RUNOS_API_URL: ${(err as Error).message}`);
    }
  }
  const url = (await readProfiles(env))[profile]?.url;
  if (url !== undefined) {
    // A hand-edited profile gets the same checks as `login --url`: the key must not go to a bad origin.
    try {
      return { apiUrl: validateApiUrl(String(url)), urlSource: 'profile' };
    } catch (err) {
      throw new ConfigFileError(`profile "${profile}": ${(err as Error).message}`, profilesPath(env));
    }
  }
  return { apiUrl: DEFAULT_API_URL, urlSource: 'default' };
}
