/**
 * The one vocabulary of secrets, shared by the classifier (which tiers operations by what travels) and
 * the server's redactor (which masks what a non-sensitive tier must not show). It lives in core because
 * the server may not import manifest code (STYLE.md, who may import whom).
 *
 * Field names are judged word by word (`apiKey`, `api_key`, `X-Api-Key` are the same words), and the
 * look-alikes are checked first: a name that only *describes* a secret (its id, type, name, hint, last
 * digits, when it changed, whether one is set) is not the secret itself (PRODUCT.md, Classification, 4).
 */

// Documents repeat the same few thousand names across hundreds of operations; split each once.
const wordCache = new Map<string, readonly string[]>();

/** Split a field name into lower-case words: camelCase, snake_case, kebab-case, dotted, digits apart. */
export function splitFieldName(name: string): readonly string[] {
  let words = wordCache.get(name);
  if (words) return words;
  words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([a-zA-Z])([0-9])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (wordCache.size > 50_000) wordCache.clear();
  wordCache.set(name, words);
  return words;
}

// Words that make a name a secret wherever they stand (after the look-alike checks).
const SECRET_WORDS = new Set([
  'password', 'passwords', 'passwd', 'pwd', 'passphrase', 'secret', 'secrets', 'token', 'tokens',
  'credential', 'credentials', 'creds', 'dsn', 'otp', 'totp', 'cvc', 'cvv', 'jwt', 'bearer',
  'apikey', 'apikeys', 'privatekey', 'secretkey', 'accesskey', 'authtoken', 'accesstoken',
  'connectionstring', 'salt', 'mnemonic', 'cookie', 'cookies', 'kubeconfig', 'bypass', 'passcode', 'passcodes', 'pincode', 'sdkkey',
  // A pre-shared key (Wi-Fi, IPsec): the shared password itself.
  'psk',
]);

// `<word> code` pairs that name a bearer code (a device's activation code, a recovery code), unlike
// `country_code`, `status_code` or a card issuer's `authorization_code`.
const CODE_QUALIFIERS = new Set(['auth', 'activation', 'verification', 'recovery', 'backup', 'otp', 'mfa', 'pairing', 'enrollment', 'enrolment', 'invite', 'invitation', 'reset', 'confirmation', 'setup', 'pin', 'consent']);

// `<word> key` pairs that name key material (a bare `key` is usually a name: env var key, object key).
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'private', 'secret', 'signing', 'encryption', 'master', 'client', 'auth', 'account', 'ssl', 'tls',
  'shared', 'session', 'service', 'storage', 'sas', 'hmac', 'license', 'root', 'admin', 'decryption',
  // An ExpressRoute circuit's `authorizationKey`: whoever holds it connects to the circuit.
  'authorization',
  // Keys that let their holder publish, stream or unlock: Segment's `writeKey`, Mux's `stream_key`, Docker's `UnlockKey`;
  // a feature-flag service's `sdk_key`.
  'write', 'stream', 'ingest', 'publish', 'unlock', 'ca', 'sdk',
  // A payment gateway's merchant key: the merchant's own API secret (beside its `MerchantId`).
  'merchant',
  // Keys mailed in a link, which are the bearer secret of that link (`validationKey`, `reset_key`).
  'validation', 'verification', 'activation', 'confirmation', 'invitation', 'reset',
]);

// Words after which a URL/URI field carries credentials (postgres://user:pass@…), unlike `html_url`.
// (`sqlalchemy_uri`: SQLAlchemy's `dialect+driver://user:password@host/db`.)
const CONNECTION_WORDS = new Set(['connection', 'database', 'db', 'dsn', 'jdbc', 'redis', 'postgres', 'mysql', 'mongodb', 'amqp', 'sqlalchemy']);

