import { isMaskedValue } from '../core/secret-vocabulary.js';

/** How a field name is judged: a secret whatever its value, a table-flagged name (hides text, not numbers), or neither. */
export type Verdict = 'vocabulary' | 'table' | undefined;

/** What the text maskers share with the redactor that runs them. */
export interface MaskContext {
  marker: string;
  /** The verdict on a field name (cached by the caller). */
  verdict(name: string): Verdict;
  /** Called once per masked secret. */
  counted(): void;
}

// A key followed by `:`, `=`, `=>` or `:=`: quoted ("k", 'k', \"k\" inside an escaped JSON string, &quot;k&quot;
// in HTML) or bare (an identifier, `--flag`, `X-Api-Key`, `.dockerconfigjson`). Bounded, so linear on any input.
const KEY_VALUE = /(?:(\\*)("|'|&quot;)([^"'\\\r\n&<>]{1,100}?)\1\2|(?<![\w$.-])(-{0,2}[A-Za-z_.$@][\w$.-]{0,100}))[ \t]*(=>|:=|=|:)/g;
// Query parameters that carry a signature: holding the URL is holding the access (S3/GCS presigned
// URLs, Azure SAS, CloudFront signed URLs).
const SIGNATURE_PARAM = /^(?:sig|signature|x-(?:amz|goog)-signature)$/i;
const NOT_A_VALUE = /^(?:null|true|false|~|none|nil|undefined|\*+)$/i;
// A reference to a secret held elsewhere (`${DB_PASSWORD}`, `$TOKEN`, `{{ .Values.password }}` is masked anyway).
const REFERENCE = /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/;
const NUMERIC = /^-?\d+(?:\.\d+)?$/;

/**
 * Mask the values of secret-named fields wherever a text holds field-shaped content: JSON-like text
 * (valid or not, escaped inside a string or an HTML page), `key=value` (env files, logs, query strings,
 * connection strings), `key: value` (YAML, headers) with YAML blocks, and HTML/XML (`<password>…`,
 * `<input name="token" value="…">`). Keys and structure stay, so the model can still read the rest.
 */
export function maskFields(text: string, ctx: MaskContext): string {
  let out = '';
  let from = 0;
  KEY_VALUE.lastIndex = 0;
  for (let m = KEY_VALUE.exec(text); m; m = KEY_VALUE.exec(text)) {
    const key = m[3] ?? m[4]!;
    const quoted = m[3] !== undefined;
    let verdict = ctx.verdict(key);
    if (!verdict && m[5] === '=' && SIGNATURE_PARAM.test(key) && (m.index === 0 || /[?&;]/.test(text[m.index - 1]!))) verdict = 'vocabulary';
    if (!verdict) continue;
    const span = valueSpan(text, KEY_VALUE.lastIndex, m[5]!, quoted, m.index);
    if (!span) continue;
    KEY_VALUE.lastIndex = Math.max(KEY_VALUE.lastIndex, span.end);
    const inner = text.slice(span.start, span.end);
    if (!worthMasking(inner.trim(), verdict)) continue;
    out += text.slice(from, span.start) + span.wrap(ctx.marker);
    from = span.end;
    ctx.counted();
  }
  out = from === 0 ? text : out + text.slice(from);
  return out.includes('<') ? maskMarkup(out, ctx) : out;
}

function worthMasking(v: string, verdict: Verdict): boolean {
  if (v === '' || NOT_A_VALUE.test(v) || REFERENCE.test(v) || isMaskedValue(v) || v.startsWith('[redacted')) return false;
  return !(verdict === 'table' && NUMERIC.test(v));
}

interface Span {
  start: number;
  end: number;
  /** The replacement for text[start, end). */
  wrap(marker: string): string;
}

const plain = (m: string): string => m;

/** Where the value after a key and its separator lies: quoted, bracketed, a YAML block, or bare. */
function valueSpan(text: string, at: number, sep: string, quotedKey: boolean, keyStart: number): Span | undefined {
  let i = at;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (i >= text.length) return undefined;
  const quote = /^(?:\\*"|'|&quot;)/.exec(text.slice(i, i + 6))?.[0];
  if (quote) {
    const start = i + quote.length;
    const close = closingQuote(text, start, quote);
    // An unterminated quote (a cut or broken body): mask to the end of the line.
    return { start, end: close ?? lineEnd(text, start), wrap: plain };
  }
  const c = text[i];
  if (c === '{' || c === '[') return { start: i, end: matchingBracket(text, i), wrap: (m) => (quotedKey ? `"${m}"` : m) };
  if (sep !== ':') return { start: i, end: stopAt(text, i, /[\s&;,"'<>)}\]]/), wrap: plain };
  if (quotedKey) return { start: i, end: stopAt(text, i, /[\s,}\]]/), wrap: plain };
  const eol = lineEnd(text, i);
  const rest = text.slice(i, eol).trimEnd();
  if (rest === '' || /^[|>][-+0-9]*$/.test(rest)) return yamlBlock(text, eol, keyStart);
  // A flow mapping (`{password: x, name: y}`) ends a value at the next comma or brace; a line otherwise.
  const lineStart = text.lastIndexOf('\n', keyStart) + 1;
  const end = text.slice(lineStart, keyStart).includes('{') ? stopAt(text, i, /[,}\]\r\n]/) : i + rest.length;
  return { start: i, end, wrap: plain };
}

/** The lines after `eol` indented deeper than the key's line: a YAML block scalar or nested mapping. */
function yamlBlock(text: string, eol: number, keyStart: number): Span | undefined {
  const lineStart = text.lastIndexOf('\n', keyStart) + 1;
  const indent = /^[ \t-]*/.exec(text.slice(lineStart, keyStart))![0].length;
  let end = eol;
  for (let p = eol; p < text.length; ) {
    const next = text.indexOf('\n', p + 1);
    const line = text.slice(p + 1, next === -1 ? text.length : next);
    if (line.trim() !== '' && /^[ \t]*/.exec(line)![0].length <= indent) break;
    end = next === -1 ? text.length : next;
    if (next === -1) break;
    p = next;
  }
  const block = text.slice(eol, end);
  if (block.trim() === '') return undefined;
  return { start: eol, end, wrap: (m) => ` ${m}` };
}

function closingQuote(text: string, start: number, quote: string): number | undefined {
  if (quote === '"') {
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (c === '"') return i;
      else if (c === '\n') return undefined;
    }
    return undefined;
  }
  const i = text.indexOf(quote, start);
  return i === -1 ? undefined : i;
}

/** The index after the bracket that closes text[open], honouring strings; the end of the text when unbalanced. */
function matchingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return i + 1;
  }
  return text.length;
}

