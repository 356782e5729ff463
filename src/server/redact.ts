import { isLookalikeFieldName, isMaskedValue, isRedactedFieldName, secretNameHint } from '../core/secret-vocabulary.js';
import { isSensitiveTier, serverName, type Tier } from '../core/tiers.js';
import { maskFields, type MaskContext, type Verdict } from './redact-fields.js';
import { maskBase64, maskValues, pairSecretTest } from './redact-values.js';
import { DEPTH_CUT, MAX_JSON_DEPTH } from './truncate.js';

/** Replaces secret fields and secret-looking values in a response; built once per server. */
export interface Redactor {
  /** A copy of a parsed JSON value with secrets replaced by the marker. */
  value(value: unknown): unknown;
  /** A text with secret fields (`password=…`, `"token": "…"`, YAML, HTML) and secret-looking substrings replaced. */
  text(text: string): string;
  /** How many replacements this redactor has made (a running total: callers compare before and after). */
  count: number;
}

/**
 * A redactor for the non-sensitive tiers (PRODUCT.md, Serving: "the non-sensitive tiers redact secret fields
 * and secret-looking values from responses, with a marker naming the server that may reveal them").
 * Fields are secret when the table's schema evidence lists their name (`redactFields`) or the shared
 * vocabulary says so (`isRedactedFieldName`), in parsed JSON and in any text that holds field-shaped
 * content alike; values are secret when they have a known secret shape (redact-values.ts), also
 * base64-wrapped. Connection URIs keep their shape and lose only the password, so the model can still
 * tell host, port and database. Nothing here recurses deeper than MAX_JSON_DEPTH.
 */
export function createRedactor(redactFields: readonly string[], marker: string): Redactor {
  const fields = new Set(redactFields.map((f) => f.toLowerCase()));
  const verdicts = new Map<string, Verdict>();
  // 'vocabulary': a secret name whatever its value; 'table': a name the schema evidence flagged somewhere
  // (`value` of an env var), which only hides text — a metric's numeric `value` is not a secret.
  const verdict = (key: string): Verdict => {
    let v = verdicts.get(key);
    if (v !== undefined || verdicts.has(key)) return v;
    // Fullwidth letters and invisible characters do not make `ｐａｓｓ\u200bword` another name.
    const name = /[^\x00-\x7f]/.test(key) ? key.normalize('NFKC').replace(/[\u00ad\u200b-\u200f\u2060\ufeff]/g, '') : key;
    v = isRedactedFieldName(name) ? 'vocabulary' : fields.has(name.toLowerCase()) ? 'table' : undefined;
    if (verdicts.size > 50_000) verdicts.clear();
    verdicts.set(key, v);
    return v;
  };
  const words = [secretNameHint.source, 'sig', ...[...fields].map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))].join('|');
  // Field-shaped text is scanned only when a secret word or table field ends a key before its separator
  // (`DB_PASSWORD_2=`, `"api key":`, `\"token\":`), or, in markup, appears at all.
  const fieldHint = new RegExp(`(?:${words})[\\w.$-]*(?:\\\\*["']|&quot;)?[ \\t]*(?:=|:)`, 'i');
  const markupHint = new RegExp(words, 'i');
  const ctx: MaskContext = { marker, verdict, counted: () => void r.count++ };
  // Decoded base64 is judged without counting: only the run it came from is replaced (and counted).
  const quiet: MaskContext = { marker, verdict, counted: () => {} };

  const maskText = (text: string, c: MaskContext, nested: boolean): string => {
    // Most strings of an answer are ids, names, states and timestamps: nothing below can act on those.
    if ((text.length < 15 && PLAIN.test(text)) || TIMESTAMP.test(text)) return text;
    let out = text;
    if (out.includes('<') ? markupHint.test(out) : (out.includes(':') || out.includes('=')) && fieldHint.test(out)) out = maskFields(out, c);
    out = maskValues(out, c);
    return nested ? out : maskBase64(out, c, (decoded) => maskText(decoded, quiet, true));
  };

  const r: Redactor = {
    count: 0,
    text: (text) => maskText(text, ctx, false),
    value: (value) => walk(value, 0),
  };
  // Object keys are redacted like text (a token used as a key), cached: the same keys repeat in every item.
  const keys = new Map<string, string>();
  const redactKey = (k: string): string => {
    if (k.length < 8) return k;
    let out = keys.get(k);
    if (out === undefined) {
      out = r.text(k);
      if (keys.size > 50_000) keys.clear();
      if (out === k) keys.set(k, k);
    }
    return out;
  };

  // Inside a secret-named container (`credentials: {…}`, `secrets: [{…}]`) every value is hidden except
  // those under a name that only describes a secret (its name, id, dates, type, URL): a list of secret
  // *names* stays readable, what they hold does not. Keys that look like opaque tokens are hidden too.
  const walk = (value: unknown, depth: number, inSecret = false): unknown => {
    if (typeof value === 'string') return inSecret && holdsSecret(value) ? mask() : r.text(value);
    if (value === null || typeof value !== 'object') return inSecret && typeof value === 'number' ? mask() : value;
    if (depth >= MAX_JSON_DEPTH) return DEPTH_CUT;
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1, inSecret));
    const entries = Object.entries(value as Record<string, unknown>);
    const pairSecret = pairSecretTest(entries);
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const kind = verdict(k);
      let shown: unknown;
      if (kind === 'vocabulary' && v !== null && typeof v === 'object') shown = walk(v, depth + 1, true);
      else if ((kind === 'vocabulary' || (kind === 'table' && (typeof v === 'string' || typeof v === 'object'))) && holdsSecret(v)) shown = mask();
      else if (pairSecret && typeof v === 'string' && pairSecret(v)) shown = mask();
      else if (inSecret && !kind && isLookalikeFieldName(k)) shown = walk(v, depth + 1);
      else shown = walk(v, depth + 1, inSecret);
      const base = inSecret && OPAQUE_KEY.test(k) ? mask() : redactKey(k);
      let key = base;
      for (let n = 2; key !== k && Object.hasOwn(out, key); n++) key = `${base} #${n}`;
      // A `__proto__` key is data here: define it, never let the assignment set a prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value: shown, enumerable: true, writable: true, configurable: true });
      else out[key] = shown;
    }
    return out;
  };
  const mask = (): string => {
    r.count++;
    return marker;
  };
  return r;
}

// Too short for any value rule (the shortest, `xoxb-` and ten characters, is 15), and no separator for a field rule.
const PLAIN = /^[\w.-]*$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)?$/;

// A map key that may itself be a token (`{"tokens": {"a1b2…": …}}`): long, letters and digits, no spaces.
const OPAQUE_KEY = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9+/=_.:-]{16,}$/;

/** Whether a secret-named field's value is worth hiding: not null, empty, a flag, or already masked. */
function holdsSecret(v: unknown): boolean {
  if (v === null || v === undefined || typeof v === 'boolean') return false;
  if (typeof v === 'string') return v !== '' && !isMaskedValue(v);
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

/** The marker a redacted value is replaced by, naming the server that may show it. */
export function redactionMarker(revealingServer: string): string {
  return `[redacted: use ${revealingServer}]`;
}

/** The redactor a tier's server applies to responses: none on the sensitive tiers, which exist to show secrets. */
export function tierRedactor(table: { redactFields: readonly string[]; platform: string }, tier: Tier): Redactor | undefined {
  return isSensitiveTier(tier) ? undefined : createRedactor(table.redactFields, redactionMarker(serverName('sensitive-read', table.platform)));
}
