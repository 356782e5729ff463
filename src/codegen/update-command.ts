import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { UsageError } from '../core/errors.js';
import { writeFileAtomic } from '../core/files.js';
import { bundledOverridesPath, cacheDir } from '../core/paths.js';
import { DEFAULT_PLATFORM, TIERS, toolNameBudget } from '../core/tiers.js';
import { readToolTable, type ToolTable } from '../core/tool-table.js';
import { resolveCredentials } from '../credentials/resolve.js';
import { escalatingWord } from '../manifest/classify-names.js';
import { generateTable } from './generate.js';
import { ARTEFACTS, weakestDecisions, type RenderedFiles } from './render.js';
import { diffTables, formatDiff, isEmptyDiff } from './table-diff.js';

/** The options `runos manifest update` is called with (src/cli.ts). */
export interface UpdateArgs {
  from?: string;
  refRoot?: string;
  out?: string;
  name?: string;
  /** Reviewed overrides files, added to the bundled ones (repeatable). */
  overrides?: string | string[];
  /** `--no-bundled-overrides` sets this to false: leave the bundled reviewed overrides out. */
  bundledOverrides?: boolean;
  /** OpenAPI Overlay 1.0 files, applied in order before classification (repeatable). */
  overlay?: string | string[];
  /** Name every tool afresh instead of keeping the previous table's names. */
  renewNames?: boolean;
  acceptTierChanges?: boolean;
  check?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** Where the manifest comes from when `--from` is absent: `<api url>/openapi.json`, with the key for that origin only. */
async function defaultSource(env: NodeJS.ProcessEnv): Promise<{ source: string; headers?: Record<string, string> }> {
  const creds = await resolveCredentials({ env });
  if (!creds.apiUrl) throw new UsageError('no API URL to fetch the manifest from: pass --from <file|url>, set RUNOS_API_URL or run `runos login`');
  const base = creds.apiUrl.endsWith('/') ? creds.apiUrl : `${creds.apiUrl}/`;
  const source = new URL('openapi.json', base).toString();
  return { source, ...(creds.apiKey && { headers: { authorization: `Bearer ${creds.apiKey}` } }) };
}

/**
 * An explicit `--from`: a file as is; a URL on the configured API's origin gets the API key too (the
 * key never goes to any other origin).
 */
async function explicitSource(from: string, env: NodeJS.ProcessEnv): Promise<{ source: string; headers?: Record<string, string> }> {
  if (!/^https?:\/\//i.test(from)) return { source: from };
  const creds = await resolveCredentials({ env });
  const sameOrigin = creds.apiUrl !== undefined && creds.apiKey !== undefined && new URL(creds.apiUrl).origin === new URL(from).origin;
  return { source: from, ...(sameOrigin && { headers: { authorization: `Bearer ${creds.apiKey}` } }) };
}

/** The previous table in `out`, if a valid one is there (an unreadable one counts as none, said on stderr). */
async function previousTable(out: string): Promise<ToolTable | undefined> {
  if (!existsSync(join(out, 'tools.json'))) return undefined;
  try {
    return await readToolTable(out);
  } catch (err) {
    process.stderr.write(`runos: ignoring the previous table: ${(err as Error).message}\n`);
    return undefined;
  }
}

/** Names of the artefacts in `out` whose bytes differ from `files` (missing counts as stale). */
async function staleFiles(out: string, files: RenderedFiles): Promise<string[]> {
  const stale: string[] = [];
  for (const name of ARTEFACTS) {
    const current = await readFile(join(out, name), 'utf8').catch(() => undefined);
    if (current !== files[name]) stale.push(join(out, name));
  }
  return stale;
}

/** A repeatable option's values as a list. */
function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** A path for messages: relative when under the working folder. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/**
 * `runos manifest update`: load, classify, build, render and write the tool table, refusing changes that
 * loosen a tier unless accepted. Exit 0 written or up to date, 1 refused or stale (`--check`).
 */
export async function runManifestUpdate(argv: UpdateArgs): Promise<number> {
  const env = argv.env ?? process.env;
  const platform = argv.name ?? DEFAULT_PLATFORM;
  if (!/^[a-z][a-z0-9-]*$/.test(platform)) throw new UsageError(`--name "${platform}" is not a platform name: use lower-case letters, digits and dashes`);
  if (toolNameBudget(platform) < 12) throw new UsageError(`--name "${platform}" is too long: tool names would not fit the 64-character client limit`);

  const { source, headers } = argv.from ? await explicitSource(argv.from, env) : await defaultSource(env);
  // The bundled overrides were reviewed for the platform's own manifest only; a third-party document
  // named with --name gets none. --overrides adds to them (a clash is an error naming both files).
  const ownPlatform = argv.name === undefined || argv.name === DEFAULT_PLATFORM;
  const bundled = ownPlatform && argv.bundledOverrides !== false ? bundledOverridesPath() : undefined;
  if (argv.refRoot !== undefined && /^https?:\/\//i.test(source)) throw new UsageError('--ref-root applies to a document read from a file, not from a URL');
  const out = argv.out ?? cacheDir(env);
  const previous = await previousTable(out);
  // An operation keeps its name across updates (the names clients' allowlists hold), unless asked not to.
  const previousNames = previous && previous.platform === platform && !argv.renewNames ? new Map(previous.tools.map((t) => [t.operationId, t.name])) : undefined;
  const { doc, table, files, customised, notes } = await generateTable({
    source,
    platform,
    ...(bundled && { overridesFile: bundled }),
    moreOverrides: list(argv.overrides),
    overlays: list(argv.overlay),
    ...(previousNames && { previousNames }),
    ...(headers && { headers }),
    ...(argv.refRoot !== undefined && { refRoot: argv.refRoot }),
  });
  for (const note of notes) process.stderr.write(`runos: warning: ${note}\n`);

  if (argv.check) {
    const stale = await staleFiles(out, files);
    if (stale.length === 0) {
      process.stdout.write(`${shown(out)} is up to date (${table.tools.length} tools)\n`);
      return 0;
    }
    process.stderr.write(`runos: stale: ${stale.map(shown).join(', ')}; run \`npm run generate\` (or runos manifest update --out ${shown(out)})\n`);
    return 1;
  }

  const diff = diffTables(previous, table, customised);
  const counts = TIERS.map((tier) => `${tier} ${table.tools.filter((t) => t.tier === tier && !t.hidden).length}`).join(', ');
  const hidden = table.tools.filter((t) => t.hidden).length;
  // The report is printed after the files are written, so a closed pipe (`| head`) cannot stop the write.
  const report = [`${doc.title || 'manifest'} ${doc.version}: ${table.tools.length - hidden} tools (${counts})${hidden > 0 ? `, ${hidden} hidden` : ''}`];
  if (previous && !isEmptyDiff(diff)) {
    report.push(
      `Changes against ${shown(join(out, 'tools.json'))}: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.renamed.length} renamed, ${diff.retiered.length} re-tiered`,
      ...formatDiff(diff),
    );
  } else if (previous) {
    report.push('No tool changes.');
  }

  if (diff.loosened.length > 0 && !argv.acceptTierChanges) {
    const what = diff.loosened
      .map((c) => (c.customised ? `${c.name} ${c.fromTier} -> ${c.tier} by an overlay or extension` : c.fromTier ? `${c.name} ${c.fromTier} -> ${c.tier}` : `${c.name} new in read`))
      .join(', ');
    process.stdout.write(`${report.join('\n')}\n`);
    process.stderr.write(
      `runos: refused: ${diff.loosened.length} change(s) loosen a tier (${what}); nothing written. Review them, then rerun with --accept-tier-changes\n`,
    );
    return 1;
  }

  const stale = await staleFiles(out, files);
  for (const name of ARTEFACTS) {
    if (stale.includes(join(out, name))) await writeFileAtomic(join(out, name), files[name]);
  }
  report.push(stale.length > 0 ? `Wrote ${stale.map(shown).join(', ')}` : `${shown(out)} already up to date`);
  // The classifier misses what no rule foresaw (README, "How well, measured"): say where a reviewer should start.
  const first = weakestDecisions(table).filter((t) => t.review!.score <= 2);
  if (first.length > 0) {
    const inRead = first.filter((t) => t.tier === 'read').length;
    report.push(`Review first: ${first.length} plain decision(s) where something came close, ${inRead} of them in read: runos manifest review${argv.out === undefined ? '' : ` --table ${shown(out)}`}`);
  }
  // The operating point (classify-names.ts) costs the read tier what it cannot show to be safe: say how much.
  const named = table.tools.filter((t) => escalatingWord(t.reason) !== undefined);
  if (named.length > 0) {
    const reads = named.filter((t) => t.tier === 'sensitive-read').length;
    report.push(`Escalated on their name alone: ${named.length} (${reads} of them reads); an override settles each the document shows to carry no secret (--overrides)`);
  }
  process.stdout.write(`${report.join('\n')}\n`);
  return 0;
}
