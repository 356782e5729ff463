/**
 * Rule 6's schema half: the request fields that change security configuration whatever they hold (an access policy,
 * authentication settings, an SSH login key) and those whose name or value is a credential action (rule 5).
 */
import { splitFieldName } from '../core/secret-vocabulary.js';
import { isSchema } from './classify-examples.js';
import { isFlag } from './classify-schema.js';
import type { Schema } from './model.js';

// A request field that *is* an access policy (rule 6): named exactly so, holding a document, rules or a list.
const POLICY_FIELDS = new Set(['policy', 'policies', 'acl', 'acls', 'rbac', 'access_policy', 'accesspolicy', 'access_policies', 'permissions']);
// What qualifies a policy as one that grants access (rule 6): an STS session policy, a trust policy, a resource's or a
// bucket's policy, the managed policies attached to a role (not a scaling, retention or unique-key policy).
const ACCESS_POLICY_QUALIFIERS = new Set(['session', 'access', 'iam', 'inline', 'resource', 'trust', 'bucket', 'permission', 'permissions', 'authorization', 'managed']);

/** `sessionPolicy`, `resource_policy`, `PolicyDocument`, `AssumeRolePolicyDocument`, `managedPolicyArns`: an access policy set. */
function isAccessPolicyName(name: string): boolean {
  const w = splitFieldName(name);
  const n = w.length;
  if (n < 2) return false;
  const policy = (x: string | undefined) => x === 'policy' || x === 'policies';
  if (policy(w[n - 1]) && ACCESS_POLICY_QUALIFIERS.has(w[n - 2]!)) return true;
  if (w[n - 1] === 'document' && policy(w[n - 2])) return true;
  return /^arns?$/.test(w[n - 1]!) && policy(w[n - 2]) && w[n - 3] === 'managed';
}

// Request fields that configure authentication (rule 6) whatever they hold: SSO, MFA, password policy.
const AUTH_FIELD_WORDS = new Set(['saml', 'sso', 'oidc', 'openid', 'ldap', 'mfa', 'tfa', 'totp', 'otp', 'webauthn', 'twofactor', 'authenticator', 'authenticators', 'authentication', 'authorizer', 'authorizers']);
// Values of an action selector that manage a credential (`type: password_reset` among `reboot`, `power_off`).
const CREDENTIAL_ACTION = /(?:^|_|-|\b)(?:password|passphrase|secret|token|key|credential)s?[_-]?(?:reset|rotate|rotation|regenerate|change)|(?:reset|rotate|regenerate|change|revoke)[_-]?(?:password|passphrase|secret|token|key|credential)s?(?:$|_|-|\b)/i;

/** A request field that configures authentication (`saml`, `ssoProtection`, `mfa_required`, `passwordPolicy`). */
function isAuthFieldName(name: string): boolean {
  const w = splitFieldName(name);
  return w.some(
    (x, i) =>
      AUTH_FIELD_WORDS.has(x) ||
      (x === 'password' && /^polic(?:y|ies)$/.test(w[i + 1] ?? '')) ||
      ((x === 'auth' || x === 'authorization') && /^(?:methods?|modes?|types?|providers?|scopes?)$/.test(w[i + 1] ?? '')) ||
      // Whether callers need an API key at all (`apiKeyRequired`).
      (x === 'key' && w[i - 1] === 'api' && w[i + 1] === 'required') ||
      (x === 'two' && w[i + 1] === 'factor') ||
      // The policy that bounds what a principal may ever do (AWS's `PermissionsBoundary`).
      (x === 'permissions' && w[i + 1] === 'boundary') ||
      // Password complexity or strength required of every user (`complexPasswords`, `password_strength`).
      (/^passwords?$/.test(x) && (/^(?:complex|strong)$/.test(w[i - 1] ?? '') || /^(?:complexity|strength)$/.test(w[i + 1] ?? ''))) ||
      (x === 'authorized' && /^keys$/.test(w[i + 1] ?? '')),
  );
}

// A switch whose description says it sets how users sign in: `is_exempt_from_login_verification`, "Whether the user
// must use two-factor authentication"; or whether callers need a credential at all ("a valid subscription key is
// required for a request … to succeed").
const AUTH_SWITCH = /\b(?:two[- ]factor|2fa|multi[- ]factor|single sign[- ]on|(?:complex|strong) passwords?|password (?:complexity|strength|policy))\b|\b(?:(?:api|access|subscription) )?(?:keys?|tokens?|credentials?|authentication) (?:is |are )?required (?:for|to)\b/i;

// A switch named for whether callers must be signed in (Ably's namespace `authenticated`, `requireAuth`, `authRequired`).
const AUTH_FLAG = /^(?:authenticated|(?:requires?_?)?auth(?:entication)?_?required|requires?_?auth(?:entication)?)$/i;

