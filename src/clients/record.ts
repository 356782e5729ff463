import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/files.js';
import { stateDir } from '../core/paths.js';

/**
 * What runos created in each client file (containers such as `mcpServers` or `permissions.allow`),
 * kept in `<state dir>/configure-record.json`, so `--remove` prunes exactly those and leaves a user's
 * own empty `"mcpServers": {}` in place.
 */
export type CreatedRecord = Record<string, string[]>;

/** Where the record lives. */
export function resolveRecordPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), 'configure-record.json');
}

/** Read the record; a missing or unreadable one is empty (remove then falls back to pruning empty containers). */
export async function readRecord(env: NodeJS.ProcessEnv = process.env): Promise<CreatedRecord> {
  try {
    const value = JSON.parse(await readFile(resolveRecordPath(env), 'utf8')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as CreatedRecord) : {};
  } catch {
    return {};
  }
}

/** Merge this run into the record: add what a configure created; forget files a full remove cleaned. */
export async function saveRecord(
  record: CreatedRecord,
  created: ReadonlyMap<string, string[]>,
  opts: { forget: boolean; env?: NodeJS.ProcessEnv },
): Promise<void> {
  const next: CreatedRecord = { ...record };
  for (const [file, paths] of created) {
    if (opts.forget) delete next[file];
    else next[file] = [...new Set([...(next[file] ?? []), ...paths])];
  }
  await writeFileAtomic(resolveRecordPath(opts.env), JSON.stringify(next, null, 2) + '\n', 0o600);
}
