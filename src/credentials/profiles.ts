import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigFileError, UsageError } from '../core/errors.js';
import { readTextIfExists, writeFileAtomic } from '../core/files.js';
import { configDir } from '../core/paths.js';

/** The RunOS API a profile talks to when none was configured (the manifest's server URL). */
export const DEFAULT_API_URL = 'https://api.runos.dev';

/** The profile used when neither `--profile` nor `RUNOS_PROFILE` names one. */
export const DEFAULT_PROFILE = 'default';

/** One profile: where its API lives. The key is never stored here (keychain or credentials.json). */
export interface Profile {
  url?: string;
}

/** `profiles.json`: profile name → profile. */
export type Profiles = Record<string, Profile>;

/** Path of `profiles.json` in the config folder. */
export function profilesPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'profiles.json');
}

/** The profile to use: the explicit one, else `RUNOS_PROFILE`, else `default`; validated. */
export function pickProfile(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const name = explicit || env.RUNOS_PROFILE || DEFAULT_PROFILE;
  // The name becomes a keychain account and a JSON key: keep it to a portable, unambiguous alphabet.
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name)) {
    throw new UsageError(`invalid profile name "${name}": use letters, digits, "_", "." or "-" (at most 64)`);
  }
  return name;
}

/**
 * Check an API URL given to `login` and return it normalised (no trailing slash): http(s) only, and
 * no user:password in it, since the URL is stored in plain text and shown by `whoami`.
 */
export function validateApiUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`"${raw}" is not a URL: give the API's address, e.g. ${DEFAULT_API_URL}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`the API URL must start with https:// (or http:// for a local API), not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new UsageError('the API URL must not contain a user name or password: the key is read separately (stdin or prompt)');
  }
  if (url.search || url.hash) throw new UsageError('the API URL must not contain a query or fragment');
  return url.href.replace(/\/+$/, '');
}

/** Whether a URL sends the key in clear over a network (http to anything but loopback). */
export function isCleartextRemote(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
}

/** Read `profiles.json`; a missing file is no profiles, a broken one a ConfigFileError naming it. */
export async function readProfiles(env: NodeJS.ProcessEnv = process.env): Promise<Profiles> {
  const path = profilesPath(env);
  const text = await readTextIfExists(path);
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigFileError(`not valid JSON (${(err as Error).message}); fix or delete it and run \`runos login\``, path);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigFileError('expected a JSON object of profiles, e.g. {"default":{"url":"…"}}', path);
  }
  return value as Profiles;
}

/** Create the config folder private to the user (0700) if it does not exist yet. */
export async function ensureConfigDir(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = configDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Set one profile's fields in `profiles.json` (mode 0600), keeping every other profile and field. */
export async function saveProfile(name: string, profile: Profile, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const profiles = await readProfiles(env);
  profiles[name] = { ...profiles[name], ...profile };
  await ensureConfigDir(env);
  const path = profilesPath(env);
  await writeFileAtomic(path, JSON.stringify(profiles, null, 2) + '\n', 0o600);
  return path;
}
