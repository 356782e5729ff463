/** Longest description kept for a tool or a top-level argument. */
export const DESCRIPTION_MAX = 200;

/**
 * A short plain-text form of a manifest description: markdown links and emphasis reduced to their
 * text, whitespace collapsed, the first sentence only, cut at a word boundary within `max` characters.
 * Long prose costs every client context on every `tools/list` (the peer proxy sends 1.2 MB for GitHub).
 */
export function shortenDescription(text: string | undefined, max = DESCRIPTION_MAX): string {
  if (!text) return '';
  // Documents repeat descriptions (GitHub's shared `owner`, `repo`, `per_page` on hundreds of operations): each is shortened once.
  let byText = shortened.get(max);
  if (!byText) shortened.set(max, (byText = new Map()));
  let out = byText.get(text);
  if (out === undefined) {
    out = shorten(text, max);
    if (byText.size > 50_000) byText.clear();
    byText.set(text, out);
  }
  return out;
}

const shortened = new Map<number, Map<string, string>>();

function shorten(text: string, max: number): string {
  // Only the start can survive: cut before the regexes so GitHub's page-long descriptions cost nothing.
  let s = text.length > 4 * max + 400 ? text.slice(0, 4 * max + 400) : text;
  s = s
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__|`/g, '');
  // The first paragraph only: later ones are usually notes on scopes, pagination or previews.
  s = s.split(/\n\s*\n/)[0] ?? '';
  s = s.replace(/\s+/g, ' ').trim();
  // A sentence ends at . ! ? before a space, except after abbreviations such as "e.g." or "i.e.".
  const end = /(?<!\b(?:e\.g|i\.e|etc|vs|approx|incl|[A-Za-z]))[.!?](?=\s+[A-Za-z(`"'])/.exec(s);
  if (end) s = s.slice(0, end.index + 1);
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

/** A readable title from an operationId when the manifest has no summary (`repos/get` → `Repos get`). */
export function humaniseId(operationId: string): string {
  const words = operationId
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const text = words.join(' ') || operationId;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
