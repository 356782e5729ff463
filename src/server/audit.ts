import { chmodSync, closeSync, fstatSync, mkdirSync, openSync, readSync, statSync, writeSync } from 'node:fs';
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
  /** Over HTTP: who called (`token:<name>` or `jwt:<subject>`) and from which address. */
  caller?: string;
  address?: string;
  /** Over HTTP: why the request was refused before any tool ran (then method/path/status are the HTTP request's). */
  refusal?: string;
}

/** An append-only audit log; `append` never throws into a tool call. */
export interface AuditLog {
  path: string;
  /** Queue one line; resolves once it is written (or the failure reported). Lines keep call order. */
  append(entry: AuditEntry): Promise<void>;
  /** Write the queued lines now, synchronously, and every later one as it comes: the process is exiting. */
  flush(): void;
}

/** Arguments above this size are replaced by a note: the log records calls, it is not a data store. */
const MAX_ARGS_CHARS = 64 * 1024;

/** The audit log's path: `RUNOS_AUDIT_LOG`, else `<state dir>/audit.jsonl`. */
export function auditLogPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNOS_AUDIT_LOG || join(stateDir(env), 'audit.jsonl');
}

/** An integer beyond 2^53 sent exactly (a BigInt, validate-args.ts) is logged as its digits, in a string. */
const bigAsDigits = (_key: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

/** Serialise an entry as one line; oversized or unserialisable arguments become a note instead. */
export function formatAuditLine(entry: AuditEntry): string {
  let args: unknown = entry.args;
  let argsText: string | undefined;
  try {
    argsText = JSON.stringify(args);
  } catch {
    try {
      argsText = JSON.stringify(args, bigAsDigits);
      args = JSON.parse(argsText);
    } catch {
      args = '[arguments not serialisable]';
    }
  }
  if (argsText !== undefined && argsText.length > MAX_ARGS_CHARS) {
    args = `[arguments omitted: ${argsText.length} characters of JSON, above the ${MAX_ARGS_CHARS} limit]`;
  }
  // JSON.stringify escapes every newline inside strings, so an entry is always exactly one line.
  return JSON.stringify({ ...entry, args }) + '\n';
}

/** How often (ms) the writer checks that its open file is still the file at the log's path. */
const REOPEN_CHECK_MS = 1000;

/**
 * Open the audit log (created on the first append: folder 0700, file 0600). Lines are queued and written
 * together right after the current turn of the event loop, that is after the tool's answer has been
 * written, in one synchronous O_APPEND write of whole lines: the kernel places it at the end of the file
 * in one piece, so several tier servers can append to the same log without interleaving lines. A log that
 * does not end in a newline (a line torn by a crash or a full disk) gets one first, so the torn line cannot
 * swallow the next entry.
 *
 * Synchronous on purpose: a regular-file write is a few microseconds, while handing each line to libuv's
 * thread pool woke a thread and then the main loop again for every call, a measurable part of the latency
 * a call adds (npm run bench). The file is reopened when it was removed or renamed (log rotation), checked
 * at most once a second. A failure is reported once on stderr and the call goes on: auditing must never
 * break the tool call it records. `flush()` is for a process about to exit (serve-command.ts).
 */
export function openAuditLog(opts: { path?: string; env?: NodeJS.ProcessEnv; reopenCheckMs?: number } = {}): AuditLog {
  const path = opts.path ?? auditLogPath(opts.env ?? process.env);
  const reopenCheckMs = opts.reopenCheckMs ?? REOPEN_CHECK_MS;
  let fd: number | undefined;
  let checkedAt = 0;
  let warned = false;
  let exiting = false;
  let batch: { text: string; done: Promise<void>; resolve: () => void } | undefined;
  const lastByte = Buffer.alloc(1);

  const openFile = (): number => {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // The mode given to open applies only when it creates the file: tighten one left by anyone else.
    const existing = statSync(path, { throwIfNoEntry: false });
    if (existing && (existing.mode & 0o777) !== 0o600) {
      try {
        chmodSync(path, 0o600);
      } catch {
        // not ours to change: the lines still go in
      }
    }
    checkedAt = Date.now();
    // a+ rather than a: appends still go to the end (O_APPEND), and the last byte can be read (endsTorn).
    return openSync(path, 'a+', 0o600);
  };

  const closeFile = (): void => {
    if (fd === undefined) return;
    try {
      closeSync(fd);
    } catch {
      // already unusable
    }
    fd = undefined;
  };

  /** The open file is still the one at `path` (not removed, not renamed away by a log rotation). */
  const stillThere = (open: number): boolean => {
    const now = Date.now();
    if (now - checkedAt < reopenCheckMs) return true;
    checkedAt = now;
    const atPath = statSync(path, { throwIfNoEntry: false });
    const mine = fstatSync(open);
    return atPath !== undefined && atPath.ino === mine.ino && atPath.dev === mine.dev;
  };

  /** The file is not empty and its last byte is not a newline. */
  const endsTorn = (open: number): boolean => {
    const { size } = fstatSync(open);
    return size > 0 && readSync(open, lastByte, 0, 1, size - 1) === 1 && lastByte[0] !== 0x0a;
  };

  const flush = (): void => {
    const current = batch;
    batch = undefined;
    if (!current) return;
    try {
      if (fd !== undefined && !stillThere(fd)) closeFile();
      fd ??= openFile();
      const bytes = Buffer.from(endsTorn(fd) ? `\n${current.text}` : current.text, 'utf8');
      // One write of whole lines; a short write (disk full) leaves the rest to a second write.
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
    } catch (err) {
      closeFile();
      if (!warned) {
        warned = true;
        process.stderr.write(`runos: cannot write the audit log ${path}: ${(err as Error).message} (calls go on unaudited)\n`);
      }
    } finally {
      current.resolve();
    }
  };

  return {
    path,
    append(entry) {
      const line = formatAuditLine(entry);
      if (batch) {
        batch.text += line;
        return batch.done;
      }
      let resolve!: () => void;
      const done = new Promise<void>((r) => (resolve = r));
      batch = { text: line, done, resolve };
      if (exiting) flush();
      else setImmediate(flush);
      return done;
    },
    flush() {
      exiting = true;
      flush();
    },
  };
}
