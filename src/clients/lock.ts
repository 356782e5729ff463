import { createHash } from 'node:crypto';
import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigFileError } from '../core/errors.js';
import { stateDir } from '../core/paths.js';

/** How long a run waits for another run's lock before giving up (a configure takes well under a second). */
export const LOCK_WAIT_MS = 30_000;
/** A lock older than this is a crashed run's leftover, whoever holds it. */
const STALE_MS = 120_000;

/** The lock file of one config file: `<state dir>/locks/<sha256 of its path>.lock`, so no project gets litter. */
export function resolveLockPath(file: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), 'locks', `${createHash('sha256').update(file).digest('hex').slice(0, 32)}.lock`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function removeIfStale(lock: string): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(lock, 'utf8'), stat(lock)]);
    const pid = Number(JSON.parse(text).pid);
    if (Date.now() - info.mtimeMs < STALE_MS && Number.isInteger(pid) && isAlive(pid)) return false;
    await unlink(lock);
    return true;
  } catch {
    return true; // gone meanwhile, or half-written by a run that died: try again
  }
}

async function acquire(file: string, env: NodeJS.ProcessEnv, waitMs: number): Promise<string> {
  const lock = resolveLockPath(file, env);
  await mkdir(join(lock, '..'), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      await handle.writeFile(JSON.stringify({ pid: process.pid, file, since: new Date().toISOString() }));
      await handle.close();
      return lock;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (await removeIfStale(lock)) continue;
    if (Date.now() > deadline)
      throw new ConfigFileError(`another runos run has been editing it for over ${Math.round(waitMs / 1000)} s (lock ${lock}); try again when it has finished (nothing was written)`, file);
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 60));
  }
}

/**
 * Run `fn` holding a lock on each file (taken in sorted order, so two runs never wait on each other in a
 * circle): two configures of the same files then read, plan and write one after the other, instead of
 * both reading the same bytes and the second write dropping the first one's entries.
 */
export async function withFileLocks<T>(files: string[], env: NodeJS.ProcessEnv, fn: () => Promise<T>, waitMs = LOCK_WAIT_MS): Promise<T> {
  const held: string[] = [];
  try {
    for (const file of [...new Set(files)].sort()) held.push(await acquire(file, env, waitMs));
    return await fn();
  } finally {
    await Promise.all(held.map((l) => unlink(l).catch(() => {})));
  }
}
