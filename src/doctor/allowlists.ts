// The allow rules and approval settings doctor checks, per client, against what each client does with
// them (REFERENCE.md, "Client configuration files" and "Measured in the real clients").
import type { Tier } from '../core/tiers.js';
import type { FoundConfig } from './find.js';

/** One finding about an allowlist: a problem (exit 1) with its fix, or a note. */
export interface RuleFinding {
  problem: boolean;
  detail: string;
  fix?: string;
}

/** The read-tier tool names each of our servers serves, by server name (from the served table). */
export type ToolsByServer = Map<string, { tier: Tier; tools: string[] }>;

function claudeRules(config: FoundConfig, servers: ToolsByServer): RuleFinding[] {
  const out: RuleFinding[] = [];
  const settings = [...config.others.entries()].find(([f]) => f.endsWith('settings.json'));
  const allow = settings?.[1]?.permissions?.allow;
  if (!settings || !Array.isArray(allow)) return out;
  for (const rule of allow.filter((r): r is string => typeof r === 'string' && r.startsWith('mcp__'))) {
    if (rule === 'mcp__*' || rule === 'mcp__') {
      out.push({ problem: true, detail: `${settings[0]}: "${rule}" is rejected by Claude Code in permissions.allow`, fix: `remove "${rule}"; run \`runos mcp configure claude\` for the read server's rules` });
      continue;
    }
    const [server, rest] = rule.slice(5).split(/__(.*)/s) as [string, string | undefined];
    const ours = servers.get(server);
    if (!ours) continue;
    if (ours.tier !== 'read') {
      out.push({ problem: true, detail: `${settings[0]}: "${rule}" auto-approves tools of ${server} (${ours.tier})`, fix: `remove "${rule}": only the read server may run without asking` });
    } else if (rest !== undefined && rest !== '*' && rest.includes('*')) {
      out.push({ problem: true, detail: `${settings[0]}: "${rule}" is a partial glob, which Claude Code 2.1.166+ rejects (anthropics/claude-code#65797)`, fix: `use "mcp__${server}" and "mcp__${server}__*" (runos mcp configure claude writes both)` });
    } else if (rest !== undefined && rest !== '*' && !ours.tools.includes(rest)) {
      out.push({ problem: true, detail: `${settings[0]}: "${rule}" names ${rest}, which ${server} no longer serves (a leftover of a removed tool)`, fix: `remove "${rule}"` });
    }
  }
  return out;
}

function rooRules(config: FoundConfig, servers: ToolsByServer): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const s of config.servers) {
    const allow = (s.entry.alwaysAllow as unknown[] | undefined) ?? [];
    const ours = servers.get(s.name);
    if (!ours || !Array.isArray(allow)) continue;
    if (ours.tier !== 'read' && allow.length > 0)
      out.push({ problem: true, detail: `${config.file}: ${s.name} (${ours.tier}) has alwaysAllow ${JSON.stringify(allow)}`, fix: `empty the alwaysAllow list of ${s.name}` });
    else
      for (const tool of allow.filter((t): t is string => typeof t === 'string' && t !== '*' && !ours.tools.includes(t)))
        out.push({ problem: true, detail: `${config.file}: ${s.name} alwaysAllow lists ${tool}, which it no longer serves (a leftover of a removed tool)`, fix: `remove "${tool}" from alwaysAllow (runos mcp configure roo adds new read tools, never removes yours)` });
  }
  return out;
}

function cursorRules(config: FoundConfig, servers: ToolsByServer): RuleFinding[] {
  const out: RuleFinding[] = [];
  const permissions = [...config.others.entries()].find(([f]) => f.endsWith('permissions.json'));
  const list = permissions?.[1]?.mcpAllowlist;
  if (!permissions || !Array.isArray(list)) return out;
  for (const item of list.filter((x): x is string => typeof x === 'string')) {
    const [server, tool] = item.split(':', 2) as [string, string | undefined];
    const ours = servers.get(server);
    if (!ours) continue;
    if (ours.tier !== 'read') out.push({ problem: true, detail: `${permissions[0]}: "${item}" auto-approves ${server} (${ours.tier})`, fix: `remove "${item}"` });
    else if (tool && tool !== '*' && !ours.tools.includes(tool)) out.push({ problem: true, detail: `${permissions[0]}: "${item}" names a tool ${server} no longer serves`, fix: `remove "${item}"` });
  }
  return out;
}

function codexRules(config: FoundConfig, servers: ToolsByServer): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const s of config.servers) {
    const ours = servers.get(s.name);
    if (!ours) continue;
    const mode = s.entry.default_tools_approval_mode;
    if (ours.tier !== 'read' && (mode === 'approve' || mode === 'auto' || mode === undefined))
      out.push({
        problem: mode === 'approve',
        detail: `${config.file}: ${s.name} (${ours.tier}) has default_tools_approval_mode ${mode === undefined ? 'unset' : `= "${mode}"`}`,
        fix: `set default_tools_approval_mode = "prompt" (runos mcp configure codex does)`,
      });
    const tools = (s.entry.tools ?? {}) as Record<string, { approval_mode?: string }>;
    for (const [tool, t] of Object.entries(tools)) {
      if (!ours.tools.includes(tool)) out.push({ problem: true, detail: `${config.file}: [mcp_servers.${s.name}.tools.${tool}] is for a tool ${s.name} no longer serves (a leftover)`, fix: `remove that table` });
      else if (ours.tier !== 'read' && t?.approval_mode === 'approve') out.push({ problem: true, detail: `${config.file}: ${s.name}.tools.${tool} is approved without asking`, fix: `remove its approval_mode` });
    }
  }
  return out;
}

function geminiRules(config: FoundConfig, servers: ToolsByServer): RuleFinding[] {
  return config.servers
    .filter((s) => s.entry.trust === true && servers.get(s.name)?.tier !== 'read')
    .map((s) => ({ problem: true, detail: `${config.file}: ${s.name} has "trust": true (no confirmations)`, fix: `remove "trust" from ${s.name}` }));
}

/** Allow rules a client would ignore or that approve too much, and leftovers of tools no longer served. */
export function checkAllowRules(config: FoundConfig, servers: ToolsByServer): RuleFinding[] {
  switch (config.client) {
    case 'claude':
      return claudeRules(config, servers);
    case 'roo':
      return rooRules(config, servers);
    case 'cursor':
      return cursorRules(config, servers);
    case 'codex':
      return codexRules(config, servers);
    case 'gemini':
      return geminiRules(config, servers);
    default:
      return [];
  }
}
