/**
 * The operation-level vocabulary of the classifier (CLASSIFICATION.md rules 2, 3, 5, 6 and 9): the words in
 * an operation's path, operationId, summary and tags that name credential material, security configuration,
 * a state-changing action or a mere check — each with the look-alikes that only describe such a thing. Field
 * names have their own vocabulary in `src/core/secret-vocabulary.ts`, shared with the server's redactor.
 */
import { splitFieldName } from '../core/secret-vocabulary.js';
import type { OperationModel } from './model.js';
import { selectorName, selectorPath } from './path-selector.js';

/** Credential material and the records that hold it: managing one is rule 5, reading one under doubt rule 9. */
const CREDENTIAL_NOUNS = new Set([
  'key', 'keys', 'apikey', 'apikeys', 'token', 'tokens', 'secret', 'secrets', 'credential', 'credentials', 'cred', 'creds',
  'password', 'passwords', 'passphrase', 'passphrases', 'sshkey', 'sshkeys', 'kubeconfig', 'kubeconfigs', 'dockerconfig',
  'authorization', 'authorizations', 'robot', 'robots', 'vault', 'vaults',
  'backupcodes', 'recoverycodes', 'authcodes',
  // DNSSEC signing keys (PowerDNS `cryptokeys`), private key material.
  'cryptokey', 'cryptokeys',
]);

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
  // `log_out`, `sign_in` written as two words; two-step verification.
  [/^(?:log|sign)$/, /^(?:in|out|on|off)$/],
  [/^two$/, /^step$/],
  // A server's Active Directory administrator is who signs in to it through the directory (Azure's database servers).
  [/^active$/, /^directory$/],
];
/** Two-word names of credentials: OAuth initial access tokens, client secrets. */
const CREDENTIAL_COMPOUNDS: readonly [RegExp, RegExp][] = [
  [/^initial$/, /^access$/],
  [/^client$/, /^secrets?$/],
];

function compoundAt(words: readonly string[], pairs: readonly [RegExp, RegExp][]): string | undefined {
  for (let i = 0; i + 1 < words.length; i++) {
    if (pairs.some(([a, b]) => a.test(words[i]!) && b.test(words[i + 1]!))) return `${words[i]} ${words[i + 1]}`;
  }
  return undefined;
}

/** `code(s)` after one of these is a bearer secret (`/auth-code`, recovery codes, override codes). */
const CODE_QUALIFIERS = new Set(['auth', 'authorization', 'recovery', 'backup', 'override', 'otp', 'mfa', 'verification', 'activation', 'device']);

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

/**
 * A policy qualified by one of these governs operations, not access (Harbor's preheat, replication and webhook
 * policies, Kubernetes' disruption budgets): `policy` counts as access policy only without such a qualifier.
 */
const OPERATIONAL_QUALIFIERS = new Set([
  'retention', 'replication', 'preheat', 'webhook', 'webhooks', 'notification', 'notifications', 'lifecycle', 'backup',
  'restart', 'scaling', 'autoscaling', 'scale', 'update', 'upgrade', 'rollout', 'image', 'pull', 'tag', 'immutable',
  'schedule', 'eviction', 'disruption', 'priority', 'runtime', 'quota', 'cleanup', 'gc', 'alert', 'alerting', 'expiration',
  'deletion', 'versioning', 'placement', 'routing', 'retry', 'cache', 'caching', 'escalation', 'sampling', 'log', 'logs',
  'build', 'deploy', 'deployment', 'branch', 'merge', 'review', 'usage', 'billing', 'pricing', 'cancellation', 'refund',
]);

/** Words after a credential noun that make the path describe credentials rather than hold them (`/credentials/schema`). */
const DESCRIPTOR_WORDS = new Set([
  'schema', 'schemas', 'type', 'types', 'template', 'templates', 'format', 'formats', 'pattern', 'patterns', 'metadata',
  'count', 'usage', 'status', 'expiry', 'expiration', 'scanning', 'scan', 'scans', 'alerts', 'alert',
]);

