/** A value cut to fit a byte budget, with what was cut. */
export interface Truncated {
  value: unknown;
  /** Compact JSON text of `value`. */
  text: string;
  /** Empty when nothing was cut; else one sentence per kind of cut. */
  notes: string[];
}

interface Limits {
  items: number;
  chars: number;
  keys: number;
}

// Progressively tighter cuts: arrays first (lists are what usually grow), then long strings, then wide objects.
const LEVELS: Limits[] = [
  { items: 200, chars: 4000, keys: Infinity },
  { items: 100, chars: 2000, keys: Infinity },
  { items: 50, chars: 1000, keys: Infinity },
  { items: 20, chars: 500, keys: 500 },
  { items: 10, chars: 200, keys: 200 },
  { items: 5, chars: 100, keys: 100 },
  { items: 2, chars: 60, keys: 50 },
  { items: 1, chars: 40, keys: 20 },
];

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * Fit a JSON value into `maxBytes` of compact JSON, keeping it valid JSON: arrays keep their first items,
 * long strings their beginning (with `…[N more characters]`), wide objects their first keys. The notes say
 * what was cut so the model can narrow its request instead of trusting a partial answer as complete.
 */
export function truncateJson(value: unknown, maxBytes: number): Truncated {
  const text = JSON.stringify(value) ?? 'null';
  if (bytes(text) <= maxBytes) return { value, text, notes: [] };
  const total = bytes(text);
  for (const limits of LEVELS) {
    const stats = { arrays: 0, items: 0, strings: 0, objects: 0, longest: 0 };
    const cut = shrink(value, limits, stats);
    const cutText = JSON.stringify(cut);
    if (bytes(cutText) <= maxBytes) return { value: cut, text: cutText, notes: describe(total, maxBytes, limits, stats) };
  }
  const summary = summarise(value);
  const summaryText = JSON.stringify(summary);
  return {
    value: summary,
    text: bytes(summaryText) <= maxBytes ? summaryText : '{}',
    notes: [`The response (${total} bytes) is too large to show even cut down (limit ${maxBytes} bytes); only its outline is shown. Ask for less (filters, pagination, a single item).`],
  };
}

function shrink(value: unknown, l: Limits, s: { arrays: number; items: number; strings: number; objects: number; longest: number }): unknown {
  if (typeof value === 'string') {
    if (value.length <= l.chars) return value;
    s.strings++;
    s.longest = Math.max(s.longest, value.length);
    return `${value.slice(0, l.chars)}…[${value.length - l.chars} more characters]`;
  }
  if (Array.isArray(value)) {
    if (value.length > l.items) {
      s.arrays++;
      s.items += value.length - l.items;
    }
    return value.slice(0, l.items).map((v) => shrink(v, l, s));
  }
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > l.keys) s.objects++;
  return Object.fromEntries(entries.slice(0, l.keys).map(([k, v]) => [k, shrink(v, l, s)]));
}

function describe(total: number, max: number, l: Limits, s: { arrays: number; items: number; strings: number; objects: number; longest: number }): string[] {
  const cuts: string[] = [];
  if (s.arrays) cuts.push(`${s.arrays} list(s) cut to their first ${l.items} item(s) (${s.items} item(s) not shown)`);
  if (s.strings) cuts.push(`${s.strings} text value(s) cut to ${l.chars} characters (longest was ${s.longest})`);
  if (s.objects) cuts.push(`object(s) with more than ${l.keys} fields cut to their first ${l.keys}`);
  return [`The response was ${total} bytes, above the ${max}-byte limit, so it was cut: ${cuts.join('; ')}. The JSON above is valid but incomplete: ask for less (filters, pagination) to see the rest.`];
}

function summarise(value: unknown): unknown {
  if (Array.isArray(value)) return { truncated: true, type: 'array', length: value.length };
  if (value && typeof value === 'object') return { truncated: true, type: 'object', keys: Object.keys(value).slice(0, 50) };
  return { truncated: true, type: typeof value };
}

/** Cut plain text to `maxBytes` (on a character boundary) and say so. */
export function truncateText(text: string, maxBytes: number): { text: string; notes: string[] } {
  const total = bytes(text);
  if (total <= maxBytes) return { text, notes: [] };
  let cut = Buffer.from(text, 'utf8').subarray(0, maxBytes).toString('utf8');
  // A multi-byte character split at the cut decodes to U+FFFD: drop it.
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return { text: cut, notes: [`The response was ${total} bytes; only the first ${maxBytes} bytes are shown.`] };
}

/**
 * How deep a response may nest before the rest is cut. Real APIs stay within a few dozen levels; a
 * hostile one nesting thousands deep would overflow the stack of every recursive step after parsing
 * (redaction, JSON.stringify, the SDK's own serialisation), which is a protocol error, not an answer.
 */
export const MAX_JSON_DEPTH = 100;

/** What stands where a value nested deeper than MAX_JSON_DEPTH was cut. */
export const DEPTH_CUT = `[nested deeper than ${MAX_JSON_DEPTH} levels: not shown]`;

/** Cut every value nested deeper than `maxDepth`; the same value back when nothing was that deep. Never recurses deeper than `maxDepth`. */
export function cutDepth(value: unknown, maxDepth = MAX_JSON_DEPTH): { value: unknown; cut: boolean } {
  if (!deeperThan(value, maxDepth)) return { value, cut: false };
  const cut = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (depth >= maxDepth) return DEPTH_CUT;
    if (Array.isArray(v)) return v.map((x) => cut(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cut(x, depth + 1)]));
  };
  return { value: cut(value, 0), cut: true };
}

function deeperThan(v: unknown, left: number): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (left === 0) return true;
  if (Array.isArray(v)) {
    for (const x of v) if (deeperThan(x, left - 1)) return true;
    return false;
  }
  for (const k in v) if (deeperThan((v as Record<string, unknown>)[k], left - 1)) return true;
  return false;
}

/** The note that says a response was cut at MAX_JSON_DEPTH. */
export function depthNote(): string {
  return `The response is nested deeper than ${MAX_JSON_DEPTH} levels; what lies deeper is replaced by "${DEPTH_CUT}".`;
}

/** Cut text to `max` characters without leaving half a word (half a key or token) at the end. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max).replace(/[^\s,;{}[\]()<>"']*$/, '')}…`;
}
