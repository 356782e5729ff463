import type { ToolEntry } from '../core/tool-table.js';

/** Says whether a method + encoded path is one the tier's table allows; built once per server. */
export type RequestGuard = (method: string, path: string) => boolean;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The request guard (defence in depth, PRODUCT.md Serving): every request is checked against the tier's
 * own path templates before anything is sent, so a bug in request building or a redirect can never reach an
 * operation of another tier. A template variable matches one non-empty segment that is not `.` or `..`.
 */
export function createRequestGuard(tools: readonly ToolEntry[], basePath = ''): RequestGuard {
  const base = basePath.replace(/\/+$/, '');
  const byMethod = new Map<string, RegExp[]>();
  for (const tool of tools) {
    const parts = `${base}${tool.path}`.split(/\{[^}]*\}/).map(escapeRegExp);
    const re = new RegExp(`^${parts.join('(?!\\.\\.?(?:/|$))[^/?#]+')}$`);
    const method = tool.method.toUpperCase();
    byMethod.set(method, [...(byMethod.get(method) ?? []), re]);
  }
  return (method, path) => {
    if (/(^|\/)\.\.?(\/|$)/.test(path) || /%2e%2e|%2f/i.test(path)) return false;
    return (byMethod.get(method.toUpperCase()) ?? []).some((re) => re.test(path));
  };
}
