import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { bundledTableDir, cacheDir } from './paths.js';
import { readToolTable, type ToolTable } from './tool-table.js';

/** A loaded table and where it came from. */
export interface TableSource {
  table: ToolTable;
  dir: string;
  origin: 'explicit' | 'cache' | 'bundled';
}

async function mtimeOf(dir: string): Promise<number> {
  try {
    return (await stat(join(dir, 'tools.json'))).mtimeMs;
  } catch {
    return -1;
  }
}

/**
 * The table to serve: `--table <dir>` when given (an invalid one is an error), else the newer valid one
 * of the user's cache (written by `manifest update`) and the bundled `generated/` (PRODUCT.md: "serve
 * uses the newest valid table (cache, else bundled)"). An invalid cache is skipped, never fatal.
 */
export async function loadServedTable(explicitDir?: string, env: NodeJS.ProcessEnv = process.env): Promise<TableSource> {
  if (explicitDir) return { table: await readToolTable(explicitDir), dir: explicitDir, origin: 'explicit' };
  const cached = cacheDir(env);
  const bundled = bundledTableDir();
  const [cacheTime, bundledTime] = await Promise.all([mtimeOf(cached), mtimeOf(bundled)]);
  if (cacheTime >= 0 && cacheTime >= bundledTime) {
    try {
      return { table: await readToolTable(cached), dir: cached, origin: 'cache' };
    } catch {
      // fall through to the bundled table: a broken cache must not stop the server
    }
  }
  return { table: await readToolTable(bundled), dir: bundled, origin: 'bundled' };
}
