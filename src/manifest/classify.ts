/**
 * Classification, the security boundary (PRODUCT.md, Classification): every operation gets exactly one
 * tier and a reason naming the rule and its evidence. Pure: no I/O; the only state is a memo of schema
 * walks keyed by the (never mutated) schema objects of a loaded document.
 */
import { ManifestError } from '../core/errors.js';
import { isLookalikeFieldName, isSecretFieldName, splitFieldName } from '../core/secret-vocabulary.js';
import { TIERS, isTier, type Tier } from '../core/tiers.js';
import { createsIfAbsent, lastLiteral, onlyLooks, selectedAction, summaryChangeVerb, triggeredAction } from './classify-actions.js';
import { credentialHint, escalateInDoubt, resultResponses, undescribedBody, undescribedResult } from './classify-doubt.js';
import { incidentalFields } from './classify-incidental.js';
import { callerAuthNames, marksIdentifiersAsPasswords, marksOrdinaryFieldsWriteOnly, namesResourcesByKeys, registersOAuthClient, secretMarkedNames, secretStorePhrase } from './classify-document.js';
import { exampleSecrets, isSchema } from './classify-examples.js';
import { isEnvName } from './classify-field-names.js';
import { credentialManagement } from './classify-management.js';
import { escalateByName } from './classify-names.js';
import { resultHasUrl, uploadUrlField } from './classify-results.js';
import { capabilityPhrase, firstSentence, isMaskedDescription, isTokenDescription, operationPhrase, saysSecretsLeftOut, secretDescriptionPhrase } from './classify-phrases.js';
import { CAN_CARRY, canCarrySecret, findSecretFields, type Habits, type PathContext, type SecretField } from './classify-schema.js';
import { escalateBySiblings } from './classify-siblings.js';
import { hasOAuthClients, idWords, isArchiveVaultPath, isPublicKeyPath, literalWords, PUBLIC_KEY_TEXT, secretHolders, signedUrlWord } from './classify-words.js';
import { extensionObjectTier } from './extensions.js';
import { READ_METHODS, type Classification, type DocumentModel, type OperationModel, type Schema, type TierOverride } from './model.js';

/** Options of classifyOperation; `source` names the document in errors. */
export interface ClassifyOptions {
  platform: string;
  source?: string;
  /** Set when the document describes a store whose purpose is secrets (rule 9): the phrase that says so. */
  secretStore?: string;
  /** Set when the document's clients are OAuth clients (they have secrets): writes to them are rule 6. */
  oauthClients?: boolean;
  /** The collections whose items each have their own secret (`/consumers/{key}/secret`): credential holders. */
  secretHolders?: ReadonlySet<string>;
  /** Lower-cased names of the parameters (or top-level request fields) that authenticate the caller on nearly every operation. */
  callerAuth?: ReadonlySet<string>;
  /** What the document does with its markers and names (`format: password` on ids, `writeOnly` on ordinary fields, keys as ids). */
  habits?: Habits;
}


// Media types that are key material by definition (RFC 7468 PEM, PKCS #8, PKCS #12).
const SECRET_MEDIA = /^application\/(?:x-pem-file|pkcs8|x-pkcs12|pkcs12|x-x509-user-cert|jwt)\b/i;

/** The tier an `x-<platform>-tier` / `x-runos-tier` / `x-mcp-tier` extension sets (else an `x-runos: {tier}` object's), with the extension's name. */
function extensionTier(op: OperationModel, opts: ClassifyOptions): { tier: Tier; name: string } | undefined {
  const names = [...new Set([`x-${opts.platform}-tier`, 'x-runos-tier', 'x-mcp-tier'])];
  for (const name of names) {
    if (!(name in op.extensions)) continue;
    const value = op.extensions[name];
    if (!isTier(value)) {
      throw new ManifestError(
        `${name} of operation ${op.operationId} is ${JSON.stringify(value)}; use one of ${TIERS.join(', ')}`,
        opts.source ?? 'document',
        `${op.pointer}/${name}`,
      );
    }
    return { tier: value, name };
  }
  return extensionObjectTier(op, opts.source);
}

