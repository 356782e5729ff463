// How the conformance run prints a call: enough to reproduce it and to see which binding misbehaved.

/** A short key grouping violations of the same kind: `<location> <code>`. */
export function violationClass(v) {
  return `${v.location.slice(1).join('.') || 'request'} ${v.code}`;
}

/** The binding styles a tool uses, e.g. `query form/explode array, body application/x-www-form-urlencoded`. */
export function describeBinding(binding) {
  const parts = binding.params.map((p) => `${p.in} ${p.name} ${p.style}${p.explode ? '/explode' : ''} ${p.kind}${p.json ? ' json' : ''}`);
  if (binding.body) parts.push(`body ${binding.body.contentType}`);
  return parts.join('; ') || 'no parameters';
}

/** One call in full: tool, binding, arguments, the request sent, Prism's verdict, the tool result. */
export function describeCall(call, indent = '', label = 'violation') {
  const lines = [`${label}: ${call.tool} (${call.tier}) ${call.method} ${call.path}`];
  lines.push(`  binding: ${describeBinding(call.binding)}`);
  lines.push(`  arguments (seed ${call.seed}): ${clip(JSON.stringify(call.args), 800)}`);
  for (const q of call.requests) {
    lines.push(`  request: ${q.method} ${q.url}`);
    const ct = q.headers['content-type'];
    const shown = Object.entries(q.headers).filter(([k]) => !['authorization', 'host', 'connection', 'content-length', 'user-agent', 'accept-encoding', 'accept-language', 'sec-fetch-mode', 'accept'].includes(k));
    if (shown.length) lines.push(`  headers: ${shown.map(([k, v]) => `${k}: ${v}`).join('; ')}`);
    if (q.body) lines.push(`  body (${ct ?? 'no content-type'}): ${clip(q.body, 800)}`);
    lines.push(`  prism: ${q.status}`);
    for (const v of q.violations) lines.push(`    - ${v.location.join('.')} [${v.code}] ${v.message}`);
  }
  if (call.outcome) lines.push(`  result${call.outcome.isError ? ' (isError)' : ''}: ${clip(call.outcome.text, 300)}`);
  if (call.stderr) lines.push(`  server stderr: ${clip(call.stderr, 300)}`);
  return lines.map((l) => indent + l).join('\n');
}

function clip(s, n) {
  const t = String(s ?? '');
  return t.length > n ? `${t.slice(0, n)}… (${t.length} chars)` : t;
}
