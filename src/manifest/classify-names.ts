/**
 * The operating point (CLASSIFICATION.md rules 5, 6 and 9: when in doubt, the stricter tier). A decision left plain by
 * every other rule, whose own name speaks of credentials or security configuration, is moved to the sensitive tier
 * of its kind on doubt (firmness 3 in `runos manifest review`; an override settles it):
 * - a read whose path or operationId names credential material (`/projects/{id}/keys`, `getCredential`): the answer
 *   names no secret field, but the document seldom declares which of a credential record's fields carry it — unless
 *   its summary or description says the answer leaves the secret out (values omitted, masked, ids or metadata only);
 * - a write whose path, operationId, summary or tags name credentials, security configuration or what sits next to
 *   them (roles, grants, certificates, PINs, invitations, recovery, verification, trust, signed or temporary URLs):
 *   the rules above settle credential lifecycle and access policy where the schema shows them, and this catches what
 *   only its name shows.
 * Measured (README, "The operating point, measured"): on the held-out groups it was chosen on, leaks 52 → 31 of 204
 * (10 → 4 in `read`) for needless escalations 7.5% → 12.7% (target ≤ 15%); on the five clean sets scored after it,
 * leaks 127 → 110 of 477 (21 → 19 in `read`) for escalations 5.5% → 8.8%.
 */
import { isLookalikeFieldName, isSecretFieldName, splitFieldName } from '../core/secret-vocabulary.js';
import { onlyLabels, onlyLooks } from './classify-actions.js';
import { moved, resultResponses } from './classify-doubt.js';
import { isSchema } from './classify-examples.js';
import { saysNeverReturned, saysNotReturned, saysReturnedOnce, saysSecretsLeftOut } from './classify-phrases.js';
import { resultField } from './classify-results.js';
import { indexesData, isOperationalPolicy, namesOtherThing } from './classify-lookalikes.js';
import { credentialWord, idWords, isCredentialTalk, isSecurityWord, isSigningKeyPath, literalWords, PUBLIC_KEY_TEXT, sessionsOfResource } from './classify-words.js';
import type { Classification, DocumentModel, OperationModel, Schema } from './model.js';

// Beside credentials and security configuration: what plain writes that leaked on unseen documents were about.
const NEAR_SECURITY = new Set([
  'certificate', 'certificates', 'cert', 'certs', 'role', 'roles', 'grant', 'grants', 'pin', 'passcode', 'invite', 'invites',
  'invitation', 'invitations', 'recovery', 'verification', 'verify', 'signed', 'presigned', 'temporary', 'trust', 'private',
  'signing', 'dnssec',
]);

// What follows `private` when it names networking or hosting (Azure's private links, endpoints and DNS zones; a
// dedicated private cloud and the private connections to it), not a private key.
const PRIVATE_NETWORK = new Set(['link', 'links', 'endpoint', 'endpoints', 'dns', 'ip', 'ips', 'network', 'networks', 'zone', 'zones', 'cluster', 'clusters', 'access', 'cloud', 'clouds', 'connection', 'connections']);

// The classifier and the review both ask, once per operation.
const securityNameWords = new WeakMap<OperationModel, string | null>();

/** The first word of an operation's path, operationId, summary or tags that speaks of credentials or security configuration, or undefined. */
export function securityNameWord(op: OperationModel): string | undefined {
  let word = securityNameWords.get(op);
  if (word === undefined) {
    const named = [literalWords(op.path), idWords(op), splitFieldName(op.summary ?? ''), ...op.tags.map(splitFieldName)];
    // GPG and PGP keys sign; they are no login credential (rule 6).
    const signing = named.some(isSigningKeyPath);
    // A database's or a notebook's sessions are no sign-in sessions (`/v1/{database}/sessions:executeSql`).
    const dataSessions = sessionsOfResource(op);
    // Keys that index data (`tagKeys`) are no key material, a policy about data or traffic (`legal hold policies`) no
    // access policy.
    // …and a private link, endpoint or network is networking, no private key.
    const kept = named.flatMap((ws) => ws.filter((w, i) => !indexesData(ws, i) && !isOperationalPolicy(ws, i) && !namesOtherThing(ws, i) && !(w === 'private' && PRIVATE_NETWORK.has(ws[i + 1] ?? ''))));
    word = kept.find((w) => (isSecurityWord(w) && !(signing && /^keys?$/.test(w)) && !(dataSessions && /^sessions?$/.test(w))) || NEAR_SECURITY.has(w)) ?? null;
    securityNameWords.set(op, word);
  }
  return word ?? undefined;
}

