import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfigFileError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/files.js';
import { configDir } from '../../core/paths.js';
import { isTier, type Tier } from '../../core/tiers.js';
import { AuthFailure, type Caller } from './caller.js';

/** One token runos issued, as stored: its SHA-256, never the token. */
export interface StoredToken {
  id: string;
  name: string;
  tiers: Tier[];
  sha256: string;
  created: string;
  expires: string | null;
  revoked: string | null;
}

/** The token file: `{ format: 1, tokens: [...] }`, mode 0600. */
export interface TokenFile {
  format: 1;
  tokens: StoredToken[];
}

/** Every runos token starts with this, so a server tells it from a JWT without trying both. */
export const TOKEN_PREFIX = 'runos_';

/** Where tokens are kept: `RUNOS_TOKENS_FILE`, else `<config dir>/tokens.json`. */
export function tokensFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNOS_TOKENS_FILE || join(configDir(env), 'tokens.json');
}

/** The stored form of a token: hex SHA-256. A token is 256 random bits, so a fast hash is enough. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new token (shown once) and its stored record. */
export function mintToken(name: string, tiers: Tier[], expires: Date | null, now = new Date()): { token: string; record: StoredToken } {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return {
    token,
    record: {
      id: `t_${randomBytes(4).toString('hex')}`,
      name,
      tiers,
      sha256: hashToken(token),
      created: now.toISOString(),
      expires: expires ? expires.toISOString() : null,
      revoked: null,
    },
  };
}

function isStoredToken(v: unknown): v is StoredToken {
  const t = v as StoredToken;
  return (
    !!t && typeof t === 'object' && typeof t.id === 'string' && typeof t.name === 'string' && Array.isArray(t.tiers) && t.tiers.every(isTier) &&
    typeof t.sha256 === 'string' && /^[0-9a-f]{64}$/.test(t.sha256) && typeof t.created === 'string' &&
    (t.expires === null || typeof t.expires === 'string') && (t.revoked === null || typeof t.revoked === 'string')
  );
}

/** Parse the token file's text; a damaged file is an error naming it (never an empty store: that would hide it). */
export function parseTokenFile(text: string, path: string): TokenFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigFileError(`not valid JSON (${(err as Error).message}); fix or remove it`, path);
  }
  const file = value as TokenFile;
  if (!file || file.format !== 1 || !Array.isArray(file.tokens)) throw new ConfigFileError('not a runos token file (expected {"format":1,"tokens":[…]})', path);
  const bad = file.tokens.findIndex((t) => !isStoredToken(t));
  if (bad >= 0) throw new ConfigFileError(`tokens[${bad}] is not a valid token record`, path);
  return file;
}

/** Read the token file; absent means no tokens yet. */
export function readTokenFile(path: string): TokenFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { format: 1, tokens: [] };
    throw new ConfigFileError(`cannot read: ${(err as Error).message}`, path);
  }
  return parseTokenFile(text, path);
}

/** Write the token file atomically, mode 0600 (it holds hashes, not tokens, but says who may do what). */
export async function writeTokenFile(path: string, file: TokenFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, JSON.stringify(file, null, 2) + '\n', 0o600);
}

/** Whether a record is usable now, and if not why. */
export function tokenState(t: StoredToken, now = Date.now()): 'active' | 'expired' | 'revoked' {
  if (t.revoked) return 'revoked';
  if (t.expires && Date.parse(t.expires) <= now) return 'expired';
  return 'active';
}

/**
 * The server side of runos tokens: looks a presented token up by its hash. The file is re-read when it
 * changes (checked on every lookup with one stat), so `runos mcp token revoke` takes effect on the next
 * request, on every replica that reads the same file, with no restart.
 */
export function openTokenStore(path: string): { lookup(token: string): Caller; count(): number } {
  let byHash = new Map<string, StoredToken>();
  let seen = '';
  const refresh = (): void => {
    let stamp = 'absent';
    try {
      const s = statSync(path);
      stamp = `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (stamp === seen) return;
    // A damaged file throws here, and lookup then admits nobody until it is fixed (fail closed).
    const file = readTokenFile(path);
    byHash = new Map(file.tokens.map((t) => [t.sha256, t]));
    seen = stamp;
  };
  refresh();
  return {
    lookup(token) {
      try {
        refresh();
      } catch {
        // Fail closed: a token file that cannot be read right now admits nobody.
        throw new AuthFailure('the token store cannot be read', 401, 'invalid_token');
      }
      const t = byHash.get(hashToken(token));
      if (!t) throw new AuthFailure('unknown token', 401, 'invalid_token');
      const state = tokenState(t);
      if (state !== 'active') throw new AuthFailure(`token ${t.name} is ${state}`, 401, 'invalid_token');
      return { kind: 'token', name: t.name, key: `token:${t.id}`, tiers: t.tiers, ...(t.expires ? { expiresAt: Math.floor(Date.parse(t.expires) / 1000) } : {}) };
    },
    count: () => [...byHash.values()].filter((t) => tokenState(t) === 'active').length,
  };
}