// A path ending in one credential (`/integration/{id}/key`): its answer's bare `key` or `value` is that credential.
const ENDS_IN_ONE = /\/(key|apikey|token|secret|password|passphrase|credentials?)(?:\/\{[^}/]*\})*\/?$/i;
// A path ending in a collection of credentials, or one entry of it (`/apps/{id}/keys`, `/tokens/{id}`).
const IN_A_COLLECTION = /\/(keys|tokens|secrets|passwords)(?:\/\{[^}/]*\})?\/?$/i;
const CREDENTIAL_VALUE_FIELDS = new Set(['key', 'value', 'token', 'secret', 'password', 'credential', 'credentials']);
// An operationId ending in credentials (`getSdkKeys`, `list_tokens`) whose answer is a few bare strings: those are they.
const CREDENTIAL_PLURALS = new Set(['keys', 'tokens', 'secrets', 'credentials', 'passwords']);
const MAX_NAMED_FIELDS = 4;

/** The result's top-level text fields that are the credentials the path or operationId names, if any. */
function namedCredentials(op: OperationModel): SecretField[] {
  const one = ENDS_IN_ONE.exec(op.path)?.[1]!.toLowerCase();
  const id = idWords(op);
  const plural = id.length > 1 && CREDENTIAL_PLURALS.has(id[id.length - 1]!) ? id[id.length - 1]! : undefined;
  const collection = IN_A_COLLECTION.exec(op.path)?.[1]!.toLowerCase();
  if ((!one && !plural && !collection) || isPublicKeyPath(literalWords(op.path)) || isPublicKeyPath(id) || id.includes('public')) return [];
  for (const [, r] of resultResponses(op)) {
    for (const m of Object.values(r.content)) {
      // In a collection of keys (`/apps/{id}/keys`, one of them or the list), each entry's `key` is one.
      const entry = collection ? (isSchema(m.schema?.items) ? (m.schema.items as Schema) : m.schema) : undefined;
      const own = entry && isSchema(entry.properties) ? (entry.properties as Record<string, Schema>)[collection!.replace(/s$/, '')] : undefined;
      // A key listed beside its fingerprint is a public key (SSH, deploy and GPG keys), which an API lists freely.
      const publicKey =
        own &&
        (Object.keys(entry!.properties as object).some((k) => /fingerprint/i.test(k)) ||
          /\bpublic\b/i.test(String(own.description ?? '')) ||
          [entry!.title, entry!.description, op.summary, op.description].some((t) => typeof t === 'string' && PUBLIC_KEY_TEXT.test(t)));
      if (own && !publicKey && own.type === 'string' && canCarrySecret(own) && !isMaskedDescription(own.description, 'response')) {
        return [{ path: `${entry === m.schema ? '' : '[].'}${collection!.replace(/s$/, '')}`, evidence: `an entry of the ${collection} the path names` }];
      }
      const props = m.schema?.properties;
      if (typeof props !== 'object' || props === null) continue;
      const text = Object.entries(props as Record<string, Schema>).filter(([, sub]) => sub.type === 'string' && canCarrySecret(sub) && !isMaskedDescription(sub.description, 'response'));
      const hit = one && text.find(([k]) => CREDENTIAL_VALUE_FIELDS.has(k.toLowerCase()));
      if (hit) return [{ path: hit[0], evidence: `the ${one} the path names` }];
      const all = Object.keys(props as object);
      if (plural && text.length > 0 && text.length === all.length && all.length <= MAX_NAMED_FIELDS && !all.some((k) => isLookalikeFieldName(k))) {
        return text.map(([k]) => ({ path: k, evidence: `one of the ${plural} operationId ${op.operationId} names` }));
      }
    }
  }
  return [];
}

function responseSecrets(op: OperationModel, ctx: PathContext, read: boolean, habits: Habits): SecretField[] {
  const out: SecretField[] = [];
  for (const [, response] of resultResponses(op)) {
    for (const [media, m] of Object.entries(response.content)) {
      if (SECRET_MEDIA.test(media)) out.push({ path: '', evidence: `media type ${media}` });
      else {
        // The example is read for what the schema did not show (a response already sensitive needs no more evidence).
        const fields = findSecretFields(m.schema, 'response', ctx, read, habits);
        out.push(...(fields.length > 0 ? fields : exampleSecrets(m.example ?? m.schema?.example, m.schema, 'response')));
      }
    }
  }
  return out.length > 0 ? out : namedCredentials(op);
}

