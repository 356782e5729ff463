/**
 * Roo Code's rules for `mcpServers` entries, restated from its McpHub schema (RooCodeInc/Roo-Code,
 * src/services/mcp/McpHub.ts): Roo rejects the WHOLE file when one entry breaks them, so we check the
 * final file — the user's entries included — before writing it.
 */

const isStringArray = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isStringRecord = (v: unknown): boolean =>
  !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

function isUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    new URL(v);
    return true;
  } catch {
    return false;
  }
}

/** Problems of one Roo server entry (empty when Roo would accept it). */
export function checkRooEntry(entry: unknown): string[] {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return ['is not an object'];
  const e = entry as Record<string, unknown>;
  const problems: string[] = [];
  const hasCommand = e.command !== undefined;
  const hasUrl = e.url !== undefined;
  if (hasCommand && hasUrl) problems.push('mixes stdio fields (command) with url');
  if (!hasCommand && !hasUrl) problems.push('has neither command (stdio) nor url (sse/streamable-http)');
  const type = e.type ?? (hasCommand ? 'stdio' : undefined);
  if (hasUrl && e.type === undefined) problems.push("has url but no type ('sse' or 'streamable-http')");
  if (type !== undefined && !['stdio', 'sse', 'streamable-http'].includes(type as string))
    problems.push("type must be 'stdio', 'sse' or 'streamable-http'");
  if (type === 'stdio') {
    if (typeof e.command !== 'string' || e.command.length === 0) problems.push('command must be a non-empty string');
    if (e.args !== undefined && !isStringArray(e.args)) problems.push('args must be an array of strings');
    if (e.cwd !== undefined && typeof e.cwd !== 'string') problems.push('cwd must be a string');
    if (e.env !== undefined && !isStringRecord(e.env)) problems.push('env must map names to strings');
    if (e.headers !== undefined) problems.push('headers is not allowed on a stdio server');
  } else if (type === 'sse' || type === 'streamable-http') {
    if (!isUrl(e.url)) problems.push('url must be a valid URL');
    if (e.headers !== undefined && !isStringRecord(e.headers)) problems.push('headers must map names to strings');
    for (const k of ['command', 'args', 'env'] as const) if (e[k] !== undefined) problems.push(`${k} is not allowed on a ${type} server`);
  }
  if (e.disabled !== undefined && typeof e.disabled !== 'boolean') problems.push('disabled must be true or false');
  if (e.timeout !== undefined && (typeof e.timeout !== 'number' || e.timeout < 1 || e.timeout > 3600))
    problems.push('timeout must be a number of seconds from 1 to 3600');
  for (const k of ['alwaysAllow', 'disabledTools', 'watchPaths'] as const)
    if (e[k] !== undefined && !isStringArray(e[k])) problems.push(`${k} must be an array of strings`);
  return problems;
}

/** Problems of a whole `.roo/mcp.json` value, each naming the server: empty when Roo accepts the file. */
export function checkRooFile(value: unknown): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return ['the file is not a JSON object'];
  const servers = (value as Record<string, unknown>).mcpServers;
  if (servers === undefined) return [];
  if (!servers || typeof servers !== 'object' || Array.isArray(servers)) return ['mcpServers is not an object'];
  return Object.entries(servers).flatMap(([name, entry]) => checkRooEntry(entry).map((p) => `mcpServers.${name} ${p}`));
}