/** A GET whose last literal path segment is one of these changes state (rule 2). */
const ACTION_VERBS = new Set([
  'deploy', 'redeploy', 'restart', 'start', 'stop', 'reboot', 'shutdown', 'trigger', 'execute', 'exec', 'attach',
  'portforward', 'run', 'rerun', 'retry', 'cancel', 'abort', 'kill', 'pause', 'resume', 'unpause', 'suspend', 'unsuspend',
  'enable', 'disable', 'activate', 'deactivate', 'approve', 'reject', 'rollback', 'revert', 'purge', 'flush', 'invalidate',
  'rebuild', 'reindex', 'reload', 'provision', 'deprovision', 'install', 'uninstall', 'sync', 'rotate', 'revoke', 'regenerate',
  'clean', 'cleanup', 'clear',
  'delete', 'remove', 'create', 'send',
  'reset', 'renew', 'refresh', 'lock', 'unlock', 'archive', 'unarchive', 'publish', 'unpublish', 'logout', 'signout', 'callback',
  // A GET that starts a sign-in or an OAuth authorisation (rules 2 and 4): it ends in a session or a code.
  'login', 'signin', 'authorize',
]);

// The verbs of an RPC-style method name (`/views.update`, `/chat.postMessage`) that change something.
const RPC_WRITE_VERBS = new Set([
  'create', 'delete', 'remove', 'update', 'set', 'add', 'post', 'send', 'invite', 'kick', 'leave', 'join', 'rename',
  'mark', 'open', 'close', 'share', 'unshare', 'push', 'connect', 'request', 'complete', 'completed', 'fail', 'failed',
  'upload', 'schedule', 'unschedule', 'pin', 'unpin', 'assign', 'unassign', 'register', 'unregister', 'grant',
]);

/** Verbs that open a method name written as a path segment (`createGroup`, `delete_session`) that changes something. */
const METHOD_VERBS = new Set([
  'create', 'delete', 'remove', 'update', 'set', 'add', 'revoke', 'reset', 'rename', 'invite', 'kick', 'assign', 'unassign',
  'register', 'unregister', 'grant', 'destroy', 'purge', 'insert', 'append', 'copy', 'move', 'start', 'stop', 'send',
]);

/** The words of an RPC-style method name — the last literal segment's part after its last dot (`chat.postMessage` → post, message) — or undefined for a REST path. */
function rpcMethodWords(path: string): readonly string[] | undefined {
  const last = lastLiteral(path);
  const dot = last.lastIndexOf('.');
  // `openapi.json`, `archive.tar.gz`: a file name's extension is not a method.
  if (dot <= 0 || dot === last.length - 1 || /^(?:json|ya?ml|xml|txt|csv|gz|zip|tar|html|gpg|pem|asc|sig)$/i.test(last.slice(dot + 1))) return undefined;
  return splitFieldName(last.slice(dot + 1));
}

/** A write whose last literal path segment is one of these only checks or looks up (rule 2): it manages nothing. */
const CHECK_VERBS = new Set(['validate', 'validation', 'verify', 'test', 'check', 'ping', 'lookup', 'search', 'preview', 'simulate', 'dryrun', 'query', 'list', 'inspect', 'exists']);

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
    words = selectorPath(path)
      .split('/')
      .filter((s) => s && !s.startsWith('{'))
      .flatMap((s) => [...splitFieldName(s)]);
    if (pathWordsMemo.size > 20_000) pathWordsMemo.clear();
    pathWordsMemo.set(path, words);
  }
  return words;
}

// The verbs an RPC action selected by name starts with when it only reads (AWS's Describe/Get/List actions).
const LOOKUP_VERBS = new Set(['get', 'list', 'describe', 'search', 'query', 'lookup', 'find']);
// What ends the noun an action is about (`GetCredentialsForIdentity`: credentials).
const PREPOSITIONS = new Set(['for', 'from', 'of', 'by', 'with', 'in', 'to']);
// Nouns after such a verb that make the action hand something out or send it (`GetUserAttributeVerificationCode`
// sends a code, `GetCredentialsForIdentity` issues them): those stay writes.
const HANDED_OUT = new Set([
  'code', 'codes', 'token', 'tokens', 'key', 'keys', 'password', 'passwords', 'credential', 'credentials', 'secret', 'secrets',
  'session', 'sessions', 'url', 'urls', 'link', 'links', 'otp', 'totp', 'login', 'signin',
]);

