/**
 * Rule 2 of CLASSIFICATION.md, in an operation's own words: the verbs that make it act (a GET that restarts, an
 * RPC method that updates, a summary that says "Stop all scans") or only look (a POST that lists, tests or
 * validates), the action an AWS-style selector names, and a lookup that creates what it looks for.
 */
import { splitFieldName } from '../core/secret-vocabulary.js';
import { indexesData } from './classify-lookalikes.js';
import { idWords } from './classify-words.js';
import type { OperationModel } from './model.js';
import { namedAction, selectorPath } from './path-selector.js';

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

// The verbs an RPC action selected by name starts with when it only reads (AWS's Describe/Get/List actions).
const LOOKUP_VERBS = new Set(['get', 'list', 'describe', 'search', 'query', 'lookup', 'find', 'simulate']);
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
 *   sends a code, `GetSessionToken` issues one). A lookup of credentials or security configuration is a read like
 *   any other, by POST too: what it returns is judged as a read's answer, and its name as a read's (rule 9).
 */
export function selectedAction(op: OperationModel): { verb: string; lookup: boolean } | undefined {
  // Only a named selector in the fragment (`#Action=`, `#X-Amz-Target=`).
  const name = op.path.includes('#') ? namedAction(op.path) : undefined;
  if (!name) return undefined;
  const w = splitFieldName(name).filter((x, i) => i > 0 || x !== 'admin');
  if (w.length === 0) return undefined;
  const rest = w.slice(1);
  // `Get` a credential hands it out (`GetSessionToken`, `GetCredentialsForIdentity`: the noun the name is about, before
  // any `for`/`of`); a key's policy, its rotation status or a public key are about the key; listing keys reads what they are.
  const cut = rest.findIndex((x) => PREPOSITIONS.has(x));
  const about = cut < 0 ? rest : rest.slice(0, cut);
  const handsOut = w[0] === 'get' && HANDED_OUT.has(about.at(-1) ?? '') && about.at(-2) !== 'public' && !indexesData(about, about.length - 1);
  const lookup = w.length > 1 && LOOKUP_VERBS.has(w[0]!) && !handsOut && !rest.some((x, i) => isActing(rest, i));
  return { verb: w[0]!, lookup };
}

/**
 * Whether `words[i]` of an action's name says it acts: a verb, not one that names a thing with the word after it
 * (`GetLoginProfile`: a login profile; `GetOpenIDConnectProvider`: an OpenID Connect provider).
 */
function isActing(words: readonly string[], i: number): boolean {
  const x = words[i]!;
  if (!(RPC_WRITE_VERBS.has(x) || ACTION_VERBS.has(x) || METHOD_VERBS.has(x))) return false;
  const next = words[i + 1];
  const openId = (x === 'open' && next === 'id') || (x === 'connect' && words[i - 1] === 'id');
  return !((NOUN_LIKE.has(x) && next !== undefined && !PREPOSITIONS.has(next)) || openId);
}

// Actions that switch or run what they name, leaving its stored values as they are (unlike reset, revert or restore).
const SWITCH_VERBS = new Set([
  'enable', 'disable', 'activate', 'deactivate', 'start', 'stop', 'pause', 'resume', 'suspend', 'unsuspend', 'cancel',
  'abort', 'retry', 'rerun', 'run', 'trigger', 'execute', 'archive', 'unarchive', 'publish', 'unpublish',
]);

/** Whether a path's last segment is an action that only switches or runs what it names (`/jobs/{id}/enable`). */
export function namesSwitch(path: string): boolean {
  const words = lastSegmentWords(path);
  return words.length === 1 && SWITCH_VERBS.has(words[0]!);
}

