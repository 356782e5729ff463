import { join } from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import type { ClientId } from '../../src/core/clients.js';
import type { World } from './helpers.js';

/** The allow rules configure writes for the read server. */
export const CLAUDE_RULES = ['mcp__runos', 'mcp__runos__*'];

/** Our server names, least privileged first. */
export const OURS = ['runos', 'runos-sensitive-read', 'runos-write', 'runos-sensitive-write'];

/** One client as the table-driven tests see it. */
export interface ClientCase {
  client: ClientId;
  scope?: 'project' | 'user';
  /** Every file the client writes. */
  files(w: World): string[];
  /** The file holding the server entries, and the path of the map inside it. */
  servers(w: World): { file: string; container: string[] };
  /** Rich originals: other servers, permissions, unknown keys, comments where the client allows them. */
  originals(w: World): Record<string, string>;
  /** Take our entries and allowlist items out of a parsed file (what the original must equal). */
  strip(file: string, value: Record<string, any>, w: World): Record<string, any>;
  /** A malformed version of one file and the position the error must name. */
  broken(w: World): { file: string; text: string; where: RegExp };
}

/** Parse a written file the way its client does (JSONC parser accepts strict JSON too; TOML by smol-toml). */
export function parseFile(file: string, text: string): Record<string, any> {
  if (file.endsWith('.toml')) return parseToml(text) as Record<string, any>;
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) throw new Error(`${file} does not parse`);
  return value;
}

function dropServers(value: Record<string, any>, container: string[]): Record<string, any> {
  const map = container.reduce((v, k) => v?.[k], value);
  if (map) for (const n of OURS) delete map[n];
  if (map && Object.keys(map).length === 0) {
    const parent = container.slice(0, -1).reduce((v, k) => v?.[k], value);
    delete parent[container[container.length - 1]!];
  }
  return value;
}

function dropItems(value: Record<string, any>, path: string[], items: string[]): Record<string, any> {
  const parent = path.slice(0, -1).reduce((v, k) => v?.[k], value);
  const key = path[path.length - 1]!;
  if (Array.isArray(parent?.[key])) parent[key] = parent[key].filter((x: unknown) => !items.includes(x as string));
  if (Array.isArray(parent?.[key]) && parent[key].length === 0) delete parent[key];
  return value;
}

const CLAUDE_MCP = `{
    "mcpServers": {
        "github": {
            "type": "stdio",
            "command": "npx",
            "args": ["-y", "@modelcontextprotocol/server-github"],
            "env": {"GITHUB_TOKEN": "\${GITHUB_TOKEN}"}
        }
    },
    "x-team-note": "keep me"
}
`;
const CLAUDE_SETTINGS = `{
  "permissions": {
    "allow": ["Bash(npm test)", "mcp__github__get_issue"],
    "deny": ["Read(./.env)"]
  },
  "model": "opus",
  "hooks": {}
}
`;
const CLAUDE_LOCAL = `{
  "enabledMcpjsonServers": ["github"],
  "outputStyle": "Explanatory"
}
`;

const CODEX_CONFIG = `# my Codex config
model = "o3"
approval_policy = "on-request"
notes = """
[mcp_servers.runos]
not a table: inside a string
"""

[mcp_servers.docs]
command = "npx"
args = [
  "-y",
  "docs-mcp",   # pinned
]
default_tools_approval_mode = "auto"

# profiles follow
[profiles.work]
model = "gpt-5"
`;

/** Codex in one scope: the project's .codex/config.toml (the default) or ~/.codex/config.toml. */
function codexCase(scope: 'project' | 'user'): ClientCase {
  const file = (w: World): string => join(scope === 'project' ? w.project : w.home, '.codex', 'config.toml');
  return {
    client: 'codex',
    ...(scope === 'user' ? { scope } : {}),
    files: (w) => [file(w)],
    servers: (w) => ({ file: file(w), container: ['mcp_servers'] }),
    originals: (w) => ({ [file(w)]: CODEX_CONFIG }),
    strip: (_f, v) => dropServers(v, ['mcp_servers']),
    broken: (w) => ({ file: file(w), text: 'model = "o3"\n[mcp_servers.docs]\ncommand = npx\n', where: /line 3, column \d+/ }),
  };
}

