import type { Redactor } from './redact.js';
import type { RawResponse } from './send.js';
import { parseJsonExact, type ExactJson } from './json-exact.js';
import { cutAtWord, cutDepth, depthNote, truncateJson, truncateText } from './truncate.js';

/** The MCP result of a tool call (the subset runos produces). */
export interface ToolResult {
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  [key: string]: unknown;
}

/** Build an `isError` result from one sentence. */
export function errorResult(text: string): ToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

const isJsonType = (t: string): boolean => /^application\/(?:[\w.+-]*\+)?json\b|^text\/json\b/i.test(t);
const isTextType = (t: string): boolean => t === '' || /^text\/|xml|javascript|yaml|csv|x-www-form-urlencoded|graphql|ndjson|jsonl|json-seq/i.test(t);
// A text body that holds JSON (text/plain, no type, a BOM first) is read as the JSON it is.
const looksLikeJson = (t: string): boolean => /^\uFEFF?\s*[[{]/.test(t);

/**
 * Map the platform's response to a tool result: JSON as compact text plus `structuredContent` (objects
 * only: no outputSchema is declared, and a bare array is not a valid structuredContent); errors as
 * `isError` with the status and the platform's own message; other text as text; binary as a note.
 * Redaction (non-sensitive tiers) applies to every one of them, whatever the body's type says, and
 * happens before truncation, so a cut can never expose half a secret. JSON keeps numbers a double cannot
 * hold exactly as sent (json-exact.ts) and is cut below MAX_JSON_DEPTH levels.
 */
export function mapResponse(res: RawResponse, opts: { method: string; maxBytes: number; redactor?: Redactor; apiKey?: string }): ToolResult {
  const ok = res.status >= 200 && res.status < 300;
  let text = decodeBody(res.body, res.contentType);
  // A platform that echoes the caller's key (in an error, a debug field) must not hand it to the model, on any tier.
  if (opts.apiKey && opts.apiKey.length >= 8 && text.includes(opts.apiKey)) text = text.split(opts.apiKey).join('[redacted: API key]');
  // The path (after redirects), the reason phrase and the content type come from the platform too.
  const shown = (s: string): string => (opts.redactor ? opts.redactor.text(s) : s);
  const what = shown(`${opts.method} ${res.path}`);
  if (!ok) return errorResult(`${what} failed: HTTP ${res.status}${res.statusText ? ` ${shown(res.statusText)}` : ''}${platformMessage(text, res.contentType, opts.redactor)}`);
  if (text.length === 0) return { content: [{ type: 'text', text: `${what}: HTTP ${res.status} (no content)` }] };
  const declaredJson = isJsonType(res.contentType);
  if (declaredJson || (isTextType(res.contentType) && looksLikeJson(text))) {
    let parsed: ExactJson | undefined;
    try {
      parsed = parseJsonExact(text);
    } catch {
      if (declaredJson) return textResult(text, opts, `(the platform said JSON but sent invalid JSON)`);
    }
    if (parsed) return jsonResult(parsed, opts);
  }
  if (isTextType(res.contentType) || declaredJson) return textResult(text, opts);
  return { content: [{ type: 'text', text: `${what}: HTTP ${res.status}, ${res.body.length} bytes of ${shown(res.contentType)} (binary content is not shown)` }] };
}

/**
 * The body as text: UTF-16 when the charset, a byte-order mark or NUL-interleaved bytes say so (read as
 * UTF-8 it would slip past every text rule, NUL between each letter, and still be legible), else UTF-8.
 */
export function decodeBody(body: Buffer, contentType: string): string {
  const declared = /charset\s*=\s*"?(?:utf-?16|ucs-?2)(be)?/i.exec(contentType);
  let bigEndian = declared ? Boolean(declared[1]) : false;
  let utf16 = Boolean(declared);
  if (body[0] === 0xff && body[1] === 0xfe) [utf16, bigEndian] = [true, false];
  else if (body[0] === 0xfe && body[1] === 0xff) [utf16, bigEndian] = [true, true];
  else if (!utf16 && body.length >= 4 && (body[0] === 0 || body[1] === 0)) {
    // No mark: text of mostly ASCII in UTF-16 has a NUL in every other byte.
    const head = body.subarray(0, 256);
    let odd = 0;
    let even = 0;
    for (let i = 0; i < head.length; i++) if (head[i] === 0) i % 2 ? odd++ : even++;
    if (Math.max(odd, even) >= head.length * 0.4) [utf16, bigEndian] = [true, even > odd];
  }
  if (!utf16) return body.toString('utf8');
  const even = body.subarray(0, body.length - (body.length % 2));
  const text = (bigEndian ? Buffer.from(even).swap16() : even).toString('utf16le');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function jsonResult(parsed: ExactJson, opts: { maxBytes: number; redactor?: Redactor }): ToolResult {
  const { value: bounded, cut: tooDeep } = cutDepth(parsed.value);
  const value = opts.redactor ? opts.redactor.value(bounded) : bounded;
  const cut = truncateJson(value, opts.maxBytes);
  const result: ToolResult = { content: [{ type: 'text', text: parsed.restoreText(cut.text) }] };
  for (const note of [...(tooDeep ? [depthNote()] : []), ...cut.notes]) result.content.push({ type: 'text', text: note });
  if (cut.value && typeof cut.value === 'object' && !Array.isArray(cut.value)) result.structuredContent = parsed.restoreValue(cut.value) as Record<string, unknown>;
  return result;
}

function textResult(text: string, opts: { maxBytes: number; redactor?: Redactor }, note?: string): ToolResult {
  const shown = opts.redactor ? opts.redactor.text(text) : text;
  const cut = truncateText(shown, opts.maxBytes);
  const result: ToolResult = { content: [{ type: 'text', text: cut.text }] };
  for (const n of [...(note ? [note] : []), ...cut.notes]) result.content.push({ type: 'text', text: n });
  return result;
}

/** How much of the platform's error message is shown. */
const MAX_MESSAGE_CHARS = 1000;

/**
 * The platform's own error message: the usual JSON fields, else the start of the body. Never headers.
 * With a redactor the whole body is redacted first (as parsed JSON when it is JSON, else as text), then
 * cut; without one (sensitive tiers) the cut never leaves half a token for the audit log to miss.
 */
export function platformMessage(text: string, contentType: string, redactor?: Redactor): string {
  if (!text.trim()) return '';
  let message: string | undefined;
  if (isJsonType(contentType) || looksLikeJson(text)) {
    try {
      const parsed = parseJsonExact(text);
      const bounded = cutDepth(parsed.value).value;
      message = pickMessage(parsed.restoreValue(redactor ? redactor.value(bounded) : bounded));
    } catch {
      // not JSON after all
    }
  }
  message ??= /<html/i.test(text) ? 'the platform sent an HTML error page' : redactor ? redactor.text(text.trim()) : text.trim();
  return `: ${cutAtWord(message, MAX_MESSAGE_CHARS)}`;
}

function pickMessage(body: unknown): string {
  if (typeof body === 'string') return body;
  if (!body || typeof body !== 'object') return JSON.stringify(body);
  const b = body as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of ['message', 'error_description', 'detail', 'title', 'error']) {
    const v = b[key];
    if (typeof v === 'string' && !parts.includes(v)) parts.push(v);
    else if (v && typeof v === 'object') parts.push(pickMessage(v));
  }
  const errors = b.errors;
  if (Array.isArray(errors) && errors.length) {
    const first = errors.slice(0, 3).map((e) => pickMessage(e));
    parts.push(first.join('; '));
  }
  return parts.length ? parts.join(' — ') : JSON.stringify(body);
}
