/**
 * Per-operation customisation, declared in the document (or added by an overlay): an `x-runos` or
 * `x-mcp` object with `{name, title, description, hidden, tier, toolset}`. Data only; the
 * `tier` is read by classify.ts (rule 2) and, being a customisation, passes the tier gate of
 * `manifest update` like any other change that loosens a tier.
 */
import { ManifestError } from '../core/errors.js';
import { TIERS, isTier, type Tier } from '../core/tiers.js';
import type { OperationModel } from './model.js';

/** What an operation's extension objects ask for, merged (x-runos before x-mcp). */
export interface ToolExtension {
  name?: string;
  title?: string;
  description?: string;
  hidden?: boolean;
  tier?: Tier;
  toolset?: string;
  /** The extensions the fields came from, for reasons and messages (`x-runos`). */
  from: string[];
}

const KEYS = ['name', 'title', 'description', 'hidden', 'tier', 'toolset'] as const;

/** A toolset name: lower-case words joined by dashes (`code-scanning`). */
export const TOOLSET_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * The extension objects read, the specific one first. Not `x-<platform>`: platforms use that for their
 * own data (GitHub's `x-github: {githubCloudOnly, …}`).
 */
export const EXTENSION_NAMES = ['x-runos', 'x-mcp'] as const;

/**
 * Read and check an operation's extension objects; undefined when it has none. Throws a ManifestError
 * naming the document and the field's JSON pointer for anything malformed (an unknown key, a tier that is
 * not one of the four, a name that is not a tool name).
 */
export function readToolExtension(op: OperationModel, source = 'document'): ToolExtension | undefined {
  let out: ToolExtension | undefined;
  for (const ext of EXTENSION_NAMES) {
    if (!(ext in op.extensions)) continue;
    const value = op.extensions[ext];
    const at = `${op.pointer}/${ext}`;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ManifestError(`${ext} of operation ${op.operationId} must be an object with any of ${KEYS.join(', ')}`, source, at);
    }
    const obj = value as Record<string, unknown>;
    const unknown = Object.keys(obj).find((k) => !(KEYS as readonly string[]).includes(k));
    if (unknown) throw new ManifestError(`unknown key ${JSON.stringify(unknown)} in ${ext}; use ${KEYS.join(', ')}`, source, `${at}/${unknown}`);
    const bad = (key: string, want: string): never => {
      throw new ManifestError(`${ext}.${key} of operation ${op.operationId} is ${JSON.stringify(obj[key])}; ${want}`, source, `${at}/${key}`);
    };
    for (const key of ['name', 'title', 'description', 'toolset'] as const) {
      if (obj[key] !== undefined && (typeof obj[key] !== 'string' || obj[key].trim() === '')) bad(key, 'use a non-empty string');
    }
    if (obj.name !== undefined && !/^[a-z][a-z0-9_]*$/.test(obj.name as string)) bad('name', 'use lower-case letters, digits and _ , starting with a letter');
    if (obj.toolset !== undefined && !TOOLSET_PATTERN.test(obj.toolset as string)) bad('toolset', 'use lower-case words joined by dashes (code-scanning)');
    if (obj.hidden !== undefined && typeof obj.hidden !== 'boolean') bad('hidden', 'use true or false');
    if (obj.tier !== undefined && !isTier(obj.tier)) bad('tier', `use one of ${TIERS.join(', ')}`);
    out ??= { from: [] };
    out.from.push(ext);
    for (const key of KEYS) {
      if (obj[key] !== undefined && out[key] === undefined) (out as unknown as Record<string, unknown>)[key] = typeof obj[key] === 'string' ? (obj[key] as string).trim() : obj[key];
    }
  }
  return out;
}

/** The tier an operation's extension objects set, with the extension that set it. */
export function extensionObjectTier(op: OperationModel, source?: string): { tier: Tier; name: string } | undefined {
  const ext = readToolExtension(op, source);
  if (!ext?.tier) return undefined;
  const name = EXTENSION_NAMES.find((n) => (op.extensions[n] as { tier?: unknown } | undefined)?.tier !== undefined)!;
  return { tier: ext.tier, name: `${name}.tier` };
}

/**
 * A copy of an operation without the tiers its extension objects set (and, with `all`, without the
 * `x-…-tier` extensions too): what the classifier says without the customisation.
 */
export function withoutExtensionTiers(op: OperationModel, all = false): OperationModel {
  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(op.extensions)) {
    if (all && /^x-.*-tier$/.test(key)) continue;
    if ((EXTENSION_NAMES as readonly string[]).includes(key) && value && typeof value === 'object' && !Array.isArray(value) && 'tier' in value) {
      const { tier: _tier, ...rest } = value as Record<string, unknown>;
      extensions[key] = rest;
    } else {
      extensions[key] = value;
    }
  }
  return { ...op, extensions };
}