// What a redirect's wording says of the URL it hands out: a one-time or signed token in it, or a short life.
const REDIRECT_TOKEN = /\b(?:one-time|temporary|short-lived|expiring|signed|pre-?signed) (?:tokens?|urls?|links?)\b|\btokens? (?:that|which) (?:has a limited|expires)|\b(?:urls?|links?) (?:that |which )?(?:expires?|is valid for|are valid for)\b/i;

/** The redirect (3xx) response, when a read only redirects and its wording says the target URL carries a short-lived token. */
function redirectWithToken(op: OperationModel): string | undefined {
  const codes = Object.keys(op.responses);
  const redirect = codes.find((c) => c.startsWith('3'));
  if (!redirect || codes.some((c) => c.startsWith('2'))) return undefined;
  const texts = [op.responses[redirect]!.description, op.summary, op.description];
  return texts.some((t) => typeof t === 'string' && REDIRECT_TOKEN.test(t)) ? redirect : undefined;
}

// A parameter that pages through results, whatever it is called (`token` beside a `continuation_token` result).
const PAGING = /paginat|continu|next page|page token|cursor|offset/i;

/**
 * REST's `/{collection}/{item}`: a path parameter named for the collection before it (`/tokens/{token}`) is the
 * item's identifier, not a secret in the path (rule 8 is about `/claim/{token}`, `/hooks/{token}`).
 */
function namesItsCollection(path: string, name: string): boolean {
  const segments = path.split('/');
  const at = segments.indexOf(`{${name}}`);
  const before = at > 0 ? segments[at - 1]!.toLowerCase() : '';
  const n = name.toLowerCase();
  return before === `${n}s` || before === `${n}es` || before === n;
}

/** Top-level result field names that hand back a paging cursor (`next_token`, `continuation_token`). */
function pagingFields(op: OperationModel): boolean {
  return resultResponses(op).some(([, r]) =>
    Object.values(r.content).some((m) => {
      const props = m.schema?.properties;
      return typeof props === 'object' && props !== null && Object.keys(props).some((k) => {
        const w = splitFieldName(k);
        return (w.includes('token') || w.includes('cursor')) && w.some((x) => x === 'next' || x === 'continuation' || x === 'page');
      });
    }),
  );
}

/** A parameter whose value is an object, or a list of objects. */
function isStructured(schema: Schema | undefined): boolean {
  return isSchema(schema) && (isSchema(schema.properties) || (isSchema(schema.items) && isSchema(schema.items.properties)));
}

function requestSecrets(op: OperationModel, ctx: PathContext, includeBody: boolean, callerAuth: ReadonlySet<string> | undefined, habits: Habits): SecretField[] {
  const out: SecretField[] = [];
  for (const p of op.parameters) {
    if (callerAuth?.has(p.name.toLowerCase())) continue;
    // Structured values in the query (AWS's `OptionSettings.member.1.Value`, a form's nested object) are judged as a body's fields.
    if (isStructured(p.schema)) {
      for (const f of findSecretFields({ type: 'object', properties: { [p.name]: p.schema } }, 'request', ctx, false, habits)) out.push({ path: f.path, evidence: `${p.in} parameter, ${f.evidence}` });
      continue;
    }
    if (!canCarrySecret(p.schema)) continue;
    const description = p.description ?? p.schema?.description;
    if (typeof description === 'string' && PAGING.test(description)) continue;
    if (p.in === 'path' && namesItsCollection(op.path, p.name)) continue;
    if (p.in === 'query' && /^(?:page_?)?token$/i.test(p.name) && pagingFields(op)) continue;
    const evidence =
      (p.schema?.['x-sensitive'] === true && 'x-sensitive') ||
      (p.schema?.format === 'password' && habits.loosePassword !== true && 'format: password') ||
      // Rule 8: a secret in the path (a claim token, a webhook token) is secret material all the same.
      (isSecretFieldName(p.name) && 'secret parameter name') ||
      // A URL is a look-alike only while its description does not say it carries a signature (AWS's `PreSignedUrl`),
      // and an id only while it does not say it is a token (Apideck's `{id}`: "JWT Webhook token that represents…").
      ((!isLookalikeFieldName(p.name) || /ur[il]$/i.test(p.name) || isTokenDescription(description)) && describedAsSecret(description, 'request'));
    if (evidence) out.push({ path: p.name, evidence: `${p.in} parameter, ${evidence}` });
  }
  if (includeBody && op.requestBody) {
    // A body that is one bare value (a text/plain password, a file) is what the body's own description describes.
    const said = describedAsSecret(op.requestBody.description, 'request');
    if (said && Object.values(op.requestBody.content).some((m) => !isSchema(m.schema?.properties))) out.push({ path: '', evidence: `request body, ${said}` });
    for (const m of Object.values(op.requestBody.content)) {
      out.push(...[...findSecretFields(m.schema, 'request', ctx, false, habits), ...exampleSecrets(m.example ?? m.schema?.example, m.schema, 'request')].filter((f) => !callerAuth?.has(f.path.toLowerCase())));
    }
  }
  return out;
}

