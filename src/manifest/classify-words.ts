/**
 * The operation-level vocabulary of the classifier (CLASSIFICATION.md rules 3, 5, 6 and 9): the words in an
 * operation's path, operationId, summary and tags that name credential material or security configuration, each
 * with the look-alikes that only describe such a thing. Field names have their own vocabulary in
 * `src/core/secret-vocabulary.ts`, shared with the server's redactor; the verbs that make an operation act or only
 * look (rule 2) are in `classify-actions.ts`.
 */
import { splitFieldName } from '../core/secret-vocabulary.js';
import { indexesData, isAccessPolicy, namesOtherThing } from './classify-lookalikes.js';
import type { OperationModel } from './model.js';
import { selectorPath } from './path-selector.js';

/** Credential material and the records that hold it: managing one is rule 5, reading one under doubt rule 9. */
const CREDENTIAL_NOUNS = new Set([
  'key', 'keys', 'apikey', 'apikeys', 'token', 'tokens', 'secret', 'secrets', 'credential', 'credentials', 'cred', 'creds',
  'password', 'passwords', 'passphrase', 'passphrases', 'sshkey', 'sshkeys', 'kubeconfig', 'kubeconfigs', 'dockerconfig',
  'authorization', 'authorizations', 'robot', 'robots', 'vault', 'vaults',
  'backupcodes', 'recoverycodes', 'authcodes',
  // DNSSEC signing keys (PowerDNS `cryptokeys`), private key material.
  'cryptokey', 'cryptokeys',
]);

// A vault that holds backups or archives (Azure Recovery Services, AWS Backup, S3 Glacier), not secrets.
const ARCHIVE_WORDS = new Set(['backup', 'backups', 'recovery', 'recoveryservices', 'archive', 'archives', 'glacier', 'snapshot', 'snapshots']);

/** Whether a path's words put its vault among backups or archives (`/RecoveryServices/vaults/{v}`, `/backup-vaults`). */
export function isArchiveVaultPath(words: readonly string[]): boolean {
  return words.some((w) => ARCHIVE_WORDS.has(w));
}

/** Services whose users are durable credentials (rule 3: a leased database user): `/databases/{id}/users/{name}`. */
const CREDENTIAL_USER_HOSTS = new Set(['database', 'databases', 'db', 'dbs', 'sql', 'mysql', 'postgres', 'postgresql', 'redis', 'mongodb', 'mongo', 'cluster', 'clusters']);

/** Verbs of the credential lifecycle (rule 5): whatever they act on is a credential. */
const CREDENTIAL_VERBS = new Set(['rotate', 'revoke', 'revocation', 'regenerate', 'roll', 'reissue', 'impersonate', 'impersonation', 'deauthorize']);

/** Authentication and authorisation configuration (rule 6), and the session lifecycle (rules 4–5). */
const SECURITY_CONFIG = new Set([
  'auth', 'authn', 'authz', 'authentication', 'oidc', 'saml', 'sso', 'ldap', 'idp', 'idps', 'jwks', 'oauth', 'oauth2', 'openid',
  'authenticator', 'authenticators', 'mfa', 'tfa', 'otp', 'totp', 'webauthn', 'passkey', 'passkeys', 'twofactor', '2fa', 'factor', 'factors',
  'login', 'logout', 'signin', 'signout', 'authorize', 'session', 'sessions', 'seal', 'unseal', 'rekey', 'rbac', 'acl', 'acls',
  'permission', 'permissions', 'policy', 'policies', 'access', 'audit', 'identity',
  // Authentication protocols and access-control models beside LDAP and RBAC: LDAP over TLS, RADIUS (MFA), ABAC.
  'ldaps', 'radius', 'abac',
  // An API gateway's authorizers decide which callers get in (authenticators by another name).
  'authorizer', 'authorizers',
  // Trust stores say which certificates authenticate and key stores hold the private keys; lockout settings are
  // password policy; KMIP servers hold the keys.
  'truststore', 'truststores', 'keystore', 'keystores', 'lockout', 'kmip',
  // Trust anchors: what a platform trusts to vouch for a caller or an image (IAM Roles Anywhere's trust anchors,
  // Binary Authorization's attestors, whose public keys authorise a deployment).
  'trustanchor', 'trustanchors', 'attestor', 'attestors',
]);

