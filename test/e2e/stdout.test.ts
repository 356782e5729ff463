// A stdio MCP server may write nothing but protocol on stdout (REFERENCE.md, MCP): every line must be JSON-RPC.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, HAS_CLI, isolatedEnv, NO_CLI_MESSAGE, runosTableDir } from './helpers.js';

describe.skipIf(!HAS_CLI)(`serve's stdout (${HAS_CLI ? 'built CLI' : NO_CLI_MESSAGE})`, () => {
  it('carries only JSON-RPC lines, also when the key store is consulted and a call fails', async () => {
    // No RUNOS_API_KEY: the server looks in the keychain and the key file, then answers with the login hint.
    const env = isolatedEnv({ RUNOS_API_URL: 'http://127.0.0.1:9' });
    const child = spawn(process.execPath, [CLI, 'mcp', 'serve', 'read', '--table', runosTableDir()], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const send = (m: object): boolean => child.stdin.write(`${JSON.stringify(m)}\n`);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'list_clusters', arguments: {} } });
    send({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'get_service', arguments: { service: '..' } } });
    for (let i = 0; i < 500 && !(stdout.includes('"id":4') && stdout.includes('"id":3')); i++) await new Promise((r) => setTimeout(r, 20));
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(0);
    const lines = stdout.split('\n').filter(Boolean);
    expect(lines.length, stdout + stderr).toBe(4);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
    expect(lines.find((l) => l.includes('"id":3'))).toContain('runos login');
  });
});
