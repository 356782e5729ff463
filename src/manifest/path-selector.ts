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
  const cut = path.search(/[#?]/);
  if (cut < 0) return undefined;
  const pairs = path.slice(cut + 1).split('&').map((kv) => kv.split('='));
  const chosen = pairs.find(([k, v]) => v && SELECTOR_KEYS.test(k!)) ?? pairs.find(([k, v]) => k && v === undefined);
  return chosen ? (chosen[1] ?? chosen[0]!).split('.').pop() || undefined : undefined;
}
