import { chmod, mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stateDir } from '../core/paths.js';
import type { Tier } from '../core/tiers.js';

/** One tool call as the audit log records it (one JSON line each). */
export interface AuditEntry {
  time: string;
  tier: Tier;
  tool: string;
  /** Already redacted by the caller. */
  args: unknown;
  method: string;
  path: string;
  status: number | null;
  durationMs: number;
  bytes: number;
  client?: string;
  error?: string;
}

/** An append-only audit log; `append` never throws into a tool call. */
export interface AuditLog {
  path: string;
  append(entry: AuditEntry): Promise<void>;
}

/** Arguments above this size are replaced by a note: the log records calls, it is not a data store. */
const MAX_ARGS_CHARS = 64 * 1024;

/** The audit log's path: `RUNOS_AUDIT_LOG`, else `<state dir>/audit.jsonl`. */
export function auditLogPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNOS_AUDIT_LOG || join(stateDir(env), 'audit.jsonl');
}

/** Serialise an entry as one line; oversized or unserialisable arguments become a note instead. */
export function formatAuditLine(entry: AuditEntry): string {
  let args: unknown = entry.args;
  let argsText: string | undefined;
  try {
    argsText = JSON.stringify(args);
  } catch {
    args = '[arguments not serialisable]';
  }
  if (argsText !== undefined && argsText.length > MAX_ARGS_CHARS) {
    args = `[arguments omitted: ${argsText.length} characters of JSON, above the ${MAX_ARGS_CHARS} limit]`;
  }
  // JSON.stringify escapes every newline inside strings, so an entry is always exactly one line.
  return JSON.stringify({ ...entry, args }) + '\n';
}

/**
 * Open the audit log (created on the first append: folder 0700, file 0600). Each entry is a single
 * O_APPEND write, which the kernel applies whole at the end of the file, so several tier servers can
 * append to the same log without interleaving lines. A failure is reported once on stderr and the
 * call goes on: auditing must never break the tool call it records.
 */
export function openAuditLog(opts: { path?: string; env?: NodeJS.ProcessEnv } = {}): AuditLog {
  const path = opts.path ?? auditLogPath(opts.env ?? process.env);
  // One handle opened with O_APPEND on the first call and kept: reopening the file per call was a
  // measurable share of the latency a call adds (npm run bench).
  let handle: Promise<FileHandle> | undefined;
  let warned = false;

  const openHandle = async (): Promise<FileHandle> => {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // The mode given to open applies only when it creates the file: tighten one left by anyone else.
    const mode = await stat(path).then((s) => s.mode & 0o777, () => undefined);
    if (mode !== undefined && mode !== 0o600) await chmod(path, 0o600).catch(() => {});
    return open(path, 'a', 0o600);
  };

  return {
    path,
    async append(entry) {
      try {
        handle ??= openHandle();
        const fh = await handle;
        // One write of the whole line: with O_APPEND the kernel places it at the end in one piece.
        await fh.write(formatAuditLine(entry));
      } catch (err) {
        const failed = handle;
        handle = undefined;
        failed?.then((fh) => fh.close(), () => {}).catch(() => {});
        if (!warned) {
          warned = true;
          process.stderr.write(`runos: cannot write the audit log ${path}: ${(err as Error).message} (calls go on unaudited)\n`);
        }
      }
    },
  };
}