// A read's own words saying its answer leaves the secret out (rule 1), beyond a value not returned as it is
// (saysNotReturned) and public keys (PUBLIC_KEY_TEXT): values omitted or cut, ids or metadata only.
const LEFT_OUT =
  /\b(?:(?:no|without) (?:(?:revealing|exposing|showing|returning) )?(?:the |its |their |any )?(?:encrypted |secret |plain-?text )?(?:values?|passwords?|secrets?|keys?|tokens?|credentials?)\b|(?:ids?|names?) only|only (?:the )?(?:ids?|names?)\b|metadata|last (?:four|4|eight|8)\b|fingerprints?)/i;

/** The credential noun of a read's path or operationId (`/projects/{id}/keys`), unless its words say the answer leaves the secret out. */
function credentialNameWord(op: OperationModel): string | undefined {
  const path = literalWords(op.path);
  const id = idWords(op);
  const word = credentialWord(path) ?? credentialWord(id);
  if (!word || readsPolicy(id)) return undefined;
  // A key "encrypted with the user's public key" is a secret key wrapped for the user, not a public one.
  const text = `${path.join(' ')} ${id.join(' ')} ${op.summary ?? ''} ${op.description ?? ''}`.replace(/\s+/g, ' ').replace(WRAPPED, '');
  // Fingerprints and public keys speak for keys only (a card token's `fingerprint` is the card's).
  const publicKeys = /keys?$/.test(word) && showsPublicKeys(op);
  // Words about credentials (`password policies`) name their rules, not them.
  return PUBLIC_KEY_TEXT.test(text) || LEFT_OUT.test(text) || isCredentialTalk(text) || saysNotReturned(text) || saysSecretsLeftOut(op) || publicKeys || declaresSecretLeftOut(op) || answersMetadataOnly(op) ? undefined : word;
}

/** An operation named for reading the access policy of what it names (`keys.getIamPolicy`, `GetKeyPolicy`): its answer is the policy. */
function readsPolicy(id: readonly string[]): boolean {
  return /^polic(?:y|ies)$/.test(id.at(-1) ?? '') && id.slice(-4).some((w) => /^(?:get|list|describe|read)$/.test(w));
}