/**
 * Two-word names of authentication and authorisation configuration (rule 6: OAuth clients and authorization
 * servers, authentication protection), whose words alone are too common to count.
 */
const SECURITY_COMPOUNDS: readonly [RegExp, RegExp][] = [
  [/^clients?$/, /^scopes?$/],
  [/^scopes?$/, /^mappings?$/],
  [/^protocol$/, /^mappers?$/],
  [/^attack$/, /^detection$/],
  [/^brute$/, /^force$/],
  [/^resource$/, /^servers?$/],
  [/^required$/, /^actions?$/],
  [/^password$/, /^polic(?:y|ies)$/],
  // What a service calls its security configuration (OpenSearch Serverless's SAML `SecurityConfig`).
  [/^security$/, /^(?:configs?|configurations?|settings?)$/],
  [/^trust$/, /^anchors?$/],
  // `OpenIDConnectProvider` split as words.
  [/^open$/, /^id$/],
  // `log_out`, `sign_in` written as two words; two-step verification.
  [/^(?:log|sign)$/, /^(?:in|out|on|off)$/],
  [/^two$/, /^step$/],
  // A server's Active Directory administrator is who signs in to it through the directory (Azure's database servers),
  // written out or as `AzureADAdministrators`.
  [/^active$/, /^directory$/],
  [/^ad$/, /^(?:admins?|administrators?)$/],
];
/** Two-word names of credentials: OAuth initial access tokens, client secrets. */
const CREDENTIAL_COMPOUNDS: readonly [RegExp, RegExp][] = [
  [/^initial$/, /^access$/],
  [/^client$/, /^secrets?$/],
  // What a server gives to log in to it (Bare Metal Solution's `loadAuthInfo`: user accounts with their passwords).
  [/^auth$/, /^info$/],
];

function compoundAt(words: readonly string[], pairs: readonly [RegExp, RegExp][]): string | undefined {
  for (let i = 0; i + 1 < words.length; i++) {
    if (pairs.some(([a, b]) => a.test(words[i]!) && b.test(words[i + 1]!))) return `${words[i]} ${words[i + 1]}`;
  }
  return undefined;
}

/** `code(s)` after one of these is a bearer secret (`/auth-code`, recovery codes, override codes). */
const CODE_QUALIFIERS = new Set(['auth', 'authorization', 'recovery', 'backup', 'override', 'otp', 'mfa', 'verification', 'activation', 'device', 'consent']);

/**
 * Literal words that may follow a security-configuration word when the operation still targets that
 * configuration (`/auth/{mount}/role/{name}`, `/sso/settings`); any other noun after it (`/ldap/users/import`,
 * `/oauth/tickets`) means the operation targets something else.
 */
const CONFIG_FOLLOWERS = new Set([
  'config', 'configs', 'configuration', 'configurations', 'setting', 'settings', 'provider', 'providers', 'method', 'methods',
  'role', 'roles', 'rule', 'rules', 'client', 'clients', 'key', 'keys', 'certificate', 'certificates', 'cert', 'certs', 'trust',
  'mapping', 'mappings', 'policy', 'policies', 'permission', 'permissions', 'access', 'tune', 'enable', 'disable', 'default',
  'defaults', 'scope', 'scopes', 'grant', 'grants', 'factor', 'factors', 'device', 'devices', 'enforcement', 'requirement',
  'requirements', 'level', 'levels', 'mode', 'type', 'types', 'v1', 'v2', 'attributes', 'claims', 'secret', 'secrets',
  'instance', 'instances',
]);
/**
 * Literal path words after a security-configuration word that make the operation target something else: the
 * people or records under it (`/ldap/users/import`, `/oauth/tickets`, `/audit/logs`), not the configuration.
 */
