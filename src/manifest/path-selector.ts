/**
 * Paths that select their operation by name in a URL fragment or query (AWS's `/#X-Amz-Target=Service.Action`,
 * `/#Action=CreateUser&Version=…`, S3's `/{Bucket}?tagging`): where the words of such a path are read from.
 */

const SELECTOR_KEYS = /^(?:x-amz-target|action|x-id)$/i;

/**
 * The path an operation's words are read from: where a URL fragment or query selects the operation (AWS's
 * `/#X-Amz-Target=CognitoIdentityProviderService.AdminCreateUser`, `/#Action=CreateUser&Version=…`,
 * `/{Bucket}?tagging`), the selected operation's name is its last segment. The service name before it is the same on
 * every path of the document: it says what the API is about, not what the operation does.
 */
export function selectorPath(path: string): string {
  const cut = path.search(/[#?]/);
  if (cut < 0) return path;
  const name = selectorName(path) ?? '';
  const head = path.slice(0, cut).replace(/\/+$/, '');
  return name ? `${head}/${name}` : head || '/';
}

/** The operation name a path's fragment or query selects (`AdminCreateUser`, `tagging`), or undefined. */
export function selectorName(path: string): string | undefined {
  const pairs = selectorPairs(path);
  const chosen = pairs.find(isNamed) ?? pairs.find(([k, v]) => k && v === undefined);
  return chosen ? lastSegment(chosen[1] ?? chosen[0]!) : undefined;
}

/**
 * The action a path names by key (`#Action=CreateUser`, `#X-Amz-Target=Service.GetKey` → `GetKey`), or undefined: not a
 * bare fragment that only tells two paths apart (`/shared_items#folders`), nor a query flag (`?tagging`).
 */
export function namedAction(path: string): string | undefined {
  const chosen = selectorPairs(path).find(isNamed);
  return chosen ? lastSegment(chosen[1]!) : undefined;
}

function selectorPairs(path: string): string[][] {
  const cut = path.search(/[#?]/);
  return cut < 0 ? [] : path.slice(cut + 1).split('&').map((kv) => kv.split('='));
}

function isNamed([k, v]: string[]): boolean {
  return Boolean(v) && SELECTOR_KEYS.test(k!);
}

function lastSegment(name: string): string | undefined {
  return name.split('.').pop() || undefined;
}