function stopAt(text: string, i: number, stop: RegExp): number {
  let j = i;
  while (j < text.length && !stop.test(text[j]!)) j++;
  return j;
}

function lineEnd(text: string, i: number): number {
  const n = text.indexOf('\n', i);
  const end = n === -1 ? text.length : n;
  return text[end - 1] === '\r' ? end - 1 : end;
}

// An element whose name is a secret (`<password>…</password>`), and a form field or meta tag named like one.
const ELEMENT = /<([A-Za-z_][\w.:-]{0,100})(\s[^<>]*)?>([^<]*)<\/\1\s*>/g;
const NAMED_TAG = /<(?:input|meta|param|option|data)\b[^<>]*>/gi;
const ATTRIBUTE = /([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)/g;

function maskMarkup(text: string, ctx: MaskContext): string {
  const masked = (inner: string, verdict: Verdict): boolean => worthMasking(inner.trim(), verdict) && (ctx.counted(), true);
  let out = text.replace(ELEMENT, (m, name: string, attrs: string | undefined, inner: string) => {
    const verdict = ctx.verdict(name);
    return verdict && masked(inner, verdict) ? `<${name}${attrs ?? ''}>${ctx.marker}</${name}>` : m;
  });
  out = out.replace(NAMED_TAG, (tag) => {
    const attrs = [...tag.matchAll(ATTRIBUTE)];
    const named = attrs.find(([, a, v]) => /^(?:name|id|property|key|itemprop)$/i.test(a!) && ctx.verdict(v!.replace(/^["']|["']$/g, '')));
    if (!named) return tag;
    const verdict = ctx.verdict(named[2]!.replace(/^["']|["']$/g, ''));
    return tag.replace(/\b(value|content)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)/i, (all, a: string, eq: string, v: string) => {
      const q = /^["']/.test(v) ? v[0]! : '';
      return masked(q ? v.slice(1, -1) : v, verdict) ? `${a}${eq}${q}${ctx.marker}${q}` : all;
    });
  });
  return out;
}