const OTHER_TARGETS = new Set([
  'user', 'users', 'group', 'groups', 'member', 'members', 'ticket', 'tickets', 'log', 'logs', 'history', 'event', 'events',
  'entity', 'entities', 'metric', 'metrics', 'stats', 'statistics', 'search', 'import', 'export', 'sync', 'report', 'reports', 'usage', 'count',
]);

const ACCESS_POLICY = new Set(['permission', 'permissions', 'policy', 'policies', 'acl', 'acls', 'rbac']);
const PRINCIPALS = new Set(['user', 'users', 'group', 'groups', 'member', 'members']);

/**
 * `session(s)` names a login session only at the top of a path, after an account word, or after a verb that mints
 * or ends sessions (`/createSession`, `/users/terminate_sessions`), not `/agent_runners/{id}/sessions`.
 */
const SESSION_OWNERS = new Set(['user', 'users', 'me', 'account', 'accounts', 'admin', 'auth', 'login', 'current', 'my', 'api', 'terminate', 'invalidate', 'expire', 'revoke', 'kill', 'end', 'create', 'delete', 'destroy']);

/** Words after a credential noun that make the path describe credentials rather than hold them (`/credentials/schema`). */
const DESCRIPTOR_WORDS = new Set([
  'schema', 'schemas', 'type', 'types', 'template', 'templates', 'format', 'formats', 'pattern', 'patterns', 'metadata',
  'count', 'usage', 'status', 'expiry', 'expiration', 'scanning', 'scan', 'scans', 'alerts', 'alert', 'report', 'reports',
]);

/** Words after a credential noun that make it the subject of rules, not the credential (`password policy`). */
const RULES_ABOUT = new Set(['policy', 'policies', 'requirement', 'requirements', 'complexity', 'strength']);

/** Words in an operation's summary or tags that name credential material outright. */
const STRONG_TEXT = /\b(?:secrets?|credentials?|passwords?|passphrases?|api[ -]?keys?|access[ -]keys?|private[ -]keys?|secret[ -]keys?|(?:access|auth|api|app|bearer|refresh|offline|personal access) tokens?|kubeconfigs?|client secrets?|recovery codes?|backup codes?)\b/i;
/** A phrase that speaks *about* credentials without carrying them. */
const TEXT_LOOKALIKE = /\b(?:secrets? scanning|credentials? (?:(?:data )?schemas?|types?)|password (?:policy|policies|strength|rules?))\b/i;

/** Whether a text speaks about credentials (their schema, types, scanning, policy) rather than carrying them. */
export function isCredentialTalk(text: string): boolean {
  return TEXT_LOOKALIKE.test(text);
}

const pathWordsMemo = new Map<string, string[]>();

/** Literal words of a path template, parameters left out: `/v1/services/{id}/credentials` → v1, services, credentials. */
export function literalWords(path: string): string[] {
  let words = pathWordsMemo.get(path);
  if (!words) {
    // An Azure resource provider's namespace (`providers/Microsoft.Authorization`) names the service, not the resource.
    words = selectorPath(path)
      .split('/')
      .filter((s, i, all) => s && !s.startsWith('{') && !(/^providers$/i.test(all[i - 1] ?? '') && s.includes('.')))
      .flatMap((s) => [...splitFieldName(s)]);
    if (pathWordsMemo.size > 20_000) pathWordsMemo.clear();
    pathWordsMemo.set(path, words);
  }
  return words;
}

/**
 * The operationId's words, or [] when it was derived from method and path (it then says nothing new). A Google-style
 * id (`vault.matters.holds.create`: API, resources, method) opens with the API's name, which names no resource: a
 * legal-hold Vault or a key Vault alike are known by the resources after it.
 */
