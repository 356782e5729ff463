// Summarise a V8 .cpuprofile (node --cpu-prof) into where the time goes: self time grouped by package
// (node's module loader, each node_modules package, runos' own bundle chunks, GC) and the top functions.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function groupOf(url, fn) {
  if (!url) return fn.startsWith('(') ? fn : 'native (fs, compile, …)';
  if (url.includes('/.runos-proof-')) return `runos ${url.split('/').pop().replace(/-[A-Z0-9]{8}\.js$/, '')}`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return `package ${parts[0].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]}`;
  }
  if (url.startsWith('node:internal/modules')) return 'node module loader';
  if (url.startsWith('node:')) return 'node (other internals)';
  return `runos ${url.split('/').pop().replace(/-[A-Z0-9]{8}\.js$/, '')}`;
}

/** Self time per group and per function of the one profile in `dir`, in ms, biggest first. */
export function summariseProfile(dir, top = 10) {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return null;
  const p = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const self = new Map();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const groups = new Map();
  const fns = new Map();
  for (const n of p.nodes) {
    const t = (self.get(n.id) ?? 0) / 1000;
    if (!t) continue;
    const { url, functionName, lineNumber } = n.callFrame;
    const g = groupOf(url, functionName);
    groups.set(g, (groups.get(g) ?? 0) + t);
    const f = `${functionName || '(anonymous)'} ${url ? url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, 'dist/') : ''}:${lineNumber + 1}`;
    fns.set(f, (fns.get(f) ?? 0) + t);
  }
  const total = [...groups.values()].reduce((a, b) => a + b, 0);
  const sort = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, ms]) => ({ what: k, ms: Math.round(ms * 10) / 10, pct: Math.round((1000 * ms) / total) / 10 }));
  return { file: join(dir, file), totalMs: Math.round(total), groups: sort(groups), functions: sort(fns) };
}
