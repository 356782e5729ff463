// A third-party client: the MCP Inspector CLI lists and calls the built server's tools.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { CLI, HAS_CLI, isolatedEnv, NO_CLI_MESSAGE, ROOT, runosTableDir } from './helpers.js';

const run = promisify(execFile);
const INSPECTOR = join(ROOT, 'node_modules', '.bin', 'mcp-inspector');
const READY = HAS_CLI && existsSync(INSPECTOR);

describe.skipIf(!READY)(`MCP Inspector CLI against runos mcp serve (${READY ? 'ready' : `${NO_CLI_MESSAGE}; and @modelcontextprotocol/inspector must be installed`})`, () => {
  let sandbox: Sandbox;
  let env: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startSandbox({ quiet: true });
    env = isolatedEnv();
  });
  afterAll(() => sandbox?.close());

  /** Run the inspector against `runos mcp serve read`; server variables go through its `-e`, as a user would. */
  async function inspect(args: string[]): Promise<{ code: number; out: unknown }> {
    const serverEnv = ['RUNOS_API_URL', sandbox.url, 'RUNOS_API_KEY', sandbox.key, 'RUNOS_STATE_DIR', env.RUNOS_STATE_DIR!];
    const e = [0, 2, 4].flatMap((i) => ['-e', `${serverEnv[i]}=${serverEnv[i + 1]}`]);
    const argv = ['--cli', ...e, ...args, '--', process.execPath, CLI, 'mcp', 'serve', 'read', '--table', runosTableDir()];
    try {
      const { stdout } = await run(INSPECTOR, argv, { env: { ...env, MCP_CATALOG_PATH: join(env.HOME!, 'catalog.json') }, timeout: 60_000 });
      return { code: 0, out: JSON.parse(stdout) };
    } catch (err) {
      const e = err as { code?: number; stdout?: string };
      return { code: e.code ?? -1, out: e.stdout ? JSON.parse(e.stdout) : undefined };
    }
  }

  it('lists the read tools', async () => {
    const { code, out } = await inspect(['--method', 'tools/list']);
    expect(code).toBe(0);
    const tools = (out as { tools: { name: string; annotations?: { readOnlyHint?: boolean } }[] }).tools;
    expect(tools.map((t) => t.name)).toContain('list_nodes');
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
  });

  it('calls a tool with arguments', async () => {
    const { code, out } = await inspect(['--method', 'tools/call', '--tool-name', 'list_nodes', '--tool-arg', 'cluster=i4y']);
    expect(code).toBe(0);
    const result = out as { content: { text: string }[]; isError?: boolean };
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(result.content[0]!.text).items.length).toBeGreaterThan(0);
  });

  it('sees a platform error as an isError result (inspector exit code 5)', async () => {
    const { code } = await inspect(['--method', 'tools/call', '--tool-name', 'get_service', '--tool-arg', 'service=no-such-service']);
    expect(code).toBe(5);
  });
});
