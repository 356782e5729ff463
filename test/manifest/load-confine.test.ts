// File `$ref`s stay inside the root document's folder tree (or `--ref-root`), read only regular files of
// bounded size, and every refusal names the $ref, the file and the pointer — and writes nothing.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManifestError } from '../../src/core/errors.js';
import { packageRoot } from '../../src/core/paths.js';
import { loadDocument } from '../../src/manifest/load.js';

const CLI = process.env.RUNOS_TEST_CLI || join(packageRoot(), 'dist', 'cli.js');
const base = mkdtempSync(join(tmpdir(), 'runos-confine-'));
// A file outside every document folder below: its description must never reach a table.
const outsideDir = join(base, 'outside');
mkdirSync(outsideDir);
const outside = join(outsideDir, 'param.yaml');
writeFileSync(outside, 'P:\n  name: leaked\n  in: query\n  description: LEAKED-FROM-OUTSIDE\n  schema: { type: string }\n');

/** A document folder whose one operation takes a parameter from `ref`; `setup` adds files next to it. */
function docWith(ref: string, setup: (dir: string) => void = () => {}): { dir: string; doc: string; out: string } {
  const dir = mkdtempSync(join(base, 'doc-'));
  setup(dir);
  const doc = join(dir, 'openapi.yaml');
  writeFileSync(doc, `openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - $ref: '${ref}'\n      responses: { "200": { description: ok } }\n`);
  return { dir, doc, out: join(dir, 'out') };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  killed: boolean;
}

/** The built CLI, bounded: a hang (a FIFO read) is killed after 30 s and shows as `killed`. */
function runos(args: string[]): Promise<Run> {
  const home = mkdtempSync(join(base, 'home-'));
  const env = { PATH: process.env.PATH, HOME: home, RUNOS_CACHE_DIR: join(home, 'cache'), RUNOS_CONFIG_DIR: join(home, 'config'), RUNOS_KEYRING: 'file' };
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: 30_000, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: number; killed?: boolean }) | null;
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, stdout, stderr, killed: e?.killed === true });
    });
  });
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before these tests`);
});

const attacks: [string, () => { dir: string; doc: string; out: string }, RegExp][] = [
  ['an absolute path', () => docWith(`${outside}#/P`), /is outside .* \(the document's folder\)/],
  ['a ../ path', () => docWith('../outside/param.yaml#/P'), /is outside .* \(the document's folder\)/],
  ['a file: URL', () => docWith(`${pathToFileURL(outside).href}#/P`), /is outside .* \(the document's folder\)/],
  ['a symlink inside the folder that points out', () => docWith('link.yaml#/P', (d) => symlinkSync(outside, join(d, 'link.yaml'))), /link\.yaml.*leads outside .* \(the document's folder\)/],
  ['a symlinked folder that points out', () => docWith('shared/param.yaml#/P', (d) => symlinkSync(outsideDir, join(d, 'shared'))), /leads outside .* \(the document's folder\)/],
  ['/dev/zero', () => docWith('/dev/zero#/P'), /\/dev\/zero.*is outside/],
  ['/dev/zero through a symlink inside the folder', () => docWith('zero.yaml#/P', (d) => symlinkSync('/dev/zero', join(d, 'zero.yaml'))), /zero\.yaml.*leads outside/],
  ['a FIFO inside the folder', () => docWith('fifo.yaml#/P', (d) => execFileSync('mkfifo', [join(d, 'fifo.yaml')])), /fifo\.yaml: not a regular file/],
  ['a folder', () => docWith('sub#/P', (d) => mkdirSync(join(d, 'sub'))), /sub: not a regular file/],
  ['a file over the 64 MiB bound', () => docWith('big.yaml#/P', (d) => {
    writeFileSync(join(d, 'big.yaml'), '');
    truncateSync(join(d, 'big.yaml'), 64 * 1024 * 1024 + 1); // sparse: no disk used
  }), /big\.yaml: larger than 67108864 bytes/],
];

describe('runos manifest update refuses file $refs that leave the document folder or are not small regular files', () => {
  it.each(attacks)('%s: refused, naming $ref, file and pointer; nothing written', async (_name, make, want) => {
    const { doc, out } = make();
    const r = await runos(['manifest', 'update', '--from', doc, '--name', 'conf', '--out', out]);
    expect(r.killed).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^runos: .*openapi\.yaml#\/paths\/~1a\/get\/parameters\/0: \$ref "[^"]+": /);
    expect(r.stderr).toMatch(want);
    expect(r.stderr).not.toMatch(/internal error|bad_alloc|LEAKED/);
    expect(existsSync(out)).toBe(false);
  }, 40_000);

  it('--ref-root widens the tree explicitly; a symlink out of the widened tree is still refused', async () => {
    const { doc, out } = docWith('../outside/param.yaml#/P');
    const ok = await runos(['manifest', 'update', '--from', doc, '--name', 'conf', '--out', out, '--ref-root', base]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const link = docWith('link.yaml#/P', (d) => symlinkSync('/etc/passwd', join(d, 'link.yaml')));
    const refused = await runos(['manifest', 'update', '--from', link.doc, '--name', 'conf', '--out', link.out, '--ref-root', base]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/leads outside .* \(--ref-root\)/);
    expect(existsSync(link.out)).toBe(false);
  }, 40_000);

  it('--ref-root must hold the document itself', async () => {
    const { doc, out } = docWith('param.yaml#/P');
    const r = await runos(['manifest', 'update', '--from', doc, '--name', 'conf', '--out', out, '--ref-root', outsideDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--ref-root .* does not contain the document/);
  }, 40_000);

  it('a root document that is a device is read with the size bound, not to exhaustion', async () => {
    const out = join(mkdtempSync(join(base, 'dev-')), 'out');
    const r = await runos(['manifest', 'update', '--from', '/dev/zero', '--name', 'conf', '--out', out]);
    expect(r.killed).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\/dev\/zero: (?:not a regular file|document is larger than)/);
    expect(existsSync(out)).toBe(false);
  }, 40_000);
});

describe('loadDocument: the size bound applies to all referenced files together', () => {
  it('counts the bytes of every file read and refuses past maxBytes, naming the $ref', async () => {
    const { doc } = docWith('a.yaml#/P', (d) => {
      writeFileSync(join(d, 'a.yaml'), `P:\n  name: a\n  in: query\n  description: ${'x'.repeat(600)}\n  schema: { $ref: 'b.yaml#/S' }\n`);
      writeFileSync(join(d, 'b.yaml'), `S:\n  type: string\n  description: ${'y'.repeat(600)}\n`);
    });
    const err = await loadDocument(doc, { maxBytes: 1024 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as Error).message).toMatch(/a\.yaml#\/P\/schema: \$ref "b\.yaml#\/S": .*b\.yaml: referenced files together are larger than 1024 bytes/);
  });

  it('reads a file inside the folder through a symlink that stays inside', async () => {
    const { doc } = docWith('link.yaml#/P', (d) => {
      mkdirSync(join(d, 'real'));
      writeFileSync(join(d, 'real', 'p.yaml'), 'P: { name: inside, in: query, schema: { type: string } }\n');
      symlinkSync(join(d, 'real', 'p.yaml'), join(d, 'link.yaml'));
    });
    const loaded = await loadDocument(doc);
    expect(loaded.operations[0]!.parameters.map((p) => p.name)).toEqual(['inside']);
  });
});
