// `runos manifest update` and `runos mcp tools` through the built CLI, in temp folders, as a user runs them.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateTable } from '../../src/codegen/generate.js';
import { packageRoot } from '../../src/core/paths.js';

const CLI = process.env.RUNOS_TEST_CLI || join(packageRoot(), 'dist', 'cli.js');
const here = dirname(fileURLToPath(import.meta.url));
const FIXTURE = readFileSync(join(here, 'fixtures', 'mini.openapi.yaml'), 'utf8');
const root = mkdtempSync(join(tmpdir(), 'runos-codegen-cli-'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built CLI with a private environment (no real HOME, cache or keychain). */
function runos(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const home = mkdtempSync(join(root, 'home-'));
  const fullEnv = { PATH: process.env.PATH, HOME: home, RUNOS_CACHE_DIR: join(home, 'cache'), RUNOS_CONFIG_DIR: join(home, 'config'), RUNOS_STATE_DIR: join(home, 'state'), RUNOS_KEYRING: 'file', ...env };
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: fullEnv }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A fresh folder with the fixture manifest (optionally edited) in it. */
function workspace(edit: (text: string) => string = (t) => t): { dir: string; manifest: string; out: string } {
  const dir = mkdtempSync(join(root, 'ws-'));
  const manifest = join(dir, 'mini.openapi.yaml');
  writeFileSync(manifest, edit(FIXTURE));
  return { dir, manifest, out: join(dir, 'out') };
}

/** Bytes of every file in a folder (to prove that nothing was written). */
function snapshot(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

const ADD_GET = (t: string) =>
  t.replace('  /upload:\n', "  /health:\n    get:\n      operationId: getHealth\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { type: object, properties: { status: { type: string } } }\n  /upload:\n");
const ADD_POST = (t: string) => t.replace('  /upload:\n', '  /widgets/{id}/archive:\n    post:\n      operationId: archiveWidget\n      parameters:\n        - { name: id, in: path, required: true, schema: { type: string } }\n      responses:\n        \'204\': { description: archived }\n  /upload:\n');
const SEARCH_TO_WRITE = (t: string) => t.replace('x-mcp-tier: read', 'x-mcp-tier: write');
const DROP_DELETE = (t: string) => t.replace(/    delete:\n      operationId: deleteWidget\n      summary: Delete a widget\n      responses:\n        '204': \{ description: gone \}\n/, '');

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before these tests`);
});

describe('runos manifest update', () => {
  it('writes both artefacts on a first generation, exactly what the pipeline renders', async () => {
    const ws = workspace();
    const run = await runos(['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'mini']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Mini widgets 1.2.3: 7 tools (read 2, sensitive-read 1, write 4, sensitive-write 0)');
    const { files } = await generateTable({ source: ws.manifest, platform: 'mini' });
    expect(snapshot(ws.out)).toEqual(files);
    const again = await runos(['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'mini']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No tool changes.');
    expect(again.stdout).toContain('already up to date');
  });

  /** A first table, then the same document with a listing of ids and labels added at `path`: both updates and the review. */
  // `extra`: more item fields (an answer of names, dates and links only shows no secret, so a key listing needs one that could carry it).
  async function addListing(path: string, operationId: string, extra = '') {
    const ws = workspace();
    const args = ['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'mini'];
    const plain = await runos(args);
    const listing = `  ${path}:\n    get:\n      operationId: ${operationId}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { type: array, items: { type: object, properties: { id: { type: string }, label: { type: string }${extra} } } }\n`;
    writeFileSync(ws.manifest, FIXTURE.replace('  /upload:\n', `${listing}  /upload:\n`));
    const run = await runos([...args, '--accept-tier-changes']);
    expect(run.code).toBe(0);
    return { plain: plain.stdout, run: run.stdout, review: (await runos(['manifest', 'review', '--table', ws.out])).stdout };
  }

  it('says where a reviewer should start: the plain decisions where something came close, and the command that lists them', async () => {
    const { plain, run, review } = await addListing('/account/policies', 'listPolicies');
    expect(plain).not.toContain('Review first');
    expect(run).toMatch(/Review first: 1 plain decision\(s\) where something came close, 1 of them in read: runos manifest review --table \S+/);
    expect(review).toMatch(/list_policies[\s\S]*its name speaks of "policies"/);
  });

  it('says how many decisions were escalated on their name alone, and how to settle them', async () => {
    const { plain, run, review } = await addListing('/account/keys', 'listKeys', ', data: { type: string }');
    expect(plain).not.toContain('Escalated on their name alone');
    expect(run).toContain('+ list_keys (GET /account/keys) in sensitive-read: rule 9: its name speaks of "keys"');
    expect(run).toContain('Escalated on their name alone: 1 (1 of them reads); an override settles each the document shows to carry no secret (--overrides)');
    expect(review).toMatch(/list_keys[\s\S]*escalated on its name alone \("keys"\)/);
  });

  it('prints what was added, removed, renamed and re-tiered', async () => {
    const ws = workspace();
    await runos(['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'mini']);
    writeFileSync(ws.manifest, SEARCH_TO_WRITE(DROP_DELETE(ADD_POST(FIXTURE))));
    const run = await runos(['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'mini']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 added, 1 removed, 0 renamed, 1 re-tiered');
    expect(run.stdout).toMatch(/\+ archive_widget \(POST \/widgets\/\{id\}\/archive\) in write/);
    expect(run.stdout).toMatch(/- delete_widget \(DELETE \/widgets\/\{id\}\) was in write/);
    expect(run.stdout).toMatch(/! search_widgets \(POST \/search\) moved read -> write: extension x-mcp-tier/);
    expect(JSON.parse(readFileSync(join(ws.out, 'tools.json'), 'utf8')).tools.map((t: { name: string }) => t.name)).toContain('archive_widget');
  });

  it('reports a renamed tool when the platform name changes the name budget', async () => {
    const ws = workspace((t) => t.replace('operationId: getWidgetCredentials', 'operationId: getWidgetDeviceCredentialsForProvisioning'));
    await runos(['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'mini']);
    const run = await runos(['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'mini-platform-x']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 added, 0 removed, 1 renamed, 0 re-tiered');
    expect(run.stdout).toMatch(/~ get_widget_\w+ renamed to get_\w+ \(GET \/widgets\/\{id\}\/credentials\)/);
  });

  const same = (t: string) => t;
  it.each([
    ['an operation moving to a less restrictive tier', { previous: SEARCH_TO_WRITE, next: same, want: /search_widgets write -> read/ }],
    ['a new operation in read', { previous: same, next: ADD_GET, want: /get_health new in read/ }],
  ])('refuses %s and writes nothing, unless --accept-tier-changes', async (_, { previous, next, want }) => {
    const ws = workspace(previous);
    await runos(['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'mini']);
    writeFileSync(ws.manifest, next(FIXTURE));
    const before = snapshot(ws.out);
    const refused = await runos(['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'mini']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused: 1 change\(s\) loosen a tier/);
    expect(refused.stderr).toMatch(want);
    expect(refused.stderr).toContain('--accept-tier-changes');
    expect(snapshot(ws.out)).toEqual(before);
    const accepted = await runos(['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'mini', '--accept-tier-changes']);
    expect(accepted.code).toBe(0);
    expect(snapshot(ws.out)).not.toEqual(before);
  });

  it('--check writes nothing and exits 1 naming the stale files', async () => {
    const ws = workspace();
    const missing = await runos(['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'mini', '--check']);
    expect(missing.code).toBe(1);
    expect(existsSync(ws.out)).toBe(false);
    await runos(['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'mini']);
    const fresh = await runos(['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'mini', '--check']);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain('up to date (7 tools)');
    writeFileSync(ws.manifest, ADD_POST(FIXTURE));
    const before = snapshot(ws.out);
    const stale = await runos(['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'mini', '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(join(ws.out, 'tiers.md'));
    expect(stale.stderr).toContain(join(ws.out, 'tools.json'));
    expect(snapshot(ws.out)).toEqual(before);
  });

  it.each<[string, { edit: (t: string) => string; extra?: (dir: string) => string[]; want: RegExp }]>([
    ['invalid YAML', { edit: (t) => `${t}\n  bad: [\n`, want: /mini\.openapi\.yaml: not valid YAML at line \d+/ }],
    ['not an OpenAPI document', { edit: () => 'hello: world\n', want: /mini\.openapi\.yaml: not an OpenAPI document/ }],
    ['a $ref to nothing', { edit: (t) => t.replace("$ref: '#/components/schemas/WidgetInput' }\n      responses:\n        '201'", "$ref: '#/components/schemas/Nope' }\n      responses:\n        '201'"), want: /mini\.openapi\.yaml#\/paths\/~1widgets\/post\/requestBody.*points at nothing/ }],
    ['a duplicate operationId', { edit: (t) => t.replace('operationId: deleteWidget', 'operationId: listWidgets'), want: /mini\.openapi\.yaml#\/paths\/~1widgets~1\{id\}\/delete.*listWidgets/ }],
    ['an override naming no operation', { edit: (t) => t, extra: (dir) => { const f = join(dir, 'overrides.json'); writeFileSync(f, '{"noSuchOp": {"tier": "read", "reason": "reviewed"}}'); return ['--overrides', f]; }, want: /overrides\.json#\/noSuchOp: override for operation "noSuchOp" names no operation/ }],
  ])('a broken input (%s) gives a clear error and writes nothing', async (_, { edit, extra, want }) => {
    const ws = workspace();
    await runos(['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'mini']);
    const before = snapshot(ws.out);
    writeFileSync(ws.manifest, edit(FIXTURE));
    const run = await runos(['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'mini', ...(extra?.(ws.dir) ?? [])]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(want);
    expect(run.stderr).not.toContain('internal error');
    expect(snapshot(ws.out)).toEqual(before);
  });

  it('a missing --from file gives a clear error and creates nothing', async () => {
    const ws = workspace();
    const run = await runos(['manifest', 'update', '--from', join(ws.dir, 'nope.yaml'), '--out', ws.out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/nope\.yaml.*not found/);
    expect(existsSync(ws.out)).toBe(false);
  });

  it('refuses an invalid platform name as a usage error', async () => {
    const ws = workspace();
    const run = await runos(['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'Bad_Name']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not a platform name/);
  });

  it('applies overrides given with --overrides, and none by default for a named third-party document', async () => {
    const ws = workspace();
    const overrides = join(ws.dir, 'o.json');
    writeFileSync(overrides, JSON.stringify({ $comment: 'test', deleteWidget: { tier: 'sensitive-write', reason: 'reviewed by the test' } }));
    await runos(['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'mini', '--overrides', overrides]);
    const tiers = readFileSync(join(ws.out, 'tiers.md'), 'utf8');
    expect(tiers).toContain('| delete_widget | DELETE /widgets/{id} | sensitive-write | override: reviewed by the test |');
  });

  it('without --from fetches <api url>/openapi.json with the key and writes the user cache', async () => {
    let seen: { url?: string; headers?: IncomingHttpHeaders } = {};
    const server = createServer((req, res) => {
      seen = { url: req.url, headers: req.headers };
      if (req.url === '/api/openapi.json') res.writeHead(200, { 'content-type': 'application/yaml' }).end(FIXTURE);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const cache = mkdtempSync(join(root, 'cache-'));
      const run = await runos(['manifest', 'update', '--name', 'mini'], { RUNOS_API_URL: `http://127.0.0.1:${port}/api`, RUNOS_API_KEY: 'k-test-123', RUNOS_CACHE_DIR: cache });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(seen.url).toBe('/api/openapi.json');
      expect(seen.headers?.authorization).toBe('Bearer k-test-123');
      const table = JSON.parse(readFileSync(join(cache, 'tools.json'), 'utf8'));
      expect(table.tools).toHaveLength(7);
      expect(readFileSync(join(cache, 'tools.json'), 'utf8')).not.toContain('k-test-123');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('runos manifest update --from <url>', () => {
  it('sends the API key only to the configured API origin', async () => {
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/yaml' }).end(FIXTURE);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const env = { RUNOS_API_KEY: 'k-test-456' };
      const out = mkdtempSync(join(root, 'url-'));
      const same = await runos(['manifest', 'update', '--from', `http://127.0.0.1:${port}/spec.yaml`, '--out', join(out, 'a'), '--name', 'mini'], { ...env, RUNOS_API_URL: `http://127.0.0.1:${port}` });
      const other = await runos(['manifest', 'update', '--from', `http://127.0.0.1:${port}/spec.yaml`, '--out', join(out, 'b'), '--name', 'mini'], { ...env, RUNOS_API_URL: 'http://127.0.0.2:9' });
      expect([same.code, other.code]).toEqual([0, 0]);
      expect(seen).toEqual(['Bearer k-test-456', undefined]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('runos mcp tools', () => {
  let out: string;
  beforeAll(async () => {
    const ws = workspace();
    out = ws.out;
    await runos(['manifest', 'update', '--from', ws.manifest, '--out', ws.out, '--name', 'mini']);
  });

  it('lists every tool per tier with its reason', async () => {
    const run = await runos(['mcp', 'tools', '--table', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('read (server mini): 2 tools');
    expect(run.stdout).toContain('sensitive-read (server mini-sensitive-read): 1 tools');
    expect(run.stdout).toMatch(/get_widget_credentials\s+GET \/widgets\/\{id\}\/credentials\s+rule 4: response field password \(format: password\)/);
    expect(run.stdout).toContain('7 tools from');
  });

  it('filters by tier and prints JSON', async () => {
    const run = await runos(['mcp', 'tools', '--table', out, '--tier', 'write', '--json']);
    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout);
    expect(parsed.platform).toBe('mini');
    expect(parsed.tools.map((t: { name: string }) => t.name)).toEqual(['create_widget', 'delete_widget', 'replace_widget', 'upload_widget_image']);
    expect(parsed.tools.every((t: { tier: string; server: string }) => t.tier === 'write' && t.server === 'mini-write')).toBe(true);
  });

  it('lists the toolsets with tool counts per tier, and the tools of some toolsets', async () => {
    const run = await runos(['mcp', 'tools', '--table', out, '--toolsets']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^toolset\s+read\s+sensitive-read\s+write\s+sensitive-write$/m);
    expect(run.stdout).toMatch(/^widgets\s+1\s+1\s+3\s+0$/m);
    expect(run.stdout).toMatch(/^search\s+1\s+0\s+0\s+0$/m);
    expect(run.stdout).toMatch(/^\(all\)\s+2\s+1\s+4\s+0$/m);
    const some = await runos(['mcp', 'tools', '--table', out, '--toolsets', 'upload', '--json']);
    expect(JSON.parse(some.stdout).tools.map((t: { name: string }) => t.name)).toEqual(['upload_widget_image']);
    const typo = await runos(['mcp', 'tools', '--table', out, '--toolsets', 'widget']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('no toolset widget');
  });

  it('lists the bundled RunOS table when no cache exists', async () => {
    const run = await runos(['mcp', 'tools', '--json']);
    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout);
    expect(parsed.origin).toBe('bundled');
    expect(parsed.tools.length).toBe(JSON.parse(readFileSync(join(packageRoot(), 'generated', 'tools.json'), 'utf8')).tools.length);
  });

  it('says which table is broken', async () => {
    const ws = workspace();
    const run = await runos(['mcp', 'tools', '--table', ws.dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/tools\.json: cannot read the tool table/);
  });
});

describe('runos manifest review', () => {
  it('lists the weakest decisions first, each with why, and as JSON', async () => {
    const ws = workspace((t) => t.replace(/summary: List widgets/, 'summary: List widgets (their passwords are never shown)'));
    expect((await runos(['manifest', 'update', '--from', ws.manifest, '--name', 'mini', '--out', ws.out])).code).toBe(0);
    const text = await runos(['manifest', 'review', '--table', ws.out]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/decisions are worth a look/);
    const json = await runos(['manifest', 'review', '--table', ws.out, '--json']);
    const parsed = JSON.parse(json.stdout) as { decisions: { score: number; notes: string[] }[] };
    const scores = parsed.decisions.map((d) => d.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(parsed.decisions.every((d) => d.notes.length > 0)).toBe(true);
    expect(readFileSync(join(ws.out, 'tiers.md'), 'utf8')).toMatch(/## Review first/);
  });
});
