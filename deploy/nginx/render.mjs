#!/usr/bin/env node
// Renders deploy/nginx/runos-site.conf.template: the `listen` lines and the replicas' addresses are all
// that differ between the committed example (deploy/nginx/runos.conf, TLS on 443) and the load test's
// loopback run. `node deploy/nginx/render.mjs` rewrites the example; `--check` fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));

/** The example's settings: three replicas on a private network, TLS terminated here. */
export const EXAMPLE = {
  listen: ['listen 443 ssl;', 'server_name mcp.example.com;', 'ssl_certificate /etc/nginx/tls/mcp.example.com.crt;', 'ssl_certificate_key /etc/nginx/tls/mcp.example.com.key;'],
  servers: ['10.0.0.11:8808', '10.0.0.12:8808', '10.0.0.13:8808'],
};

/**
 * The site config for `listen` (directives, one per line) and `servers` (host:port of each replica).
 * @param {{ listen: string[]; servers: string[] }} o
 */
export function renderSite(o) {
  if (!o.servers.length) throw new Error('at least one replica');
  const template = readFileSync(here('./runos-site.conf.template'), 'utf8');
  return template
    .replace('@SERVERS@', o.servers.map((s) => `    server ${s} max_fails=1 fail_timeout=5s;`).join('\n'))
    .replace('@LISTEN@', o.listen.map((l) => `    ${l}`).join('\n'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = here('./runos.conf');
  const text = renderSite(EXAMPLE);
  if (process.argv.includes('--check')) {
    if (readFileSync(out, 'utf8') !== text) {
      console.error(`${out} is stale: run node deploy/nginx/render.mjs`);
      process.exit(1);
    }
  } else writeFileSync(out, text);
}
