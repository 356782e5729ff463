import type { ToolEntry } from '../core/tool-table.js';

/** Says whether a method + encoded path is one the tier's table allows; built once per server. */
export type RequestGuard = (method: string, path: string) => boolean;

interface Template {
  re: RegExp;
  /** Characters of literal text: OpenAPI routes a concrete path to its most literal template (3.1 §4.8.8). */
  literal: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(tools: readonly ToolEntry[], base: string): Map<string, Template[]> {
  const byMethod = new Map<string, Template[]>();
  for (const tool of tools) {
    const parts = `${base}${tool.path}`.split(/\{[^}]*\}/);
    // A variable matches one non-empty segment that is not `.` or `..`.
    const re = new RegExp(`^${parts.map(escapeRegExp).join('(?!\\.\\.?(?:/|$))[^/?#]+')}$`);
    const method = tool.method.toUpperCase();
    let list = byMethod.get(method);
    if (!list) byMethod.set(method, (list = []));
    list.push({ re, literal: parts.join('').length });
  }
  return byMethod;
}

function bestMatch(templates: Template[] | undefined, path: string): number {
  let best = -1;
  for (const t of templates ?? []) if (t.literal > best && t.re.test(path)) best = t.literal;
  return best;
}

/**
 * The request guard (defence in depth, PRODUCT.md Serving): every request is checked against the tier's
 * own path templates before anything is sent, so a bug in request building or a redirect can never reach an
 * operation of another tier. Given the other tiers' tools too, it also refuses a path that one of their
 * templates matches at least as literally as ours (`GET /apps/{app}/{kind}/{name}` filled in as
 * `/apps/web/env/DATABASE_URL` is, to the platform, the sensitive `GET /apps/{app}/env/{name}`).
 */
export function createRequestGuard(tools: readonly ToolEntry[], basePath = '', otherTiers: readonly ToolEntry[] = []): RequestGuard {
  const base = basePath.replace(/\/+$/, '');
  const own = compile(tools, base);
  const others = compile(otherTiers, base);
  return (method, path) => {
    if (/(^|\/)\.\.?(\/|$)/.test(path) || /%2e%2e|%2f/i.test(path)) return false;
    const m = method.toUpperCase();
    const mine = bestMatch(own.get(m), path);
    return mine >= 0 && bestMatch(others.get(m), path) < mine;
  };
}