// A last word that makes the name describe a secret rather than hold it.
const LOOKALIKE_LAST = new Set([
  'id', 'ids', 'uuid', 'uuids', 'guid', 'sid', 'sids', 'slug', 'arn', 'type', 'types', 'name', 'names', 'url', 'urls', 'uri', 'uris', 'href', 'link', 'links', 'hint',
  'prefix', 'suffix', 'length', 'len', 'count', 'size', 'fingerprint', 'fingerprints', 'hash', 'digest',
  'sha', 'checksum', 'at', 'on', 'date', 'time', 'timestamp', 'expires', 'expiry', 'expiration', 'ttl',
  'enabled', 'disabled', 'required', 'set', 'present', 'configured', 'exists', 'status', 'state',
  'scope', 'scopes', 'format', 'algorithm', 'alg', 'kind', 'version', 'strength', 'policy', 'policies',
  'label', 'labels', 'namespace', 'file', 'selector', 'list', 'lists', 'mapping', 'mappings', 'spec', 'note', 'notes', 'username', 'user', 'login', 'email', 'account', 'comment', 'description', 'title', 'path', 'location', 'ref', 'reference', 'references', 'field', 'fields', 'owner',
  'source', 'provider', 'mode', 'method', 'pattern', 'rule', 'rules', 'changed', 'updated', 'created', 'rotated',
  'visibility', 'header', 'param', 'endpoint', 'permissions', 'permission', 'reset', 'rotation',
  'strategy', 'template', 'var', 'vars', 'check', 'checks', 'result', 'verification', 'display', 'validity', 'valid', 'lifetime', 'duration', 'limit',
  'supported',
]);

// A first word that makes the name a flag, a count or a pagination cursor.
const LOOKALIKE_FIRST = new Set([
  'has', 'is', 'requires', 'require', 'needs', 'use', 'uses', 'allow', 'allows', 'enable', 'num',
  'max', 'min', 'total', 'can', 'should', 'show', 'include', 'with', 'without', 'disable', 'force',
  'skip', 'next', 'prev', 'previous', 'page', 'pagination', 'continuation', 'cursor', 'sync', 'resume', 'partition',
  'idempotency', 'nonce',
]);

// Words anywhere that say the value is public, masked or derived.
// (`scan`/`scanning`: names about scanning for secrets, `secret_scanning_alerts`, `secretsScanMatches`;
// `requiring`: what needs a secret, `tagsRequiringAuth`, not the secret.)
const LOOKALIKE_ANY = new Set(['public', 'masked', 'redacted', 'obfuscated', 'hashed', 'encrypted', 'fingerprint', 'fingerprints', 'thumbprint', 'thumbprints', 'scan', 'scanning', 'requiring']);

const NUMBER_WORDS = new Set(['four', 'eight', 'digits', 'chars', 'characters']);

/** Whether a name only describes a secret (its id, type, name, hint, last digits, when it changed, whether one is set) or is public, masked or a cursor. */
export function isLookalikeFieldName(name: string): boolean {
  const words = splitFieldName(name);
  if (words.length === 0) return false;
  const last = words[words.length - 1]!;
  if (isConnectionUrl(words, last) || isAuthHeader(words, last)) return false;
  if (LOOKALIKE_LAST.has(last) || LOOKALIKE_FIRST.has(words[0]!)) return true;
  // AWS's `UpdateToken` and `ChangeToken` order concurrent changes: no credential.
  if (words.length === 2 && last === 'token' && (words[0] === 'update' || words[0] === 'change')) return true;
  if (words.some((w) => LOOKALIKE_ANY.has(w))) return true;
  // `last4`, `token_last_eight`: a few trailing characters identify a secret without revealing it.
  return words.some(
    (w, i) => w === 'last' && i + 1 < words.length && (/^\d+$/.test(words[i + 1]!) || NUMBER_WORDS.has(words[i + 1]!)),
  );
}

// Incoming webhook and build-hook URLs carry their token in the path: holding the URL is holding the key.
const TRIGGER_URL_WORDS = new Set(['slack', 'discord', 'teams', 'mattermost', 'incoming', 'build', 'deploy', 'trigger']);