/**
 * What the path says about the data: environment variables; a key/value store of variables or configuration
 * options (whose values may be secrets); or incoming build/deploy hooks (Netlify `/build_hooks`).
 */
function pathContext(path: string): PathContext {
  const words = literalWords(path);
  if (words.some((w) => isEnvName(w))) return 'env';
  // Tags and labels are key/value metadata of what they are set on (`/config/storage/s3/tags`), no stored options.
  if (words.some((w) => /^(?:variables?|vars|config|configs|configurations?)$/.test(w)) && !/^(?:tags?|labels?)$/.test(words.at(-1) ?? '')) return 'kv';
  // A vault's items hold secrets: their values and contents are the stored secrets (rule 9, a secrets store).
  if (words.some((w) => /^vaults?$/.test(w)) && !isArchiveVaultPath(words)) return 'store';
  const trigger = words.some((w, i) => /^hooks?$/.test(w) && ['build', 'deploy', 'incoming', 'trigger', 'server'].includes(words[i - 1] ?? ''));
  if (trigger) return 'hook';
  // A connection resource (`…/connections/{name}`) is set up with the credentials of what it connects to (rule 9).
  return /^connections$/i.test(lastLiteral(path)) ? 'connection' : undefined;
}

function describedAsSecret(description: unknown, direction: 'request' | 'response'): string | undefined {
  const phrase = secretDescriptionPhrase(description, direction);
  return phrase && `description: "${phrase}"`;
}

function unique(fields: SecretField[]): string[] {
  return [...new Set(fields.map((f) => f.path))];
}

function summarise(where: string, fields: SecretField[]): string {
  // The strongest evidence first: a field that carries a secret before one that only can.
  const first = fields.find((f) => !CAN_CARRY.test(f.evidence)) ?? fields[0]!;
  const field = first.path === '' ? `${where} body` : `${where} field ${first.path}`;
  const more = unique(fields).length - 1;
  return `${field} (${first.evidence})${more > 0 ? ` and ${more} more` : ''}`;
}

interface Found {
  readClass: boolean;
  /** Rule 2: the action a GET triggers, which makes it a write. */
  action?: string;
  ctx: PathContext;
  response: SecretField[];
  request: SecretField[];
  secrets: Classification['secrets'];
}

function findSecrets(op: OperationModel, opts: Pick<ClassifyOptions, 'callerAuth' | 'habits'>): Found {
  const selected = selectedAction(op);
  const reads = READ_METHODS.has(op.method);
  // An action selected by name is a read when its name says so: a GET only then, a POST unless it looks up credentials.
  // A lookup that creates what it looks for when absent is a get-or-create: a write (rule 2).
  const creates = (!selected || selected.lookup) && (reads || selected) ? createsIfAbsent(op) : undefined;
  // A GET whose own summary opens with a verb that changes something ("Stop all scans") does so (rule 2).
  const action = creates ? 'create if absent' : selected ? (reads && !selected.lookup ? selected.verb : undefined) : reads ? (triggeredAction(op) ?? (op.method === 'GET' ? summaryChangeVerb(op) : undefined)) : undefined;
  const readClass = creates ? false : selected ? selected.lookup : reads && !action;
  const ctx = pathContext(op.path);
  const habits = opts.habits ?? {};
  // An operation that says its answer leaves the secrets out ("Any secrets (storage keys, service credentials, etc) are
  // not returned - use the keys nested resource") returns none (rule 1: a value the document says is omitted).
  const response = saysSecretsLeftOut(op) ? [] : responseSecrets(op, ctx, readClass, habits);
  const request = requestSecrets(op, ctx, !READ_METHODS.has(op.method), opts.callerAuth, habits);
  return { readClass, ...(action && { action }), ctx, response, request, secrets: { request: unique(request), response: unique(response) } };
}

