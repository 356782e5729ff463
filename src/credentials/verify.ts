import type { ToolEntry, ToolTable } from '../core/tool-table.js';

/** How long the one verification request may take. */
const VERIFY_TIMEOUT_MS = 10_000;

// Paths that answer "who am I" on many APIs (GitHub `/user`, `/me`, `/account`…): preferred when present.
const IDENTITY_PATH = /\/(me|user|whoami|account|identity|self)$/i;

/**
 * The cheapest authenticated read of a table: a `read`-tier GET with no path template and no required
 * argument, an identity endpoint first, else the shortest path (then name). Undefined when there is none.
 */
export function pickCheapRead(table: ToolTable): ToolEntry | undefined {
  const candidates = table.tools.filter(
    (t) => t.tier === 'read' && t.method.toUpperCase() === 'GET' && !t.path.includes('{') && ((t.inputSchema.required as string[] | undefined) ?? []).length === 0,
  );
  const rank = (t: ToolEntry): [number, number, string] => [IDENTITY_PATH.test(t.path) ? 0 : 1, t.path.length, t.name];
  return candidates.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : 1);
  })[0];
}

/** What one authenticated read told about a key. */
export interface KeyCheck {
  ok: boolean;
  /** `GET /v1/apps`, as sent. */
  request: string;
  status?: number;
  /** Who the API says the key belongs to, when the answer names someone (identity endpoints). */
  identity?: string;
  /** Why the key was not accepted, in one sentence. */
  problem?: string;
}

function describeIdentity(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  const parts = ['login', 'username', 'name', 'email', 'account', 'organization', 'org'].map((k) => b[k]).filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length < 200);
  return parts.length > 0 ? [...new Set(parts)].slice(0, 2).join(', ') : undefined;
}

/**
 * Send one cheap authenticated read (`pickCheapRead`) to `apiUrl` with the key, and say whether the API
 * accepted it: 2xx yes; 401/403 no; anything else (unreachable, 5xx) is a problem worth telling, not a verdict
 * on the key. The key goes only to `apiUrl`'s origin (no redirects followed).
 */
export async function checkKey(opts: { apiUrl: string; apiKey: string; table: ToolTable; timeoutMs?: number }): Promise<KeyCheck> {
  const tool = pickCheapRead(opts.table);
  if (!tool) return { ok: false, request: '(none)', problem: 'the tool table has no read-tier GET without arguments to try the key with' };
  const path = `${opts.table.basePath}${tool.path}`;
  const request = `GET ${path}`;
  const url = opts.apiUrl.replace(/\/+$/, '') + path;
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { accept: 'application/json', authorization: `Bearer ${opts.apiKey}` },
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs ?? VERIFY_TIMEOUT_MS),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    return { ok: false, request, problem: `cannot reach ${opts.apiUrl} (${cause})` };
  }
  const text = await res.text().catch(() => '');
  if (res.ok) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { ok: true, request, status: res.status, identity: IDENTITY_PATH.test(tool.path) ? describeIdentity(body) : undefined };
  }
  if (res.status === 401 || res.status === 403)
    return { ok: false, request, status: res.status, problem: `${opts.apiUrl} refused the key (${request} answered ${res.status})` };
  return { ok: false, request, status: res.status, problem: `${request} answered ${res.status}${res.status >= 300 && res.status < 400 ? ' (a redirect; the key is not followed elsewhere)' : ''}` };
}
