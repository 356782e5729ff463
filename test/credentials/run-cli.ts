// Runs the built CLI (dist/cli.js) in a child process with a private environment, the way a user would.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/core/paths.js';

/**
 * The built CLI; these tests need `npm run build` first (npm test does it). RUNOS_TEST_CLI points them
 * at another build, e.g. while the shared dist/ is being rebuilt by someone else.
 */
export const CLI = process.env.RUNOS_TEST_CLI || join(packageRoot(), 'dist', 'cli.js');

/** Fail loudly instead of skipping: a missing build is a setup mistake, not an absent optional input. */
export function requireBuiltCli(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before these tests`);
}

/** A fresh HOME with config/state/cache folders inside it, so nothing touches the real user's files. */
export async function makeHome(): Promise<{ home: string; env: NodeJS.ProcessEnv }> {
  const home = await mkdtemp(join(tmpdir(), 'runos-cred-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    RUNOS_CONFIG_DIR: join(home, 'config'),
    RUNOS_STATE_DIR: join(home, 'state'),
    RUNOS_CACHE_DIR: join(home, 'cache'),
  };
  return { home, env };
}

/** The outcome of one CLI run. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `node dist/cli.js …args` with exactly `env`, feeding `input` on stdin (then EOF). */
export function runCli(args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
