// Declarative customisation through the built CLI, as a user runs it: OpenAPI overlays and x-runos/x-mcp
// extensions on a shared document (GitHub), overrides that add to the bundled ones, names kept across updates.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundledManifestPath, bundledOverridesPath, packageRoot, specsDir } from '../../src/core/paths.js';
import type { ToolEntry, ToolTable } from '../../src/core/tool-table.js';
import { makeHome, requireBuiltCli, runCli } from '../credentials/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'runos-customise-'));
const GITHUB = join(specsDir(), 'github-api.json');
let n = 0;
const write = (name: string, text: string) => {
  const path = join(root, `${n++}-${name}`);
  writeFileSync(path, text);
  return path;
};
const outDir = () => join(root, `out-${n++}`);
const table = (dir: string) => JSON.parse(readFileSync(join(dir, 'tools.json'), 'utf8')) as ToolTable;
const byOp = (t: ToolTable, id: string) => t.tools.find((x) => x.operationId === id) as ToolEntry;
async function runos(args: string[]) {
  return runCli(args, (await makeHome()).env);
}

beforeAll(() => requireBuiltCli());

const RENAME_DESCRIBE_HIDE = `overlay: 1.0.0
info: { title: GitHub for our team, version: 1.0.0 }
actions:
  - target: $.paths['/repos/{owner}/{repo}'].get
    update: { x-runos: { name: get_repository, title: Get one repository } }
  - target: $.paths['/repos/{owner}/{repo}/issues'].post
    update: { summary: File an issue, x-runos: { description: File an issue in one of our repositories; say which one } }
  - target: $.paths['/repos/{owner}/{repo}'].delete
    update: { x-runos: { hidden: true } }
  - target: $.paths[*][?@.tags[0] == 'gists']
    update: { x-mcp: { toolset: snippets } }
`;
const LOOSEN_BY_EXTENSION = `overlay: 1.0.0
info: { title: make repos/get a read, version: 1.0.0 }
actions:
  - target: $.paths['/repos/{owner}/{repo}'].get
    update: { x-mcp: { tier: read } }
`;
const LOOSEN_BY_SCHEMA = `overlay: 1.0.0
info: { title: drop the clone token from every schema, version: 1.0.0 }
actions:
  - target: $.components.schemas.*.properties.temp_clone_token
    remove: true
`;