/** Every client (and scope) with its files and rich originals. */
export const CASES: ClientCase[] = [
  {
    client: 'claude',
    files: (w) => [join(w.project, '.mcp.json'), join(w.project, '.claude', 'settings.json'), join(w.project, '.claude', 'settings.local.json')],
    servers: (w) => ({ file: join(w.project, '.mcp.json'), container: ['mcpServers'] }),
    originals: (w) => ({
      [join(w.project, '.mcp.json')]: CLAUDE_MCP,
      [join(w.project, '.claude', 'settings.json')]: CLAUDE_SETTINGS,
      [join(w.project, '.claude', 'settings.local.json')]: CLAUDE_LOCAL,
    }),
    strip(file, v) {
      if (file.endsWith('.mcp.json')) return dropServers(v, ['mcpServers']);
      if (file.endsWith('settings.json')) return dropItems(v, ['permissions', 'allow'], CLAUDE_RULES);
      return dropItems(v, ['enabledMcpjsonServers'], OURS);
    },
    broken: (w) => ({ file: join(w.project, '.claude', 'settings.json'), text: '{\n  "permissions": {\n    "allow": ["Bash(ls)",]\n  }\n}\n', where: /line 3, column 2\d/ }),
  },
  {
    client: 'claude',
    scope: 'user',
    files: (w) => [join(w.home, '.claude.json'), join(w.home, '.claude', 'settings.json')],
    servers: (w) => ({ file: join(w.home, '.claude.json'), container: ['mcpServers'] }),
    originals: (w) => ({
      [join(w.home, '.claude.json')]: JSON.stringify({ numStartups: 42, projects: { '/x': { allowedTools: [], history: [{ display: 'hi' }] } }, mcpServers: {} }, null, 2) + '\n',
      [join(w.home, '.claude', 'settings.json')]: CLAUDE_SETTINGS,
    }),
    strip(file, v) {
      if (file.endsWith('.claude.json')) {
        for (const n of OURS) delete v.mcpServers?.[n];
        return v;
      }
      return dropItems(v, ['permissions', 'allow'], CLAUDE_RULES);
    },
    broken: (w) => ({ file: join(w.home, '.claude.json'), text: '{\n  "numStartups": 42\n  "x": 1\n}\n', where: /line 3, column 3/ }),
  },
  {
    client: 'roo',
    files: (w) => [join(w.project, '.roo', 'mcp.json')],
    servers: (w) => ({ file: join(w.project, '.roo', 'mcp.json'), container: ['mcpServers'] }),
    originals: (w) => ({
      [join(w.project, '.roo', 'mcp.json')]: `{\n\t"mcpServers": {\n\t\t"filesystem": {\n\t\t\t"command": "npx",\n\t\t\t"args": ["-y", "@modelcontextprotocol/server-filesystem", "."],\n\t\t\t"alwaysAllow": ["read_file"],\n\t\t\t"timeout": 120\n\t\t},\n\t\t"remote": {"type": "streamable-http", "url": "https://example.com/mcp", "headers": {"X-Team": "a"}}\n\t}\n}\n`,
    }),
    strip: (_f, v) => dropServers(v, ['mcpServers']),
    broken: (w) => ({ file: join(w.project, '.roo', 'mcp.json'), text: '{\n  // comments are not JSON\n  "mcpServers": {}\n}\n', where: /line 2, column 3/ }),
  },
  codexCase('project'),
  codexCase('user'),
  {
    client: 'cursor',
    files: (w) => [join(w.project, '.cursor', 'mcp.json'), join(w.project, '.cursor', 'permissions.json')],
    servers: (w) => ({ file: join(w.project, '.cursor', 'mcp.json'), container: ['mcpServers'] }),
    originals: (w) => ({
      [join(w.project, '.cursor', 'mcp.json')]: `{\n  // team servers\n  "mcpServers": {\n    "linear": { "url": "https://mcp.linear.app/sse" }\n  }\n}\n`,
      [join(w.project, '.cursor', 'permissions.json')]: `{\n  "mcpAllowlist": ["linear:list_issues"], // reviewed\n  "terminalAllowlist": ["npm test"]\n}\n`,
    }),
    strip(file, v) {
      if (file.endsWith('mcp.json')) return dropServers(v, ['mcpServers']);
      return dropItems(v, ['mcpAllowlist'], ['runos:*']);
    },
    broken: (w) => ({ file: join(w.project, '.cursor', 'permissions.json'), text: '{\n  "mcpAllowlist": ["a" "b"]\n}\n', where: /line 2, column 24/ }),
  },
  {
    client: 'vscode',
    files: (w) => [join(w.project, '.vscode', 'mcp.json')],
    servers: (w) => ({ file: join(w.project, '.vscode', 'mcp.json'), container: ['servers'] }),
    originals: (w) => ({
      [join(w.project, '.vscode', 'mcp.json')]: `// Workspace MCP servers
{
  "inputs": [
    { "type": "promptString", "id": "token", "description": "API token", "password": true },
  ],
  "servers": {
    /* the playwright server */
    "playwright": { "command": "npx", "args": ["@playwright/mcp@latest"] },
  },
}
`,
    }),
    strip: (_f, v) => dropServers(v, ['servers']),
    broken: (w) => ({ file: join(w.project, '.vscode', 'mcp.json'), text: '{\n  "servers": {\n    "a": {\n  }\n', where: /line 5, column 1/ }),
  },
  {
    client: 'gemini',
    files: (w) => [join(w.project, '.gemini', 'settings.json')],
    servers: (w) => ({ file: join(w.project, '.gemini', 'settings.json'), container: ['mcpServers'] }),
    originals: (w) => ({
      [join(w.project, '.gemini', 'settings.json')]: `{
  // Gemini CLI settings
  "theme": "GitHub",
  "mcpServers": {
    "pythonTools": {
      "command": "python",
      "args": ["-m", "my_mcp_server"],
      "includeTools": ["safe_tool"],
      "timeout": 15000
    }
  }
}
`,
    }),
    strip: (_f, v) => dropServers(v, ['mcpServers']),
    broken: (w) => ({ file: join(w.project, '.gemini', 'settings.json'), text: '{\n  "theme": \n}\n', where: /line 3, column 1/ }),
  },
];

