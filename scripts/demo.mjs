// The main job on the built-in sandbox: start the four tier servers exactly as a client would
// (`runos mcp serve <tier> --sandbox`, the built CLI over stdio), and carry out each example sentence of
// PRODUCT.md through the tier that may do it. No platform account needed; nothing leaves 127.0.0.1.
// Usage: npm run demo   (exit 1 if any step does not behave as described)
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const home = mkdtempSync(join(tmpdir(), 'runos-demo-'));
// A private HOME: the demo never reads or writes the user's profile, keychain, cache or audit log.
const env = {
  PATH: process.env.PATH ?? '',
  HOME: home,
  RUNOS_CONFIG_DIR: join(home, 'config'),
  RUNOS_CACHE_DIR: join(home, 'cache'),
  RUNOS_STATE_DIR: join(home, 'state'),
};
const TIERS = ['read', 'sensitive-read', 'write', 'sensitive-write'];
const servers = {};
let failures = 0;

async function connect(tier) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', 'serve', tier, '--sandbox', '--table', join(root, 'generated')], env, stderr: 'ignore' });
  const client = new Client({ name: 'runos-demo', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

function short(value, max = 240) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Call one tool on one tier's server, print the exchange, and check the outcome. */
async function step(tier, tool, args, check) {
  const server = `${tier === 'read' ? 'runos' : `runos-${tier}`}`;
  process.stdout.write(`  ${server} › ${tool} ${short(args, 160)}\n`);
  let result;
  try {
    result = await servers[tier].callTool({ name: tool, arguments: args });
  } catch (err) {
    result = { protocolError: err };
  }
  const text = result.protocolError ? `MCP error ${result.protocolError.code}: ${result.protocolError.message}` : result.content.map((c) => c.text).join('\n');
  process.stdout.write(`    ${result.isError || result.protocolError ? '✗' : '→'} ${short(text)}\n`);
  const verdict = check(result, text);
  if (verdict !== true) {
    failures++;
    process.stdout.write(`    !! unexpected: ${verdict}\n`);
  }
  return result.protocolError || result.isError ? undefined : JSON.parse(text);
}

const ok = (r) => (r.isError || r.protocolError ? 'the call failed' : true);

try {
  const t0 = performance.now();
  for (const tier of TIERS) servers[tier] = await connect(tier);
  const counts = await Promise.all(TIERS.map(async (t) => (await servers[t].listTools()).tools.length));
  process.stdout.write(`Four servers up in ${Math.round(performance.now() - t0)} ms: ${TIERS.map((t, i) => `${t} ${counts[i]} tools`).join(', ')}\n\n`);

  process.stdout.write('"What services are running in my production cluster?"\n');
  await step('read', 'list_services', { cluster: 'prod', status: 'running' }, (r, t) => (ok(r) === true && t.includes('users-db') ? true : 'users-db not listed'));

  process.stdout.write('\n"Give me the PostgreSQL connection string for the users-db service"\n');
  await step('read', 'get_connection_string', { service: 'users-db' }, (r) => (r.protocolError?.code === -32602 ? true : 'the read server knew a sensitive tool'));
  await step('sensitive-read', 'get_connection_string', { service: 'users-db' }, (r, t) => (ok(r) === true && /postgres(ql)?:\/\/[^:]+:[^@]+@/.test(t) ? true : 'no connection string'));

  process.stdout.write('\n"Create a new Valkey cache called session-store with 2 replicas"\n');
  await step('write', 'create_service', { body: { name: 'session-store', type: 'valkey', cluster: 'prod', replicas: 2 } }, ok);
  await step('read', 'list_services', { type: 'valkey' }, (r, t) => (ok(r) === true && t.includes('session-store') ? true : 'session-store not listed'));

  process.stdout.write('\n"Show me the status of all nodes in cluster i4y"\n');
  await step('read', 'list_nodes', { cluster: 'i4y' }, (r, t) => (ok(r) === true && t.includes('"status"') ? true : 'no node status'));

  process.stdout.write('\n"Show me a database view of all users and the count of their posts"\n');
  const sql = 'SELECT u.name, COUNT(p.id) AS posts FROM users u LEFT JOIN posts p ON p.user_id = u.id GROUP BY u.name ORDER BY posts DESC';
  await step('sensitive-read', 'run_sql_query', { service: 'users-db', database: 'users', body: { sql } }, (r, t) => (ok(r) === true && t.includes('rows') ? true : 'no rows'));

  process.stdout.write('\n"Create a new bucket in my object store that can be accessed by the public"\n');
  const storage = await step('read', 'list_services', { type: 'object-storage' }, ok);
  const store = storage?.items?.[0]?.name ?? 'assets';
  await step('write', 'create_bucket', { service: store, body: { name: 'public-assets' } }, ok);
  await step('sensitive-write', 'set_bucket_policy', { service: store, bucket: 'public-assets', body: { access: 'public-read' } }, ok);

  process.stdout.write('\n"Create a new database and user on my PostgreSQL instance"\n');
  await step('write', 'create_database', { service: 'users-db', body: { name: 'analytics' } }, ok);
  await step('sensitive-write', 'create_database_user', { service: 'users-db', body: { username: 'analyst', roles: ['readonly'], databases: ['analytics'] } }, (r, t) => (ok(r) === true && t.includes('password') ? true : 'no password returned'));

  process.stdout.write('\nDefence in depth: the read server redacts secret-looking values a read tool happens to return\n');
  const logs = await step('read', 'get_app_logs', { app: 'web', tail: 4 }, (r, t) => (ok(r) === true && /db: connecting to postgres:\/\/app_rw:\[redacted/.test(t) ? true : 'the password in the log line was not redacted'));
  const leaked = logs?.items?.find((l) => l.message.startsWith('db: connecting'));
  if (leaked) process.stdout.write(`    the app logged its DATABASE_URL; the read server returned: ${leaked.message}\n`);

  // Every call went to the audit log (redacted arguments, mode 0600): show its tail as `runos mcp audit` prints it.
  process.stdout.write('\nThe audit log (runos mcp audit --tail 5):\n');
  process.stdout.write(execFileSync(process.execPath, [cli, 'mcp', 'audit', '--tail', '5'], { env, encoding: 'utf8' }).replace(/^/gm, '  '));
} finally {
  await Promise.all(Object.values(servers).map((c) => c.close().catch(() => {})));
  rmSync(home, { recursive: true, force: true });
}

process.stdout.write(failures ? `\ndemo: ${failures} step(s) did not behave as described\n` : '\ndemo: every example sentence carried out through the right tier\n');
process.exitCode = failures ? 1 : 0;