const WRAPPED = /\b(?:encrypted|wrapped) (?:with|by|using|for) (?:[\w'’-]+ ){0,3}?public keys?\b/gi;

/** Whether the answer declares a secret-named field or a `value` said to be returned only once or never (rule 1). */
function declaresSecretLeftOut(op: OperationModel): boolean {
  const leftOut = (name: string, schema: Schema) => (isSecretFieldName(name) || /^values?$/i.test(name)) && (saysReturnedOnce(schema.description) || saysNeverReturned(schema.description));
  return resultResponses(op).some(([, r]) => Object.values(r.content).some((m) => resultField(m.schema, leftOut) !== undefined));
}

// Formats that hold no credential whatever the field is called.
const PLAIN_VALUE_FORMATS = new Set(['date-time', 'date', 'time', 'uuid', 'uri', 'url', 'email', 'int32', 'int64']);

/**
 * Whether a read's every answer is described field by field and each field only names, dates, counts or links
 * (`secretInfo: {id, created_at, _links: {self: {href}}}`): no field there could carry the credential its name speaks
 * of (rule 1: a field makes an operation sensitive only where the document says it carries the secret).
 */
function answersMetadataOnly(op: OperationModel): boolean {
  const results = resultResponses(op).flatMap(([, r]) => Object.values(r.content).map((m) => m.schema));
  if (results.length === 0) return false;
  const seen = new Set<object>();
  const plain = (name: string, s: unknown, depth: number): boolean => {
    if (!isSchema(s) || depth > 8) return false;
    if (seen.has(s)) return true;
    seen.add(s);
    for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
      const branches = s[k];
      if (Array.isArray(branches) && !branches.every((b) => plain(name, b, depth + 1))) return false;
    }
    if (isSchema(s.items)) return plain(name, s.items, depth + 1);
    const props = isSchema(s.properties) ? Object.entries(s.properties) : [];
    if (props.length > 0 || s.additionalProperties !== undefined) {
      if (s.additionalProperties !== undefined && s.additionalProperties !== false) return false;
      return props.every(([k, sub]) => plain(k, sub, depth + 1));
    }
    if (Array.isArray(s.allOf) || Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) return true;
    // A leaf: a flag, a number, an enumerated word, a date or link, or a string whose name only describes.
    if (s.type === 'boolean' || s.type === 'integer' || s.type === 'number' || Array.isArray(s.enum)) return true;
    // (`result` holds whatever the call returns: Superset's CSRF token is `{result: string}`.)
    if (s.type === 'string') return PLAIN_VALUE_FORMATS.has(String(s.format)) || (name !== '' && isLookalikeFieldName(name) && !/^results?$/i.test(name));
    return false;
  };
  return results.every((schema) => isSchema(schema) && (isSchema(schema.properties) || isSchema(schema.items)) && plain('', schema, 0));
}

/**
 * Whether a read's answer shows itself to be about public keys: a field holding a fingerprint or a public key
 * (`fingerprint`, `public_key`, DNS's `publicKey`) beside no field judged secret (a plain read has none).
 */
function showsPublicKeys(op: OperationModel): boolean {
  const fingerprint = (name: string) => splitFieldName(name).some((x) => x === 'fingerprint' || x === 'thumbprint' || x === 'pubkey');
  const publicKey = (name: string) => splitFieldName(name).some((x, i, w) => x === 'public' && /^keys?$/.test(w[i + 1] ?? ''));
  // A key field that is not said to be public (`fileKeyContainer.key` beside `publicKey`) may be a secret one.
  const otherKey = (name: string, schema: Schema) => /^keys?$/.test(splitFieldName(name).at(-1) ?? '') && !publicKey(name) && schema.type === 'string';
  const has = (match: (name: string, schema: Schema) => boolean) => resultResponses(op).some(([, r]) => Object.values(r.content).some((m) => resultField(m.schema, match) !== undefined));
  return has(fingerprint) || (has(publicKey) && !has(otherKey));
}

const NAMED = /its name speaks of "([^"]+)"/;

/** The word by which this pass moved a decision, read back from its reason, or undefined for any other decision. */
export function escalatingWord(reason: string): string | undefined {
  return NAMED.exec(reason)?.[1];
}

/** Moves the plain decisions whose names speak of credentials or security configuration to the stricter tier, on doubt. */
export function escalateByName(doc: DocumentModel, out: Map<string, Classification>): void {
  for (const op of doc.operations) {
    const c = out.get(op.operationId)!;
    if (c.basis !== 'plain') continue;
    // A HEAD answers headers only: no credential travels in what it returns.
    if (c.tier === 'read' && op.method !== 'HEAD') {
      const word = credentialNameWord(op);
      if (word) out.set(op.operationId, moved(c, 'sensitive-read', 'doubt', `rule 9: its name speaks of "${word}", and nothing in its answer shows that no credential travels`));
    } else if (c.tier === 'write' && !onlyLooks(op) && !onlyLabels(op)) {
      // A POST that only looks (`:testIamPermissions`, `ListPermissions`) changes nothing to be strict about; what it
      // returns the rules above have judged (on tuned documents, reading its name as a read's only added escalations).
      const word = securityNameWord(op);
      if (word) out.set(op.operationId, moved(c, 'sensitive-write', 'doubt', `rules 5–6: its name speaks of "${word}", and nothing shows that it leaves credentials and security configuration alone`));
    }
  }
}
