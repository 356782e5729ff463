import type { Tier } from '../../core/tiers.js';
import { tierScope, type AuthFailure } from '../identity/caller.js';

// What an OAuth client needs to find the identity provider and ask for the right scope: the RFC 9728
// protected-resource metadata of each tier, and the RFC 6750 `WWW-Authenticate` challenge on 401/403
// (MCP authorization, 2025-11-25: the 401 names `resource_metadata`; a 403 `insufficient_scope` names the
// scope to step up to).

/** Where this server is reached and who vouches for callers. */
export interface ResourceInfo {
  /** The server's public origin, no trailing slash (`https://mcp.example.com`). */
  publicUrl: string;
  platform: string;
  /** The identity provider, when JWTs are accepted; without one there is no metadata to point at. */
  issuer?: string;
}

/** The public URL of a tier's endpoint: also the resource identifier (RFC 8707) its tokens name. */
export function tierUrl(publicUrl: string, tier: Tier): string {
  return `${publicUrl}/mcp/${tier}`;
}

/** RFC 9728 §3.1: the metadata URL of a resource inserts the well-known segment before its path. */
export function metadataUrl(publicUrl: string, tier: Tier): string {
  return `${publicUrl}/.well-known/oauth-protected-resource/mcp/${tier}`;
}

/** The protected-resource metadata of a tier (or, without a tier, of the whole server and the tiers it serves). */
export function buildResourceMetadata(info: ResourceInfo & { issuer: string }, tiers: readonly Tier[], tier?: Tier): Record<string, unknown> {
  return {
    resource: tier ? tierUrl(info.publicUrl, tier) : info.publicUrl,
    authorization_servers: [info.issuer],
    scopes_supported: (tier ? [tier] : tiers).map((t) => tierScope(info.platform, t)),
    bearer_methods_supported: ['header'],
    resource_name: tier ? `${info.platform} MCP server, ${tier} tier` : `${info.platform} MCP servers`,
  };
}

/** A quoted-string for a challenge parameter: quotes and backslashes dropped, kept short. */
function quote(text: string): string {
  return `"${text.replace(/["\\\r\n]/g, '').slice(0, 200)}"`;
}

/** The `WWW-Authenticate` value for a refused request to `tier`. */
export function buildChallenge(info: ResourceInfo, tier: Tier, failure: AuthFailure): string {
  const params: string[] = [];
  if (!info.issuer) params.push(`realm=${quote(info.platform)}`);
  if (failure.code) params.push(`error=${quote(failure.code)}`, `error_description=${quote(failure.message)}`);
  params.push(`scope=${quote(tierScope(info.platform, tier))}`);
  if (info.issuer) params.push(`resource_metadata=${quote(metadataUrl(info.publicUrl, tier))}`);
  return `Bearer ${params.join(', ')}`;
}
