// Issue 12, item 10: hostile or unusual client files. Each case is the attack run's reproduction; each
// must end with a clear ConfigFileError (or UsageError) naming the file, and every file as it was.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyChanges } from '../../src/clients/apply.js';
import { resolveEntryScript } from '../../src/clients/launch.js';
import { configure, fixtureTable, makeWorld, put, snapshot, type World } from './helpers.js';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(async () => {
  await chmod(join(w.project, '.claude'), 0o755).catch(() => {});
  await w.cleanup();
});

/** Run configure and expect a refusal of `kind` matching `want`, with every file untouched. */
async function expectRefusal(args: Parameters<typeof configure>[1], kind: string, want: RegExp): Promise<void> {
  const before = await snapshot(w);
  const r = await configure(w, args);
  expect(r.error?.name, r.error?.stack).toBe(kind);
  expect(r.error?.message).toMatch(want);
  expect(r.error?.message).toMatch(/nothing was (written|changed)/);
  expect(await snapshot(w)).toEqual(before);
}

describe('a user file that holds only {} survives configure + --remove', () => {
  it.each([['.mcp.json'], ['.roo/mcp.json']])('%s', async (rel) => {
    const file = join(w.project, rel);
    await put(file, '{}\n');
    const client = rel.startsWith('.roo') ? 'roo' : 'claude';
    expect((await configure(w, { client })).error).toBeUndefined();
    expect((await configure(w, { client, remove: true })).error).toBeUndefined();
    expect(existsSync(file)).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('{}\n');
  });

  it('--remove without any record keeps a file the user wrote, even when only our entry was in it', async () => {
    const file = join(w.project, '.mcp.json');
    await put(file, '{"mcpServers": {"runos": {"command": "x"}}}\n');
    expect((await configure(w, { client: 'claude', tiers: 'read', remove: true })).error).toBeUndefined();
    expect(existsSync(file)).toBe(true);
  });

  it('codex: an empty config.toml of the user is kept', async () => {
    const file = join(w.home, '.codex', 'config.toml');
    await put(file, '');
    await configure(w, { client: 'codex', scope: 'user' });
    await configure(w, { client: 'codex', scope: 'user', remove: true });
    expect(existsSync(file)).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('');
  });
});

describe('files and folders that cannot be written', () => {
  it('a read-only .claude/ folder: refused before .mcp.json is touched', async () => {
    await put(join(w.project, '.mcp.json'), '{"mcpServers": {}}\n');
    await mkdir(join(w.project, '.claude'));
    await chmod(join(w.project, '.claude'), 0o555);
    await expectRefusal({ client: 'claude' }, 'ConfigFileError', /\.claude: the folder is read-only/);
  });

  it('a 0444 file is not rewritten', async () => {
    const file = join(w.project, '.mcp.json');
    await put(file, '{"mcpServers": {}}\n');
    await chmod(file, 0o444);
    await expectRefusal({ client: 'claude' }, 'ConfigFileError', /\.mcp\.json: it is read-only \(mode 0444\)/);
  });

  it('a write that fails half-way puts back every file already written', async () => {
    const a = join(w.project, 'a.json');
    const b = join(w.project, 'sub', 'b.json');
    const c = join(w.project, 'c.json');
    await put(a, '{"a": 1}\n');
    await put(c, '{"c": 1}\n');
    const changes = [
      { path: a, before: '{"a": 1}\n', after: '{"a": 2}\n' },
      { path: b, before: null, after: '{"b": 2}\n' },
      { path: c, before: '{"c": 1}\n', after: '{"c": 2}\n' },
    ];
    const before = await snapshot(w);
    const failing = async (path: string, text: string): Promise<void> => {
      if (path === c) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      const { writeFileAtomic } = await import('../../src/core/files.js');
      await writeFileAtomic(path, text);
    };
    await expect(applyChanges(changes, [w.project], w.env, { write: failing })).rejects.toThrow(
      /c\.json: cannot write it \(ENOSPC.*\); the 2 file\(s\) already written were put back: nothing changed/,
    );
    const bytes = (m: Map<string, string>) => new Map([...m].map(([k, v]) => [k, v.slice(v.indexOf(':') + 1)]));
    expect(bytes(await snapshot(w))).toEqual(bytes(before));
    expect(await readFile(a, 'utf8')).toBe('{"a": 1}\n');
    expect(existsSync(b)).toBe(false);
    expect(existsSync(join(w.project, 'sub'))).toBe(false);
    expect(await readFile(c, 'utf8')).toBe('{"c": 1}\n');
  });
});