/** Rules 2–9 for one operation: extension, method class, secret material, credential and security management, stricter when in doubt. */
export function classifyOperation(op: OperationModel, opts: ClassifyOptions): Classification {
  const found = findSecrets(op, opts);
  const { readClass, response, request, secrets } = found;
  const ext = extensionTier(op, opts);
  if (ext) return { tier: ext.tier, reason: `extension ${ext.name}`, basis: 'reviewed', secrets };

  const sensitive: Tier = readClass ? 'sensitive-read' : 'sensitive-write';
  const escalate = (reason: string, basis: Classification['basis'] = 'evidence'): Classification => ({ tier: sensitive, reason, basis, secrets });
  if (op.extensions['x-sensitive'] === true) return escalate('rule 4: operation marked x-sensitive');
  // A few secret fields beside much other data stay in the plain tier, which redacts exactly them (issue 11 item 4).
  const redacts = response.length > 0 ? incidentalFields(op, found) : undefined;
  if (response.length > 0 && !redacts) return escalate(`rule 4: ${summarise('response', response)}`);
  if (request.length > 0) return escalate(`rule 4: ${summarise('request', request)}`);
  const phrase = operationPhrase(op, readClass);
  if (phrase) return escalate(`rule 4: operation description "${phrase}"`);
  const signed = signedUrlWord(op);
  // A signature is a signed URL only where a URL comes back (Netlify's asset `public_signature`), not a mail
  // sender's identity (Postmark's "sender signature") or a setting that signs webhooks.
  if (signed && (signed === 'presigned' || signed === 'presign' || signed === 'decrypt' || resultHasUrl(op))) return escalate(signed === 'decrypt' ? 'rule 4: decrypts (its answer is the plaintext)' : `rule 4: hands out a short-lived signed URL ("${signed}")`);
  // The operation's own words can say so too ("Returns a temporary task log data url").
  const handedOut = [op.summary, op.description].map((t) => (t ? capabilityPhrase(t) : undefined)).find(Boolean);
  if (handedOut && resultHasUrl(op)) return escalate(`rule 4: hands out a short-lived signed URL ("${handedOut}")`);
  // An operation whose purpose is to hand out where to download or upload something (App Center's "Gets the URL to
  // download the symbol"): a link to private storage, signed, or the platform would not mint it apart (rules 3, 9).
  const purpose = DOWNLOAD_PURPOSE.exec(op.summary ?? firstSentence(op.description));
  if (purpose && resultHasUrl(op)) return escalate(`rule 4: hands out a short-lived signed URL ("${purpose[0].toLowerCase()}")`);
  // A write that answers with where to upload hands out a pre-signed URL by another name (Linode's `upload_to`); a read
  // that shows one (a release's templated `upload_url`) describes a resource.
  const upload = readClass ? undefined : uploadUrlField(op);
  if (upload) return escalate(`rule 4: hands out a URL to upload to (response field ${upload})`);
  const redirect = readClass ? redirectWithToken(op) : undefined;
  if (redirect) return escalate(`rule 3: redirects to a short-lived signed URL (response ${redirect})`);
  if (!readClass) {
    const where = credentialManagement(op, opts.oauthClients === true, opts.secretHolders);
    if (where) return escalate(`rule 4: ${where}`);
  }
  const gap = undescribedResult(op, readClass);
  const hint = gap && (credentialHint(op) ?? (opts.secretStore && `the document ("${opts.secretStore}")`));
  if (gap && hint) return escalate(`rule 5: ${gap.where}, and ${hint} suggests credentials`, 'doubt');
  // Rule 9: in a store whose whole purpose is secrets, every change manages them (create, restore, recover, purge, delete).
  if (opts.secretStore && !readClass && !onlyLooks(op)) return escalate(`rule 9: changes a secrets store ("${opts.secretStore}")`, undescribedBody(op) ? 'doubt' : 'evidence');
  // The read tier is approved without asking: a read whose result may hold anything is not shown to be secret-free.
  if (gap && readClass && gap.strong) return escalate(`rule 5: ${gap.where}; nothing shows that no secret travels`, 'doubt');
  const plain: Tier = readClass ? 'read' : 'write';
  const how = found.action ? `rule 3: ${op.method} that triggers an action (${found.action})` : `rule 3: ${op.method}`;
  if (redacts) {
    return { tier: plain, reason: `${how}, no secret material but the incidental ${summarise('response', response)}, which the ${plain} server redacts (${redacts.join(', ')})`, basis: 'plain', secrets, redacts };
  }
  return { tier: plain, reason: `${how}, no secret material`, basis: 'plain', secrets };
}

