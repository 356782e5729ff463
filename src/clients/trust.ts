// Where each client keeps "the user trusts this folder", and how runos reads and (with --trust) writes it
// (REFERENCE.md, "Measured in the real clients"): Claude Code ignores a project's .claude/settings.json
// permissions until that exact folder's trust dialog was accepted; Codex reads a project's
// .codex/config.toml only for a trusted project. A trusted parent folder counts for neither.
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { JsonDocument, STRICT_JSON } from './json-edit.js';
import { TomlDocument } from './toml-edit.js';
import type { ConfigureContext } from './types.js';

/** Claude Code's state file holding `projects["<dir>"].hasTrustDialogAccepted` (CLAUDE_CONFIG_DIR moves it). */
export function claudeStateFile(ctx: Pick<ConfigureContext, 'env' | 'home'>): string {
  return ctx.env.CLAUDE_CONFIG_DIR ? join(ctx.env.CLAUDE_CONFIG_DIR, '.claude.json') : join(ctx.home, '.claude.json');
}

/** Codex's user config, which holds `[projects."<dir>"] trust_level` (CODEX_HOME moves it). */
export function codexUserFile(ctx: Pick<ConfigureContext, 'env' | 'home'>): string {
  return join(ctx.env.CODEX_HOME || join(ctx.home, '.codex'), 'config.toml');
}

/** Whether Claude Code trusts exactly `dir`, judged from its state file's text (unreadable = no). */
export function isClaudeTrusted(text: string | null | undefined, dir: string): boolean {
  try {
    return JSON.parse((text ?? '').replace(/^\uFEFF/, ''))?.projects?.[dir]?.hasTrustDialogAccepted === true;
  } catch {
    return false;
  }
}

/** Whether Codex trusts exactly `dir`, judged from its user config's text (unreadable = no). */
export function isCodexTrusted(text: string | null | undefined, dir: string): boolean {
  try {
    return ((parse(text ?? '') as Record<string, any>).projects?.[dir]?.trust_level ?? '') === 'trusted';
  } catch {
    return false;
  }
}

/** Plan Claude Code's trust entry for `dir` in its state file: only that key changes. */
export function planClaudeTrust(text: string | null, file: string, dir: string): JsonDocument {
  const doc = new JsonDocument(text, file, STRICT_JSON);
  doc.set(['projects', dir, 'hasTrustDialogAccepted'], true);
  return doc;
}

/** Plan Codex's `[projects."<dir>"] trust_level = "trusted"` in its user config, checked by re-parsing. */
export function planCodexTrust(text: string | null, file: string, dir: string): string | null {
  const doc = new TomlDocument(text, file);
  doc.upsert(dir, { trust_level: 'trusted' }, 'projects');
  doc.verifyDocument((expected) => {
    const projects = (expected.projects ??= {}) as Record<string, Record<string, unknown>>;
    projects[dir] = { ...(projects[dir] ?? {}), trust_level: 'trusted' };
  });
  return doc.result(false);
}
