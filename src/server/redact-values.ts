import { isMaskedValue, SECRET_VALUE_PATTERNS } from '../core/secret-vocabulary.js';
import type { MaskContext } from './redact-fields.js';

// Handled below with their own rules: URIs keep their shape, key blocks are masked through their END line.
const OWN_RULES = new Set(['uri-credentials', 'pem-private-key', 'pgp-private-key']);
const VALUE_PATTERNS = SECRET_VALUE_PATTERNS.filter((p) => !OWN_RULES.has(p.name)).map((p) => new RegExp(p.re.source, `${p.re.flags.replace('g', '')}g`));
const ANY_VALUE_PATTERN = new RegExp(VALUE_PATTERNS.map((re) => `(?:${re.source})`).join('|'), VALUE_PATTERNS.some((re) => re.flags.includes('i')) ? 'i' : '');

// RFC 3986 §3.2.1 userinfo, also inside JSON-escaped text (`:\/\/`): the last `@` before the path ends it,
// so a password holding an `@` is masked whole. An empty user (`redis://:pw@host`) counts.
const URI_USERINFO = /\b([a-z][a-z0-9+.-]*:(?:\/\/|\\\/\\\/))([^\s/\\"'<>]*)@/gi;
// The same URI percent-encoded once or more (a connection string passed in a query parameter).
const ENCODED_URI = /\b[a-z][a-z0-9+.-]*%(?:25)*3a%(?:25)*2f%(?:25)*2f[^\s"'<>&]*/gi;
// Incoming-webhook hosts whose path is the credential (Slack, Discord, Teams, Zapier, Netlify build hooks, IFTTT).
const CAPABILITY_URL = /(https?:\/\/(?:hooks\.slack\.com|(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks|[\w-]+\.webhook\.office\.com|outlook\.office(?:365)?\.com\/webhook|hooks\.zapier\.com\/hooks\/catch|api\.netlify\.com\/build_hooks|maker\.ifttt\.com\/trigger\/[^\s/"'<>]+\/with\/key))\/[^\s"'<>]+/gi;
// RFC 7617/6750 credentials after an auth scheme; a plain word after "Bearer" (prose) is not one.
const AUTH_SCHEME = /\b(Bearer|Basic)(\s+)([A-Za-z0-9._~+/=-]{8,})/g;
const PRIVATE_BEGIN = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g;
const PRIVATE_END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g;
// What a key block's body may hold (base64, armor headers, escaped newlines): an END-less block stops at anything else.
const KEY_BODY = /[A-Za-z0-9+/=:,. \t\r\n-]*(?:\\[nr][A-Za-z0-9+/=:,. \t\r\n-]*)*/y;

// Keys that come in pairs: the id is a pattern everywhere; the secret beside it is only recognisable by it.
const AWS_KEY_ID = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;
const AWS_SECRET = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const TWILIO_KEY_SID = /\bSK[0-9a-fA-F]{32}\b/;
const TWILIO_SECRET = /(?<![A-Za-z0-9])[A-Za-z0-9]{32}(?![A-Za-z0-9])/g;
const mixedCase = (s: string): boolean => /[a-z]/.test(s) && /[A-Z]/.test(s);

// One scan for anything any rule below could act on: most strings hold no secret, and this runs on every
// string of every response (a superset test: each rule still checks for itself).
const TRIGGER = new RegExp(
  [...VALUE_PATTERNS.map((re) => re.source), '//', '%(?:25)*3[aA]', 'PRIVATE KEY', 'Bearer', 'Basic', TWILIO_KEY_SID.source].map((s) => `(?:${s})`).join('|'),
  VALUE_PATTERNS.some((re) => re.flags.includes('i')) ? 'i' : '',
);

/** Whether a string standing beside an AWS access key id or a Twilio API key SID (among an object's entries) is that key's secret. */
export function pairSecretTest(entries: readonly (readonly [string, unknown])[]): ((v: string) => boolean) | undefined {
  let aws = false;
  let twilio = false;
  for (const [, s] of entries) {
    if (typeof s !== 'string') continue;
    if (s.length === 20) aws ||= AWS_KEY_ID.test(s);
    else if (s.length === 34) twilio ||= TWILIO_KEY_SID.test(s);
  }
  if (!aws && !twilio) return undefined;
  return (v) =>
    (aws && v.length === 40 && /^[A-Za-z0-9/+]{40}$/.test(v) && mixedCase(v)) ||
    (twilio && v.length === 32 && /^[A-Za-z0-9]{32}$/.test(v) && mixedCase(v) && /\d/.test(v));
}

/**
 * Mask secret-shaped values in a text, whatever field they stand in: URI passwords (plain, JSON-escaped,
 * percent-encoded) and token-like URI users, webhook URLs, private key blocks (PEM, OpenSSH, PGP), the
 * vocabulary's key formats, `Bearer`/`Basic` credentials, and the secret beside an AWS or Twilio key id.
 */
export function maskValues(text: string, ctx: MaskContext): string {
  if (!TRIGGER.test(text)) return text;
  let out = text;
  const count = (s: string): string => (ctx.counted(), s);
  if (out.includes('//') && out.includes('@')) {
    out = out.replace(URI_USERINFO, (m, head: string, info: string) => {
      const colon = info.indexOf(':');
      if (colon === -1) return looksLikeToken(info) ? count(`${head}${ctx.marker}@`) : m;
      const pass = info.slice(colon + 1);
      return pass === '' || isMaskedValue(pass) || pass.startsWith('[redacted') ? m : count(`${head}${info.slice(0, colon + 1)}${ctx.marker}@`);
    });
  }
  if (/hook|discord|ifttt/i.test(out)) out = out.replace(CAPABILITY_URL, (_m, head: string) => count(`${head}/${ctx.marker}`));
  if (/%(?:25)*3a%(?:25)*2f/i.test(out)) out = out.replace(ENCODED_URI, (m) => maskEncodedUri(m, ctx));
  if (out.includes('PRIVATE KEY')) out = maskKeyBlocks(out, ctx);
  const aws = AWS_KEY_ID.test(out);
  const twilio = TWILIO_KEY_SID.test(out);
  if (ANY_VALUE_PATTERN.test(out)) for (const re of VALUE_PATTERNS) out = out.replace(re, () => count(ctx.marker));
  if (aws) out = out.replace(AWS_SECRET, (s) => (mixedCase(s) ? count(ctx.marker) : s));
  if (twilio) out = out.replace(TWILIO_SECRET, (s) => (mixedCase(s) && /\d/.test(s) ? count(ctx.marker) : s));
  if (out.includes('Bearer') || out.includes('Basic')) {
    out = out.replace(AUTH_SCHEME, (m, scheme: string, space: string, cred: string) => (/\d/.test(cred) || cred.length >= 20 ? count(`${scheme}${space}${ctx.marker}`) : m));
  }
  return out;
}

/** A URI user that is really a credential (`https://<token>@github.com`), not a name like `git`. */
function looksLikeToken(user: string): boolean {
  return user.length >= 20 && /\d/.test(user) && /[A-Za-z]/.test(user) && !user.includes('.');
}

function maskEncodedUri(encoded: string, ctx: MaskContext): string {
  let decoded = encoded;
  for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(decoded); i++) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      return encoded;
    }
  }
  let found = false;
  const masked = decoded.replace(URI_USERINFO, (m, head: string, info: string) => {
    const colon = info.indexOf(':');
    if (colon === -1 ? !looksLikeToken(info) : info.length === colon + 1) return m;
    found = true;
    return `${head}${colon === -1 ? '' : info.slice(0, colon + 1)}${ctx.marker}@`;
  });
  if (!found) return encoded;
  ctx.counted();
  // Shown decoded: the model reads the host and database; nothing of the password is left to encode.
  return masked;
}

/** Private key blocks, BEGIN through END; a block without END is masked as far as its body goes. Linear. */
function maskKeyBlocks(text: string, ctx: MaskContext): string {
  let out = '';
  let from = 0;
  let endsFrom = 0;
  PRIVATE_BEGIN.lastIndex = 0;
  for (let m = PRIVATE_BEGIN.exec(text); m; m = PRIVATE_BEGIN.exec(text)) {
    let end: number | undefined;
    if (endsFrom !== -1) {
      PRIVATE_END.lastIndex = PRIVATE_BEGIN.lastIndex;
      const e = PRIVATE_END.exec(text);
      if (e) end = e.index + e[0].length;
      else endsFrom = -1;
    }
    if (end === undefined) {
      KEY_BODY.lastIndex = PRIVATE_BEGIN.lastIndex;
      KEY_BODY.exec(text);
      end = KEY_BODY.lastIndex;
    }
    out += text.slice(from, m.index) + ctx.marker;
    from = end;
    PRIVATE_BEGIN.lastIndex = end;
    ctx.counted();
  }
  return from === 0 ? text : out + text.slice(from);
}

// A run that may be base64 (or base64url) of something: long enough to hide a secret, mixed case and a digit.
// A maximal run of base64 (or base64url) characters, 24 or more (spelled out: V8 scans it faster).
const BASE64_RUN = new RegExp(`${'[A-Za-z0-9+/_-]'.repeat(24)}[A-Za-z0-9+/_-]*={0,2}`, 'g');
const BASE64_HINT = new RegExp(`${'[A-Za-z0-9+/_-]'.repeat(24)}`);

/**
 * Mask base64 runs whose decoded text holds a secret by any other rule (`redact` is the whole text
 * redactor): an encoded connection URI, env file, `.dockerconfigjson`, kubeconfig key or PEM block.
 * Hashes, ids and paths are passed over cheaply: only a run that can be base64 of text is decoded.
 */
export function maskBase64(text: string, ctx: MaskContext, redact: (decoded: string) => string): string {
  if (text.length < 24 || !BASE64_HINT.test(text)) return text;
  return text.replace(BASE64_RUN, (run) => {
    // Base64 of text starts with one of I–Z, a–f (a printable first byte), has digits and both cases, and
    // never mixes the standard alphabet's + / with base64url's - _ (paths and slugs do).
    if (!/^[I-Za-f]/.test(run) || !/\d/.test(run) || !mixedCase(run) || (/[+/]/.test(run) && /[-_]/.test(run))) return run;
    const bytes = Buffer.from(run, 'base64');
    if (bytes.length < 12 || !isMostlyText(bytes)) return run;
    const decoded = bytes.toString('utf8');
    if (redact(decoded) === decoded) return run;
    ctx.counted();
    return ctx.marker;
  });
}

function isMostlyText(bytes: Buffer): boolean {
  let other = 0;
  const allowed = bytes.length / 10;
  for (const c of bytes) if (!((c >= 0x20 && c < 0x7f) || c === 0x09 || c === 0x0a || c === 0x0d) && ++other > allowed) return false;
  return true;
}
