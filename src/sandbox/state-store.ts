import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createDemoState } from './data.js';
import type { Randomness } from './secrets.js';
import { readStateFile, writeStateFile, type SandboxState } from './state.js';

/** Where the world lives: memory only, or a file several sandbox processes share. */
export interface StateStore {
  /** Run one request against the state; `write` requests are saved when they succeed, all-or-nothing. */
  run<T>(write: boolean, fn: (state: SandboxState) => T): Promise<T>;
}

const LOCK_STALE_MS = 5_000;
const LOCK_WAIT_MS = 3_000;

// A lock file created with O_EXCL serialises read-modify-write across the processes sharing one state
// file (the four `serve --sandbox` servers); a lock older than LOCK_STALE_MS belongs to a dead process.
async function withFileLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      closeSync(openSync(lockPath, 'wx', 0o600));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(lockPath).mtimeMs > LOCK_STALE_MS) rmSync(lockPath, { force: true });
      } catch {
        // Removed by its owner meanwhile: try again.
      }
      if (Date.now() > deadline) throw new Error(`sandbox state is locked by another process (${lockPath})`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockPath, { force: true });
  }
}

/** Open the state: from `stateFile` when given (created with demo data if missing), else in memory. */
export async function openStateStore(rng: Randomness, stateFile?: string): Promise<StateStore> {
  let queue: Promise<unknown> = Promise.resolve();
  // One request at a time per process, so an async save never interleaves with another request.
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => {});
    return next;
  };
  if (!stateFile) {
    let state = createDemoState(rng);
    return {
      run: (write, fn) =>
        serial(async () => {
          // Writes work on a copy so a request that fails half-way leaves the world unchanged.
          const working = write ? structuredClone(state) : state;
          const out = fn(working);
          state = working;
          return out;
        }),
    };
  }
  const file = stateFile;
  await mkdir(dirname(file), { recursive: true });
  const lock = `${file}.lock`;
  await withFileLock(lock, async () => {
    if (!readStateFile(file)) await writeStateFile(file, createDemoState(rng));
  });
  return {
    run: (write, fn) =>
      serial(() =>
        write
          ? withFileLock(lock, async () => {
              const state = readStateFile(file) ?? createDemoState(rng);
              const out = fn(state);
              await writeStateFile(file, state);
              return out;
            })
          : Promise.resolve().then(() => fn(readStateFile(file) ?? createDemoState(rng))),
      ),
  };
}