export function idWords(op: OperationModel): readonly string[] {
  if (op.derivedId) return [];
  let words = idWordsMemo.get(op);
  if (!words) {
    const id = op.operationId;
    words = splitFieldName(GOOGLE_STYLE_ID.test(id) ? id.slice(id.indexOf('.') + 1) : id);
    idWordsMemo.set(op, words);
  }
  return words;
}

const idWordsMemo = new WeakMap<OperationModel, readonly string[]>();
// `api.resource[.resource…].method`, all lower camel case: three segments at least.
const GOOGLE_STYLE_ID = /^[a-z][a-z0-9]*(?:\.[a-z][A-Za-z0-9]*){2,}$/;

/** The first word of `words` naming credential material (not a descriptor of it: `credentials schema`), or undefined. */
export function credentialWord(words: readonly string[]): string | undefined {
  const archive = isArchiveVaultPath(words);
  return compoundAt(words, CREDENTIAL_COMPOUNDS) ?? words.find(
    (w, i) =>
      !(archive && /^vaults?$/.test(w)) &&
      !indexesData(words, i) &&
      !namesOtherThing(words, i) &&
      (CREDENTIAL_NOUNS.has(w) ||
        (/^codes?$/.test(w) && CODE_QUALIFIERS.has(words[i - 1] ?? '')) ||
        // The users themselves (`/databases/{id}/users`), not a noun they modify (`userDefinedFunctions`).
        (/^users?$/.test(w) && i === words.length - 1 && words.slice(0, i).some((x) => CREDENTIAL_USER_HOSTS.has(x)))) &&
      !DESCRIPTOR_WORDS.has(words[i + 1] ?? '') &&
      // The rules credentials must follow (`GetAccountPasswordPolicy`, `/passwordPolicies`) are settings about them;
      // changing such rules is security configuration, which `securityConfigWord` finds by its `policy`.
      !RULES_ABOUT.has(words[i + 1] ?? ''),
  );
}

/** Whether a word names credentials, or authentication and authorisation configuration. */
export function isSecurityWord(word: string): boolean {
  return CREDENTIAL_NOUNS.has(word) || SECURITY_CONFIG.has(word);
}

/** A credential-lifecycle verb among `words` (`revokeSession`, `/keys/{id}/rotate`), or undefined. */
export function credentialVerb(words: readonly string[]): string | undefined {
  return words.find((w) => CREDENTIAL_VERBS.has(w));
}

const FILLER = new Set(['a', 'an', 'the', 'for', 'of', 'to', 'by', 'in', 'on', 'with', 'and', 'or', 'from', 'at', 'as', 'is', 'all', 'my']);
const VERBS = /^(?:create|update|delete|get|set|put|patch|list|add|remove|replace|configure|enable|disable|edit|modify|read|write|post|upsert)$/;
/** Words that are about authentication whatever follows them (`login_links`, `logout`). */
const ALWAYS_AUTH = new Set(['login', 'logout', 'signin', 'signout', 'authenticate', 'authorize', 'seal', 'unseal', 'rekey']);

/**
 * The first word naming authentication or authorisation configuration (rule 6), or undefined. In a path the
 * operation must target that configuration: only configuration nouns may follow it (`/auth/{mount}/role/{name}`,
 * not `/ldap/users/import`). In an operationId a security word directly followed by another noun only modifies
 * it (`importLdapUser`, `createOauthTicket`); followed by nothing or a preposition it is the object
 * (`addOrUpdateRepoPermissionsInOrg`). `path` (the path's words) tells a bare `policy` which policy it is.
 */
