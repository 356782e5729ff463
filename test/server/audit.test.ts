import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { packageRoot } from '../../src/core/paths.js';
import { auditLogPath, formatAuditLine, openAuditLog, type AuditEntry } from '../../src/server/audit.js';

const tempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'runos-audit-'));
const mode = async (p: string): Promise<number> => (await stat(p)).mode & 0o777;

function entry(over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    time: '2026-11-21T12:00:00.000Z',
    tier: 'read',
    tool: 'list_services',
    args: { cluster: 'prod' },
    method: 'GET',
    path: '/v1/clusters/prod/services',
    status: 200,
    durationMs: 12,
    bytes: 345,
    client: 'claude-code',
    ...over,
  };
}

afterEach(() => vi.restoreAllMocks());

describe('auditLogPath', () => {
  it.each([
    ['RUNOS_AUDIT_LOG wins', { RUNOS_AUDIT_LOG: '/x/a.jsonl', RUNOS_STATE_DIR: '/s' }, '/x/a.jsonl'],
    ['else the state folder', { RUNOS_STATE_DIR: '/s' }, '/s/audit.jsonl'],
    ['else XDG_STATE_HOME', { XDG_STATE_HOME: '/xdg' }, '/xdg/runos/audit.jsonl'],
    ['else ~/.local/state', { HOME: '/h' }, '/h/.local/state/runos/audit.jsonl'],
  ])('%s', (_name, env, want) => expect(auditLogPath(env)).toBe(want));
});

