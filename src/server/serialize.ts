import type { ParamBinding } from '../core/tool-table.js';

/** An argument the model sent that cannot be put on the wire safely; the message is shown to the model. */
export class ArgumentError extends Error {
  override name = 'ArgumentError';
}

type Pairs = [string, string][];

// RFC 3986 reserved characters that `allowReserved` lets through unencoded (OpenAPI 3.1 §4.8.12.2).
const RESERVED = /[:/?#[\]@!$&'()*+,;=]/;

/**
 * Percent-encode a query/path component (encodeURIComponent level, plus the few characters it leaves). Text
 * with a lone surrogate has no UTF-8 form: refused as the model's error (validate-args refuses it first).
 */
export function encodeComponent(value: string, allowReserved = false): string {
  try {
    if (!allowReserved) return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    let out = '';
    for (const ch of value) out += RESERVED.test(ch) ? ch : encodeURIComponent(ch);
    return out;
  } catch (err) {
    if (err instanceof URIError) throw new ArgumentError(`${JSON.stringify(value)} is not valid Unicode text (it holds a lone UTF-16 surrogate)`);
    throw err;
  }
}

// A BigInt (an integer beyond 2^53 given as digits, validate-args.ts) stands in JSON text as a string that
// starts with a lone surrogate, which JSON.stringify writes as the escape `\udfff`; no argument can hold
// one (validate-args refuses it), so only our marker matches and it is replaced by the bare digits.
const BIG_MARK = '\udfffbig:';
const BIG_MARKED = /"\\udfffbig:(-?\d+)"/g;
const markBig = (_key: string, v: unknown): unknown => (typeof v === 'bigint' ? `${BIG_MARK}${v}` : v);

/** JSON text of an argument value; an integer beyond 2^53 (a BigInt) is written as its exact digits. */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (err) {
    // TypeError: a BigInt inside (JSON.stringify has no form for it); the rare case pays for the replacer.
    if (!(err instanceof TypeError)) throw err;
  }
  return JSON.stringify(value, markBig).replace(BIG_MARKED, '$1');
}

/** The text form of a scalar argument (OpenAPI serialises booleans and numbers as their JSON text). */
export function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return jsonText(value);
  return String(value);
}

// Percent escapes that decode to characters which change a path's meaning: `.`, `/`, `\`, `?`, `#`, `%`.
const ENCODED_TRICK = /%(2e|2f|5c|3f|23|25)/i;

/**
 * Refuse a path-parameter value that could change which resource the request names: empty, `.`, `..`,
 * a slash, a query or fragment delimiter, a backslash, control characters, or a percent escape of one of
 * those. Encoding alone would make them harmless to a correct server, but the request guard promises that
 * nothing outside the tier's templates is sent, and proxies that decode `%2F` exist; so the value is refused.
 */
