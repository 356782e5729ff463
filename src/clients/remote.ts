import { UsageError } from '../core/errors.js';
import type { ClientId } from '../core/clients.js';

/** A tier served remotely (`runos mcp serve --http`): its URL and the variable the client reads the token from. */
export interface RemoteTarget {
  /** The tier's endpoint, `<base>/mcp/<tier>`. */
  url: string;
  /** Environment variable holding the token; the config names it, never holds the token. */
  tokenEnv: string;
  client: ClientId;
}

/** The default variable clients read the token from. */
export const DEFAULT_TOKEN_ENV = 'RUNOS_MCP_TOKEN';

/** Keys only a local (stdio) entry has, and keys only a remote one has: the other set is dropped on a switch. */
export const STDIO_KEYS = ['command', 'args', 'env', 'cwd'] as const;
export const REMOTE_KEYS = ['url', 'httpUrl', 'headers'] as const;

/** Check `--remote <url>` (the deployment's origin) and `--token-env <NAME>`. */
export function parseRemote(url: unknown, tokenEnv: unknown): { base: string; tokenEnv: string } {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    throw new UsageError(`--remote ${JSON.stringify(url)} is not a URL; give the server's origin, e.g. https://mcp.example.com`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback))
    throw new UsageError('--remote must be an https URL (plain http only on loopback): the token travels in every request');
  if (parsed.username || parsed.password || parsed.search || parsed.hash) throw new UsageError('--remote takes the server origin (and path) only: no credentials, query or fragment');
  const name = tokenEnv === undefined || tokenEnv === '' ? DEFAULT_TOKEN_ENV : String(tokenEnv);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`--token-env takes an environment variable name, not ${JSON.stringify(name)}`);
  return { base: parsed.href.replace(/\/+$/, ''), tokenEnv: name };
}

/**
 * A remote entry as each client writes it: the URL and an Authorization header that the client expands
 * from an environment variable at start-up (each client's own syntax; REFERENCE.md, Client configuration
 * files). Codex names the variable in `bearer_token_env_var` instead (codex.ts).
 */
export function buildRemoteFields(r: RemoteTarget): Record<string, unknown> {
  const bearer = (ref: string): Record<string, string> => ({ Authorization: `Bearer ${ref}` });
  switch (r.client) {
    case 'claude':
      return { type: 'http', url: r.url, headers: bearer(`\${${r.tokenEnv}}`) };
    case 'vscode':
      return { type: 'http', url: r.url, headers: bearer(`\${env:${r.tokenEnv}}`) };
    case 'roo':
      return { type: 'streamable-http', url: r.url, headers: bearer(`\${env:${r.tokenEnv}}`) };
    case 'cursor':
      return { url: r.url, headers: bearer(`\${env:${r.tokenEnv}}`) };
    case 'gemini':
      return { httpUrl: r.url, headers: bearer(`\${${r.tokenEnv}}`) };
    default:
      throw new UsageError(`${r.client} has no remote entries in runos yet`);
  }
}

/** The keys of the other transport left in an entry of ours that `owned` replaces (and `type`, if not owned). */
export function staleTransportKeys(owned: Record<string, unknown>): string[] {
  const remote = 'url' in owned || 'httpUrl' in owned;
  return [...(remote ? STDIO_KEYS : REMOTE_KEYS), 'type'].filter((k) => !(k in owned));
}