// `auth_header`, `authorization_header`: the header's value, which is the credential (`api_key_header` names a header).
function isAuthHeader(words: readonly string[], last: string): boolean {
  return (last === 'header' || last === 'headers') && words.length > 1 && /^(?:auth|authorization|bearer)$/.test(words[words.length - 2]!);
}

function isConnectionUrl(words: readonly string[], last: string): boolean {
  if (!/^ur[il]s?$/.test(last)) return false;
  if (words.some((w) => CONNECTION_WORDS.has(w))) return true;
  // A shared access signature URL (`sasUrl`) carries its signature in the query: holding it is holding the access.
  if (words[words.length - 2] === 'sas') return true;
  return words.some((w) => w === 'webhook' || w === 'hook') && words.some((w) => TRIGGER_URL_WORDS.has(w));
}

/** Whether a field or parameter name holds secret material (`password`, `api_key`, `connection_string`…), not a look-alike (`next_token`, `key_id`, `last4`). */
export function isSecretFieldName(name: string): boolean {
  const words = splitFieldName(name);
  if (words.length === 0) return false;
  if (isConnectionUrl(words, words[words.length - 1]!) || isAuthHeader(words, words[words.length - 1]!)) return true;
  if (isLookalikeFieldName(name)) return false;
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  // `basic_auth` holds `user:password` and an `Authorization` header a credential; `auth_method`,
  // `SipAuthUsername`, `authorization_code` (a card issuer's approval code), Stripe's
  // `company_authorization` (a document) do not.
  const last = words[words.length - 1];
  if (last === 'auth' || (last === 'authorization' && (words.length === 1 || words[0] === 'proxy'))) return true;
  // A connection string, and an AUTH string (Redis's password, `authString`).
  if (words.some((w, i) => (w === 'connection' || w === 'auth') && words[i + 1] === 'string')) return true;
  // A PIN is the last word (`leader_pin`, `pin`), not a verb or a flag's subject (`pin_message`, `pinned`).
  if (last === 'pin') return true;
  if ((last === 'code' || last === 'codes') && words.length > 1 && CODE_QUALIFIERS.has(words[words.length - 2]!)) return true;
  return words.some((w, i) => (w === 'key' || w === 'keys') && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!));
}

/** The secret word a name contains even when the whole name is a look-alike (`token_type` → token), or undefined: a near miss worth a reviewer's look. */
export function secretWordIn(name: string): string | undefined {
  const words = splitFieldName(name);
  return words.find((w, i) => SECRET_WORDS.has(w) || w === 'auth' || ((w === 'key' || w === 'keys') && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!)));
}

// Response redaction only (issue 12): names too ambiguous to move an operation to a sensitive tier by (a
// false alarm there hides a tool), yet worth masking in a response (a false alarm there hides one value).
// `pass` counts only as the last word (`db_pass`, not `pass_rate`).
const REDACT_ONLY_WORDS = new Set(['pin', 'sas', 'dockerconfigjson', 'dockercfg', 'htpasswd', 'pgpass', 'netrc']);
const REDACT_ONLY_LAST = new Set(['pass', 'pw']);
// Words before `url`/`uri` that make the URL a capability: holding it is holding the key (an incoming
// webhook, a SAS URL), unlike `hooks_url` or `callback_url`, which only point somewhere.
const CAPABILITY_URL_WORDS = new Set(['webhook', 'hook', 'sas']);

/**
 * Whether a response field is masked by the non-sensitive tiers: every name `isSecretFieldName` accepts,
 * and a few the classifier leaves alone (`db_pass`, `pin`, `passcode`, `sas`, `.dockerconfigjson`,
 * `webhook_url`).
 */
