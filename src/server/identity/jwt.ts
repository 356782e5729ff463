import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { AuthFailure, tiersFromScopes, type Caller } from './caller.js';

/** How access tokens from an identity provider are checked (an OAuth 2.1 resource server). */
export interface JwtOptions {
  /** The issuer URL, exactly as the tokens' `iss` carries it. */
  issuer: string;
  /** The JWKS URL; default: discovered from the issuer's RFC 8414 / OpenID metadata. */
  jwksUri?: string;
  /** The platform name: tiers come from `<platform>:<tier>` scopes. */
  platform: string;
  /** Seconds of clock skew tolerated on `exp`/`nbf` (default 30). */
  clockToleranceSec?: number;
}

/** Asymmetric algorithms only: a JWKS holds public keys, and accepting HS* would invite key confusion. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/** A URL may be plain http only on the loopback interface (tests, a local identity provider). */
export function checkSecureUrl(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${what} ${JSON.stringify(raw)} is not a URL`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new Error(`${what} must be an https URL (plain http only on loopback): ${raw}`);
  return url;
}

/** Where RFC 8414 and OpenID Connect Discovery put an issuer's metadata, in the order tried. */
export function metadataUrls(issuer: URL): string[] {
  const path = issuer.pathname.replace(/\/+$/, '');
  return [
    `${issuer.origin}/.well-known/oauth-authorization-server${path}`,
    `${issuer.origin}${path}/.well-known/openid-configuration`,
  ];
}

async function discoverJwksUri(issuer: string): Promise<string> {
  const problems: string[] = [];
  for (const url of metadataUrls(new URL(issuer))) {
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5000), redirect: 'error' });
      if (!res.ok) {
        problems.push(`${url}: HTTP ${res.status}`);
        continue;
      }
      const meta = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
      // RFC 8414 §3.3: the metadata's issuer must be the issuer it was fetched for.
      if (meta.issuer !== issuer) throw new Error(`${url} names issuer ${JSON.stringify(meta.issuer)}, not ${issuer}`);
      if (typeof meta.jwks_uri !== 'string') throw new Error(`${url} has no jwks_uri`);
      return checkSecureUrl(meta.jwks_uri, 'jwks_uri').href;
    } catch (err) {
      problems.push(`${url}: ${(err as Error).message}`);
    }
  }
  throw new Error(`cannot find the JWKS of ${issuer} (${problems.join('; ')})`);
}

/** The scopes of a token: `scope` (RFC 9068, space-separated) or `scp` (string or array, as some providers send). */
export function readScopes(payload: JWTPayload): string[] {
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === 'string') return raw.split(/\s+/).filter(Boolean);
  if (Array.isArray(raw)) return raw.filter((s): s is string => typeof s === 'string');
  return [];
}

/**
 * A verifier of JWT access tokens against the issuer's JWKS (jose caches the keys and refetches on an
 * unknown `kid`). A token passes only if its signature, `iss`, `exp`/`nbf` and audience all check out;
 * `audiences` are the values that name this server (RFC 8707 / RFC 9068 §4: the `aud` must name us).
 */
export function createJwtVerifier(opts: JwtOptions): (token: string, audiences: string[]) => Promise<Caller> {
  checkSecureUrl(opts.issuer, '--issuer');
  let jwks: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const keys = (): Promise<ReturnType<typeof createRemoteJWKSet>> =>
    (jwks ??= (opts.jwksUri ? Promise.resolve(checkSecureUrl(opts.jwksUri, '--jwks-uri').href) : discoverJwksUri(opts.issuer))
      .then((uri) => createRemoteJWKSet(new URL(uri), { timeoutDuration: 5000 }))
      .catch((err: unknown) => {
        jwks = undefined; // not kept: the next request tries again
        throw err;
      }));

  return async (token, audiences) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await keys(), {
        issuer: opts.issuer,
        audience: audiences,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: opts.clockToleranceSec ?? 30,
      }));
    } catch (err) {
      throw toAuthFailure(err);
    }
    return {
      kind: 'jwt',
      name: String(payload.sub),
      key: `jwt:${String(payload.sub)}`,
      tiers: tiersFromScopes(opts.platform, readScopes(payload)),
      expiresAt: payload.exp,
    };
  };
}

/** A verification failure as the client sees it: 401 for a bad token, 503 when the provider cannot be reached. */
function toAuthFailure(err: unknown): AuthFailure {
  if (err instanceof errors.JWTExpired) return new AuthFailure('token expired', 401, 'invalid_token');
  if (err instanceof errors.JWTClaimValidationFailed) return new AuthFailure(`token rejected: ${err.claim} claim ${err.reason === 'check_failed' ? 'does not match' : err.reason}`, 401, 'invalid_token');
  if (err instanceof errors.JWSSignatureVerificationFailed) return new AuthFailure('token signature does not verify', 401, 'invalid_token');
  if (err instanceof errors.JWKSNoMatchingKey) return new AuthFailure('token signed with a key the issuer does not publish', 401, 'invalid_token');
  if (err instanceof errors.JWKSTimeout) return new AuthFailure('the identity provider did not answer in time', 503);
  if (err instanceof errors.JOSEError) return new AuthFailure(`token rejected: ${err.message}`, 401, 'invalid_token');
  // Discovery or JWKS fetch failures: the token may be fine, the provider is unreachable.
  return new AuthFailure(`cannot check the token: ${(err as Error)?.message ?? String(err)}`, 503);
}
