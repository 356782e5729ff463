import type { AuthInfo } from '@modelcontextprotocol/server';
import { TIERS, type Tier } from '../../core/tiers.js';

/** Who is calling over HTTP, as authenticated; never holds the token itself. */
export interface Caller {
  /** How they proved it: a token runos issued, or an access token from the identity provider. */
  kind: 'token' | 'jwt';
  /** The token's name, or the JWT subject: what the audit log records. */
  name: string;
  /** Stable key for per-caller limits and session binding (`token:<id>`, `jwt:<sub>`). */
  key: string;
  /** The tiers this caller may use. */
  tiers: Tier[];
  /** Seconds since the epoch, when the credential stops being valid. */
  expiresAt?: number;
}

/** A failed authentication or authorisation, with the HTTP answer it gets (RFC 6750 §3.1 error codes). */
export class AuthFailure extends Error {
  override name = 'AuthFailure';
  constructor(
    message: string,
    readonly status: 401 | 403 | 503,
    /** `invalid_token` (401 with a token), `insufficient_scope` (403), none when no token was sent. */
    readonly code?: 'invalid_token' | 'insufficient_scope',
  ) {
    super(message);
  }
}

/** The OAuth scope that grants a tier: `<platform>:<tier>` (`runos:read`, `runos:sensitive-write`, …). */
export function tierScope(platform: string, tier: Tier): string {
  return `${platform}:${tier}`;
}

/** The tiers a set of scopes grants; scopes of other platforms and unknown scopes grant nothing. */
export function tiersFromScopes(platform: string, scopes: readonly string[]): Tier[] {
  return TIERS.filter((t) => scopes.includes(tierScope(platform, t)));
}

/** What the MCP handlers see of a caller: name, key, tiers and address; the token is not passed on. */
export function toAuthInfo(caller: Caller, address: string | undefined, platform: string): AuthInfo {
  return {
    // Deliberately empty: nothing past authentication needs the client's token, so nothing can leak it upstream.
    token: '',
    clientId: caller.key,
    scopes: caller.tiers.map((t) => tierScope(platform, t)),
    ...(caller.expiresAt !== undefined ? { expiresAt: caller.expiresAt } : {}),
    extra: { caller: `${caller.kind}:${caller.name}`, ...(address ? { address } : {}) },
  };
}

/** The audit fields of a request's caller (HTTP only; stdio calls have none). */
export function auditIdentity(authInfo: AuthInfo | undefined): { caller?: string; address?: string } {
  const extra = authInfo?.extra;
  if (!extra) return {};
  return {
    ...(typeof extra.caller === 'string' ? { caller: extra.caller } : {}),
    ...(typeof extra.address === 'string' ? { address: extra.address } : {}),
  };
}