export function checkPathValue(arg: string, text: string): void {
  if (text === '' || text === '.' || text === '..') throw new ArgumentError(`path parameter ${arg} must not be ${text === '' ? 'empty' : `"${text}"`}`);
  if (/[/?#\\\u0000-\u001f\u007f]/.test(text) || ENCODED_TRICK.test(text))
    throw new ArgumentError(`path parameter ${arg} must be a single path segment (no "/", "?", "#", "\\", "..", control characters or their percent escapes): got ${JSON.stringify(text)}`);
}

function entriesOf(value: unknown): [string, unknown][] {
  return value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value as Record<string, unknown>) : [];
}

/** Serialise a path parameter (OpenAPI styles simple, label, matrix) into an encoded segment. */
export function serializePath(p: ParamBinding, value: unknown): string {
  const enc = (v: unknown): string => {
    const text = scalarText(v);
    checkPathValue(p.arg, text);
    return encodeComponent(text);
  };
  if (p.json) return enc(jsonText(value));
  const style = p.style || 'simple';
  const prefix = style === 'label' ? '.' : style === 'matrix' ? `;${encodeComponent(p.name)}=` : '';
  if (Array.isArray(value)) {
    if (value.length === 0) throw new ArgumentError(`path parameter ${p.arg} must not be an empty list`);
    const parts = value.map(enc);
    if (style === 'label') return `.${parts.join(p.explode ? '.' : ',')}`;
    if (style === 'matrix') return p.explode ? parts.map((x) => `;${encodeComponent(p.name)}=${x}`).join('') : `${prefix}${parts.join(',')}`;
    return parts.join(',');
  }
  if (value && typeof value === 'object') {
    const entries = entriesOf(value);
    if (entries.length === 0) throw new ArgumentError(`path parameter ${p.arg} must not be empty`);
    const sep = style === 'label' && p.explode ? '.' : style === 'matrix' && p.explode ? ';' : ',';
    const body = entries.map(([k, v]) => (p.explode ? `${encodeComponent(k)}=${enc(v)}` : `${encodeComponent(k)},${enc(v)}`)).join(sep);
    if (style === 'matrix') return p.explode ? `;${body}` : `${prefix}${body}`;
    return style === 'label' ? `.${body}` : body;
  }
  return `${prefix}${enc(value)}`;
}

/** Flatten a nested value into bracketed keys (`a[b][0]=c`), the deepObject form Stripe and Rails read. */
export function deepPairs(name: string, value: unknown, out: Pairs = []): Pairs {
  if (Array.isArray(value)) value.forEach((v, i) => deepPairs(`${name}[${i}]`, v, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) deepPairs(`${name}[${k}]`, v, out);
  else if (value !== undefined) out.push([name, scalarText(value)]);
  return out;
}

/** Encode a key, keeping the brackets of deepObject keys literal as in the OpenAPI examples (`color[R]=100`). */
export function encodeKey(key: string): string {
  return encodeComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']');
}

/**
 * Serialise a query parameter into encoded `name=value` fragments per its style and explode (OpenAPI 3.1
 * §4.8.12.4 Style Examples). Delimiters stay literal and the items are encoded, so `a,b` as one item
 * stays distinguishable from two items.
 */
export function queryParts(p: ParamBinding, value: unknown): string[] {
  if (value === undefined) return [];
  const enc = (v: string): string => encodeComponent(v, p.allowReserved === true);
  const name = encodeComponent(p.name);
  if (p.json) return [`${name}=${enc(jsonText(value))}`];
  const style = p.style || 'form';
  if (style === 'deepObject') return deepPairs(p.name, value).map(([k, v]) => `${encodeKey(k)}=${enc(v)}`);
  const sep = style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '|' : ',';
  if (Array.isArray(value)) {
    const items = value.map((v) => enc(scalarText(v)));
    if (p.explode) return items.map((v) => `${name}=${v}`);
    return [`${name}=${items.join(sep)}`];
  }
  if (value && typeof value === 'object') {
    const entries = entriesOf(value);
    if (p.explode) return entries.map(([k, v]) => `${encodeComponent(k)}=${enc(scalarText(v))}`);
    return [`${name}=${entries.flatMap(([k, v]) => [encodeComponent(k), enc(scalarText(v))]).join(sep)}`];
  }
  return [`${name}=${enc(scalarText(value))}`];
}

/** Serialise a header parameter (style simple) into its value; CR/LF are refused (header injection). */
export function headerValue(p: ParamBinding, value: unknown): string {
  let text: string;
  if (p.json) text = jsonText(value);
  else if (Array.isArray(value)) text = value.map(scalarText).join(',');
  else if (value && typeof value === 'object')
    text = entriesOf(value).map(([k, v]) => (p.explode ? `${k}=${scalarText(v)}` : `${k},${scalarText(v)}`)).join(',');
  else text = scalarText(value);
  if (/[\r\n\u0000]/.test(text)) throw new ArgumentError(`header parameter ${p.arg} must not contain line breaks`);
  // HTTP header values are bytes (RFC 9110 §5.5); fetch refuses characters above U+00FF.
  if (/[^\t\u0020-\u00ff]/.test(text)) throw new ArgumentError(`header parameter ${p.arg} must be plain text (no control or non-Latin-1 characters)`);
  return text;
}

/** Serialise a cookie parameter (style form) into `name=value`. */
export function cookiePair(p: ParamBinding, value: unknown): string {
  let text: string;
  if (p.json) text = jsonText(value);
  else if (Array.isArray(value)) text = value.map(scalarText).join(',');
  else if (value && typeof value === 'object') text = entriesOf(value).flatMap(([k, v]) => [k, scalarText(v)]).join(',');
  else text = scalarText(value);
  return `${encodeComponent(p.name)}=${encodeComponent(text)}`;
}
