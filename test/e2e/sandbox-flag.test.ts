// `runos mcp serve <tier> --sandbox`: each server starts a sandbox in-process, and all share one world.
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callTool, connectTier, HAS_CLI, isolatedEnv, NO_CLI_MESSAGE, resultJson } from './helpers.js';

describe.skipIf(!HAS_CLI)(`serve --sandbox (${HAS_CLI ? 'built CLI' : NO_CLI_MESSAGE})`, () => {
  let read: Client;
  let write: Client;
  beforeAll(async () => {
    // No RUNOS_API_URL / RUNOS_API_KEY at all: --sandbox needs no account.
    const env = isolatedEnv();
    [read, write] = await Promise.all([connectTier('read', env, { args: ['--sandbox'] }), connectTier('write', env, { args: ['--sandbox'] })]);
  });
  afterAll(async () => {
    await Promise.all([read?.close(), write?.close()]);
  });

  it('serves the demo world and shares it between tier servers', async () => {
    const clusters = resultJson<{ items: { name: string }[] }>(await callTool(read, 'list_clusters'));
    expect(clusters.items.map((c) => c.name)).toEqual(expect.arrayContaining(['prod', 'i4y']));
    const created = await callTool(write, 'create_service', { body: { name: 'shared-cache', type: 'valkey', cluster: 'i4y' } });
    expect(created.isError).toBeFalsy();
    const listed = resultJson<{ items: { name: string }[] }>(await callTool(read, 'list_services', { cluster: 'i4y' }));
    expect(listed.items.map((s) => s.name)).toContain('shared-cache');
  });
});
