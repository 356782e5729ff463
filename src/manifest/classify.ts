/**
 * Classification, the security boundary (PRODUCT.md, Classification): every operation gets exactly one
 * tier and a reason naming the rule and its evidence. Pure: no I/O; the only state is a memo of schema
 * walks keyed by the (never mutated) schema objects of a loaded document.
 */
import { ManifestError } from '../core/errors.js';
import { isLookalikeFieldName, isSecretFieldName, splitFieldName } from '../core/secret-vocabulary.js';
import { TIERS, isTier, type Tier } from '../core/tiers.js';
import { credentialHint, escalateInDoubt, literalWords, resultResponses, undescribedResult } from './classify-doubt.js';
import { canCarrySecret, findSecretFields, isEnvName, secretDescriptionPhrase, type PathContext, type SecretField } from './classify-schema.js';
import { extensionObjectTier } from './extensions.js';
import type { Classification, DocumentModel, OperationModel, TierOverride } from './model.js';

/** Options of classifyOperation; `source` names the document in errors. */
export interface ClassifyOptions {
  platform: string;
  source?: string;
}

/** Methods that only read (RFC 9110 §9.2.1 safe methods, minus TRACE which echoes the request). */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Path or operationId words that make a write security-critical even when nothing secret travels:
// managing credentials, secrets, keys and who may access what (PRODUCT.md, rule 4, last clause).
const CREDENTIAL_NOUNS = new Set([
  'key', 'keys', 'apikey', 'apikeys', 'token', 'tokens', 'secret', 'secrets', 'credential', 'credentials',
  'password', 'passwords', 'passphrase', 'policy', 'policies', 'acl', 'acls', 'permissions', 'access',
  'authorization', 'authorizations', 'mfa', 'otp', 'totp', 'sshkey', 'sshkeys', 'login',
]);
const CREDENTIAL_VERBS = new Set(['rotate', 'revoke', 'regenerate', 'roll']);

// Media types that are key material by definition (RFC 7468 PEM, PKCS #8, PKCS #12).
const SECRET_MEDIA = /^application\/(?:x-pem-file|pkcs8|x-pkcs12|pkcs12|x-x509-user-cert)\b/i;

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

/** Where a write manages credentials or access (rotate, revoke, keys, tokens, secrets, policy…), or undefined. */
function credentialManagement(op: OperationModel): string | undefined {
  const pathWords = literalWords(op.path);
  const idWords = op.derivedId ? [] : splitFieldName(op.operationId);
  const hit = (words: readonly string[]) => words.some((w) => CREDENTIAL_NOUNS.has(w) || CREDENTIAL_VERBS.has(w));
  if (hit(pathWords)) return `path ${op.path}`;
  if (hit(idWords)) return `operationId ${op.operationId}`;
  return undefined;
}

function responseSecrets(op: OperationModel, ctx: PathContext, read: boolean): SecretField[] {
  const out: SecretField[] = [];
  for (const [, response] of resultResponses(op)) {
    for (const [media, m] of Object.entries(response.content)) {
      if (SECRET_MEDIA.test(media)) out.push({ path: '', evidence: `media type ${media}` });
      else out.push(...findSecretFields(m.schema, 'response', ctx, read));
    }
  }
  return out;
}

function requestSecrets(op: OperationModel, ctx: PathContext, includeBody: boolean): SecretField[] {
  const out: SecretField[] = [];
  // Path parameters are identifiers that end up in every access log; the others carry values.
  for (const p of op.parameters) {
    if (p.in === 'path' || !canCarrySecret(p.schema)) continue;
    const evidence =
      (p.schema?.['x-sensitive'] === true && 'x-sensitive') ||
      (p.schema?.format === 'password' && 'format: password') ||
      (isSecretFieldName(p.name) && 'secret parameter name') ||
      (!isLookalikeFieldName(p.name) && describedAsSecret(p.description ?? p.schema?.description));
    if (evidence) out.push({ path: p.name, evidence: `${p.in} parameter, ${evidence}` });
  }
  if (includeBody && op.requestBody) {
    for (const m of Object.values(op.requestBody.content)) out.push(...findSecretFields(m.schema, 'request', ctx));
  }
  return out;
}

