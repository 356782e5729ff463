/**
 * Reviewed tier overrides (`manifest/tier-overrides.json`, PRODUCT.md rule 1): a JSON object mapping
 * operationIds to `{ "tier", "reason" }`. Keys starting with `$` (`$comment`) are notes for reviewers.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ManifestError } from '../core/errors.js';
import { TIERS, isTier } from '../core/tiers.js';
import type { TierOverride } from './model.js';

/** JSON pointer token (RFC 6901 §3). */
function token(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validate parsed overrides; throws a ManifestError naming `file` and the JSON pointer of the fault. */
export function parseOverrides(text: string, file: string): Map<string, TierOverride> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ManifestError(`not valid JSON (${(err as Error).message})`, file, '');
  }
  if (!isPlainObject(data)) {
    throw new ManifestError('must be a JSON object mapping operationIds to { "tier", "reason" }', file, '');
  }
  const out = new Map<string, TierOverride>();
  for (const [id, entry] of Object.entries(data)) {
    if (id.startsWith('$')) continue;
    const at = `/${token(id)}`;
    if (!isPlainObject(entry)) throw new ManifestError('must be an object { "tier", "reason" }', file, at);
    const extra = Object.keys(entry).filter((k) => k !== 'tier' && k !== 'reason');
    if (extra.length > 0) {
      throw new ManifestError(`unknown key ${JSON.stringify(extra[0])}; only "tier" and "reason" are allowed`, file, `${at}/${token(extra[0]!)}`);
    }
    if (!isTier(entry.tier)) {
      throw new ManifestError(`tier is ${JSON.stringify(entry.tier)}; use one of ${TIERS.join(', ')}`, file, `${at}/tier`);
    }
    // A reviewed override must say why and who reviewed it: the reason ends up in tiers.md.
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') {
      throw new ManifestError('reason must be a non-empty string saying why and who reviewed it', file, `${at}/reason`);
    }
    out.set(id, { tier: entry.tier, reason: entry.reason.trim() });
  }
  return out;
}

/** Read an overrides file; a missing file means no overrides (sha256 of the empty string). */
export async function readOverrides(path: string): Promise<{ overrides: Map<string, TierOverride>; sha256: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return { overrides: new Map(), sha256: createHash('sha256').update('').digest('hex') };
    }
    throw new ManifestError(`cannot read overrides (${(err as Error).message})`, path);
  }
  return { overrides: parseOverrides(bytes.toString('utf8').replace(/^\uFEFF/, ''), path), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Overrides read from several files, each entry with the file it came from. */
export interface MergedOverrides {
  overrides: Map<string, TierOverride>;
  /** operationId → the file that overrides it (for messages). */
  files: Map<string, string>;
  /** sha256 of the one file's bytes; of '' with none; of the files' hashes, one per line, with several. */
  sha256: string;
}

/**
 * Read several overrides files (the bundled reviewed ones, then the user's) into one set. An operation
 * overridden in two files is an error naming both: one file never silently beats another.
 */
export async function readOverrideFiles(paths: readonly string[]): Promise<MergedOverrides> {
  const overrides = new Map<string, TierOverride>();
  const files = new Map<string, string>();
  const hashes: string[] = [];
  for (const path of paths) {
    const read = await readOverrides(path);
    hashes.push(read.sha256);
    for (const [id, entry] of read.overrides) {
      const first = files.get(id);
      if (first !== undefined) {
        throw new ManifestError(`operation "${id}" is overridden in both ${first} and ${path}; keep it in one of them`, path, `/${token(id)}`);
      }
      overrides.set(id, entry);
      files.set(id, path);
    }
  }
  const sha256 = hashes.length === 1 ? hashes[0]! : createHash('sha256').update(hashes.length === 0 ? '' : hashes.join('\n')).digest('hex');
  return { overrides, files, sha256 };
}