CASES.push(
  {
    client: 'claude-desktop',
    files: (w) => [join(w.home, '.config', 'Claude', 'claude_desktop_config.json')],
    servers: (w) => ({ file: join(w.home, '.config', 'Claude', 'claude_desktop_config.json'), container: ['mcpServers'] }),
    originals: (w) => ({
      [join(w.home, '.config', 'Claude', 'claude_desktop_config.json')]: `{
  "mcpServers": {
    "filesystem": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/Desktop"]
    }
  },
  "globalShortcut": "Ctrl+Space"
}
`,
    }),
    strip: (_f, v) => dropServers(v, ['mcpServers']),
    broken: (w) => ({ file: join(w.home, '.config', 'Claude', 'claude_desktop_config.json'), text: '{\n  "mcpServers": {},\n}\n', where: /line 3, column 1/ }),
  },
  {
    client: 'dojops',
    files: (w) => [join(w.project, '.dojops', 'mcp.json')],
    servers: (w) => ({ file: join(w.project, '.dojops', 'mcp.json'), container: ['mcpServers'] }),
    originals: (w) => ({
      [join(w.project, '.dojops', 'mcp.json')]: `{
  "mcpServers": {
    "kubectl": { "transport": "stdio", "command": "kubectl-mcp", "args": [], "env": {} },
    "remote": { "transport": "http", "url": "https://mcp.example.com" }
  }
}
`,
    }),
    strip: (_f, v) => dropServers(v, ['mcpServers']),
    broken: (w) => ({ file: join(w.project, '.dojops', 'mcp.json'), text: '{"mcpServers": {"a": }}\n', where: /line 1, column 22/ }),
  },
  {
    client: 'dojops',
    scope: 'user',
    files: (w) => [join(w.home, '.dojops', 'mcp.json')],
    servers: (w) => ({ file: join(w.home, '.dojops', 'mcp.json'), container: ['mcpServers'] }),
    originals: (w) => ({ [join(w.home, '.dojops', 'mcp.json')]: '{"mcpServers": {"kubectl": {"transport": "stdio", "command": "kubectl-mcp"}}}\n' }),
    strip: (_f, v) => dropServers(v, ['mcpServers']),
    broken: (w) => ({ file: join(w.home, '.dojops', 'mcp.json'), text: '{"mcpServers": [}\n', where: /line 1, column 1\d/ }),
  },
);

/** A readable test name for a case. */
export const caseName = (c: ClientCase): string => `${c.client}${c.scope ? ` --scope ${c.scope}` : ''}`;
