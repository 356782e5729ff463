/**
 * Rules 3, 5 and 6 from a write's own words and fields: where it manages credentials (keys, tokens, secrets, robot
 * accounts, their lifecycle) or security configuration (auth methods, SSO, MFA, access policy, sign-in locks).
 */
import { onlyChecks, onlyLabels } from './classify-actions.js';
import { firstSentence } from './classify-phrases.js';
import { securityField } from './classify-security-fields.js';
import { credentialText, credentialVerb, credentialWord, idWords, isSigningKeyPath, literalWords, securityConfigWord, sessionsOfResource } from './classify-words.js';
import type { OperationModel } from './model.js';

const SIGN_IN_LOCK = /\/(?:users?|accounts?|members?)\/\{[^}/]+\}\/((?:un)?lock)$/i;
const LIFECYCLE_HINT = /revok|rotat|regenerat|invalidat/i;
// A description saying the write ends a credential's life ("Delete an integration and revoke its key").
const LIFECYCLE_TEXT = /\b(?:revokes?|revoking|rotates?|rotating|regenerates?|regenerating|invalidates?|invalidating) (?:(?:its|it's|the|their|all|any|this|that|an?|associated|existing|current)\s+){0,2}(?:api[ -]?)?(?:keys?|tokens?|secrets?|credentials?|passwords?|sessions?)\b/i;

const NO_HOLDERS: ReadonlySet<string> = new Set();

// A certificate a write's summary names (rules 5–6), alone or in a compound (`ShaCertificate`, `SslCertificate`).
const CERTIFICATE_TEXT = /(?:\b|(?<=[a-z]))certificates?\b/i;

/** A query parameter of a write that changes security configuration (AWS's query API: `GET /#Action=CreateUser&PermissionsBoundary=…`). */
function queryField(op: OperationModel): string | undefined {
  const query = op.parameters.filter((p) => p.in === 'query' && p.schema);
  return query.length === 0 ? undefined : securityField({ type: 'object', properties: Object.fromEntries(query.map((p) => [p.name, p.schema])) });
}

/**
 * Where a write manages credentials (rules 3, 5: keys, tokens, secrets, robot accounts…) or security
 * configuration (rule 6: auth methods, SSO, MFA, access policy…), or undefined. A write that only checks
 * (`POST …/validate`) manages nothing; GPG/PGP keys sign, they are not login credentials.
 */
export function credentialManagement(op: OperationModel, oauthClients: boolean, holders: ReadonlySet<string> = NO_HOLDERS): string | undefined {
  if (onlyChecks(op) || onlyLabels(op)) return undefined;
  const path = literalWords(op.path);
  // Creating or deleting an item that has its own secret creates or revokes a credential (rules 3, 5).
  const item = /\/([A-Za-z][\w-]*)(\/\{[^}/]+\})?\/?$/.exec(op.path);
  if (item && holders.has(item[1]!.toLowerCase()) && (item[2] ? op.method === 'DELETE' : op.method === 'POST')) {
    return `credential management (path ${op.path}: each of its ${item[1]} has its own secret)`;
  }
  if (oauthClients && /^clients?$/.test(path.find((w) => /^clients?$/.test(w)) ?? '')) return `security configuration (path ${op.path}: an OAuth client, since the document gives clients secrets)`;
  for (const [where, words] of [[`path ${op.path}`, path], [`operationId ${op.operationId}`, idWords(op)]] as const) {
    const noun = credentialWord(words) ?? credentialVerb(words);
    if (noun && !(/^keys?$/.test(noun) && isSigningKeyPath(words))) return `credential management (${where})`;
    const config = securityConfigWord(words, path);
    if (config && !(/^sessions?$/.test(config) && sessionsOfResource(op))) return `security configuration (${where})`;
  }
  const text = credentialText(op);
  if (text) return `credential management (summary or tag "${text}")`;
  // Locking or unlocking a user's sign-in (a failed-login lockout) is an authentication control (rules 5–6).
  const lock = SIGN_IN_LOCK.exec(op.path);
  if (lock) return `security configuration (path ${op.path}: a user's sign-in ${lock[1]!.toLowerCase()})`;
  const lifecycle = typeof op.description === 'string' && LIFECYCLE_HINT.test(op.description) ? LIFECYCLE_TEXT.exec(op.description) : null;
  if (lifecycle) return `credential management (description "${lifecycle[0].toLowerCase()}")`;
  const policy = Object.values(op.requestBody?.content ?? {}).map((m) => securityField(m.schema, path[path.length - 1])).find(Boolean) ?? queryField(op);
  if (policy) return `security configuration (request field ${policy})`;
  // Rules 5–6, stricter when in doubt: a certificate a write's summary names authenticates a client, is trusted, or is
  // uploaded with its private key; the document seldom says which. Without a summary, the description's first sentence
  // is one (Google's "Adds a ShaCertificate to the specified AndroidApp.").
  const certificate = CERTIFICATE_TEXT.exec(op.summary ?? firstSentence(op.description));
  return certificate ? `security configuration (summary "${certificate[0].toLowerCase()}")` : undefined;
}