export function securityConfigWord(words: readonly string[], path: readonly string[] = words): string | undefined {
  const inPath = words === path;
  const compound = compoundAt(words, SECURITY_COMPOUNDS);
  if (compound) return compound;
  // A qualified operational policy anywhere (`replication policy`) explains a bare `policy` elsewhere in the same operation.
  const operationalPolicy = [words, path].some((ws) => ws.some((w, i) => (w === 'policy' || w === 'policies') && !isAccessPolicy(ws, i)));
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const rest = words.slice(i + 1);
    if (!SECURITY_CONFIG.has(w) || DESCRIPTOR_WORDS.has(rest[0] ?? '') || namesOtherThing(words, i)) continue;
    if (ALWAYS_AUTH.has(w)) return w;
    if ((w === 'policy' || w === 'policies') && operationalPolicy) continue;
    // `access` alone is too common (access logs, access time): only `access` followed by a rule-like noun.
    if (w === 'access' && !/^(?:rules?|control|controls|levels?|settings?|grants?|list|lists|review|reviews)$/.test(rest[0] ?? '')) continue;
    if ((w === 'session' || w === 'sessions') && !ownsSessions(words.slice(0, i))) continue;
    // Under an access policy, users and groups are its grants (`/permission-schemes/{name}/groups`): still the policy.
    const grants = ACCESS_POLICY.has(w);
    const targets = inPath
      ? !rest.some((x) => OTHER_TARGETS.has(x) && !(grants && PRINCIPALS.has(x)))
      : rest.length === 0 || FILLER.has(rest[0]!) || CONFIG_FOLLOWERS.has(rest[0]!) || SECURITY_CONFIG.has(rest[0]!);
    if (targets) return w;
  }
  return undefined;
}

/** Whether the words before `session(s)` make it a login session: nothing but API/version words, or an account word. */
// What holds sessions that are no sign-in: a database's transactions, a notebook's kernel, an agent's or a chat's run,
// a file upload's parts.
const DATA_SESSION_OWNERS = new Set([
  'database', 'databases', 'db', 'dbs', 'notebook', 'notebooks', 'kernel', 'kernels', 'spark', 'query', 'queries',
  'runner', 'runners', 'agent', 'agents', 'chat', 'chats', 'conversation', 'conversations', 'playback', 'debug',
  'upload', 'uploads', 'download', 'downloads', 'transfer', 'transfers',
]);

const CONVERSATION_SESSION = /\/sessions?\/\{[^}]+\}\/(?:participants|interactions|messages|members|transcripts|recordings)\b/i;

/**
 * Whether an operation's sessions are a data resource's (`/v1/{database}/sessions`, `…databases.sessions.executeSql`,
 * `/agent-runners/{id}/sessions`): the parameter or word right before them in its path or operationId names one.
 */
export function sessionsOfResource(op: OperationModel): boolean {
  // A session with participants, interactions or messages is a conversation (Twilio Proxy's masked-number sessions).
  if (CONVERSATION_SESSION.test(op.path)) return true;
  const m = /\/(?:\{([^}]+)\}|([A-Za-z][\w-]*))\/sessions?\b/i.exec(selectorPath(op.path));
  const owners = m ? [splitFieldName(m[1] ?? m[2] ?? '').filter((w) => !/^(?:id|ids|name|uuid|key)$/.test(w)).pop()] : [];
  const id = idWords(op);
  const at = id.findIndex((w) => /^sessions?$/.test(w));
  if (at > 0) owners.push(id[at - 1]);
  return owners.some((o) => o !== undefined && DATA_SESSION_OWNERS.has(o));
}

function ownsSessions(before: readonly string[]): boolean {
  // Version segments split into words (`v1` → v, 1).
  const owner = before.filter((w) => !/^(?:v|\d+|v\d+\w*|api|alpha\d*|beta\d*)$/.test(w)).pop();
  return owner === undefined || SESSION_OWNERS.has(owner);
}

/**
 * Whether the document's `clients` are OAuth clients (rule 6: OAuth clients are security configuration): some
 * path gives a client a secret (`/clients/{id}/client-secret`, `/clients/{id}/secret`).
 */
