// Agreement between two independent labellings of the same documents (README, "The labels are not the gap").
//   node scripts/labels/agree.mjs                  every document in test/fixtures/labels-agreement against its
//                                                  label file in test/fixtures/labels
//   node scripts/labels/agree.mjs <a.json> <b.json> [<a.json> <b.json> …]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const pairs = [];
if (args.length === 0) {
  const second = 'test/fixtures/labels-agreement';
  for (const f of readdirSync(second).filter((x) => x.endsWith('.json')).sort()) pairs.push([join('test/fixtures/labels', f), join(second, f)]);
} else {
  if (args.length % 2 !== 0) throw new Error('give label files in pairs: <a.json> <b.json> …');
  for (let i = 0; i < args.length; i += 2) pairs.push([args[i], args[i + 1]]);
}
const pct = (n, d) => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');
const line = (name, t) =>
  `${name.padEnd(26)} both scored ${t.both}; A sensitive ${t.aSens}, B sensitive ${t.bSens}; B calls plain ${t.bMissesA} of A's sensitive (${pct(t.bMissesA, t.aSens)}); ` +
  `A calls plain ${t.aMissesB} of B's sensitive (${pct(t.aMissesB, t.bSens)}); same tier ${pct(t.tierSame, t.both)}; ambiguous on one side only ${t.ambDiff}`;
const zero = () => ({ both: 0, aSens: 0, bSens: 0, bMissesA: 0, aMissesB: 0, tierSame: 0, ambDiff: 0 });
const total = zero();
for (const [fa, fb] of pairs) {
  const a = JSON.parse(readFileSync(fa, 'utf8'));
  const b = JSON.parse(readFileSync(fb, 'utf8'));
  const t = zero();
  for (const [k, la] of Object.entries(a)) {
    const lb = b[k];
    if (k.startsWith('$') || !lb) continue;
    if (la.ambiguous || lb.ambiguous) {
      if (!!la.ambiguous !== !!lb.ambiguous) t.ambDiff++;
      continue;
    }
    t.both++;
    if (la.sensitive) t.aSens++;
    if (lb.sensitive) t.bSens++;
    if (la.sensitive && !lb.sensitive) t.bMissesA++;
    if (lb.sensitive && !la.sensitive) t.aMissesB++;
    if (la.tier === lb.tier) t.tierSame++;
  }
  console.log(line(fa.split('/').pop().replace(/\.json$/, ''), t));
  for (const k of Object.keys(total)) total[k] += t[k];
}
console.log(line('all', total));