describe('formatAuditLine', () => {
  it.each([
    ['plain entry', entry(), entry()],
    ['newlines inside values stay escaped', entry({ args: { sql: 'select 1;\nselect 2;' }, error: 'a\nb' }),
      entry({ args: { sql: 'select 1;\nselect 2;' }, error: 'a\nb' })],
    ['oversized arguments become a note', entry({ args: { body: 'x'.repeat(70_000) } }),
      entry({ args: expect.stringMatching(/^\[arguments omitted: 70011 characters of JSON/) })],
    ['an integer beyond 2^53 (a BigInt) is logged as its digits', entry({ args: { n: 12345678901234567890n } }), entry({ args: { n: '12345678901234567890' } })],
    ['unserialisable arguments become a note', entry({ args: (() => { const a: Record<string, unknown> = {}; a.self = a; return a; })() }), entry({ args: '[arguments not serialisable]' })],
  ])('%s', (_name, given, want) => {
    const line = formatAuditLine(given);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(want);
  });
});

describe('openAuditLog', () => {
  it('creates the folder 0700 and the file 0600, one line per call, in order', async () => {
    const dir = join(await tempDir(), 'state', 'runos');
    const log = openAuditLog({ env: { RUNOS_STATE_DIR: dir } });
    expect(log.path).toBe(join(dir, 'audit.jsonl'));
    await log.append(entry({ tool: 'a' }));
    await log.append(entry({ tool: 'b', status: null, error: 'timed out after 30 s' }));
    expect(await mode(dir)).toBe(0o700);
    expect(await mode(log.path)).toBe(0o600);
    const lines = (await readFile(log.path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([entry({ tool: 'a' }), entry({ tool: 'b', status: null, error: 'timed out after 30 s' })]);
  });

  it('tightens an existing log left readable by others, keeping its lines', async () => {
    const path = join(await tempDir(), 'audit.jsonl');
    await writeFile(path, formatAuditLine(entry({ tool: 'old' })), { mode: 0o644 });
    await chmod(path, 0o644);
    await openAuditLog({ path }).append(entry({ tool: 'new' }));
    expect(await mode(path)).toBe(0o600);
    expect((await readFile(path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l).tool)).toEqual(['old', 'new']);
  });

  it('never throws into a call: a failure is reported once on stderr', async () => {
    const blocker = join(await tempDir(), 'not-a-folder');
    await writeFile(blocker, '');
    const writes: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (writes.push(String(chunk)), true));
    const log = openAuditLog({ path: join(blocker, 'audit.jsonl') });
    await expect(log.append(entry())).resolves.toBeUndefined();
    await expect(log.append(entry())).resolves.toBeUndefined();
    await expect(log.append(entry())).resolves.toBeUndefined();
    // Only our own lines count: the test runner may write to the same stderr meanwhile.
    const ours = writes.filter((w) => w.startsWith('runos:'));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatch(/^runos: cannot write the audit log .*not-a-folder\/audit\.jsonl: .*\(calls go on unaudited\)\n$/);
  });

  it.each([
    ['renamed away (log rotation)', (p: string) => rename(p, `${p}.1`), ['a']],
    ['deleted', (p: string) => unlink(p), undefined],
  ])('starts a new 0600 file when the log was %s while serving', async (_name, move, rotated) => {
    const path = join(await tempDir(), 'audit.jsonl');
    const log = openAuditLog({ path, reopenCheckMs: 0 });
    await log.append(entry({ tool: 'a' }));
    await move(path);
    await log.append(entry({ tool: 'b' }));
    await log.append(entry({ tool: 'c' }));
    expect((await readFile(path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l).tool)).toEqual(['b', 'c']);
    expect(await mode(path)).toBe(0o600);
    if (rotated) expect((await readFile(`${path}.1`, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l).tool)).toEqual(rotated);
  });

  it('appends made in one turn of the event loop are written together, in call order', async () => {
    const path = join(await tempDir(), 'audit.jsonl');
    const log = openAuditLog({ path });
    const done = [log.append(entry({ tool: 'x' })), log.append(entry({ tool: 'y' }))];
    // Nothing is written until the turn ends (the answer to the model goes out first).
    expect(existsSync(path)).toBe(false);
    await Promise.all(done);
    expect((await readFile(path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l).tool)).toEqual(['x', 'y']);
  });

  it.each([
    ['a log torn by a crash (no final newline) gets the next entry on a fresh line', '{"time":"2026-11-21T1', '\n'],
    ['a log ending in a newline gets no blank line', formatAuditLine(entry({ tool: 'old' })), ''],
  ])('%s', async (_name, before, separator) => {
    const path = join(await tempDir(), 'audit.jsonl');
    await writeFile(path, before, { mode: 0o600 });
    const log = openAuditLog({ path });
    await log.append(entry({ tool: 'a' }));
    // Torn again while the log is open (another writer crashed): the next entry still starts a line.
    await writeFile(path, '{"torn', { flag: 'a' });
    await log.append(entry({ tool: 'b' }));
    expect(await readFile(path, 'utf8')).toBe(`${before}${separator}${formatAuditLine(entry({ tool: 'a' }))}{"torn\n${formatAuditLine(entry({ tool: 'b' }))}`);
  });

  it('flush() writes queued lines at once, and later appends go straight to disk', async () => {
    const path = join(await tempDir(), 'audit.jsonl');
    const log = openAuditLog({ path });
    void log.append(entry({ tool: 'queued' }));
    expect(existsSync(path)).toBe(false);
    log.flush();
    expect((await readFile(path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l).tool)).toEqual(['queued']);
    void log.append(entry({ tool: 'after' }));
    expect((await readFile(path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l).tool)).toEqual(['queued', 'after']);
  });

  it('many appends from one process at once all land, whole', async () => {
    const path = join(await tempDir(), 'audit.jsonl');
    const log = openAuditLog({ path });
    await Promise.all(Array.from({ length: 200 }, (_, i) => log.append(entry({ tool: `t${i}`, args: { pad: 'p'.repeat(i * 50) } }))));
    const tools = (await readFile(path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l).tool);
    expect(new Set(tools).size).toBe(200);
  });
});

// Several tier servers (separate processes) append to the same log: each line is one O_APPEND write, so
// lines never interleave, even lines far above PIPE_BUF. The real module is bundled and run in two processes.
describe('concurrent appends from two processes', () => {
  it('interleave no lines', async () => {
    const dir = await tempDir();
    const bundle = join(dir, 'audit.mjs');
    await build({
      entryPoints: [join(packageRoot(), 'src', 'server', 'audit.ts')],
      outfile: bundle,
      bundle: true,
      format: 'esm',
      platform: 'node',
      logLevel: 'silent',
    });
    const path = join(dir, 'shared', 'audit.jsonl');
    const script = `
      const { openAuditLog } = await import(${JSON.stringify(bundle)});
      // with -e there is no script path in argv: the arguments start at argv[1]
      const [who, n, path] = [process.argv[1], Number(process.argv[2]), process.argv[3]];
      const log = openAuditLog({ path });
      const pad = who.repeat(6000); // ~6-12 KB per line: above the 4 KB PIPE_BUF guarantee of pipes
      for (let i = 0; i < n; i += 10) {
        await Promise.all(Array.from({ length: 10 }, (_, j) => log.append({
          time: new Date().toISOString(), tier: 'read', tool: who, args: { i: i + j, pad },
          method: 'GET', path: '/v1/x', status: 200, durationMs: 1, bytes: 2,
        })));
      }
    `;
    const runWriter = (who: string): Promise<number | null> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script, who, '300', path], { stdio: 'inherit' });
        child.on('error', reject);
        child.on('close', resolve);
      });
    await mkdir(join(dir, 'shared'), { recursive: true });
    expect(await Promise.all([runWriter('a'), runWriter('bb')])).toEqual([0, 0]);
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    // A writer that sees the other's multi-page write half done starts on a fresh line (endsTorn): a blank
    // line, which readers skip, rather than an entry glued to a torn one.
    const parsed = lines.filter((l) => l !== '').map((l) => JSON.parse(l) as AuditEntry & { args: { i: number; pad: string } });
    for (const who of ['a', 'bb']) {
      const mine = parsed.filter((e) => e.tool === who);
      expect(mine.map((e) => e.args.i).sort((x, y) => x - y)).toEqual(Array.from({ length: 300 }, (_, i) => i));
      expect(mine.every((e) => e.args.pad === who.repeat(6000))).toBe(true);
    }
    expect(await mode(path)).toBe(0o600);
  });
});
