// Shared set-up for the end-to-end tests: the built CLI, a tool table, and MCP clients over stdio.
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tier } from '../../src/core/tiers.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(ROOT, 'dist', 'cli.js');
export const HAS_CLI = existsSync(CLI);
export const NO_CLI_MESSAGE = 'dist/cli.js is missing: run `npm run build` first (npm test does)';

let table: string | undefined;

/** The RunOS tool table: the committed `generated/`, else one generated now from the bundled manifest. */
export function runosTableDir(): string {
  if (table) return table;
  if (existsSync(join(ROOT, 'generated', 'tools.json'))) return (table = join(ROOT, 'generated'));
  const out = mkdtempSync(join(tmpdir(), 'runos-e2e-table-'));
  execFileSync(process.execPath, [CLI, 'manifest', 'update', '--from', join(ROOT, 'manifest', 'runos.openapi.json'), '--out', out], { stdio: 'ignore' });
  return (table = out);
}

/** A clean environment: nothing from the developer's own profile, keychain or cache leaks into a test. */
export function isolatedEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'runos-e2e-home-'));
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    RUNOS_CONFIG_DIR: join(home, 'config'),
    RUNOS_CACHE_DIR: join(home, 'cache'),
    RUNOS_STATE_DIR: join(home, 'state'),
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Start `runos mcp serve <tier>` from the built CLI and connect an SDK client to it over stdio. */
export async function connectTier(tier: Tier, env: Record<string, string>, opts: { modern?: boolean; args?: string[]; clientName?: string } = {}): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', 'serve', tier, '--table', runosTableDir(), ...(opts.args ?? [])],
    env,
    stderr: 'pipe',
  });
  const client = new Client({ name: opts.clientName ?? 'runos-e2e', version: '1.0.0' }, opts.modern ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {});
  await client.connect(transport);
  return client;
}

/** A tool result as the tests read it. */
export type ToolResult = { content: { type: string; text: string }[]; structuredContent?: Record<string, unknown>; isError?: boolean };

/** Call a tool and return its result (protocol errors reject). */
export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

/** The whole of a result as one string, for searching. */
export function resultText(r: ToolResult): string {
  return r.content.map((c) => c.text).join('\n') + (r.structuredContent ? JSON.stringify(r.structuredContent) : '');
}

/** The parsed JSON of a successful result. */
export function resultJson<T = Record<string, unknown>>(r: ToolResult): T {
  if (r.isError) throw new Error(`tool failed: ${r.content.map((c) => c.text).join(' ')}`);
  return JSON.parse(r.content[0]!.text) as T;
}