describe.skipIf(!existsSync(GITHUB))('overlays on a shared document (GitHub)', () => {
  it('renames, re-describes and hides operations, and moves a toolset', async () => {
    const out = outDir();
    const run = await runos(['manifest', 'update', '--from', GITHUB, '--name', 'github', '--out', out, '--overlay', write('team.overlay.yaml', RENAME_DESCRIBE_HIDE)]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: 873 tools \(.*\), 1 hidden/);
    const t = table(out);
    expect(byOp(t, 'repos/get')).toMatchObject({ name: 'get_repository', title: 'Get one repository', tier: 'sensitive-read' });
    expect(byOp(t, 'issues/create')).toMatchObject({ title: 'File an issue', description: expect.stringMatching(/^File an issue in one of our repositories; say which one\./) });
    expect(byOp(t, 'repos/delete')).toMatchObject({ hidden: true, tier: 'write' });
    expect(byOp(t, 'gists/list')).toMatchObject({ toolset: 'snippets' });
    expect(readFileSync(join(out, 'tiers.md'), 'utf8')).toContain('| repos_delete | DELETE /repos/{owner}/{repo} | write (hidden) |');
    expect(t.manifest.overlays).toEqual([{ file: expect.stringMatching(/team\.overlay\.yaml$/), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);

    const listed = JSON.parse((await runos(['mcp', 'tools', '--table', out, '--tier', 'write', '--json'])).stdout) as { tools: { name: string }[]; hidden: { name: string }[] };
    expect(listed.tools.map((x) => x.name)).not.toContain('repos_delete');
    expect(listed.hidden.map((x) => x.name)).toEqual(['repos_delete']);
  }, 60_000);

  it('refuses an overlay that loosens a tier, even on a first generation into an empty folder, until accepted', async () => {
    const out = outDir();
    const overlay = write('loosen.overlay.yaml', LOOSEN_BY_EXTENSION);
    const args = ['manifest', 'update', '--from', GITHUB, '--name', 'github', '--out', out, '--overlay', overlay];
    const refused = await runos(args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused: 1 change(s) loosen a tier (repos_get sensitive-read -> read by an overlay or extension); nothing written');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);

    const accepted = await runos([...args, '--accept-tier-changes']);
    expect(accepted.code).toBe(0);
    expect(byOp(table(out), 'repos/get')).toMatchObject({ tier: 'read', reason: 'extension x-mcp.tier' });
    // Accepted once, it stays accepted: the next update with the same overlay is no new loosening.
    expect((await runos(args)).code).toBe(0);
  }, 120_000);

  it('refuses an overlay that loosens tiers by editing schemas (the secret field removed)', async () => {
    const out = outDir();
    const run = await runos(['manifest', 'update', '--from', GITHUB, '--name', 'github', '--out', out, '--overlay', write('schema.overlay.yaml', LOOSEN_BY_SCHEMA)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/refused: \d+ change\(s\) loosen a tier \(.*search_repos sensitive-read -> read by an overlay or extension/);
    expect(existsSync(join(out, 'tools.json'))).toBe(false);
  }, 60_000);
});

describe('overrides add to the bundled reviewed ones', () => {
  it('--overrides keeps the bundled overrides and adds its own', async () => {
    const out = outDir();
    const mine = write('mine.json', JSON.stringify({ list_clusters: { tier: 'sensitive-read', reason: 'cluster names are confidential here (reviewed by ops, 2026-12)' } }));
    const run = await runos(['manifest', 'update', '--from', bundledManifestPath(), '--out', out, '--overrides', mine]);
    expect(run.code).toBe(0);
    const t = table(out);
    expect(byOp(t, 'list_clusters')).toMatchObject({ tier: 'sensitive-read', reason: expect.stringMatching(/^override: cluster names/) });
    expect(byOp(t, 'set_bucket_policy').reason).toMatch(/^override: changes who may read or write/);
  }, 60_000);

  it('refuses an operation overridden in both files, naming both', async () => {
    const mine = write('clash.json', JSON.stringify({ set_bucket_policy: { tier: 'write', reason: 'a second opinion' } }));
    const run = await runos(['manifest', 'update', '--from', bundledManifestPath(), '--out', outDir(), '--overrides', mine]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`operation "set_bucket_policy" is overridden in both ${bundledOverridesPath()} and ${mine}`);
  }, 60_000);

  it('--no-bundled-overrides leaves them out', async () => {
    const out = outDir();
    const run = await runos(['manifest', 'update', '--from', bundledManifestPath(), '--out', out, '--no-bundled-overrides']);
    expect(run.code).toBe(0);
    expect(byOp(table(out), 'set_bucket_policy').reason).not.toMatch(/^override/);
  }, 60_000);

  it('a first generation of the platform’s own manifest is not refused: its x-runos-tier is the document’s own word', async () => {
    const run = await runos(['manifest', 'update', '--from', bundledManifestPath(), '--out', outDir()]);
    expect(run.code).toBe(0);
    expect(readFileSync(join(packageRoot(), 'manifest', 'runos.openapi.json'), 'utf8')).toContain('x-runos-tier');
  }, 60_000);
});

describe('names stay across updates', () => {
  const mini = readFileSync(join(packageRoot(), 'test', 'codegen', 'fixtures', 'mini.openapi.yaml'), 'utf8');

  it('keeps a name whose summary changed, and renames it only with --renew-names', async () => {
    const out = outDir();
    const manifest = write('mini.yaml', mini);
    const args = ['manifest', 'update', '--from', manifest, '--name', 'mini', '--out', out];
    expect((await runos(args)).code).toBe(0);
    expect(byOp(table(out), 'post_upload').name).toBe('upload_widget_image');

    writeFileSync(manifest, mini.replace('summary: Upload a widget image', 'summary: Attach a picture'));
    const kept = await runos(args);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain('No tool changes.');
    expect(byOp(table(out), 'post_upload').name).toBe('upload_widget_image');

    const renewed = await runos([...args, '--renew-names']);
    expect(renewed.stdout).toContain('~ upload_widget_image renamed to attach_picture (POST /upload)');
    expect(byOp(table(out), 'post_upload').name).toBe('attach_picture');
  }, 60_000);
});