export function hasOAuthClients(paths: readonly string[]): boolean {
  return paths.some((p) => {
    const words = literalWords(p);
    const at = words.findIndex((w) => w === 'clients' || w === 'client');
    return at >= 0 && words.slice(at + 1).some((w) => w === 'secret' || w === 'secrets');
  });
}

// Integrations that hold a signing secret (a webhook endpoint, a log drain): deleting one is a plain write (rule 5).
const SIGNING_HOLDERS = /^(?:endpoints?|webhooks?|hooks?|drains?|subscriptions?|integrations?|destinations?|callbacks?)$/i;

/**
 * The collections whose items each have their own secret (`/consumers/{key}/secret`, `/apps/{id}/client-secret`):
 * an item is a credential holder, an OAuth consumer or client by whatever name. Not a store of secrets under an
 * item (`/apps/{id}/secrets`), nor `clients`, which `hasOAuthClients` reads as OAuth clients, nor a webhook endpoint's
 * signing secret.
 */
export function secretHolders(paths: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    const m = /\/([A-Za-z][\w-]*)\/\{[^}/]+\}\/(?:client[-_]?)?secret(?:\/[A-Za-z-]+)?\/?$/i.exec(p);
    if (m && !/^clients?$/i.test(m[1]!) && !SIGNING_HOLDERS.test(m[1]!)) out.add(m[1]!.toLowerCase());
  }
  return out;
}

/** The summary or tag phrase naming credential material, or undefined. */
export function credentialText(op: OperationModel): string | undefined {
  for (const text of [op.summary, ...op.tags]) {
    if (!text || TEXT_LOOKALIKE.test(text)) continue;
    const m = STRONG_TEXT.exec(text);
    if (m) return m[0].toLowerCase();
  }
  return undefined;
}

/** Wording that makes listed keys public ones (SSH, deploy, GPG keys). */
export const PUBLIC_KEY_TEXT = /\b(?:ssh|deploy|public|gpg|pgp)[ -]keys?\b/i;

/** Path words after which `key`/`keys` are public keys (SSH and GPG keys listed by an API are their public halves). */
export function isPublicKeyPath(words: readonly string[]): boolean {
  return words.some((w, i) => (w === 'ssh' || w === 'gpg' || w === 'pgp' || w === 'public') && /^keys?$/.test(words[i + 1] ?? ''));
}

/** Signing keys (GPG, PGP) registered with an API: rule 6 makes only login keys (SSH, JWK) security configuration. */
export function isSigningKeyPath(words: readonly string[]): boolean {
  return words.some((w, i) => (w === 'gpg' || w === 'pgp') && /^keys?$/.test(words[i + 1] ?? ''));
}

// (`sas`: Azure's shared access signature, `ListSasByPrefix`, `ListContainerSas`.)
const SIGNED = new Set(['signature', 'signed', 'presigned', 'presign', 'decrypt', 'sas']);

/**
 * Rules 2–3: the word that says an operation hands out a short-lived signed value — a signed or pre-signed URL,
 * an upload URL (`createUploadUrl`) — or decrypts (its answer is the plaintext), or undefined. Holding such a URL
 * is holding the access it grants.
 */
export function signedUrlWord(op: OperationModel): string | undefined {
  for (const [words, named] of [[literalWords(op.path), false], [idWords(op), true]] as const) {
    // A SAS only by name (`ListSasByPrefix`): a path's `/sas/{name}` holds SAS definitions, the templates signatures
    // are made from (Key Vault's `GetSasDefinition`), and so does a name followed by `definition`.
    const hit = words.find((w, i) => (SIGNED.has(w) && !(w === 'sas' && (!named || /^definitions?$/.test(words[i + 1] ?? '')))) || ((w === 'upload' || w === 'download' || w === 'sign') && /^(?:url|urls|link|links)$/.test(words[i + 1] ?? '')));
    if (hit) return hit;
  }
  return undefined;
}
