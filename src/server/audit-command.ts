import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ConfigFileError, UsageError } from '../core/errors.js';
import { isTier } from '../core/tiers.js';
import { auditLogPath, type AuditEntry } from './audit.js';

/** Options of `runos mcp audit` (from yargs). */
export interface AuditArgs {
  tail?: unknown;
  tool?: unknown;
  json?: unknown;
}

/** What reading the log gave: the selected entries, and the lines that were not entries. */
export interface AuditRead {
  entries: AuditEntry[];
  skipped: number[];
}

function isEntry(v: unknown): v is AuditEntry {
  const e = v as AuditEntry;
  return (
    !!e && typeof e === 'object' && typeof e.time === 'string' && isTier(e.tier) && typeof e.tool === 'string' &&
    typeof e.method === 'string' && typeof e.path === 'string' && (e.status === null || typeof e.status === 'number')
  );
}

/**
 * Stream the log line by line (it only grows), keeping the last `tail` matching entries, so memory stays
 * bounded by what is shown. Lines that are not entries (a torn write after a crash, a hand edit) are
 * skipped and reported by line number.
 */
export async function readAuditLog(path: string, opts: { tail?: number; tool?: string } = {}): Promise<AuditRead> {
  const entries: AuditEntry[] = [];
  const skipped: number[] = [];
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (!isEntry(value)) {
      skipped.push(n);
      continue;
    }
    if (opts.tool !== undefined && value.tool !== opts.tool) continue;
    entries.push(value);
    if (opts.tail !== undefined && entries.length > opts.tail) entries.shift();
  }
  return { entries, skipped };
}

/** Render entries as an aligned table: time, tier, tool, status, ms, bytes, client (and error when any). */
export function formatAuditTable(entries: AuditEntry[]): string {
  const withError = entries.some((e) => e.error);
  const head = ['time', 'tier', 'tool', 'status', 'ms', 'bytes', 'client', ...(withError ? ['error'] : [])];
  const rows = entries.map((e) => [
    e.time,
    e.tier,
    e.tool,
    e.status === null ? '-' : String(e.status),
    String(Math.round(e.durationMs ?? 0)),
    String(e.bytes ?? 0),
    e.client ?? '-',
    ...(withError ? [e.error ? oneLine(e.error) : ''] : []),
  ]);
  const numeric = new Set([3, 4, 5]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const render = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [render(head), ...rows.map(render)].join('\n') + '\n';
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/** `runos mcp audit [--tail N] [--tool T] [--json]`: print the audit log as a table or JSON lines. */
export async function runAudit(argv: AuditArgs): Promise<number> {
  const tail = argv.tail;
  if (tail !== undefined && (typeof tail !== 'number' || !Number.isInteger(tail) || tail < 1)) {
    throw new UsageError(`--tail takes a whole number of entries (1 or more), not ${String(tail)}`);
  }
  const tool = typeof argv.tool === 'string' && argv.tool ? argv.tool : undefined;
  const path = auditLogPath();
  try {
    await access(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigFileError(`cannot read: ${(err as Error).message}`, path);
    process.stderr.write(`runos: no audit log yet (${path}): it is written when a tier server answers a tool call\n`);
    return 0;
  }
  const { entries, skipped } = await readAuditLog(path, { tail, tool });
  if (skipped.length) {
    const shown = skipped.slice(0, 5).join(', ') + (skipped.length > 5 ? ', …' : '');
    process.stderr.write(`runos: skipped ${skipped.length} unreadable line(s) in ${path} (line ${shown})\n`);
  }
  if (argv.json) {
    process.stdout.write(entries.map((e) => JSON.stringify(e) + '\n').join(''));
  } else if (entries.length) {
    process.stdout.write(formatAuditTable(entries));
  } else {
    process.stderr.write(`runos: no ${tool ? `calls of ${tool}` : 'calls'} in ${path}\n`);
  }
  return 0;
}
