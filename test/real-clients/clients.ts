// The real Claude Code and Codex CLIs (devDependencies, pinned): where their binaries are, how to run them
// headless against the scripted model, and how a run's outcome reads per tool.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** A client binary found (with its version), or why it is missing: the tests skip saying so. */
export type Found = { ok: true; label: string; command: string; prefix: string[]; version: string } | { ok: false; label: string; reason: string };

/** What one headless run printed, and how it ended. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Run a command with exactly `env`, stdin closed, killed after `timeoutMs`. */
export function runProcess(command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: stderr + String(err), timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

function packageDir(name: string): string | undefined {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

async function versionOf(label: string, command: string, prefix: string[]): Promise<Found> {
  const r = await runProcess(command, [...prefix, '--version'], { cwd: process.cwd(), env: { PATH: process.env.PATH, HOME: process.env.HOME }, timeoutMs: 30_000 });
  const version = /(\d+\.\d+\.\d+)/.exec(r.stdout)?.[1];
  if (r.code !== 0 || !version) return { ok: false, label, reason: `${command} --version failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().slice(0, 120)}` };
  return { ok: true, label, command, prefix, version };
}

/**
 * Claude Code: the native binary of the platform package (`@anthropic-ai/claude-code-<os>-<arch>`), which
 * the wrapper package's postinstall would copy to `bin/claude.exe`; we call it directly, so an npm that
 * skips install scripts still gives a working client.
 */
export async function findClaudeCode(): Promise<Found> {
  const label = 'Claude Code';
  const exe = process.platform === 'win32' ? 'claude.exe' : 'claude';
  const platformDir = packageDir(`@anthropic-ai/claude-code-${process.platform}-${process.arch}`);
  const wrapperDir = packageDir('@anthropic-ai/claude-code');
  const candidates = [platformDir && join(platformDir, exe), wrapperDir && join(wrapperDir, 'bin', 'claude.exe')].filter((p): p is string => !!p);
  // bin/claude.exe is a small placeholder until the postinstall replaces it with the native binary.
  const binary = candidates.find((p) => existsSync(p) && statSync(p).size > 1_000_000);
  if (!binary) return { ok: false, label, reason: `no native binary (looked at ${candidates.join(', ') || '@anthropic-ai/claude-code: not installed'}); run npm ci` };
  return versionOf(label, binary, []);
}

/** Codex: the package's node launcher, which starts the native binary of its platform package. */
export async function findCodex(): Promise<Found> {
  const label = 'Codex';
  const dir = packageDir('@openai/codex');
  if (!dir) return { ok: false, label, reason: '@openai/codex is not installed; run npm ci' };
  return versionOf(label, process.execPath, [join(dir, 'bin', 'codex.js')]);
}

/** How a client treated one tool call. */
export type Verdict = 'runs without asking' | 'asks' | 'not loaded' | 'refused';

/** Claude Code's model-visible name of a tool (`mcp__<server>__<tool>`). */
export const claudeToolName = (server: string, tool: string): string => `mcp__${server}__${tool}`;

/** Codex's namespaced name of a tool (`mcp__<server with - as _>` . `<tool>`). */
export const codexToolName = (server: string, tool: string): string => `mcp__${server.replace(/-/g, '_')}.${tool}`;