describe('shapes runos does not edit get a clear refusal', () => {
  it('duplicate mcpServers keys (JSON.parse keeps the last, an editor the first)', async () => {
    await put(join(w.project, '.mcp.json'), '{\n  "mcpServers": {"a": {"command": "x"}},\n  "mcpServers": {"b": {"command": "y"}}\n}\n');
    await expectRefusal({ client: 'claude' }, 'ConfigFileError', /duplicate key "mcpServers" at line 3, column 3/);
  });

  it('a duplicate server name inside mcpServers', async () => {
    await put(join(w.project, '.roo', 'mcp.json'), '{"mcpServers": {"runos": {"command": "x"}, "runos": {"command": "y"}}}\n');
    await expectRefusal({ client: 'roo' }, 'ConfigFileError', /duplicate key "mcpServers\.runos"/);
  });

  it.each([
    ['an array', '{"mcpServers": []}\n'],
    ['a string', '{"mcpServers": "none"}\n'],
    ['null', '{"mcpServers": null}\n'],
  ])('mcpServers as %s', async (_n, text) => {
    await put(join(w.project, '.mcp.json'), text);
    await expectRefusal({ client: 'claude' }, 'ConfigFileError', /mcpServers is not an object/);
    await expectRefusal({ client: 'claude', remove: true }, 'ConfigFileError', /mcpServers is not an object/);
  });

  it.each([
    ['an inline table', 'mcp_servers = { docs = { command = "npx" } }\n'],
    ['dotted keys', 'mcp_servers.docs.command = "npx"\n'],
  ])('TOML mcp_servers written as %s', async (_n, text) => {
    await put(join(w.home, '.codex', 'config.toml'), text);
    await expectRefusal({ client: 'codex', scope: 'user' }, 'ConfigFileError', /mcp_servers is written as an inline table or dotted keys/);
  });

  it('TOML mcp_servers as a string or an array', async () => {
    await put(join(w.home, '.codex', 'config.toml'), 'mcp_servers = [1, 2]\n');
    await expectRefusal({ client: 'codex', scope: 'user' }, 'ConfigFileError', /mcp_servers is not a table/);
  });
});

describe('a file with a UTF-8 byte-order mark is edited and keeps it', () => {
  it.each([
    ['claude', '.mcp.json', '\uFEFF{\n  "mcpServers": {}\n}\n'],
    ['gemini', '.gemini/settings.json', '\uFEFF{\n  // mine\n  "theme": "x"\n}\n'],
  ])('%s', async (client, rel, text) => {
    const file = join(w.project, rel);
    await put(file, text);
    const r = await configure(w, { client });
    expect(r.error).toBeUndefined();
    const after = await readFile(file, 'utf8');
    expect(after.startsWith('\uFEFF')).toBe(true);
    expect(after.slice(1)).toContain('"runos"');
    await configure(w, { client, remove: true });
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('codex config.toml', async () => {
    const file = join(w.home, '.codex', 'config.toml');
    const text = '\uFEFFmodel = "o3"\n';
    await put(file, text);
    expect((await configure(w, { client: 'codex', scope: 'user' })).error).toBeUndefined();
    expect((await readFile(file, 'utf8')).startsWith('\uFEFFmodel = "o3"\n')).toBe(true);
    await configure(w, { client: 'codex', scope: 'user', remove: true });
    expect(await readFile(file, 'utf8')).toBe(text);
  });
});

describe('nothing secret-looking goes into a client config', () => {
  it.each([
    ['a query key', 'https://api.runos.dev/?api_key=runos_live_AAAAAAAAAAAAAAAAAAAA'],
    ['any query', 'https://api.runos.dev/v1?token=abc'],
    ['user:password@', 'https://admin:hunter2hunter2@api.runos.dev'],
  ])('RUNOS_API_URL with %s is refused, nothing written', async (_n, url) => {
    w.env.RUNOS_API_URL = url;
    await expectRefusal({ client: 'claude' }, 'UsageError', /RUNOS_API_URL .*(query|user name or password|looks like a secret).*never writes/);
  });
});

describe('concurrent runs on the same files lose no entry', () => {
  it.skipIf(!existsSync(resolveEntryScript()))('12 runs at once, each adding its own platform, into one .mcp.json', async () => {
    const runs = 12;
    const spawnRun = async (i: number): Promise<{ code: number | null; stderr: string }> => {
      const cache = join(w.root, `cache-${i}`);
      await mkdir(cache);
      await writeFile(join(cache, 'tools.json'), JSON.stringify({ ...fixtureTable(), platform: `p${i}` }));
      return new Promise((resolve) => {
        const child = spawn(process.execPath, [resolveEntryScript(), 'mcp', 'configure', 'claude', '--tiers', 'read,write', '--dir', w.project], {
          env: { ...w.env, RUNOS_CACHE_DIR: cache },
        });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code, stderr }));
      });
    };
    const results = await Promise.all(Array.from({ length: runs }, (_, i) => spawnRun(i)));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const servers = Object.keys(JSON.parse(await readFile(join(w.project, '.mcp.json'), 'utf8')).mcpServers);
    expect(servers.sort()).toEqual(Array.from({ length: runs }, (_, i) => [`p${i}`, `p${i}-write`]).flat().sort());
    const allow = JSON.parse(await readFile(join(w.project, '.claude', 'settings.json'), 'utf8')).permissions.allow as string[];
    for (let i = 0; i < runs; i++) expect(allow).toContain(`mcp__p${i}__*`);
  }, 120_000);
});
