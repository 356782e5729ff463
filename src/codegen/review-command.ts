import { loadServedTable } from '../core/table-source.js';
import { weakestDecisions } from './render.js';

/** The options `runos manifest review` is called with (src/cli.ts). */
export interface ReviewArgs {
  table?: string;
  limit?: number;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
}

/**
 * `runos manifest review`: the tier decisions with the weakest evidence first (a plain tier although something
 * came close, then redacted incidental secrets, escalations on doubt alone, on wording), so a platform team
 * reviews twenty lines instead of a thousand and writes overrides where it disagrees.
 */
export async function runManifestReview(argv: ReviewArgs): Promise<number> {
  const { table, dir } = await loadServedTable(argv.table, argv.env ?? process.env);
  const weak = weakestDecisions(table);
  const shown = weak.slice(0, argv.limit ?? 20);
  if (argv.json) {
    const rows = shown.map((t) => ({ name: t.name, operationId: t.operationId, method: t.method, path: t.path, tier: t.tier, score: t.review!.score, notes: t.review!.notes, reason: t.reason }));
    process.stdout.write(`${JSON.stringify({ table: dir, weak: weak.length, tools: table.tools.length, decisions: rows }, null, 2)}\n`);
    return 0;
  }
  const lines = [`${weak.length} of ${table.tools.length} decisions are worth a look (${dir}); the ${shown.length} weakest first:`, ''];
  for (const t of shown) {
    lines.push(`${t.review!.score}  ${t.tier.padEnd(15)} ${t.name}  (${t.method} ${t.path})`);
    lines.push(`   why look: ${t.review!.notes.join('; ')}`);
    lines.push(`   decided:  ${t.reason}`);
  }
  lines.push('', 'Disagree? Add the operationId to an overrides file ({"<operationId>": {"tier": "…", "reason": "why, who reviewed"}}) and pass it with --overrides.');
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
