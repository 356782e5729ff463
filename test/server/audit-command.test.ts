import { appendFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatAuditLine, openAuditLog, type AuditEntry } from '../../src/server/audit.js';
import { formatAuditTable, readAuditLog } from '../../src/server/audit-command.js';
import { makeHome, requireBuiltCli, runCli } from '../credentials/run-cli.js';

function entry(i: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    time: `2026-11-21T12:00:0${i}.000Z`,
    tier: i % 2 ? 'sensitive-read' : 'read',
    tool: i % 2 ? 'get_service_connection' : 'list_services',
    args: { service: `svc-${i}` },
    method: 'GET',
    path: `/v1/services/svc-${i}`,
    status: 200,
    durationMs: 10 + i,
    bytes: 100 * i,
    client: 'claude-code',
    ...over,
  };
}

async function writeLog(lines: string[]): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'runos-audit-cmd-')), 'audit.jsonl');
  await writeFile(path, lines.join(''), { mode: 0o600 });
  return path;
}

describe('readAuditLog', () => {
  const six = Array.from({ length: 6 }, (_, i) => entry(i));
  it.each([
    ['everything', {}, [0, 1, 2, 3, 4, 5]],
    ['the last 2', { tail: 2 }, [4, 5]],
    ['one tool', { tool: 'list_services' }, [0, 2, 4]],
    ['the last 2 of one tool', { tool: 'get_service_connection', tail: 2 }, [3, 5]],
    ['an unknown tool', { tool: 'nope' }, []],
    ['a tail longer than the log', { tail: 50 }, [0, 1, 2, 3, 4, 5]],
  ])('%s', async (_name, opts, want) => {
    const path = await writeLog(six.map(formatAuditLine));
    const { entries, skipped } = await readAuditLog(path, opts);
    expect(entries.map((e) => e.path)).toEqual(want.map((i) => `/v1/services/svc-${i}`));
    expect(skipped).toEqual([]);
  });

  it('skips lines that are not entries, by line number, and keeps the rest', async () => {
    const path = await writeLog([
      formatAuditLine(entry(0)),
      '{"time":"2026-11-21T12:00:00Z","tier":"read","tool":"x","args":{},"meth', // torn write
      '\n',
      'not json\n',
      '\n', // blank lines are not errors
      JSON.stringify({ ...entry(1), tier: 'admin' }) + '\n', // not a tier
      JSON.stringify([1, 2]) + '\n',
      formatAuditLine(entry(2)),
    ]);
    const { entries, skipped } = await readAuditLog(path);
    expect(entries.map((e) => e.durationMs)).toEqual([10, 12]);
    expect(skipped).toEqual([2, 3, 5, 6]);
  });
});

describe('formatAuditTable', () => {
  it('aligns columns, right-aligns numbers, shows - for a missing status or client', () => {
    const table = formatAuditTable([entry(0), entry(1, { status: null, client: undefined, durationMs: 30000.4, bytes: 0 })]);
    expect(table).toBe(
      [
        'time                      tier            tool                    status     ms  bytes  client',
        '2026-11-21T12:00:00.000Z  read            list_services              200     10      0  claude-code',
        '2026-11-21T12:00:01.000Z  sensitive-read  get_service_connection       -  30000      0  -',
        '',
      ].join('\n'),
    );
  });

  it('adds an error column only when an entry has an error, on one line', () => {
    const table = formatAuditTable([entry(0), entry(1, { status: 502, error: 'upstream said:\n  bad gateway' })]);
    expect(table.split('\n')[0]).toMatch(/client +error$/);
    expect(table.split('\n')[2]).toMatch(/upstream said: bad gateway$/);
  });
});

describe('runos mcp audit (built CLI)', () => {
  beforeAll(requireBuiltCli);

  it('says clearly when there is no log yet', async () => {
    const { env } = await makeHome();
    const r = await runCli(['mcp', 'audit'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`runos: no audit log yet (${join(env.RUNOS_STATE_DIR!, 'audit.jsonl')}): it is written when a tier server answers a tool call\n`);
  });

  it('prints the table, filters, tails, prints JSON lines, and warns about bad lines', async () => {
    const { env } = await makeHome();
    const log = openAuditLog({ env });
    for (let i = 0; i < 5; i++) await log.append(entry(i));
    await appendFile(log.path, 'garbage\n');
    await log.append(entry(5, { status: 500, error: 'platform error' }));

    const table = await runCli(['mcp', 'audit'], env);
    expect(table.code).toBe(0);
    const rows = table.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(7);
    expect(rows[0]).toMatch(/^time +tier +tool +status +ms +bytes +client +error$/);
    expect(rows[6]).toMatch(/^2026-11-21T12:00:05\.000Z +sensitive-read +get_service_connection +500 +15 +500 +claude-code +platform error$/);
    expect(table.stderr).toBe(`runos: skipped 1 unreadable line(s) in ${log.path} (line 6)\n`);

    const json = await runCli(['mcp', 'audit', '--json', '--tool', 'list_services', '--tail', '2'], env);
    expect(json.code).toBe(0);
    expect(json.stdout.trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual([entry(2), entry(4)]);

    const none = await runCli(['mcp', 'audit', '--tool', 'delete_everything'], env);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/no calls of delete_everything in /);

    const viaEnv = await runCli(['mcp', 'audit', '--json'], { ...env, RUNOS_STATE_DIR: '/nonexistent', RUNOS_AUDIT_LOG: log.path });
    expect(viaEnv.stdout.trimEnd().split('\n')).toHaveLength(6);
  });

  it.each([['0'], ['-3'], ['1.5']])('refuses --tail %s', async (n) => {
    const { env } = await makeHome();
    await mkdir(env.RUNOS_STATE_DIR!, { recursive: true });
    const r = await runCli(['mcp', 'audit', '--tail', n], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--tail takes a whole number of entries/);
  });
});