const DOWNLOAD_PURPOSE =
  /^\s*(?:gets?|returns?|generates?|creates?|provides?|retrieves?) (?:a |the |an )?(?:temporary |signed |pre-?signed )?(?:(?:url|uri|link)s? (?:to|for) (?:download|upload)(?:ing)?\b|(?:download|upload) (?:url|uri|link)s?\b)/i;

/** JSON pointer token (RFC 6901 §3): `~` → `~0`, `/` → `~1`. */
function pointerToken(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Classify a whole document: reviewed overrides first (rule 1), then rules 2–5; keyed by operationId. */
export function classifyDocument(
  doc: DocumentModel,
  overrides: Map<string, TierOverride>,
  opts: { platform: string; overridesFile?: string },
): Map<string, Classification> {
  const ids = new Set(doc.operations.map((op) => op.operationId));
  for (const id of overrides.keys()) {
    if (!ids.has(id)) {
      throw new ManifestError(
        `override for operation "${id}" names no operation of ${doc.source}; remove it or fix the operationId`,
        opts.overridesFile ?? 'tier-overrides.json',
        `/${pointerToken(id)}`,
      );
    }
  }
  const out = new Map<string, Classification>();
  const secretStore = secretStorePhrase(doc);
  const oauthClients = hasOAuthClients(doc.operations.map((op) => op.path)) || doc.operations.some(registersOAuthClient);
  const holders = secretHolders(doc.operations.map((op) => op.path));
  const callerAuth = callerAuthNames(doc.operations);
  const classifyAll = (habits: Habits): void => {
    for (const op of doc.operations) {
      const override = overrides.get(op.operationId);
      // Rule 1 wins outright: the extension is not consulted, but the secrets found still go with the tool.
      out.set(
        op.operationId,
        override
          ? { tier: override.tier, reason: `override: ${override.reason}`, basis: 'reviewed', secrets: findSecrets(op, { callerAuth, habits }).secrets }
          : classifyOperation(op, { platform: opts.platform, source: doc.source, ...(secretStore && { secretStore }), ...(oauthClients && { oauthClients }), ...(holders.size > 0 && { secretHolders: holders }), ...(callerAuth.size > 0 && { callerAuth }), habits }),
      );
    }
  };
  const secretNames = secretMarkedNames(doc.operations);
  const habits: Habits = { keysAreIds: namesResourcesByKeys(doc.operations), ...(secretNames.size > 0 && { secretNames }) };
  classifyAll(habits);
  // Only where `format: password` or `writeOnly` decided something is it worth asking whether the document marks
  // identifiers or ordinary fields so.
  const decided = [...out.values()];
  const loosePassword = decided.some((c) => c.reason.includes('format: password')) && marksIdentifiersAsPasswords(doc.operations);
  const looseWriteOnly = decided.some((c) => c.reason.includes('(writeOnly)')) && marksOrdinaryFieldsWriteOnly(doc.operations);
  if (loosePassword || looseWriteOnly) classifyAll({ ...habits, loosePassword, looseWriteOnly });
  escalateInDoubt(doc, out);
  escalateBySiblings(doc, out);
  escalateByName(doc, out);
  return out;
}
