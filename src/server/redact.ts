import { isMaskedValue, isSecretFieldName, SECRET_VALUE_PATTERNS } from '../core/secret-vocabulary.js';

/** Replaces secret fields and secret-looking values in a response; built once per server. */
export interface Redactor {
  /** A copy of a parsed JSON value with secrets replaced by the marker. */
  value(value: unknown): unknown;
  /** A text with secret-looking substrings replaced. */
  text(text: string): string;
  /** How many replacements this redactor has made (a running total: callers compare before and after). */
  count: number;
}

const URI_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)([^\s/@]+)(@)/gi;
// Base64 of "-----BEGIN": how kubeconfig's client-key-data and many APIs wrap PEM keys.
const BASE64_PEM = /LS0tLS1CRUdJTi[A-Za-z0-9+/=]{16,}/g;
const PEM_PRIVATE = SECRET_VALUE_PATTERNS.find((p) => p.name === 'pem-private-key')?.re ?? /PRIVATE KEY-----/;
const VALUE_PATTERNS = SECRET_VALUE_PATTERNS.filter((p) => p.name !== 'uri-credentials').map((p) => ({
  name: p.name,
  // Private keys are whole blocks: mask through the END line, not only the BEGIN marker.
  re: p.name === 'pem-private-key'
    ? /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)/g
    : new RegExp(p.re.source, p.re.flags.includes('g') ? p.re.flags : `${p.re.flags}g`),
}));
// A pre-check over all patterns at once (case-insensitive if any is: it only decides whether to look closer).
const ANY_VALUE_PATTERN = new RegExp(VALUE_PATTERNS.map((p) => `(?:${p.re.source})`).join('|'), VALUE_PATTERNS.some((p) => p.re.flags.includes('i')) ? 'i' : '');

/**
 * A redactor for the non-sensitive tiers (PRODUCT.md, Serving: "the non-sensitive tiers redact secret fields
 * and secret-looking values from responses, with a marker naming the server that may reveal them").
 * Fields are secret when the table's schema evidence lists their name (`redactFields`) or the shared
 * vocabulary says so; values are secret when they match a known secret format, also base64-wrapped PEM
 * private keys. Connection URIs keep their shape and lose only the password, so the model can still tell
 * host, port and database.
 */
export function createRedactor(redactFields: readonly string[], marker: string): Redactor {
  const fields = new Set(redactFields.map((f) => f.toLowerCase()));
  const verdicts = new Map<string, 'vocabulary' | 'table' | undefined>();
  // 'vocabulary': a secret name whatever its value; 'table': a name the schema evidence flagged somewhere
  // (`value` of an env var), which only hides text — a metric's numeric `value` is not a secret.
  const verdictOf = (key: string): 'vocabulary' | 'table' | undefined => {
    if (verdicts.has(key)) return verdicts.get(key);
    const v = isSecretFieldName(key) ? 'vocabulary' : fields.has(key.toLowerCase()) ? 'table' : undefined;
    verdicts.set(key, v);
    return v;
  };
  const r: Redactor = {
    count: 0,
    text(text) {
      let out = text;
      if (out.includes('://')) {
        out = out.replace(URI_CREDENTIALS, (_m, head: string, pass: string, at: string) => {
          if (isMaskedValue(pass)) return `${head}${pass}${at}`;
          r.count++;
          return `${head}${marker}${at}`;
        });
      }
      if (out.includes('LS0tLS1CRUdJTi')) {
        out = out.replace(BASE64_PEM, (b64) => {
          if (!PEM_PRIVATE.test(Buffer.from(b64, 'base64').toString('latin1'))) return b64;
          r.count++;
          return marker;
        });
      }
      // One scan with all patterns first: most strings hold no secret, and this is on every response.
      if (!ANY_VALUE_PATTERN.test(out)) return out;
      for (const { re } of VALUE_PATTERNS) {
        out = out.replace(re, () => {
          r.count++;
          return marker;
        });
      }
      return out;
    },
    value(value) {
      return walk(value);
    },
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return r.text(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const verdict = verdictOf(k);
      const hide = verdict === 'vocabulary' || (verdict === 'table' && (typeof v === 'string' || typeof v === 'object'));
      out[k] = hide && holdsSecret(v) ? (r.count++, marker) : walk(v);
    }
    return out;
  };
  return r;
}

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
