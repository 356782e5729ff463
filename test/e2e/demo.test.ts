// The README's main job, `npm run demo`, keeps working: every example sentence through the right tier.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HAS_CLI, NO_CLI_MESSAGE, ROOT } from './helpers.js';

describe.skipIf(!HAS_CLI)(`npm run demo (${HAS_CLI ? 'built CLI' : NO_CLI_MESSAGE})`, () => {
  it('carries out every example sentence and shows the read server redacting a logged password', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'scripts', 'demo.mjs')], { cwd: ROOT, timeout: 60_000 });
    expect(stdout).toContain('runos-sensitive-read › get_connection_string');
    expect(stdout).toMatch(/runos › get_connection_string .*\n\s+✗ MCP error -32602/);
    expect(stdout).toContain('postgres://app_rw:[redacted: use runos-sensitive-read]@');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('demo: every example sentence carried out through the right tier');
  }, 90_000);
});