// Operation-level wording that the result reveals a secret. "Shown only once" marks the write that
// creates the secret; on a read it means the secret is not there any more.
const REVEALS = /decrypted|plain ?text (?:secret|password|value|key|token)/i;
const REVEALS_ONCE =
  /(?:shown|displayed|returned) only once|only (?:be )?(?:shown|displayed|returned) once|(?:will not|won't|cannot|can't) be (?:shown|displayed|retrieved|viewed) again/i;

function operationPhrase(op: OperationModel, readClass: boolean): string | undefined {
  const text = [op.summary, op.description].filter(Boolean).join(' ');
  const m = REVEALS.exec(text) ?? (readClass ? null : REVEALS_ONCE.exec(text));
  return m?.[0].toLowerCase();
}

/** What the path says about the data: environment variables, or incoming build/deploy hooks (Netlify `/build_hooks`). */
function pathContext(path: string): PathContext {
  const words = literalWords(path);
  if (words.some((w) => isEnvName(w))) return 'env';
  const trigger = words.some((w, i) => /^hooks?$/.test(w) && ['build', 'deploy', 'incoming', 'trigger', 'server'].includes(words[i - 1] ?? ''));
  return trigger ? 'hook' : undefined;
}

function describedAsSecret(description: unknown): string | undefined {
  const phrase = secretDescriptionPhrase(description);
  return phrase && `description: "${phrase}"`;
}

function unique(fields: SecretField[]): string[] {
  return [...new Set(fields.map((f) => f.path))];
}

function summarise(where: string, fields: SecretField[]): string {
  const first = fields[0]!;
  const field = first.path === '' ? `${where} body` : `${where} field ${first.path}`;
  const more = unique(fields).length - 1;
  return `${field} (${first.evidence})${more > 0 ? ` and ${more} more` : ''}`;
}

interface Found {
  readClass: boolean;
  response: SecretField[];
  request: SecretField[];
  secrets: Classification['secrets'];
}

function findSecrets(op: OperationModel): Found {
  const readClass = READ_METHODS.has(op.method);
  const ctx = pathContext(op.path);
  const response = responseSecrets(op, ctx, readClass);
  const request = requestSecrets(op, ctx, !readClass);
  return { readClass, response, request, secrets: { request: unique(request), response: unique(response) } };
}

/** Rules 2–5 for one operation: extension, method class, secret material, stricter when in doubt. */
export function classifyOperation(op: OperationModel, opts: ClassifyOptions): Classification {
  const { readClass, response, request, secrets } = findSecrets(op);
  const ext = extensionTier(op, opts);
  if (ext) return { tier: ext.tier, reason: `extension ${ext.name}`, secrets };

  const sensitive: Tier = readClass ? 'sensitive-read' : 'sensitive-write';
  if (op.extensions['x-sensitive'] === true) return { tier: sensitive, reason: 'rule 4: operation marked x-sensitive', secrets };
  if (response.length > 0) return { tier: sensitive, reason: `rule 4: ${summarise('response', response)}`, secrets };
  if (request.length > 0) return { tier: sensitive, reason: `rule 4: ${summarise('request', request)}`, secrets };
  const phrase = operationPhrase(op, readClass);
  if (phrase) return { tier: sensitive, reason: `rule 4: operation description "${phrase}"`, secrets };
  if (!readClass) {
    const where = credentialManagement(op);
    if (where) return { tier: sensitive, reason: `rule 4: credential management (${where})`, secrets };
  }
  const gap = undescribedResult(op, readClass);
  const hint = gap && credentialHint(op);
  if (gap && hint) return { tier: sensitive, reason: `rule 5: ${gap.where}, and ${hint} suggests credentials`, secrets };
  // The read tier is approved without asking: a read whose result may hold anything is not shown to be secret-free.
  if (gap && readClass && gap.strong) return { tier: sensitive, reason: `rule 5: ${gap.where}; nothing shows that no secret travels`, secrets };
  return { tier: readClass ? 'read' : 'write', reason: `rule 3: ${op.method}, no secret material`, secrets };
}

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
  for (const op of doc.operations) {
    const override = overrides.get(op.operationId);
    // Rule 1 wins outright: the extension is not consulted, but the secrets found still go with the tool.
    out.set(
      op.operationId,
      override
        ? { tier: override.tier, reason: `override: ${override.reason}`, secrets: findSecrets(op).secrets }
        : classifyOperation(op, { platform: opts.platform, source: doc.source }),
    );
  }
  escalateInDoubt(doc, out);
  return out;
}