/**
 * A field that holds an SSH public key itself (`SshPublicKey`, `public_ssh_key`, or `ssh_key` described as the
 * public key): registering one grants a login (rule 6). Not a list of the ids, names or fingerprints of keys
 * registered already (a new server's `ssh_keys`).
 */
function isSshLoginKey(name: string, schema: Schema): boolean {
  const w = splitFieldName(name);
  const n = w.length;
  if (n < 2 || !/^keys?$/.test(w[n - 1]!) || !w.includes('ssh')) return false;
  if (w[n - 2] === 'public' || (w[n - 3] === 'public' && w[n - 2] === 'ssh')) return true;
  // (AWS writes a description beside a `$ref` as an `allOf` branch.)
  const branches = Array.isArray(schema.allOf) ? schema.allOf.filter(isSchema).map((b) => b.description) : [];
  const text = [schema.description, isSchema(schema.items) ? schema.items.description : undefined, ...branches].filter((t) => typeof t === 'string').join(' ');
  return w[n - 2] === 'ssh' && /\bpublic (?:ssh )?key\b/i.test(text) && !/\b(?:ids?|names?|fingerprints?)\b/i.test(text);
}

/**
 * The path of a request field that changes security configuration (rule 6), or undefined (bounded walk): an access
 * policy (`roles[].policies`, `policy`), authentication settings (`saml`, `mfa_required`, `passwordPolicy`), or an
 * action selector that can reset a credential (`type: password_reset`, rule 5).
 */
export function securityField(schema: Schema | undefined, resource?: string): string | undefined {
  if (!isSchema(schema)) return undefined;
  const known = securityFields.get(schema)?.get(resource ?? '');
  if (known !== undefined) return known ?? undefined;
  const found = walkSecurityField(schema, resource);
  const byResource = securityFields.get(schema) ?? new Map<string, string | null>();
  securityFields.set(schema, byResource.set(resource ?? '', found ?? null));
  return found;
}

// Big documents share request schemas among many writes: each is walked once per resource name.
const securityFields = new WeakMap<object, Map<string, string | null>>();

function walkSecurityField(schema: Schema, resource: string | undefined): string | undefined {
  const seen = new Set<object>();
  const walk = (s: unknown, path: string, depth: number): string | undefined => {
    if (!isSchema(s) || seen.has(s) || depth > 12) return undefined;
    seen.add(s);
    if (s.readOnly === true) return undefined;
    if (isSchema(s.properties)) {
      for (const [k, sub] of Object.entries(s.properties)) {
        const at = path ? `${path}.${k}` : k;
        if (!isSchema(sub) || sub.readOnly === true) continue;
        if ((POLICY_FIELDS.has(k.toLowerCase()) || isAccessPolicyName(k)) && !isFlag(sub) && !Array.isArray(sub.enum)) return at;
        if (isAuthFieldName(k) && !/(?:^|_)(?:id|ids|url|uri|name)$/i.test(k)) return at;
        if (isFlag(sub) && ((typeof sub.description === 'string' && AUTH_SWITCH.test(sub.description)) || AUTH_FLAG.test(k))) return at;
        if (isSshLoginKey(k, sub)) return at;
        // A field whose name is a credential action (`revoke_tokens_issued_before`) on what the body sets: the body
        // itself, or the entries of the resource the path names (`POST /users {users: {id: {…}}}`), not an object
        // it only mentions (a message's author).
        if (CREDENTIAL_ACTION.test(k) && (depth === 0 || (resource !== undefined && isEntryField(at, resource)))) return at;
        if (Array.isArray(sub.enum)) {
          const action = sub.enum.find((e) => typeof e === 'string' && CREDENTIAL_ACTION.test(e));
          if (action !== undefined) return `${at} (can be ${String(action)})`;
        }
        const inner = walk(sub, at, depth + 1);
        if (inner) return inner;
      }
    }
    for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
      const branches = s[k];
      if (Array.isArray(branches)) for (const b of branches) {
        const inner = walk(b, path, depth + 1);
        if (inner) return inner;
      }
    }
    return walk(s.items, `${path}[]`, depth + 1) ?? walk(s.additionalProperties, `${path}.*`, depth + 1);
  };
  return walk(schema, '', 0);
}

/** `users.k`, `users[].k`, `users.*.k`: a field of an entry of the resource `users`, not of something an entry mentions. */
function isEntryField(at: string, resource: string): boolean {
  const parts = at.replace(/\[\]/g, '').split('.');
  return parts[0] === resource && (parts.length === 2 || (parts.length === 3 && parts[1] === '*'));
}
