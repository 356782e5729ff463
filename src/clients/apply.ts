import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, realpath, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
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

/** How files are written; tests pass one that fails to prove the rollback. */
export interface ApplyIO {
  write(path: string, text: string): Promise<void>;
}

const defaultIO: ApplyIO = { write: (path, text) => writeFileAtomic(path, text) };

const octal = (mode: number): string => (mode & 0o777).toString(8).padStart(4, '0');

/** The nearest folder on the way up from `dir` that exists (what `mkdir -p` would create under). */
async function nearestExisting(dir: string): Promise<{ dir: string; mode: number }> {
  for (let d = dir; ; d = dirname(d)) {
    try {
      const s = await stat(d);
      if (!s.isDirectory()) throw new ConfigFileError('is not a folder; nothing was changed', d);
      return { dir: d, mode: s.mode };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(d) === d) throw err;
    }
  }
}

/**
 * Check that every change can be made before the first is: a file or folder without its owner's write
 * bit is one the user made read-only (refused even for root, who could write it anyway), and a probe
 * file proves the folder takes a new file (read-only mounts, ACLs, another user's folder).
 */
export async function checkWritable(changes: FileChange[]): Promise<void> {
  const probed = new Set<string>();
  for (const c of changes) {
    if (c.before !== null) {
      const target = await realpath(c.path);
      const mode = (await stat(target)).mode;
      if ((mode & 0o200) === 0)
        throw new ConfigFileError(`it is read-only (mode ${octal(mode)}); make it writable (chmod u+w) if runos may change it, and run again (nothing was changed)`, c.path);
    }
    const { dir, mode } = await nearestExisting(dirname(c.before !== null ? await realpath(c.path) : c.path));
    if ((mode & 0o200) === 0)
      throw new ConfigFileError(`the folder is read-only (mode ${octal(mode)}); runos needs to write ${c.path} there. Make it writable and run again (nothing was changed)`, dir);
    if (probed.has(dir)) continue;
    probed.add(dir);
    const probe = join(dir, `.runos-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      await writeFile(probe, '', { flag: 'wx' });
      await unlink(probe);
    } catch (err) {
      throw new ConfigFileError(`runos cannot create files in this folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing was changed`, dir);
    }
  }
}

/**
 * Apply the changes, all or none. First every change is checked (`checkWritable`); then, per file, the
 * bytes on disk are compared with the bytes the plan was made from right before it is replaced (clients
 * such as Claude Code rewrite their state files while running: we would silently undo their write), the
 * file is backed up and written atomically (keeping its mode) or deleted. When any step fails, every file
 * already changed gets its old bytes back (files created are removed), so a failure changes nothing.
 * A symlinked config (dotfile managers) is written through the link, so the link stays.
 */
export async function applyChanges(changes: FileChange[], keepDirs: string[], env: NodeJS.ProcessEnv = process.env, io: ApplyIO = defaultIO): Promise<Applied[]> {
  await checkWritable(changes);
  const done: (Applied & { target: string; before: string | null; madeDirs: string[] })[] = [];
  for (const c of changes) {
    try {
      const now = (await readCurrent([c.path])).get(c.path) ?? null;
      if (now !== c.before) throw new ConfigFileError('changed while runos was editing it; run the command again', c.path);
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
        done.push({ path: c.path, action: 'deleted', backup, target, before: c.before, madeDirs: [] });
      } else {
        const madeDirs = c.before === null ? await missingDirs(dirname(c.path)) : [];
        await io.write(target, c.after);
        done.push({ path: c.path, action: c.before === null ? 'created' : 'updated', backup, target, before: c.before, madeDirs });
      }
    } catch (err) {
      await rollBack(done);
      const why = err instanceof ConfigFileError ? err.message.slice(c.path.length + 2) : `cannot write it (${(err as NodeJS.ErrnoException).code ?? ''}${(err as NodeJS.ErrnoException).code ? ': ' : ''}${(err as Error).message})`;
      const undone = done.length > 0 ? `; the ${done.length} file(s) already written were put back: nothing changed` : ' (nothing was changed)';
      throw new ConfigFileError(`${why}${undone}`, c.path);
    }
  }
  return done.map(({ path, action, backup }) => ({ path, action, backup }));
}

/** Folders `mkdir -p` would create for `dir`, outermost first (removed again on a rollback). */
async function missingDirs(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d) && dirname(d) !== d; d = dirname(d)) missing.unshift(d);
  return missing;
}

async function rollBack(done: { path: string; target: string; before: string | null; madeDirs: string[] }[]): Promise<void> {
  for (const d of [...done].reverse()) {
    try {
      if (d.before === null) {
        await unlink(d.path);
        for (const dir of [...d.madeDirs].reverse()) await removeDirIfEmpty(dir);
      } else {
        await writeFileAtomic(d.target, d.before);
      }
    } catch (err) {
      process.stderr.write(`runos: could not put back ${d.path} (${(err as Error).message}); its previous version is in the backup folder\n`);
    }
  }
}

async function removeDirIfEmpty(dir: string): Promise<void> {
  // Only the folder the file sat in (.roo/, .cursor/…), and only when nothing else is left in it.
  try {
    if ((await readdir(dir)).length === 0) await rmdir(dir);
  } catch {
    // not ours to worry about
  }
}
