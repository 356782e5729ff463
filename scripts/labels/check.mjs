// Checks a label file against its document: node scripts/labels/check.mjs <doc.json> <labels.json>. Prints counts only,
// so that whoever runs it learns nothing of the labels but their number per tier.
import { readFileSync } from 'node:fs';
import { operations, readDoc } from './doc.mjs';

const [docFile, labelFile] = process.argv.slice(2);
const labels = JSON.parse(readFileSync(labelFile, 'utf8'));
const keys = new Set([...operations(readDoc(docFile))].map((o) => o.key));
const problems = [];
const counts = { read: 0, 'sensitive-read': 0, write: 0, 'sensitive-write': 0, ambiguous: 0 };
for (const [k, l] of Object.entries(labels)) {
  if (k.startsWith('$')) continue;
  if (!keys.has(k)) { problems.push(`unknown key: ${k}`); continue; }
  if (typeof l.why !== 'string' || l.why.length < 10) problems.push(`${k}: why missing or too short`);
  if (l.ambiguous === true) { counts.ambiguous++; continue; }
  if (!(l.tier in counts) || l.tier === 'ambiguous') { problems.push(`${k}: bad tier ${l.tier}`); continue; }
  if (l.sensitive !== l.tier.startsWith('sensitive')) problems.push(`${k}: sensitive ${l.sensitive} disagrees with tier ${l.tier}`);
  counts[l.tier]++;
}
for (const k of keys) if (!(k in labels)) problems.push(`missing label: ${k}`);
if (typeof labels.$comment !== 'string') problems.push('$comment missing');
console.log(problems.length ? problems.slice(0, 40).join('\n') + `\n${problems.length} problem(s)` : 'OK');
console.log(`operations ${keys.size}; ` + Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', '));
process.exit(problems.length ? 1 : 0);
