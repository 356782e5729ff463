import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { join } from 'node:path';
import { bundledTableDir, cacheDir } from '../core/paths.js';
import { loadServedTable, type TableSource } from '../core/table-source.js';

/** How often a server looks at its table by default: one stat per file per second, nothing on the call path. */
export const DEFAULT_WATCH_INTERVAL_MS = 1000;

/** Options of `watchServedTable`. */
export interface WatchOptions {
  /** `--table <dir>`; else the cache and bundled tables are watched, as `loadServedTable` chooses between them. */
  explicitDir?: string;
  env: NodeJS.ProcessEnv;
  intervalMs?: number;
  /** A newer valid table: switch to it. */
  onTable: (source: TableSource) => void;
  /** A table that could not be read (it is not served; the current one stays). */
  onError: (err: Error) => void;
}

/**
 * Follow the table a server serves: when `manifest update` writes a new `tools.json` (atomically, by
 * rename, so a reader never sees half a file), the same choice `serve` made at start-up is made again and
 * the result handed to `onTable`. Polls with `fs.watchFile` (a stat per interval, unreferenced, so it never
 * keeps the process alive): it works for a folder that does not exist yet and costs a call nothing.
 * Returns a function that stops watching.
 */
export function watchServedTable(opts: WatchOptions): () => void {
  const files = opts.explicitDir ? [join(opts.explicitDir, 'tools.json')] : [join(cacheDir(opts.env), 'tools.json'), join(bundledTableDir(), 'tools.json')];
  let loading: Promise<void> | undefined;
  let again = false;
  const reload = (): void => {
    if (loading) {
      again = true;
      return;
    }
    loading = loadServedTable(opts.explicitDir, opts.env)
      .then(opts.onTable, (err: unknown) => opts.onError(err as Error))
      .finally(() => {
        loading = undefined;
        if (again) {
          again = false;
          reload();
        }
      });
  };
  const listener = (now: Stats, before: Stats): void => {
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size || now.ino !== before.ino) reload();
  };
  const interval = opts.intervalMs ?? DEFAULT_WATCH_INTERVAL_MS;
  for (const file of files) watchFile(file, { interval, persistent: false }, listener);
  return () => {
    for (const file of files) unwatchFile(file, listener);
  };
}
