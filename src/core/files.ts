import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { ConfigFileError } from './errors.js';

/**
 * Write a file atomically: temp file in the same folder, fsync'd by writeFile's flush, then rename.
 * Keeps the existing file's mode unless `mode` is given.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  let keepMode = mode;
  if (keepMode === undefined) {
    try {
      keepMode = (await stat(path)).mode & 0o777;
    } catch {
      keepMode = undefined;
    }
  }
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data, { mode: keepMode ?? 0o644, flush: true });
    if (keepMode !== undefined) await chmod(tmp, keepMode);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}

/** A file's text, or undefined when it does not exist; any other failure is a ConfigFileError naming it. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigFileError(`cannot read: ${(err as Error).message}`, path);
  }
}
