/** The four permission tiers, least to most privileged; one spelling everywhere (PRODUCT.md, Tiers). */
export const TIERS = ['read', 'sensitive-read', 'write', 'sensitive-write'] as const;

/** A permission tier. */
export type Tier = (typeof TIERS)[number];

/** The default platform name; server names derive from it. */
export const DEFAULT_PLATFORM = 'runos';

/** Whether a string names a tier. */
export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

/** The MCP server name of a tier: the platform name for `read`, `<name>-<tier>` for the others. */
export function serverName(tier: Tier, platform: string = DEFAULT_PLATFORM): string {
  return tier === 'read' ? platform : `${platform}-${tier}`;
}

/** All four server names of a platform, keyed by tier. */
export function serverNames(platform: string = DEFAULT_PLATFORM): Record<Tier, string> {
  return Object.fromEntries(TIERS.map((t) => [t, serverName(t, platform)])) as Record<Tier, string>;
}

/** Whether a tier may see secret material (the sensitive tiers). */
export function isSensitiveTier(tier: Tier): boolean {
  return tier === 'sensitive-read' || tier === 'sensitive-write';
}

/** Whether a tier only reads. */
export function isReadTier(tier: Tier): boolean {
  return tier === 'read' || tier === 'sensitive-read';
}

/**
 * Restrictiveness order used to refuse downgrades on `manifest update`:
 * read < write < sensitive-read < sensitive-write is NOT a total order of privilege, so a move is a
 * loosening when the new tier drops a guarantee the old one had (sensitive → non-sensitive, write → read).
 */
export function isLooserTier(from: Tier, to: Tier): boolean {
  if (from === to) return false;
  const lostSensitivity = isSensitiveTier(from) && !isSensitiveTier(to);
  const becameRead = !isReadTier(from) && isReadTier(to);
  return lostSensitivity || becameRead;
}

/** The longest client-visible prefix of a tool name for a platform: `mcp__<name>-sensitive-write__`. */
export function toolNameBudget(platform: string = DEFAULT_PLATFORM): number {
  // Claude Code and Codex reject `mcp__<server>__<tool>` above 64 characters (REFERENCE.md, Client limits).
  return 64 - `mcp__${serverName('sensitive-write', platform)}__`.length;
}
