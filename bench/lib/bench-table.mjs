// The bench's printed table: one line per figure, ours beside the peer and the PRODUCT.md target.

const ms = (x) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const mb = (x) => (x === null || x === undefined ? 'n/a' : `${x.toFixed(0)} MB`);
const verdict = (ok) => (ok ? 'met' : 'MISSED');

/** Print the results as a Markdown table (the README pastes it). */
export function printTable(r) {
  const m = r.machine;
  const rows = [];
  for (const c of r.codegen ?? []) {
    const target = c.doc === 'github' ? '≤ 1000 ms' : '';
    rows.push([`codegen ${c.doc} (${c.tools} tools), median of ${c.runs}`, ms(c.medianMs), `peak ${mb(c.peakRssMb)}`, target, c.doc === 'github' ? verdict(c.medianMs <= 1000) : '']);
  }
  if (r.coldStart) rows.push(...serveRows(r));
  if (r.remote) rows.push(...remoteRows(r.remote));
  const out = [
    `runos bench — ${r.date.slice(0, 10)} — \`${r.command}\``,
    `machine: ${m.cores} cores (${m.cpu}), ${m.memoryGb} GB, node ${m.node}, ${m.platform}, load ${m.loadavg.join(' ')} before / ${r.machineAfter.loadavg.join(' ')} after`,
    '',
    '| figure | ours | beside | target | |',
    '|---|---|---|---|---|',
    ...rows.map((cols) => `| ${cols.join(' | ')} |`),
  ];
  process.stdout.write(out.join('\n') + '\n');
}

/** Rows of the stdio serving figures: cold start, tools/list bytes, calls. */
function serveRows(r) {
  const rows = [];
  const cs = r.coldStart;
  rows.push([`cold start → tools/list, RunOS table (read), median of ${cs.runosRead.runs}`, ms(cs.runosRead.medianMs), '', '≤ 150 ms', verdict(cs.runosRead.medianMs <= 150)]);
  rows.push([`cold start → tools/list, GitHub table (read, ${cs.githubRead.tools} tools)`, ms(cs.githubRead.medianMs), `peer ${ms(cs.peerGithub.medianMs)} (${cs.peerGithub.tools} tools); peer/ours ${(cs.peerGithub.medianMs / cs.githubRead.medianMs).toFixed(1)}×`, '≤ 250 ms', verdict(cs.githubRead.medianMs <= 250)]);
  rows.push([`cold start → tools/list, GitHub table (sensitive-write, ${cs.githubSensitiveWrite.tools} tools)`, ms(cs.githubSensitiveWrite.medianMs), '', '≤ 250 ms', verdict(cs.githubSensitiveWrite.medianMs <= 250)]);
  const tl = r.toolsListGithub;
  rows.push([`tools/list bytes per tool, GitHub (${tl.ours.tools} tools over 4 tiers)`, `${tl.ours.bytesPerTool.toFixed(0)} B`, `peer ${tl.peer.bytesPerTool.toFixed(0)} B (${(tl.peer.bytes / 1e6).toFixed(2)} MB); ours/peer ${(tl.ours.bytesPerTool / tl.peer.bytesPerTool).toFixed(2)}; params kept ${tl.ours.parametersBound - tl.ours.parametersMissing.length}/${tl.ours.parametersBound}`, '≤ ½ peer', verdict(tl.ours.bytesPerTool * 2 <= tl.peer.bytesPerTool && !tl.ours.parametersMissing.length)]);
  for (const [label, c] of [['RunOS list_clusters', r.calls.runosListClusters], ['GitHub meta_root', r.calls.githubMetaRoot], ['peer GitHub meta-root', r.calls.peerGithubMetaRoot]]) {
    const ours = !label.startsWith('peer');
    rows.push([`added latency per call, ${label} (${c.calls} calls × ${c.runs} processes)`, `${ms(c.addedMedianMs)} median, ${ms(c.addedP99Ms)} p99`, `direct ${ms(c.directMedianMs)} / via MCP ${ms(c.mcpMedianMs)} median; per process ${c.addedMedianMsPerRun.map((x) => x.toFixed(2)).join(', ')}`, ours ? '≤ 0.3 ms median' : '', ours ? verdict(c.addedMedianMs <= 0.3) : '']);
    rows.push([`calls per second, one connection, ${label}`, `${c.sequentialPerSec.toFixed(0)}/s sequential`, `${c.pipelinedPerSec.toFixed(0)}/s with ${c.inFlight} in flight`, '', '']);
    rows.push([`resident memory while serving, ${label} (after ${c.totalCallsServed} calls)`, mb(c.rssMbAfterCalls), `${mb(c.rssMbAfterStart)} after tools/list`, ours ? '≤ 80 MB' : '', ours && c.rssMbAfterCalls !== null ? verdict(c.rssMbAfterCalls <= 80) : '']);
  }
  return rows;
}

/** Rows of the remote serving figures: one `serve --http` replica beside a bare node:http proxy. */
function remoteRows(x) {
  const pct = (v) => `${(v * 100).toFixed(0)}%`;
  return [
    [`remote: calls per second through one replica, RunOS list_clusters, ${x.inFlight} in flight (${x.burst} calls × ${x.runs} runs)`, `${x.runosPerSec.toFixed(0)}/s`, `bare node:http proxy ${x.proxyPerSec.toFixed(0)}/s (ours ${pct(x.throughputRatio)}; per run ${x.throughputRatioPerRun.map(pct).join(', ')}); direct ${x.directPerSec.toFixed(0)}/s`, '≥ 70% of the proxy', verdict(x.throughputRatio >= 0.7)],
    [`remote: added latency per call over direct HTTP (${x.calls} sequential calls per path)`, `${ms(x.runosAddedMedianMs)} median, ${ms(x.runosAddedP99Ms)} p99`, `bare proxy adds ${ms(x.proxyAddedMedianMs)} median, ${ms(x.proxyAddedP99Ms)} p99; direct ${ms(x.directMedianMs)} median`, '', ''],
    ['remote: server CPU per call (user + system)', x.runosCpuMsPerCall === null ? 'n/a' : `${x.runosCpuMsPerCall.toFixed(2)} ms`, x.proxyCpuMsPerCall === null ? '' : `bare proxy ${x.proxyCpuMsPerCall.toFixed(2)} ms`, '', ''],
    ['remote: resident memory of the replica after the run', mb(x.runosRssMb), '', '', ''],
  ];
}
