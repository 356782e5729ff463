import type { OperationModel } from '../manifest/model.js';
import { isVersionWord } from './name-words.js';

// Words a tag or path adds to every group of some documents (Twilio's `Api20100401…` tags, Argo CD's
// `…Service` tags, `/api/v2/…` paths); left out when other words remain.
const LEADING_NOISE = new Set(['api', 'apis', 'rest']);
const TRAILING_NOISE = new Set(['service', 'api', 'controller']);

/** Lower-case words of a tag or path segment; digit runs of four or more (dates) split from letters. */
function groupWords(text: string): string[] {
  return text
    .replace(/\.(?:json|xml|ya?ml)$/i, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d{4,})/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !isVersionWord(w) && !/^\d/.test(w));
}

/** A toolset name from a tag or path segment: its words joined by dashes, noise words off the ends. */
function groupName(text: string): string | undefined {
  const words = groupWords(text);
  while (words.length > 1 && LEADING_NOISE.has(words[0]!)) words.shift();
  while (words.length > 1 && TRAILING_NOISE.has(words[words.length - 1]!)) words.pop();
  return words.length > 0 ? words.join('-') : undefined;
}

/**
 * The toolset an operation belongs to: its first tag (GitHub's `repos`, `issues`, `pulls`), else the first
 * path segment after version segments (`/v1/clusters/{id}` → `clusters`), else `other`. The toolset is
 * a grouping for narrowing a tier (`mcp serve read --toolsets repos`), never a boundary of its own.
 */
export function deriveToolset(op: Pick<OperationModel, 'tags' | 'path'>): string {
  for (const tag of op.tags) {
    const name = groupName(tag);
    if (name) return name;
  }
  for (const segment of op.path.split('/')) {
    if (segment === '' || segment.includes('{')) continue;
    const words = groupWords(segment);
    if (words.length === 0 || (words.length === 1 && LEADING_NOISE.has(words[0]!))) continue;
    return words.join('-');
  }
  return 'other';
}
