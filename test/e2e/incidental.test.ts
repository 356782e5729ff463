// Incidental secrets, black-box (issue 11 item 4): GitHub's repos_get, pulls_get and issues_list_for_repo stay
// in the read tier; the built read server, talking to a loopback "GitHub" that answers with a repository
// carrying a live temp_clone_token, shows everything but that token, and the sensitive-read server (which
// asks before every call) serves the same tools with the token.
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specsDir } from '../../src/core/paths.js';
import type { Tier } from '../../src/core/tiers.js';
import { readToolTable, type ToolTable } from '../../src/core/tool-table.js';
import { callTool, CLI, HAS_CLI, isolatedEnv, NO_CLI_MESSAGE, resultText } from './helpers.js';

const SPEC = join(specsDir(), 'github-api.json');
const TOKEN = 'AABBCCDDEEFF0011223344556677';
const repo = (name: string) => ({ id: 1, name, full_name: `octo/${name}`, private: true, default_branch: 'main', temp_clone_token: TOKEN, owner: { login: 'octo' } });

let upstream: Server;
let url: string;
let dir: string;
let table: ToolTable;

const ready = HAS_CLI && existsSync(SPEC);

beforeAll(async () => {
  if (!ready) return;
  dir = mkdtempSync(join(tmpdir(), 'runos-gh-table-'));
  execFileSync(process.execPath, [CLI, 'manifest', 'update', '--from', SPEC, '--name', 'gh', '--out', dir], { stdio: 'ignore' });
  table = await readToolTable(dir);
  upstream = createServer((req, res) => {
    const path = req.url ?? '';
    const body = /\/issues(?:\?|$)/.test(path)
      ? [{ id: 7, number: 1, title: 'bug', repository: repo('hello') }]
      : /\/pulls\/\d+/.test(path)
        ? { id: 9, number: 2, title: 'fix', head: { ref: 'fix', repo: repo('hello') }, base: { ref: 'main', repo: repo('hello') } }
        : repo('hello');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((r) => upstream?.close(r));
});

async function connect(tier: Tier): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', 'serve', tier, '--table', dir],
    env: isolatedEnv({ RUNOS_API_URL: url, RUNOS_API_KEY: 'ghp_test_key_for_loopback_only_000000', RUNOS_KEYRING: 'off' }),
    stderr: 'pipe',
  });
  const client = new Client({ name: 'runos-e2e', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

const CALLS: [string, Record<string, unknown>][] = [
  ['repos_get', { owner: 'octo', repo: 'hello' }],
  ['pulls_get', { owner: 'octo', repo: 'hello', pull_number: 2 }],
  ['issues_list_for_repo', { owner: 'octo', repo: 'hello' }],
];

describe.skipIf(!ready)(`incidental secrets stay out of the read tier's answers${ready ? '' : ` (skipped: ${HAS_CLI ? `${SPEC} is absent; set RUNOS_SPECS_DIR` : NO_CLI_MESSAGE})`}`, () => {
  it('the three tools are read tools that redact temp_clone_token, and sensitive-read serves them too', () => {
    for (const [name] of CALLS) {
      const tool = table.tools.find((t) => t.name === name)!;
      expect(tool.tier, tool.reason).toBe('read');
      expect(tool.redacts).toContain('temp_clone_token');
      expect(tool.reason).toMatch(/which the read server redacts \(.*temp_clone_token/);
    }
  });

  it('read shows everything but the token; sensitive-read shows the token', async () => {
    const read = await connect('read');
    const sensitive = await connect('sensitive-read');
    try {
      const listed = new Set((await sensitive.listTools()).tools.map((t) => t.name));
      for (const [name, args] of CALLS) {
        const plain = await callTool(read, name, args);
        expect(plain.isError, resultText(plain)).toBeFalsy();
        expect(resultText(plain)).toContain('octo/hello');
        expect(resultText(plain)).not.toContain(TOKEN);
        expect(resultText(plain)).toContain('[redacted: use gh-sensitive-read]');
        expect(listed.has(name)).toBe(true);
        const full = await callTool(sensitive, name, args);
        expect(resultText(full)).toContain(TOKEN);
      }
    } finally {
      await read.close();
      await sensitive.close();
    }
  }, 60_000);
});
