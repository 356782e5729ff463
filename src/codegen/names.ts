import { createHash } from 'node:crypto';
import { ABBREVIATIONS, FILLER_WORDS, KEEP_WORDS, isVersionWord, stem } from './name-words.js';

/** What every tool name must match (PRODUCT.md, Tools as the model sees them). */
export const TOOL_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

// Below this many characters a name cannot say much: refuse such a platform name instead.
const MIN_BUDGET = 12;
const HASH_LEN = 4;
// A summary longer than this is a sentence, not a name: method + path reads better.
const MAX_SUMMARY_WORDS = 8;

/** What an operation's tool name is made from (a subset of the manifest's OperationModel). */
export interface NameSource {
  operationId: string;
  /** The id was derived from method + path (the document has none): it is a key, not a name. */
  derivedId: boolean;
  method: string;
  path: string;
  summary?: string;
  tags: readonly string[];
}

/** What a name is fitted to: the character budget and the platform (its own name is redundant in a name). */
export interface NameContext {
  budget: number;
  platform: string;
}

/** Split an identifier or phrase into lower-case words: camelCase, `/`, `-`, `_`, spaces and dots separate words. */
export function operationWords(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The snake_case form of an operationId before any shortening (`repos/get` → `repos_get`). */
export function snakeName(operationId: string): string {
  return joinWords(operationWords(operationId));
}

function joinWords(words: readonly string[]): string {
  if (words.length === 0) return 'op';
  const name = words.join('_');
  return /^[a-z]/.test(name) ? name : `op_${name}`;
}

/** A short base-36 hash of the operationId: the suffix that keeps two otherwise equal names apart. */
export function idHash(operationId: string, length = HASH_LEN): string {
  const hex = createHash('sha256').update(operationId).digest('hex');
  return BigInt(`0x${hex.slice(0, 16)}`).toString(36).padStart(length, '0').slice(0, length);
}

/** Whether a tool name ends in its operation's hash (4 to 8 characters): the share of these is what `npm run names` reports. */
export function hasHashSuffix(name: string, operationId: string): boolean {
  for (let n = HASH_LEN; n <= 8; n++) if (name.endsWith(`_${idHash(operationId, n)}`)) return true;
  return false;
}

// A word no one would write: a long run mixing letters and digits (a hash, a UUID part, a build id).
const JUNK_WORD = /^(?=[a-z0-9]*\d[a-z0-9]*\d[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-z0-9]{8,}$/;

/** Whether an operationId is a name a person chose and a model can read (given, with words, none of them junk). */
export function isCleanOperationId(op: NameSource): boolean {
  if (op.derivedId) return false;
  const words = operationWords(op.operationId);
  return words.some((w) => /[a-z]/.test(w)) && !words.some((w) => JUNK_WORD.test(w));
}

/** The words of a summary that reads as a name ("Show credential data schema"), or undefined. */
function summaryWords(summary: string | undefined): string[] | undefined {
  if (!summary) return undefined;
  // "a user's role" → "user role"; articles say nothing in a name.
  const words = operationWords(summary.replace(/['’]s\b/g, '')).filter((w) => w !== 'a' && w !== 'an' && w !== 'the');
  return words.length > 0 && words.length <= MAX_SUMMARY_WORDS && words.some((w) => /[a-z]{2}/.test(w)) ? words : undefined;
}

/** `GET /workflows/{id}/tags` → get workflows id tags. */
function methodPathWords(op: NameSource): string[] {
  return [op.method.toLowerCase(), ...operationWords(op.path.replace(/\{([^}]*)\}/g, ' $1 '))];
}

/** The words a name starts from, in the order of preference: a clean operationId, the summary, method + path. */
export function nameWords(op: NameSource): string[] {
  if (isCleanOperationId(op)) return operationWords(op.operationId);
  return summaryWords(op.summary) ?? methodPathWords(op);
}

/**
 * Fit words into `ctx.budget` characters. Each step runs only while the name is still too long, and
 * meaning goes last: first the redundant words go (the platform's own name, API versions, filler words,
 * a resource word the name repeats, the tag prefix a toolset already says), then known long words take
 * their usual short form (`organization` → `org`), then the tag's words, and only then are words left
 * out from the middle (the verb and the last word stay). Two names this makes equal are told apart by
 * the caller, with a hash.
 */
export function fitWords(words: readonly string[], op: Pick<NameSource, 'tags' | 'path'>, ctx: NameContext, keepTags = false): string {
  let parts = [...words];
  const over = () => joinWords(parts).length > ctx.budget;
  const drop = (unwanted: (w: string, i: number) => boolean) => {
    if (!over()) return;
    const kept = parts.filter((w, i) => !unwanted(w, i));
    if (kept.some((w) => /[a-z]/.test(w))) parts = kept;
  };
  const platform = operationWords(ctx.platform).join('');
  // A tag of one or two words names a group (`repos`, `core_v1`, `ApplicationService`); a longer one is
  // the operation's own resource (Twilio's `Api20100401IncomingPhoneNumberAssignedAddOn`), not redundant.
  const tagWords = new Set(keepTags ? [] : op.tags.map((t) => operationWords(t).filter((w) => !isVersionWord(w))).filter((ws) => ws.length <= 2).flat());

  // The platform's own name, also when the document spells it in two words (`MinIO` → min, io).
  drop((w, i) => w === platform || w + (parts[i + 1] ?? '') === platform || (parts[i - 1] ?? '') + w === platform);
  drop((w) => isVersionWord(w));
  drop((w) => FILLER_WORDS.has(w));
  // A resource word said again later (`customers_customer`, `actions/…-actions-…`): the later one stays.
  drop((w, i) => parts.slice(i + 1).some((later) => stem(later) === stem(w)));
  // The namespace prefix (`actions_`, `ApplicationService_`) repeats the tag, which names the toolset.
  const lead = parts.findIndex((w) => !tagWords.has(w));
  drop((_, i) => i < lead);
  if (over()) parts = parts.map((w) => ABBREVIATIONS[w] ?? w);
  drop((w) => tagWords.has(w));
  // Last resort: leave out middle words, longest first: first the words the path does not have, then
  // the path's own. The first and last words stay, and so do the words that say what the call does
  // (`delete`, `collection`): without them two calls read the same.
  const inPath = new Set(operationWords(op.path.replace(/\{[^}]*\}/g, '')).map(stem));
  const cost = (w: string) => (KEEP_WORDS.has(w) ? 2 : inPath.has(stem(w)) ? 1 : 0);
  while (over() && parts.length > 2) {
    let at = 1;
    for (let i = 2; i < parts.length - 1; i++) {
      const [a, b] = [parts[i]!, parts[at]!];
      if (cost(a) < cost(b) || (cost(a) === cost(b) && a.length > b.length)) at = i;
    }
    parts.splice(at, 1);
  }
  const name = joinWords(parts);
  return name.length <= ctx.budget ? name : name.slice(0, ctx.budget).replace(/_+$/, '');
}

/**
 * The name an operation gets on its own, depending only on the operation itself (so it is stable when
 * other operations come and go): its words as they are when they fit, else fitted.
 */
export function ownToolName(op: NameSource, ctx: NameContext): string {
  const words = nameWords(op);
  const plain = joinWords(words);
  return plain.length <= ctx.budget ? plain : fitWords(words, op, ctx);
}

/** A name with the operation's hash: what a later holder of an equal name gets when nothing else tells them apart. */
export function hashedToolName(op: NameSource, ctx: NameContext, hashLen = HASH_LEN): string {
  const base = fitWords(nameWords(op), op, { ...ctx, budget: ctx.budget - hashLen - 1 });
  return `${base}_${idHash(op.operationId, hashLen)}`;
}

/** Options of `assignToolNames`. */
export interface AssignOptions extends NameContext {
  /** Names the previous table gave (operationId → name): an operation keeps its name across updates. */
  previous?: ReadonlyMap<string, string>;
  /** Names the document asks for (`x-runos: {name}`), already checked: they come first. */
  explicit?: ReadonlyMap<string, string>;
}

/** Whether a name is usable under a budget: the pattern and the length. */
export function isValidToolName(name: string, budget: number): boolean {
  return TOOL_NAME_PATTERN.test(name) && name.length <= budget;
}

/**
 * Names for a set of operations: unique, `^[a-z][a-z0-9_]*$`, at most `budget` characters. Priority:
 * a name the document asks for; then the name the previous table gave (stability: an operation keeps its
 * name unless an asked-for name takes it); then the operation's own name. When own names collide, the
 * first operationId in code-unit order keeps the name and the others take a hashed one, so the outcome
 * depends only on the colliding operations, never on unrelated ones.
 */
export function assignToolNames(ops: readonly NameSource[], opts: AssignOptions): Map<string, string> {
  if (opts.budget < MIN_BUDGET) {
    throw new RangeError(`a tool name budget of ${opts.budget} characters is too small (need ${MIN_BUDGET}); use a shorter platform name`);
  }
  const ctx: NameContext = { budget: opts.budget, platform: opts.platform };
  const sorted = [...ops].sort((a, b) => (a.operationId < b.operationId ? -1 : a.operationId > b.operationId ? 1 : 0));
  const result = new Map<string, string>();
  const taken = new Set<string>();
  const give = (op: NameSource, name: string) => {
    result.set(op.operationId, name);
    taken.add(name);
  };
  for (const op of sorted) {
    const name = opts.explicit?.get(op.operationId);
    if (name !== undefined) give(op, name);
  }
  for (const op of sorted) {
    const name = opts.previous?.get(op.operationId);
    if (!result.has(op.operationId) && name !== undefined && !taken.has(name) && isValidToolName(name, opts.budget)) give(op, name);
  }
  const rest = sorted.filter((op) => !result.has(op.operationId));
  const own = new Map(rest.map((op) => [op.operationId, ownToolName(op, ctx)]));
  for (const op of rest) {
    const name = own.get(op.operationId)!;
    if (!taken.has(name)) give(op, name);
  }
  // The later holders of a taken name: first the name with the tag words kept (`dependabot_…` beside
  // `actions_…`, both of which left their tag out), then a hash.
  for (const op of rest) {
    if (result.has(op.operationId)) continue;
    const words = nameWords(op);
    const tagged = fitWords(words, op, ctx, true);
    if (!taken.has(tagged)) {
      give(op, tagged);
      continue;
    }
    // A hashed name can in theory meet another name; a longer hash settles it, still from the id alone.
    let len = HASH_LEN;
    let candidate = hashedToolName(op, ctx, len);
    while (taken.has(candidate)) candidate = hashedToolName(op, ctx, ++len);
    give(op, candidate);
  }
  return result;
}