/** The last segment of a path, as words (`/apps/{id}/re-deploy` → re, deploy), or [] when the path ends in a parameter. */
function lastSegmentWords(path: string): readonly string[] {
  return /\/\{[^/]*\/*$/.test(selectorPath(path)) ? [] : lastLiteralWords(path);
}

const lastLiteralMemo = new Map<string, string>();

/** The path's last segment that is not a template variable ('' when none): the collection it acts on (`/a/{id}/connections/{name}` → `connections`). */
export function lastLiteral(path: string): string {
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

/** The verb a GET's summary or operationId opens with when it is one that changes something ("Run a load test"), or undefined. */
export function changeVerbOf(op: OperationModel): string | undefined {
  const id = idWords(op);
  const firsts = [splitFieldName(op.summary ?? '')[0], id[0] === 'get' || id[0] === 'list' ? id[1] : id[0]];
  return firsts.find((w) => w !== undefined && (ACTION_VERBS.has(w) || RPC_WRITE_VERBS.has(w) || METHOD_VERBS.has(w)));
}

// Opening a summary, these name a page or a record more often than an act ("Login history", "Callback URL").
const NOUN_LIKE = new Set(['login', 'signin', 'authorize', 'callback', 'deploy', 'archive', 'sync', 'refresh']);

// The first run of characters that holds a letter or digit, up to the next space (`(Beta) Stop` → `Beta)`).
const FIRST_WORD = /[A-Za-z0-9]\S*/;

/**
 * The verb that opens a GET's summary or description when it changes something ("Stop all scans", "Reload the
 * configuration file."), or undefined (rule 2).
 */
export function summaryChangeVerb(op: OperationModel): string | undefined {
  for (const text of [op.summary, op.description]) {
    // Only the first word counts: split that, not a whole description (nor keep it in the field-name cache).
    const first = splitFieldName(FIRST_WORD.exec(text ?? '')?.[0] ?? '')[0];
    if (first !== undefined && !NOUN_LIKE.has(first) && (ACTION_VERBS.has(first) || METHOD_VERBS.has(first))) return first;
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
// (or retrieves) a Cognito ID"; "creates one if none exists"; VTEX's "Get current or create a new cart"): a
// get-or-create, which rule 2 makes a write.
const CREATES_IF_ABSENT =
  /\b(?:generates?|creates?) \(or (?:retrieves?|returns?|gets?)\)|\b(?:gets?|retrieves?|returns?|fetch(?:es)?) (?:the |your |an? )?(?:current|existing)\b[^.]{0,40}?\bor (?:creates?|generates?|starts?) (?:a |an )?new\b|\b(?:creates?|generates?) (?:it|one|them|a new one) if (?:it|one|they|none) (?:does not|doesn't|do not|don't|exists?)|\bif (?:it|one|none) (?:does not|doesn't) (?:already )?exist,? (?:it|one|a new one) (?:is|will be) (?:created|generated)/i;

/** Rule 2: the words by which a lookup says it creates what it looks for when absent, or undefined. */
export function createsIfAbsent(op: OperationModel): string | undefined {
  const text = `${op.summary ?? ''} ${op.description ?? ''}`;
  return CREATES_IF_ABSENT.exec(text)?.[0].toLowerCase();
}

/** The words of a custom method written after a colon (`/v1/{resource}:testIamPermissions` → test, iam, permissions), or []. */
function customMethodWords(path: string): readonly string[] {
  const custom = /:([A-Za-z]+)$/.exec(path);
  return custom ? splitFieldName(custom[1]!) : [];
}

/** Rule 2: a write that only checks or looks up (`POST /tokens/{id}/validate`) manages nothing. */
export function onlyChecks(op: OperationModel): boolean {
  const last = lastSegmentWords(op.path);
  if (last.length > 0 && CHECK_VERBS.has(last.join(''))) return true;
  // A custom method after a colon (Google's `POST /v1/{resource}:testIamPermissions`, `:getIamPolicy`) that tests or gets.
  const method = customMethodWords(op.path);
  if (method.length > 1 && (CHECK_VERBS.has(method[0]!) || method[0] === 'get') && !method.some((w) => ACTION_VERBS.has(w))) return true;
  const id = idWords(op);
  return id.length > 0 && CHECK_VERBS.has(id[0]!) && !id.some((w) => ACTION_VERBS.has(w));
}

// Of the checks, those that only look (not `verify` or `validate`, which may take a bearer code and mark it used).
const LOOK_VERBS = new Set(['test', 'ping', 'lookup', 'search', 'preview', 'simulate', 'dryrun', 'query', 'list', 'inspect', 'exists', 'get', 'describe']);

/**
 * A write that only labels what it names: an action selected by name that tags or untags it (`TagMFADevice`,
 * `UntagSAMLProvider`) or sets its tags or description (`UpdateRoleDescription`). Tags and descriptions are metadata:
 * the credential, the trust or the policy they are put on stays as it was.
 */
export function onlyLabels(op: OperationModel): boolean {
  const name = namedAction(op.path);
  if (!name) return false;
  const w = splitFieldName(name);
  // (`AddTagsToCertificate`, `RemoveTagsFromStream`: the tags, then what they are put on.)
  return w.length > 1 && (w[0] === 'tag' || w[0] === 'untag' || (/^(?:update|set|put|add|remove)$/.test(w[0]!) && (/^(?:description|tags)$/.test(w.at(-1)!) || (w[1] === 'tags' && /^(?:to|from|on|of)$/.test(w[2] ?? '')))));
}

/** Rule 2: a write that only looks (`POST …:testIamPermissions`, a POST `ListKeys`): the name says so, and nothing in it acts. */
export function onlyLooks(op: OperationModel): boolean {
  const custom = customMethodWords(op.path);
  const words = custom.length > 0 ? custom : idWords(op).length > 0 ? idWords(op) : lastSegmentWords(op.path);
  return words.length > 1 && LOOK_VERBS.has(words[0]!) && !words.some((w) => ACTION_VERBS.has(w) || RPC_WRITE_VERBS.has(w) || METHOD_VERBS.has(w));
}