/**
 * Rule 2 for an action selected by name (`/#X-Amz-Target=Service.DescribeUserPool`, `/#Action=CreateUser`): the
 * name decides, not the method — AWS's query API sends `GET /#Action=CreateUser`. Undefined for any other path.
 * - `verb`: the action's first word (`AdminGetUser`: the same lookup, made with administrator rights);
 * - `lookup`: the name says it only looks up (Describe, Get, List…, like AWS's own read access level), and nothing
 *   in it says it changes or sends something, nor that a Get hands a credential out (`GetUserAttributeVerificationCode`
 *   sends a code, `GetSessionToken` issues one);
 * - `guarded`: a lookup of credentials or security configuration, which a POST keeps the stricter judgement of a
 *   write for: what it returns (an identity provider's free-form details) is where a secret hides.
 */
export function selectedAction(op: OperationModel): { verb: string; lookup: boolean; guarded: boolean } | undefined {
  // Only a named selector (`Action=`, `X-Amz-Target=`), not a bare fragment that tells two paths apart (`/shared_items#folders`).
  if (!op.path.includes('#') || !/[#&](?:x-amz-target|action|x-id)=/i.test(op.path)) return undefined;
  const name = selectorName(op.path);
  if (!name) return undefined;
  const w = splitFieldName(name).filter((x, i) => i > 0 || x !== 'admin');
  if (w.length === 0) return undefined;
  const rest = w.slice(1);
  // `Get` a credential hands it out (`GetSessionToken`, `GetCredentialsForIdentity`: the noun the name is about, before
  // any `for`/`of`); a key's policy, its rotation status or a public key are about the key; listing keys reads what they are.
  const cut = rest.findIndex((x) => PREPOSITIONS.has(x));
  const about = cut < 0 ? rest : rest.slice(0, cut);
  const handsOut = w[0] === 'get' && HANDED_OUT.has(about.at(-1) ?? '') && about.at(-2) !== 'public';
  const lookup = w.length > 1 && LOOKUP_VERBS.has(w[0]!) && !handsOut && !rest.some((x) => RPC_WRITE_VERBS.has(x) || ACTION_VERBS.has(x) || METHOD_VERBS.has(x));
  const guarded = rest.some((x) => CREDENTIAL_NOUNS.has(x) || SECURITY_CONFIG.has(x)) || compoundAt(rest, SECURITY_COMPOUNDS) !== undefined;
  return { verb: w[0]!, lookup, guarded };
}

/** The last literal segment of a path, as words (`/apps/{id}/re-deploy` → re, deploy), or [] when the path ends in a parameter. */
function lastSegmentWords(path: string): readonly string[] {
  const segments = selectorPath(path).split('/').filter(Boolean);
  const last = segments[segments.length - 1];
  return last && !last.startsWith('{') ? splitFieldName(last) : [];
}

const lastLiteralMemo = new Map<string, string>();

/** The path's last segment that is not a template variable ('' when none). */
function lastLiteral(path: string): string {
  let last = lastLiteralMemo.get(path);
  if (last === undefined) {
    const literal = selectorPath(path).split('/').filter((s) => s && !s.startsWith('{'));
    last = literal[literal.length - 1] ?? '';
    if (lastLiteralMemo.size > 20_000) lastLiteralMemo.clear();
    lastLiteralMemo.set(path, last);
  }
  return last;
}

/** The last literal segment of a path as words, wherever it stands (`/vault/revoke/{id}` → revoke). */
function lastLiteralWords(path: string): readonly string[] {
  const last = lastLiteral(path);
  return last ? splitFieldName(last) : [];
}

/** The operationId's words, or [] when it was derived from method and path (it then says nothing new). */
export function idWords(op: OperationModel): readonly string[] {
  return op.derivedId ? [] : splitFieldName(op.operationId);
}

function isAccessPolicy(words: readonly string[], i: number): boolean {
  const w = words[i]!;
  if (w !== 'policy' && w !== 'policies') return true;
  return !OPERATIONAL_QUALIFIERS.has(words[i - 1] ?? '');
}

/** The first word of `words` naming credential material (not a descriptor of it: `credentials schema`), or undefined. */
export function credentialWord(words: readonly string[]): string | undefined {
  return compoundAt(words, CREDENTIAL_COMPOUNDS) ?? words.find(
    (w, i) =>
      (CREDENTIAL_NOUNS.has(w) ||
        (/^codes?$/.test(w) && CODE_QUALIFIERS.has(words[i - 1] ?? '')) ||
        // The users themselves (`/databases/{id}/users`), not a noun they modify (`userDefinedFunctions`).
        (/^users?$/.test(w) && i === words.length - 1 && words.slice(0, i).some((x) => CREDENTIAL_USER_HOSTS.has(x)))) &&
      !DESCRIPTOR_WORDS.has(words[i + 1] ?? ''),
  );
}

/** The verb a GET's summary or operationId opens with when it is one that changes something ("Run a load test"), or undefined. */
export function changeVerbOf(op: OperationModel): string | undefined {
  const id = idWords(op);
  const firsts = [splitFieldName(op.summary ?? '')[0], id[0] === 'get' || id[0] === 'list' ? id[1] : id[0]];
  return firsts.find((w) => w !== undefined && (ACTION_VERBS.has(w) || RPC_WRITE_VERBS.has(w) || METHOD_VERBS.has(w)));
}

// Opening a summary, these name a page or a record more often than an act ("Login history", "Callback URL").
const NOUN_LIKE = new Set(['login', 'signin', 'authorize', 'callback', 'deploy', 'archive', 'sync', 'refresh']);

/**
 * The verb that opens a GET's summary or description when it changes something ("Stop all scans", "Reload the
 * configuration file."), or undefined (rule 2).
 */
export function summaryChangeVerb(op: OperationModel): string | undefined {
  for (const text of [op.summary, op.description]) {
    const first = splitFieldName(text ?? '')[0];
    if (first !== undefined && !NOUN_LIKE.has(first) && (ACTION_VERBS.has(first) || METHOD_VERBS.has(first))) return first;
  }
  return undefined;
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
    if (!SECURITY_CONFIG.has(w) || DESCRIPTOR_WORDS.has(rest[0] ?? '')) continue;
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

/** The summary or tag phrase naming credential material, or undefined. */
export function credentialText(op: OperationModel): string | undefined {
  for (const text of [op.summary, ...op.tags]) {
    if (!text || TEXT_LOOKALIKE.test(text)) continue;
    const m = STRONG_TEXT.exec(text);
    if (m) return m[0].toLowerCase();
  }
  return undefined;
}

/**
 * Rule 2: the action a GET triggers (its last literal path segment is a verb such as `restart`, also before the
 * parameters it acts on: `/revoke/{service}/{app}`; or an OAuth `callback`), or undefined.
 */
export function triggeredAction(op: OperationModel): string | undefined {
  // The action itself a path variable (`GET /pods/{id}/{action}`: reboot, shutdown, boot).
  if (/\/\{(?:action|actions|command|cmd)\}$/i.test(op.path)) return 'action';
  const rpc = rpcMethodWords(op.path);
  if (rpc) return rpc.find((w) => ACTION_VERBS.has(w) || RPC_WRITE_VERBS.has(w));
  // A method name as the last segment (Etherpad's `GET /createGroup`, `/delete_session`): verb first, camel or snake case.
  const segment = lastLiteral(op.path);
  const method = /^[a-z]+(?:[A-Z]|_[a-z])/.test(segment) ? splitFieldName(segment) : [];
  if (method.length > 1 && METHOD_VERBS.has(method[0]!)) return method[0];
  const last = lastLiteralWords(op.path);
  if (last.length === 0 || last.length > 2) return undefined;
  const verb = last.length === 2 && (last[0] === 're' || last[0] === 'un') ? `${last[0]}${last[1]}` : last[0]!;
  if (last.length === 2 && verb === last[0]) return undefined;
  return ACTION_VERBS.has(verb) ? verb : undefined;
}

// A lookup whose own words say it creates what it looks for when it is not there yet (Cognito's `GetId`: "Generates
// (or retrieves) a Cognito ID"; "creates one if none exists"): a get-or-create, which rule 2 makes a write.
const CREATES_IF_ABSENT =
  /\b(?:generates?|creates?) \(or (?:retrieves?|returns?|gets?)\)|\b(?:creates?|generates?) (?:it|one|them|a new one) if (?:it|one|they|none) (?:does not|doesn't|do not|don't|exists?)|\bif (?:it|one|none) (?:does not|doesn't) (?:already )?exist,? (?:it|one|a new one) (?:is|will be) (?:created|generated)/i;

/** Rule 2: the words by which a lookup says it creates what it looks for when absent, or undefined. */
export function createsIfAbsent(op: OperationModel): string | undefined {
  const text = `${op.summary ?? ''} ${op.description ?? ''}`;
  return CREATES_IF_ABSENT.exec(text)?.[0].toLowerCase();
}

/** Rule 2: a write that only checks or looks up (`POST /tokens/{id}/validate`) manages nothing. */
export function onlyChecks(op: OperationModel): boolean {
  const last = lastSegmentWords(op.path);
  if (last.length > 0 && CHECK_VERBS.has(last.join(''))) return true;
  // A custom method after a colon (Google's `POST /v1/{resource}:testIamPermissions`, `:getIamPolicy`) that tests or gets.
  const custom = /:([A-Za-z]+)$/.exec(op.path);
  const method = custom ? splitFieldName(custom[1]!) : [];
  if (method.length > 1 && (CHECK_VERBS.has(method[0]!) || method[0] === 'get') && !method.some((w) => ACTION_VERBS.has(w))) return true;
  const id = idWords(op);
  return id.length > 0 && CHECK_VERBS.has(id[0]!) && !id.some((w) => ACTION_VERBS.has(w));
}

// Of the checks, those that only look (not `verify` or `validate`, which may take a bearer code and mark it used).
const LOOK_VERBS = new Set(['test', 'ping', 'lookup', 'search', 'preview', 'simulate', 'dryrun', 'query', 'list', 'inspect', 'exists', 'get', 'describe']);

/** Rule 2: a write that only looks (`POST …:testIamPermissions`, a POST `ListKeys`): the name says so, and nothing in it acts. */
export function onlyLooks(op: OperationModel): boolean {
  const custom = /:([A-Za-z]+)$/.exec(op.path);
  const words = custom ? splitFieldName(custom[1]!) : idWords(op).length > 0 ? idWords(op) : lastSegmentWords(op.path);
  return words.length > 1 && LOOK_VERBS.has(words[0]!) && !words.some((w) => ACTION_VERBS.has(w) || RPC_WRITE_VERBS.has(w) || METHOD_VERBS.has(w));
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

const SIGNED = new Set(['signature', 'signed', 'presigned', 'presign', 'decrypt']);

/**
 * Rules 2–3: the word that says an operation hands out a short-lived signed value — a signed or pre-signed URL,
 * an upload URL (`createUploadUrl`) — or decrypts (its answer is the plaintext), or undefined. Holding such a URL
 * is holding the access it grants.
 */
export function signedUrlWord(op: OperationModel): string | undefined {
  for (const words of [literalWords(op.path), idWords(op)]) {
    const hit = words.find((w, i) => SIGNED.has(w) || ((w === 'upload' || w === 'download' || w === 'sign') && /^(?:url|urls|link|links)$/.test(words[i + 1] ?? '')));
    if (hit) return hit;
  }
  return undefined;
}
