import { copyFile, mkdir, readFile, readdir, realpath, rmdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { ConfigFileError } from '../core/errors.js';
import { writeFileAtomic } from '../core/files.js';
import { stateDir } from '../core/paths.js';

/** One file's planned change. */
export interface FileChange {
  path: string;
  before: string | null;
  after: string | null;
}

/** Read each file; absent is null. Anything but "not found" stops the run before a byte is written. */
export async function readCurrent(paths: string[]): Promise<Map<string, string | null>> {
  const current = new Map<string, string | null>();
  for (const path of paths) {
    try {
      current.set(path, await readFile(path, 'utf8'));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new ConfigFileError(`cannot read it (${code ?? String(err)}); nothing was written`, path);
      current.set(path, null);
    }
  }
  return current;
}

/** The files whose content would change. */
export function findChanges(current: ReadonlyMap<string, string | null>, planned: ReadonlyMap<string, string | null>): FileChange[] {
  return [...planned]
    .filter(([path, after]) => after !== (current.get(path) ?? null))
    .map(([path, after]) => ({ path, before: current.get(path) ?? null, after }));
}

/** A unified diff of one change, as `--dry-run` prints it. */
export function renderDiff(change: FileChange): string {
  return createTwoFilesPatch(
    change.before === null ? '/dev/null' : change.path,
    change.after === null ? '/dev/null' : change.path,
    change.before ?? '',
    change.after ?? '',
    undefined,
    undefined,
    { context: 3 },
  );
}

/**
 * Where the copy of a file is kept before we change it: `<state dir>/config-backups/<encoded path>`,
 * outside the project so a backup of `.mcp.json` never ends up committed next to it.
 */
export function resolveBackupPath(path: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), 'config-backups', encodeURIComponent(path));
}

/** What was done to one file. */
export interface Applied {
  path: string;
  action: 'created' | 'updated' | 'deleted';
  backup?: string;
}

/**
 * Apply the changes: first check that no file changed since we read it (clients such as Claude Code
 * rewrite their state files while running; we would silently undo their write), then back up each
 * existing file and write atomically (keeping its mode) or delete it. A symlinked config (dotfile
 * managers) is written through the link, so the link stays.
 */
export async function applyChanges(changes: FileChange[], keepDirs: string[], env: NodeJS.ProcessEnv = process.env): Promise<Applied[]> {
  const now = await readCurrent(changes.map((c) => c.path));
  for (const c of changes)
    if (now.get(c.path) !== c.before) throw new ConfigFileError('changed while runos was editing it; run the command again (nothing was written)', c.path);
  const done: Applied[] = [];
  for (const c of changes) {
    const target = c.before === null ? c.path : await realpath(c.path);
    let backup: string | undefined;
    if (c.before !== null) {
      backup = resolveBackupPath(c.path, env);
      await mkdir(dirname(backup), { recursive: true, mode: 0o700 });
      await copyFile(target, backup); // copies the mode too: a config may hold other servers' secrets
    }
    if (c.after === null) {
      await unlink(c.path);
      if (!keepDirs.includes(dirname(c.path))) await removeDirIfEmpty(dirname(c.path));
      done.push({ path: c.path, action: 'deleted', backup });
    } else {
      await writeFileAtomic(target, c.after);
      done.push({ path: c.path, action: c.before === null ? 'created' : 'updated', backup });
    }
  }
  return done;
}

async function removeDirIfEmpty(dir: string): Promise<void> {
  // Only the folder the file sat in (.roo/, .cursor/…), and only when nothing else is left in it.
  try {
    if ((await readdir(dir)).length === 0) await rmdir(dir);
  } catch {
    // not ours to worry about
  }
}