export function isRedactedFieldName(name: string): boolean {
  if (isSecretFieldName(name)) return true;
  const words = splitFieldName(name);
  if (words.length === 0) return false;
  const last = words[words.length - 1]!;
  if ((last === 'url' || last === 'uri') && words.length > 1 && CAPABILITY_URL_WORDS.has(words[words.length - 2]!)) return true;
  if (isLookalikeFieldName(name)) return false;
  return REDACT_ONLY_LAST.has(last) || words.some((w) => REDACT_ONLY_WORDS.has(w));
}

/**
 * A cheap pre-check for scanning text: true when the text contains a substring every name accepted by
 * `isSecretFieldName` or `isRedactedFieldName` contains (case-insensitively). Built from the same word
 * sets, so a word added to them is covered here too.
 */
export const secretNameHint = new RegExp(
  [...SECRET_WORDS, ...CONNECTION_WORDS, ...REDACT_ONLY_WORDS, ...REDACT_ONLY_LAST, ...CAPABILITY_URL_WORDS, 'key', 'auth', 'hook', 'connection']
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'i',
);

/**
 * Values that look like secrets whatever their field is called. Patterns carry no `g` flag (a shared
 * global RegExp keeps `lastIndex` between calls); a redactor wanting replace-all builds
 * `new RegExp(re.source, 'g')`.
 */
export const SECRET_VALUE_PATTERNS: readonly { name: string; re: RegExp }[] = [
  // RFC 3986 §3.2.1 userinfo `user:password@`, deprecated precisely because it leaks the password.
  { name: 'uri-credentials', re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i },
  { name: 'pem-private-key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
  // RFC 4880 §6.2 armor header of a transferable secret key.
  { name: 'pgp-private-key', re: /-----BEGIN PGP PRIVATE KEY BLOCK-----/ },
  { name: 'aws-access-key-id', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { name: 'stripe-key', re: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b|\bwhsec_[A-Za-z0-9]{16,}\b/ },
  { name: 'slack-token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  // A pre-signed URL carries its signature in the query: holding the URL is holding the access it grants.
  { name: 'presigned-url', re: /[?&](?:X-Amz-Signature|X-Goog-Signature|Signature|sig)=[A-Za-z0-9%+/=_-]{16,}/i },
  // Incoming-webhook URLs carry their token in the path: holding one is holding the right to post.
  { name: 'incoming-webhook-url', re: /\bhttps?:\/\/(?:hooks\.slack\.com\/services|discord(?:app)?\.com\/api\/webhooks|[\w.-]+\.webhook\.office\.com\/webhookb2)\/[\w/-]{8,}/i },
  { name: 'google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'llm-api-key', re: /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}/ },
  { name: 'gitlab-token', re: /\bglpat-[A-Za-z0-9_-]{20,}/ },
  { name: 'npm-token', re: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { name: 'runos-key', re: /\brunos_(?:live|test|sk)_[A-Za-z0-9]{16,}\b/ },
  { name: 'jwt', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];

/**
 * Whether a value is already masked (`****1234`, `••••`, `sk_live_****abcd`, `[REDACTED]`): showing it reveals nothing.
 * A run of X (`sk_XXXXXXXX`) counts unless `xRuns` is false: in a live answer it is a mask, but in a document's example
 * it is how the writer spells a placeholder (runZero's `token: "CTXXXXXXXXXXXXX"`), which says nothing of masking.
 */
export function isMaskedValue(v: string, { xRuns = true }: { xRuns?: boolean } = {}): boolean {
  const s = v.trim();
  if (/^[[<(]?(?:redacted|masked|hidden)[\]>)]?$/i.test(s)) return true;
  return (xRuns ? /^[A-Za-z0-9_-]{0,12}(?:[*•●·∙]{3,}|[xX]{4,})[A-Za-z0-9]{0,4}$/ : /^[A-Za-z0-9_-]{0,12}[*•●·∙]{3,}[A-Za-z0-9]{0,4}$/).test(s);
}
