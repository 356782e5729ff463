import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { checkCodexConfig } from '../../src/clients/codex.js';
import { TomlDocument } from '../../src/clients/toml-edit.js';

const ours = { command: '/n', args: ['cli.js', 'mcp', 'serve', 'read'], default_tools_approval_mode: 'approve' };

describe('TomlDocument', () => {
  const roundTrips: [string, { given: string }][] = [
    ['empty file', { given: '' }],
    ['keys only', { given: 'model = "o3"\n' }],
    ['a table at the end', { given: '[a]\nb = 1\n' }],
    ['CRLF', { given: 'model = "o3"\r\n\r\n[mcp_servers.x]\r\ncommand = "x"\r\n' }],
    ['a header-looking line inside a multi-line string', { given: 'a = """\n[mcp_servers.runos]\ncommand = "evil"\n"""\n' }],
    ['a literal multi-line string', { given: "a = '''\n[mcp_servers.runos]\n'''\n" }],
    ['nested arrays over lines', { given: 'm = [\n  ["x"]\n]\n' }],
    ['trailing comment after a table', { given: '[mcp_servers.docs]\ncommand = "d"\n\n# about profiles\n' }],
  ];
  it.each(roundTrips)('upsert then remove restores the bytes: %s', (_n, { given }) => {
    const doc = new TomlDocument(given, 'c.toml');
    doc.upsert('runos', ours);
    doc.upsert('runos-write', { ...ours, default_tools_approval_mode: 'prompt' });
    doc.verify((s) => {
      s.runos = ours;
      s['runos-write'] = { ...ours, default_tools_approval_mode: 'prompt' };
    });
    const written = doc.result(false)!;
    expect((parse(written) as any).mcp_servers.runos).toEqual(ours);
    const again = new TomlDocument(written, 'c.toml');
    again.removeServer('runos');
    again.removeServer('runos-write');
    again.verify((s) => {
      delete s.runos;
      delete s['runos-write'];
    });
    // A user's file stays, even blank; only a file runos recorded as its own (`[]`) is deleted once blank.
    expect(again.result(true)).toBe(given);
    if (given.trim() === '') {
      const ownFile = new TomlDocument(written, 'c.toml', ['[]']);
      ownFile.removeServer('runos');
      ownFile.removeServer('runos-write');
      expect(ownFile.result(true)).toBeNull();
    }
  });

  it('updates only our keys in an existing table, keeping the user fields, comments and tools.* tables', () => {
    const given = [
      '[mcp_servers.runos]',
      '# pinned by me',
      'command = "/old/node"',
      'args = [',
      '  "old.js",',
      ']',
      'startup_timeout_sec = 30',
      '',
      '[mcp_servers.runos.tools.list_clusters]',
      'approval_mode = "prompt"',
      '',
      '[other]',
      'x = 1',
      '',
    ].join('\n');
    const doc = new TomlDocument(given, 'c.toml');
    doc.upsert('runos', ours);
    const after = doc.verify((s) => {
      s.runos = { ...(s.runos as object), ...ours };
    }) as any;
    expect(after.mcp_servers.runos.startup_timeout_sec).toBe(30);
    expect(after.mcp_servers.runos.tools.list_clusters.approval_mode).toBe('prompt');
    expect(after.mcp_servers.runos.command).toBe('/n');
    expect(doc.text).toContain('# pinned by me\ncommand = "/n"\nargs = [ "cli.js", "mcp", "serve", "read" ]\nstartup_timeout_sec = 30\ndefault_tools_approval_mode = "approve"\n\n[mcp_servers.runos.tools.list_clusters]');
    expect(doc.text.endsWith('[other]\nx = 1\n')).toBe(true);
  });

  it('removes our sub-tables too', () => {
    const given = 'a = 1\n';
    const doc = new TomlDocument(given, 'c.toml');
    doc.upsert('runos', ours);
    const withTools = doc.result(false) + '\n[mcp_servers.runos.tools.x]\napproval_mode = "approve"\n';
    const again = new TomlDocument(withTools, 'c.toml');
    again.removeServer('runos');
    expect(again.result(true)).toBe(given);
  });

  it('refuses servers written as inline tables or dotted keys', () => {
    for (const given of ['mcp_servers.runos.command = "x"\n', '[mcp_servers]\nrunos = { command = "x" }\n']) {
      const doc = new TomlDocument(given, '/h/config.toml');
      expect(() => doc.upsert('runos', ours)).toThrow(/inline table or dotted keys/);
      expect(() => doc.removeServer('runos')).toThrow(/\/h\/config\.toml/);
    }
  });

  it('reports the line and column of broken TOML', () => {
    expect(() => new TomlDocument('a = 1\nb = [\n', '/h/config.toml')).toThrow(/^\/h\/config\.toml: not valid TOML at line 3, column 1/);
    expect(() => new TomlDocument('[a]\n[a]\n', '/h/config.toml')).toThrow(/line 2/);
  });
});

describe('Codex enum values', () => {
  const cases: [string, { given: unknown; want: string[] }][] = [
    ['valid modes', { given: { mcp_servers: { a: { default_tools_approval_mode: 'approve', tools: { t: { approval_mode: 'writes' } } } } }, want: [] }],
    ['unknown default mode', { given: { mcp_servers: { a: { default_tools_approval_mode: 'always' } } }, want: ['mcp_servers.a.default_tools_approval_mode = "always"'] }],
    ['unknown tool mode', { given: { mcp_servers: { a: { tools: { t: { approval_mode: 'yes' } } } } }, want: ['mcp_servers.a.tools.t.approval_mode = "yes"'] }],
    ['no servers', { given: {}, want: [] }],
  ];
  it.each(cases)('%s', (_n, { given, want }) => {
    expect(checkCodexConfig(given as Record<string, unknown>)).toEqual(want);
  });
});

describe('TomlDocument shapes', () => {
  it('adds the main table after a user sub-table of the same server', () => {
    const given = '[mcp_servers.runos.tools.get_cluster]\napproval_mode = "prompt"\n';
    const doc = new TomlDocument(given, 'c.toml');
    doc.upsert('runos', ours);
    const after = doc.verify((s) => {
      s.runos = { ...(s.runos as object), ...ours };
    }) as any;
    expect(after.mcp_servers.runos.tools.get_cluster.approval_mode).toBe('prompt');
    expect(doc.text.startsWith(given)).toBe(true);
  });

  it('refuses an mcp_servers that is not a table', () => {
    const doc = new TomlDocument('mcp_servers = "none"\n', '/h/c.toml');
    expect(() => doc.upsert('runos', ours)).toThrow(/mcp_servers is not a table/);
  });
});
