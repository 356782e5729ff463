/**
 * What a description says of the value it describes (CLASSIFICATION.md rules 1 and 3): that it is a secret (its
 * head noun, a phrase such as "private key" or "used to authenticate"), a capability (a signed URL, a URL valid only
 * minutes), or that it is masked, derived or never returned; and what an operation's own summary or description says
 * its result reveals or hands out.
 */
import type { Direction } from './classify-examples.js';
import type { OperationModel } from './model.js';

// A description whose head noun is the secret ("The password for the admin user", "Registration cookie code").
const HEAD_PHRASE =
  /^\s*(?:the|a|an|your|this|its)?\s*(?:[\w-]+\s+){0,3}?(password|passphrase|secret|api key|access key|secret key|private key|(?:certificate|tls|ssl|signing) key|access token|auth(?:entication)? token|bearer token|refresh token|jwt(?: [\w-]+)? token|connection string|credentials?|(?:slack |discord |incoming )?webhook url|cookie)\b(?!\s+(?:id|arn|name|type|prefix|hint|fingerprint|url|uuid|scanning|consent|policy|banner|domain|path|settings?|expiration|lifetime|duration)\b)/i;
// A description that is nothing but "Encryption key": the key itself (a file's symmetric key), where anything more
// ("The Customer Managed Encryption Key used to encrypt the boot disk…") names a key kept elsewhere.
const KEY_ITSELF = /^\s*(?:the |an? )?(?:symmetric |file |data )?(?:en|de)cryption key\.?\s*$/i;
// Phrases that mark secret material wherever they stand in a description.
const ANY_PHRASE =
  /private key|connection (?:string|uri|url)|(?:used|use) (?:[\w'’-]+\s+){0,8}?to authenticate|\b(?:token|secret|password|credentials?) (?:used )?(?:for|to) authenticat(?:e|es|ing|ion)\b|\band (?:an? |the )?optional (?:password|passphrase)\b|\bauthenticat(?:es|ion) (?:key|secret|token)\b|\bread:sensitive\b|(?<!case[- ]|time[- ])\bsensitive (?:data|information|values?|settings|configuration)\b|decrypted|unencrypted value|plain ?text (?:secret|password|value|key|token)|secret data|client secret|secret value|\b(?:grant|ticket|pass|token|key) that authori[sz]es (?:[\w-]+\s+){0,4}?to (?:connect|access|join|stream)\b|(?:shown|displayed|returned|visible) only once|only (?:be )?(?:shown|displayed|returned|visible) once|(?:will not|won't|cannot|can't) be (?:shown|displayed|retrieved|returned|viewed) again/i;
// A description that says the value is masked, derived or absent wins over the phrases above. (A "private/public key
// pair" holds the private key: PKCS#12.)
const NEGATIVE_PHRASE =
  /\b(?:masked|redacted|obfuscated|hashed|hash of|fingerprint|last (?:four|4|eight|8)|(?:never|not) (?:be )?returned|not included|never exposed|not exposed|will be (?:empty|blank)|public (?:signing |ssh |encryption |verification )?key(?! pair)|whether|identifier of|id of|name of|number of|count of|url (?:of|to|for)|expir\w*)\b/i;

// A description that opens by naming a token or a JWT (not the token's id, name or type), after Google's
// "Required." or "Optional.".
const TOKEN_DESCRIBED = /^\s*(?:(?:required|optional)\.\s*)?(?:the |a |an )?(?:jwts?|(?:[\w-]+ ){0,2}tokens?)\b(?!\s+(?:ids?|names?|types?|prefix|hint|identifiers?)\b)/i;

/** Whether a description opens by saying its value is a token (an `{id}` that is a JWT, a `vmId` that is a hardware token). */
export function isTokenDescription(description: unknown): boolean {
  return typeof description === 'string' && TOKEN_DESCRIBED.test(description);
}

/**
 * Whether a description says its value is masked, hashed or never returned; for a value being sent, only
 * what it says of the value itself counts ("masked when read back" does not make a request's value less secret).
 */
export function isMaskedDescription(description: unknown, direction: Direction): boolean {
  const negative = typeof description === 'string' ? NEGATIVE_PHRASE.exec(description) : null;
  return negative !== null && !(direction === 'request' && RETURNED_PHRASE.test(negative[0]));
}

// What a description says about *returning* a value (masked, redacted, hashed, never returned): a statement about
// responses, which does not make the value a request sends any less secret.
const RETURNED_PHRASE = /\b(?:masked|redacted|obfuscated|hashed|hash of|(?:never|not) (?:be )?returned|not included|never exposed|not exposed|will be (?:empty|blank))\b/i;

// A URL that expires or is signed (an Azure shared access signature) is a capability (rule 3), and a value the
// document likens to credentials is one: both said in words a masked or derived value's description also uses
// ("URL to", "expires"), so read first.
const CAPABILITY_PHRASE =
  /\b(?:pre-?signed|signed) (?:upload |download )?(?:urls?|links?)\b|\btemporary (?:[\w-]+ ){0,3}?(?:ur[il]s?|links?)\b|\b(?:ur[il]s?|links?) (?:(?:will|that|which) )?expires?\b|\bas sensitive as (?:a |your )?(?:credentials?|passwords?)\b|\bshared access signature\b/i;
// A URL said to be valid only for minutes or hours, or to need no authentication: a signed URL by another name.
// (Tried only on descriptions that say "valid …" or "require any/auth/further…": most never do.)
const SHORT_LIVED_URL =
  /\b(?:ur[il]s?|links?)\b[^.]{0,40}?\b(?:(?:may|will|is|are|be|remains?) )*(?:only )?valid (?:only )?for (?:up to |about |the next )?(?:\d+|an?|one|two|three|five|ten|fifteen|thirty|sixty) (?:seconds?|minutes?|hours?)\b|\b(?:ur[il]s?|links?)\b[^.]{0,60}?\b(?:does not|doesn't|do not|don't|will not) require (?:any (?:form of )?|further |additional )?auth\w*/i;

/** Whether a text says a value is not returned as it is: masked, redacted, hashed, never returned or exposed. */
export function saysNotReturned(text: string): boolean {
  return RETURNED_PHRASE.test(text);
}

/** The phrase by which a text says a URL it gives is signed or short-lived ("a temporary task log data url"), or undefined. */
export function capabilityPhrase(text: string): string | undefined {
  const m = CAPABILITY_PHRASE.exec(text) ?? (text.includes('valid ') || text.includes('require a') || text.includes('require f') ? SHORT_LIVED_URL.exec(text) : null);
  return m && !RETURNED_PHRASE.test(text) ? m[0].toLowerCase().replace(/\s+/g, ' ') : undefined;
}

// An object the document says holds credentials ("the nested object which contains the information and credential
// used to connect"): whatever its fields, it carries them (rule 1).
const HOLDS_SECRETS =
  /\b(?:contains?|containing|holds?|holding|stores?|carr(?:y|ies))\b(?:\s+[\w,-]+){0,6}?\s+(?:credentials?|passwords?|private keys?|connection strings?)\b(?!\s+(?:ids?|names?|references?|types?)\b)/i;

// What an object holds about credentials is no credential ("contains additional details about a credential").
const ABOUT = /\b(?:about|describing|metadata)\b/i;

/** The phrase by which an object's description says it holds credentials, unless it says they are masked or only named; or undefined. */
export function holdsSecretsPhrase(description: unknown, direction: Direction): string | undefined {
  if (typeof description !== 'string') return undefined;
  const m = HOLDS_SECRETS.exec(description);
  return m && !ABOUT.test(m[0]) && !isMaskedDescription(description, direction) ? m[0].toLowerCase().replace(/\s+/g, ' ') : undefined;
}

/** Why a description marks its field as secret (the matched phrase), or undefined; `direction` says which way it travels. */
export function secretDescriptionPhrase(description: unknown, direction: Direction = 'response'): string | undefined {
  if (typeof description !== 'string' || description === '') return undefined;
  const capability = capabilityPhrase(description);
  if (capability) return capability;
  const negative = NEGATIVE_PHRASE.exec(description);
  if (negative && !(direction === 'request' && RETURNED_PHRASE.test(negative[0]))) return undefined;
  const m = ANY_PHRASE.exec(description) ?? HEAD_PHRASE.exec(description) ?? KEY_ITSELF.exec(description);
  return m ? m[0].trim().toLowerCase().replace(/\s+/g, ' ').slice(-40) : undefined;
}

// Operation-level wording that the result reveals a secret. "Shown only once" marks the write that
// creates the secret; on a read it means the secret is not there any more.
const REVEALS = /decrypted|plain ?text (?:secret|password|value|key|token)|\bread:sensitive\b|(?<!case[- ]|time[- ])\bsensitive (?:data|information|values?|fields?|settings|configuration)\b|\bsensitivity of (?:the )?data\b/i;
const REVEALS_ONCE =
  /(?:shown|displayed|returned) only once|only (?:be )?(?:shown|displayed|returned) once|(?:will not|won't|cannot|can't) be (?:shown|displayed|retrieved|viewed) again/i;

// An operation that says it hands out a short-lived credential ("Generates a short-lived X509 certificate … to
// authenticate", "Returns temporary security credentials"): rule 3, whatever its response schema shows.
const HANDS_OUT_SHORT_LIVED =
  /\b(?:generates?|issues?|creates?|returns?|mints?|obtains?|vends?)\s+(?:an?\s+|the\s+|a\s+set\s+of\s+)?(?:new\s+)?(?:short-lived|temporary|ephemeral|one-time|time-limited)\s+(?:[\w-]+\s+){0,2}?(?:certificates?|certs|tokens?|credentials?|passwords?|keys?)\b/i;

/** The phrase of an operation's summary or description that says its result reveals or hands out a secret, or undefined. */
export function operationPhrase(op: OperationModel, readClass: boolean): string | undefined {
  const text = [op.summary, op.description].filter(Boolean).join(' ');
  const m = REVEALS.exec(text) ?? HANDS_OUT_SHORT_LIVED.exec(text) ?? (readClass ? null : REVEALS_ONCE.exec(text));
  if (m) return m[0].toLowerCase();
  // A parameter can say what asking for more reveals (Cloud Tasks' `responseView`: "…because of the sensitivity of
  // data"); most say nothing of it, so only those that speak of sensitivity are read.
  for (const p of op.parameters) {
    const said = typeof p.description === 'string' && /sensitiv/i.test(p.description) ? REVEALS.exec(p.description) : null;
    if (said) return said[0].toLowerCase();
  }
  return undefined;
}

// What a description says when a secret-named field holds something derived from the secret or public, is a
// request's idempotency token (AWS's `ClientToken`: "User-provided idempotency token"), or is published to prove
// control of a domain (a certificate challenge's `token`, "present as a TXT record").
const NOT_THE_SECRET = /^\s*(?:the |a |an )?(?:\[?(?:public key|checksum|check value|fingerprint|hash|digest)\b|[^.]{0,40}\b(?:is (?:a |the )?public|(?:checksum|check value|fingerprint|hash|digest) of (?:the|this|your|its) ))|\bidempoten(?:cy|t)\b|\b(?:present|published|added|set|placed|served) (?:as|in) (?:a |the )?(?:dns )?txt record\b|\bto satisfy the (?:[\w-]+ )?challenge\b|\bformat\W{0,4}`?[a-z]+\/(?:\*|\{|\[)/i;

// A value a response never carries: Google's "Input only", "never populated in any response", "will be empty when
// retrieving". (Not "masked" or "redacted" alone, which some documents say only of callers without access; but masked
// on every read, "Will be obfuscated during read", is never returned as it is.)
const NEVER_RETURNED =
  /\b(?:(?:never|not) (?:be )?(?:returned|populated|filled|included|exposed)|input[- ]only|will be (?:empty|blank) when|(?:masked|redacted|obfuscated) (?:during|on|when|upon|in) (?:(?:a|every|each|any) )?(?:reads?|get|retrieval|responses?))\b/i;

/** Whether a description says a response never carries its value. */
export function saysNeverReturned(description: unknown): boolean {
  return typeof description === 'string' && NEVER_RETURNED.test(description);
}

/** Whether a description says its value is returned only once, at creation ("shown only once"). */
export function saysReturnedOnce(description: unknown): boolean {
  return typeof description === 'string' && ONCE_ONLY.test(description);
}

const ONCE_ONLY =
  /only (?:be )?(?:returned|return|shown|displayed|available|visible|present|included) (?:once|at creation|on creation|upon creation|when (?:it is |first )?created)|(?:shown|returned|displayed) only once/i;

/** Whether a secret-named field's description says it holds something derived from the secret, public, or a name. */
export function saysNotTheSecret(description: unknown): boolean {
  return typeof description === 'string' && (NOT_THE_SECRET.test(description) || ONLY_AN_ID.test(description));
}

// A description that is nothing but an identifier's ("Unique subaccount ID."): Vonage's `api_key` is the account's id.
const ONLY_AN_ID = /^\s*(?:the |a |an )?(?:unique )?(?:[\w-]+ ){0,2}?(?:id|identifier)\.?\s*$/i;

/** A text's first sentence, or its first line when that comes first ('' without a text). */
export function firstSentence(text: unknown): string {
  return typeof text === 'string' ? /^[^\n]*?(?:[.!?](?=\s|$)|\n|$)/.exec(text.trim())?.[0] ?? '' : '';
}

const SECRETS_LEFT_OUT =
  /\b(?:secrets?|credentials?|keys?|passwords?)\b[^.]{0,80}?\b(?:are|is) not (?:returned|included)\b|\b(?:contains?|returns?|includes?) only a partial view\b|\ball (?:the )?fields but\b[^.]{0,60}\bare empty\b/i;

/** Whether an operation's own summary or description says its answer leaves the secrets out, or all but a few named fields ("a partial view"). */
export function saysSecretsLeftOut(op: OperationModel): boolean {
  return [op.summary, op.description].some((t) => typeof t === 'string' && SECRETS_LEFT_OUT.test(t));
}
