// The real Claude Code CLI on a remote tier: `runos mcp configure claude --remote <url>` writes the entries,
// `claude -p` (headless) loads them, reads the token from RUNOS_MCP_TOKEN and, driven by a scripted model on
// loopback, calls a read tool through `serve --http`; a token without the write tier gets 403 on /mcp/write.
// Uses the binary and the scripted model of the real-client tests (test/real-clients); skips, saying why,
// when the binary is missing.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findClaudeCode, runProcess } from '../real-clients/clients.js';
import { startScriptedModel } from '../real-clients/model-server.js';
import { CLI, createToken, HAS_CLI, isolatedEnv, modernCall, rawRequest, readAudit, startServe, startUpstream } from '../server/http/helpers.js';

const claude = process.env.RUNOS_REAL_CLIENTS === 'off' ? { ok: false as const, label: 'Claude Code', reason: 'RUNOS_REAL_CLIENTS=off' } : await findClaudeCode();
const skipReason = !HAS_CLI ? 'dist/cli.js is missing' : claude.ok ? '' : claude.reason;

describe.skipIf(skipReason !== '')(`Claude Code${claude.ok ? ` ${claude.version}` : ''} on a remote tier${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('connects with a token, calls a read tool; the token lacks write, so /mcp/write is 403', async () => {
    if (!claude.ok) return;
    const upstream = await startUpstream();
    const env = isolatedEnv({ RUNOS_API_URL: upstream.url, RUNOS_API_KEY: 'platform-key' });
    const token = createToken(env, 'claude-user', 'read');
    const serve = await startServe([], env);
    const model = await startScriptedModel();
    const project = mkdtempSync(join(tmpdir(), 'runos-claude-remote-'));
    mkdirSync(join(env.HOME!, '.claude'), { recursive: true });
    try {
      execFileSync(process.execPath, [CLI, 'mcp', 'configure', 'claude', '--dir', project, '--tiers', 'read,write', '--remote', serve.url], { env, stdio: 'pipe' });
      const out = await runProcess(claude.command, [...claude.prefix, '-p', 'RUNOS-CALL mcp__runos__get_cluster {"cluster":"c-claude"}', '--output-format', 'json', '--max-turns', '6', '--allowedTools', 'mcp__runos__get_cluster'], {
        cwd: project,
        timeoutMs: 120_000,
        env: { ...env, ANTHROPIC_BASE_URL: model.url, ANTHROPIC_API_KEY: 'sk-ant-scripted-model-not-a-key', RUNOS_MCP_TOKEN: token, DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' },
      });
      expect(out.timedOut, out.stderr).toBe(false);
      // The call went through serve --http to the platform with the platform key, as the token's caller.
      expect(upstream.requests).toContainEqual({ method: 'GET', url: '/v1/clusters/c-claude', authorization: 'Bearer platform-key' });
      expect(readAudit(env).find((e) => e.tool === 'get_cluster')).toMatchObject({ caller: 'token:claude-user', tier: 'read', status: 200 });
      // The tool result reached the model.
      expect(model.results.find((r) => r.tool === 'mcp__runos__get_cluster')).toMatchObject({ isError: false, text: expect.stringContaining('c-claude') });
      // The same token on the write tier: 403 insufficient_scope, with the scope to ask for.
      const denied = await rawRequest(`${serve.url}/mcp/write`, modernCall('delete_app', { app: 'x' }, token));
      expect(denied.status).toBe(403);
      expect(denied.headers['www-authenticate']).toMatch(/error="insufficient_scope".*scope="runos:write"/);
    } finally {
      await Promise.all([serve.stop(), upstream.close(), model.close()]);
    }
  }, 180_000);
});
