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

/**
 * Templates of one method, indexed so a path is tested against the few templates that can match it: a
 * variable matches exactly one segment, so a matching path has as many segments as the template, and its
 * first segment after the base path equals the template's when that segment is literal. With GitHub's
 * ~900 templates this replaces ~450 regular-expression tests per call with a handful.
 */
type Index = Map<string, Template[]>;

/** Where a path's first segment after the base path sits in `path.split('/')`. */
const firstSegment = (base: string): number => base.split('/').length;

/** The index key of paths with `count` segments whose first one (after the base path) is `first`. */
const keyOf = (count: number, first = ''): string => `${count} ${first}`;
/** The key of templates with `count` segments whose first one holds a variable ('/' is in no segment). */
const anyFirst = (count: number): string => `${count} /`;

function compile(tools: readonly ToolEntry[], base: string, at: number): Map<string, Index> {
  const byMethod = new Map<string, Index>();
  for (const tool of tools) {
    const template = `${base}${tool.path}`;
    const parts = template.split(/\{[^}]*\}/);
    // A variable matches one non-empty segment that is not `.` or `..`, so it never adds a segment.
    const re = new RegExp(`^${parts.map(escapeRegExp).join('(?!\\.\\.?(?:/|$))[^/?#]+')}$`);
    const segments = template.replace(/\{[^}]*\}/g, '{}').split('/');
    const first = segments[at];
    const key = first?.includes('{') ? anyFirst(segments.length) : keyOf(segments.length, first);
    const method = tool.method.toUpperCase();
    let index = byMethod.get(method);
    if (!index) byMethod.set(method, (index = new Map()));
    let list = index.get(key);
    if (!list) index.set(key, (list = []));
    list.push({ re, literal: parts.join('').length });
  }
  return byMethod;
}

function bestMatch(index: Index | undefined, segments: readonly string[], at: number, path: string): number {
  let best = -1;
  if (!index) return best;
  for (const key of [keyOf(segments.length, segments[at]), anyFirst(segments.length)]) {
    for (const t of index.get(key) ?? []) if (t.literal > best && t.re.test(path)) best = t.literal;
  }
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
  const at = firstSegment(base);
  const own = compile(tools, base, at);
  const others = compile(otherTiers, base, at);
  return (method, path) => {
    if (/(^|\/)\.\.?(\/|$)/.test(path) || /%2e%2e|%2f/i.test(path)) return false;
    const m = method.toUpperCase();
    const segments = path.split('/');
    const mine = bestMatch(own.get(m), segments, at, path);
    return mine >= 0 && bestMatch(others.get(m), segments, at, path) < mine;
  };
}
