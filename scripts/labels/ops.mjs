// Prints every operation of an OpenAPI/Swagger JSON document for labelling: node scripts/labels/ops.mjs <doc.json> [from] [count]
import { operations, readDoc } from './doc.mjs';

const [file, fromArg, countArg] = process.argv.slice(2);
const { doc, deref } = readDoc(file);
const from = Number(fromArg ?? 0);
const count = Number(countArg ?? 1e9);
const short = (s, n = 400) => (typeof s === 'string' ? s.replace(/\s+/g, ' ').slice(0, n) + (s.length > n ? '…' : '') : '');

/** A schema as indented lines: name, type, format, flags, example and description per field, six levels deep. */
function outline(schema, indent, depth, seen) {
  const refName = schema && typeof schema.$ref === 'string' ? schema.$ref.split('/').pop() : undefined;
  const s = deref(schema);
  if (!s || typeof s !== 'object') return [`${indent}(no schema)`];
  if (refName && seen.has(refName)) return [`${indent}<${refName}> (see above)`];
  const inner = refName ? new Set([...seen, refName]) : seen;
  const flags = [
    s.type ?? '',
    s.format ? `format:${s.format}` : '',
    s.writeOnly ? 'writeOnly' : '',
    s.readOnly ? 'readOnly' : '',
    s.enum ? `enum:${JSON.stringify(s.enum).slice(0, 80)}` : '',
    s.example !== undefined ? `example:${JSON.stringify(s.example).slice(0, 80)}` : '',
    ...Object.keys(s).filter((k) => k.startsWith('x-')).map((k) => `${k}:${JSON.stringify(s[k]).slice(0, 60)}`),
  ].filter(Boolean);
  const lines = [`${indent}${refName ? `<${refName}> ` : ''}${flags.join(' ')} ${s.description ? `— ${short(s.description, 200)}` : ''}`.trimEnd()];
  if (depth >= 6) return lines;
  // A child's first line goes after its label; the rest below it.
  const child = (label, sub) => {
    const sublines = outline(sub, `${indent}    `, depth + 1, inner);
    lines.push(`${indent}  ${label}: ${sublines[0].trim()}`, ...sublines.slice(1));
  };
  for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(s[k])) s[k].forEach((b, i) => child(`${k}[${i}]`, b));
  for (const [name, p] of Object.entries(s.properties ?? {})) child(`.${name}${(s.required ?? []).includes(name) ? '*' : ''}`, p);
  if (s.items) child('[]', s.items);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') child('{*}', s.additionalProperties);
  return lines;
}

const out = [];
out.push(`# ${doc.info?.title} ${doc.info?.version} (${doc.openapi ? 'OpenAPI ' + doc.openapi : 'Swagger ' + doc.swagger})`);
out.push(`description: ${short(doc.info?.description, 1500)}`);
out.push(`security schemes: ${JSON.stringify(doc.components?.securitySchemes ?? doc.securityDefinitions ?? {}).slice(0, 1500)}`);
out.push(`global security: ${JSON.stringify(doc.security ?? [])}`);
let i = 0;
for (const { key, method, path, item, op } of operations({ doc, deref })) {
  const idx = i++;
  if (idx < from || idx >= from + count) continue;
  out.push('', `=== [${idx}] KEY: ${key}`, `${method} ${path}   tags: ${(op.tags ?? []).join(', ')}`);
  if (op.summary) out.push(`summary: ${short(op.summary, 300)}`);
  if (op.description) out.push(`description: ${short(op.description, 1200)}`);
  if (op.security) out.push(`security: ${JSON.stringify(op.security)}`);
  for (const rp of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
    const p = deref(rp);
    // AWS's signing headers are on every operation and say nothing about it; its `X-Amz-Target` names the action.
    if (p.in === 'header' && /^X-Amz-(?!Target)/i.test(p.name)) continue;
    if (p.in === 'body') { out.push(`body${p.required ? '*' : ''}: ${short(p.description, 200)}`); out.push(...outline(p.schema, '    ', 0, new Set())); continue; }
    const ps = deref(p.schema ?? p);
    out.push(`param ${p.in} ${p.name}${p.required ? '*' : ''}: ${ps?.type ?? ''}${ps?.format ? ' format:' + ps.format : ''}${ps?.enum ? ' enum:' + JSON.stringify(ps.enum).slice(0, 80) : ''} ${short(p.description, 200)}`);
  }
  const rb = deref(op.requestBody);
  if (rb) for (const [ct, media] of Object.entries(rb.content ?? {})) { out.push(`requestBody ${ct}${rb.required ? '*' : ''}: ${short(rb.description, 200)}`); out.push(...outline(media.schema, '    ', 0, new Set())); }
  for (const [status, rr] of Object.entries(op.responses ?? {})) {
    const r = deref(rr);
    out.push(`response ${status}: ${short(r?.description, 300)}`);
    // Error answers are named, not drawn: their shapes carry no secret of the operation.
    if (/^[45]/.test(status) || Number(status) >= 400) continue;
    if (r?.schema) out.push(...outline(r.schema, '    ', 0, new Set()));
    for (const [ct, media] of Object.entries(r?.content ?? {})) { out.push(`  ${ct}:`); if (media.schema) out.push(...outline(media.schema, '    ', 0, new Set())); }
  }
}
console.log(out.join('\n'));
console.error(`operations: ${i}`);
