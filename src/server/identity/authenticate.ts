import type { Tier } from '../../core/tiers.js';
import { AuthFailure, tierScope, type Caller } from './caller.js';
import { openTokenStore, TOKEN_PREFIX } from './token-store.js';

/** Who may call, two ways: tokens runos issued (a file of hashes) and/or an identity provider's JWTs. */
export interface IdentityOptions {
  /** The token file (`runos mcp token create` writes it); absent or empty: no runos tokens. */
  tokensFile: string;
  /** Access tokens from this issuer are accepted too (an OAuth 2.1 resource server). */
  issuer?: string;
  jwksUri?: string;
  /** Audiences a JWT must name; default: the tier's public URL and the server's public URL. */
  audiences?: string[];
  platform: string;
}

/** The authenticator a server uses for each request. */
export interface Authenticator {
  /** The caller behind an `Authorization` header, for a request to the tier at `tierUrl`; throws AuthFailure. */
  authenticate(header: string | undefined, tierUrl: string, publicUrl: string): Promise<Caller>;
  /** The active runos tokens now (for the start-up notice). */
  tokenCount(): number;
  /** Whether JWTs from an issuer are accepted. */
  issuer?: string;
}

/** RFC 6750 §2.1: `Authorization: Bearer <token>`, the scheme case-insensitive; nothing else is read. */
export function readBearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header);
  return m?.[1];
}

/**
 * Build the authenticator. A `runos_…` token is looked up in the token file (and only there); anything
 * else is a JWT when an issuer is configured. The JWT machinery (jose) is loaded only then. Whatever
 * proves the caller, the tier they may use is checked separately (`authorize`).
 */
export async function createAuthenticator(opts: IdentityOptions): Promise<Authenticator> {
  const store = openTokenStore(opts.tokensFile);
  const verifyJwt = opts.issuer
    ? (await import('./jwt.js')).createJwtVerifier({ issuer: opts.issuer, jwksUri: opts.jwksUri, platform: opts.platform })
    : undefined;
  return {
    issuer: opts.issuer,
    tokenCount: () => store.count(),
    async authenticate(header, tierUrl, publicUrl) {
      const token = readBearer(header);
      if (!token) throw new AuthFailure(header ? 'the Authorization header is not a Bearer token' : 'no bearer token', 401, header ? 'invalid_token' : undefined);
      if (token.startsWith(TOKEN_PREFIX)) return store.lookup(token);
      if (!verifyJwt) throw new AuthFailure('unknown token (this server accepts runos tokens only)', 401, 'invalid_token');
      return verifyJwt(token, opts.audiences ?? [tierUrl, publicUrl]);
    },
  };
}

/** Refuse a caller the tier is not granted to: 403 `insufficient_scope` naming the scope that would do. */
export function authorize(caller: Caller, tier: Tier, platform: string): void {
  if (!caller.tiers.includes(tier)) throw new AuthFailure(`${caller.kind} ${caller.name} is not granted the ${tier} tier (scope ${tierScope(platform, tier)})`, 403, 'insufficient_scope');
}
