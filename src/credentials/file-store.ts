import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigFileError } from '../core/errors.js';
import { readTextIfExists, writeFileAtomic } from '../core/files.js';
import { configDir } from '../core/paths.js';
import { ensureConfigDir } from './profiles.js';

// The fallback store where no OS keychain runs (headless Linux, CI): one 0600 JSON file,
// profile name → { key }. Like ~/.aws/credentials or gh's hosts.yml, its safety is the file mode.

type Stored = Record<string, { key?: string }>;

/** Path of the file store, `credentials.json` in the config folder. */
export function credentialsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'credentials.json');
}

async function readStore(env: NodeJS.ProcessEnv): Promise<Stored> {
  const path = credentialsFilePath(env);
  const text = await readTextIfExists(path);
  if (text === undefined) return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Stored;
  } catch {
    // fall through: never echo the parser's message, it may quote part of a key
  }
  throw new ConfigFileError('not a JSON object of profiles; delete it and run `runos login` again', path);
}

/** The key stored in the file for a profile, if any. */
export async function readFileKey(profile: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const key = (await readStore(env))[profile]?.key;
  return typeof key === 'string' && key ? key : undefined;
}

/** Whether the file store can be read by other users (a mode looser than 0600). */
export async function isFileStoreExposed(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  try {
    return ((await stat(credentialsFilePath(env))).mode & 0o077) !== 0;
  } catch {
    return false;
  }
}

/** Store a profile's key in the file (created or rewritten atomically with mode 0600); returns the path. */
export async function writeFileKey(profile: string, key: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const store = await readStore(env);
  store[profile] = { ...store[profile], key };
  await ensureConfigDir(env);
  const path = credentialsFilePath(env);
  await writeFileAtomic(path, JSON.stringify(store, null, 2) + '\n', 0o600);
  return path;
}

/** Remove a profile's key from the file; true when there was one. */
export async function deleteFileKey(profile: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const store = await readStore(env);
  if (!store[profile]?.key) return false;
  delete store[profile];
  await writeFileAtomic(credentialsFilePath(env), JSON.stringify(store, null, 2) + '\n', 0o600);
  return true;
}
