import { randomBytes } from 'node:crypto';

/**
 * A parsed JSON response whose numbers a double cannot hold (integers beyond 2^53, more than 15
 * significant digits, `1e400`) stand in the value as placeholder strings, restored exactly on output.
 */
export interface ExactJson {
  value: unknown;
  /** Put the exact literals back into JSON text made from `value` (identity when there were none). */
  restoreText(text: string): string;
  /** Put them back into a value for `structuredContent`: there they become strings (a JS number cannot hold them). */
  restoreValue(value: unknown): unknown;
}

// A mantissa of 16+ characters of digits and a point, or a 3-digit exponent after a digit: the only ways
// a JSON number can lose digits or range in a double. Anything else (the common case) is JSON.parse as it
// is. Spelled out rather than `[\d.]{16}`: V8 scans the explicit form about ten times faster.
const MAYBE_INEXACT = new RegExp(`${'[\\d.]'.repeat(16)}|\\d[eE][+-]?\\d\\d\\d`);

const identity = <T>(v: T): T => v;
const MAX_LITERAL = 64;

/**
 * Parse a response body as JSON without losing digits: a leading UTF-8 BOM is skipped (RFC 8259 §8.1
 * lets a parser ignore it), and only when a number literal could be inexact are those literals swapped
 * for placeholders before the native parse. Why not json-bigint or lossless-json: both are JavaScript
 * recursive-descent parsers, 3–4× slower than JSON.parse on a typical 2 KB response and out of stack at
 * 10,000 levels of nesting, while V8's JSON.parse is iterative; this keeps JSON.parse on every response.
 * Throws a SyntaxError on invalid JSON, like JSON.parse.
 */
export function parseJsonExact(body: string): ExactJson {
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  if (!MAYBE_INEXACT.test(text)) return { value: JSON.parse(text), restoreText: identity, restoreValue: identity };
  const literals: string[] = [];
  // A random tag per response: an upstream cannot forge a placeholder it does not know.
  const tag = `\u0000${randomBytes(6).toString('hex')}#`;
  const escapedTag = JSON.stringify(tag).slice(1, -1);
  const swapped = swapInexactNumbers(text, (literal) => `"${escapedTag}${literals.push(literal) - 1}"`);
  const value: unknown = JSON.parse(swapped);
  if (literals.length === 0) return { value, restoreText: identity, restoreValue: identity };
  // A literal no real number needs (a hostile 1 MB of digits) would blow the byte budget it was measured
  // against: past MAX_LITERAL it is shown as a cut string instead.
  const shown = literals.map((l) => (l.length <= MAX_LITERAL ? l : `${l.slice(0, 40)}…[${l.length - 40} more characters]`));
  const inText = new RegExp(`"${escapedTag.replace(/\\/g, '\\\\')}(\\d+)"`, 'g');
  const restoreValue = (v: unknown): unknown => {
    if (typeof v === 'string') return v.startsWith(tag) ? (shown[Number(v.slice(tag.length))] ?? v) : v;
    if (Array.isArray(v)) return v.map(restoreValue);
    if (v === null || typeof v !== 'object') return v;
    // fromEntries defines keys: a `__proto__` key stays data.
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, restoreValue(x)]));
  };
  const inJson = (i: number): string | undefined => (literals[i] === undefined ? undefined : literals[i]!.length <= MAX_LITERAL ? literals[i] : JSON.stringify(shown[i]));
  return { value, restoreText: (t) => t.replace(inText, (m, i: string) => inJson(Number(i)) ?? m), restoreValue };
}

/** Replace each number literal outside strings that a double would change by `replace(literal)`. */
function swapInexactNumbers(text: string, replace: (literal: string) => string): string {
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip a string: to the next quote not escaped by an odd run of backslashes.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) continue;
      const literal = m[0];
      if (!isExactInDouble(literal)) {
        out += text.slice(from, i) + replace(literal);
        from = i + literal.length;
      }
      i += literal.length - 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Whether `Number(literal)` written back by JSON.stringify denotes the same decimal value. */
export function isExactInDouble(literal: string): boolean {
  // Up to 15 significant digits without an exponent always survive a double (DBL_DIG is 15).
  if (literal.length <= 16 && /^-?[\d.]+$/.test(literal) && literal.replace(/[-.]/g, '').replace(/^0+/, '').length <= 15) return true;
  const n = Number(literal);
  if (!Number.isFinite(n)) return false;
  return sameDecimal(literal, String(n));
}

/** Two decimal numerals denote the same value (compared as sign, significant digits and exponent). */
function sameDecimal(a: string, b: string): boolean {
  const x = normalise(a);
  const y = normalise(b);
  return x.digits === y.digits && (x.digits === '' || (x.negative === y.negative && x.exponent === y.exponent));
}

function normalise(numeral: string): { negative: boolean; digits: string; exponent: number } {
  const negative = numeral.startsWith('-');
  const [mantissa = '', exp = '0'] = numeral.replace(/^[-+]/, '').toLowerCase().split('e');
  const [int = '', frac = ''] = mantissa.split('.');
  let digits = int + frac;
  let exponent = Number(exp) + int.length;
  const lead = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(lead).replace(/0+$/, '');
  exponent -= lead;
  return { negative, digits, exponent };
}
