// The real Claude Code CLI on a remote tier: `runos mcp configure claude --remote <url>` writes the entries,
// `claude -p` (headless) loads them, reads the token from RUNOS_MCP_TOKEN and, driven by a scripted model on
// loopback, calls a read tool through `serve --http`; a token without the write tier gets 403 on /mcp/write.
// Needs two things this branch does not ship: the Claude Code binary (devDependency
// @anthropic-ai/claude-code) and the scripted model helper (SCRIPTED_MODEL below); without either it skips
// and says which.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, createToken, HAS_CLI, isolatedEnv, modernCall, rawRequest, readAudit, ROOT, startServe, startUpstream } from '../server/http/helpers.js';

/** Where the Claude Code binary lands when the package is installed (native build first, then the package's bin). */
const CLAUDE = [
  join(ROOT, 'node_modules', '@anthropic-ai', 'claude-code-linux-x64', 'claude'),
  join(ROOT, 'node_modules', '.bin', 'claude'),
].find((p) => existsSync(p));

/**
 * The scripted model server (an Anthropic Messages API on loopback that answers from a script). Expected
 * export: `startScriptedModel(turns: ({ toolUse: { name: string; input: object } } | { text: string })[])`
 * resolving to `{ url: string; requests: { body: any }[]; close(): Promise<void> }`.
 */
const SCRIPTED_MODEL = join(ROOT, 'test', 'e2e', 'scripted-model.ts');

type ScriptedModel = { url: string; requests: { body: any }[]; close(): Promise<void> };
const skipReason = !HAS_CLI ? 'dist/cli.js is missing' : !CLAUDE ? 'the Claude Code binary is not installed (devDependency @anthropic-ai/claude-code)' : !existsSync(SCRIPTED_MODEL) ? `no scripted model helper at ${SCRIPTED_MODEL}` : '';

describe.skipIf(skipReason !== '')(`Claude Code on a remote tier${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('connects with a token, calls a read tool; the token lacks write, so /mcp/write is 403', async () => {
    const { startScriptedModel } = (await import(SCRIPTED_MODEL)) as { startScriptedModel(turns: unknown[]): Promise<ScriptedModel> };
    const upstream = await startUpstream();
    const env = isolatedEnv({ RUNOS_API_URL: upstream.url, RUNOS_API_KEY: 'platform-key' });
    const token = createToken(env, 'claude-user', 'read');
    const serve = await startServe([], env);
    const model = await startScriptedModel([{ toolUse: { name: 'mcp__runos__get_cluster', input: { cluster: 'c-claude' } } }, { text: 'Cluster c-claude is running.' }]);
    const project = mkdtempSync(join(tmpdir(), 'runos-claude-remote-'));
    mkdirSync(join(env.HOME!, '.claude'), { recursive: true });
    try {
      execFileSync(process.execPath, [CLI, 'mcp', 'configure', 'claude', '--dir', project, '--tiers', 'read,write', '--remote', serve.url], { env, stdio: 'pipe' });
      const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(CLAUDE!, ['-p', 'Show me cluster c-claude', '--output-format', 'json', '--allowedTools', 'mcp__runos__get_cluster'], {
          cwd: project,
          env: { ...env, ANTHROPIC_BASE_URL: model.url, ANTHROPIC_API_KEY: 'test-key', RUNOS_MCP_TOKEN: token, DISABLE_AUTOUPDATER: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
      expect(out.code, out.stderr).toBe(0);
      // The call went through serve --http to the platform with the platform key, as the token's caller.
      expect(upstream.requests).toContainEqual({ method: 'GET', url: '/v1/clusters/c-claude', authorization: 'Bearer platform-key' });
      expect(readAudit(env).find((e) => e.tool === 'get_cluster')).toMatchObject({ caller: 'token:claude-user', tier: 'read', status: 200 });
      // The tool result reached the model.
      expect(JSON.stringify(model.requests.at(-1)?.body)).toContain('c-claude');
      // The same token on the write tier: 403 insufficient_scope, with the scope to ask for.
      const denied = await rawRequest(`${serve.url}/mcp/write`, modernCall('delete_app', { app: 'x' }, token));
      expect(denied.status).toBe(403);
      expect(denied.headers['www-authenticate']).toMatch(/error="insufficient_scope".*scope="runos:write"/);
    } finally {
      await Promise.all([serve.stop(), upstream.close(), model.close()]);
    }
  }, 120_000);
});
