import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Relative imports of a source file: static value imports (`import … from`, `export … from`) and dynamic ones (`import('…')`). */
function importsOf(file: string): { static: string[]; dynamic: string[] } {
  const text = readFileSync(file, 'utf8');
  const toPath = (spec: string): string | undefined => (spec.startsWith('.') ? resolve(dirname(file), spec.replace(/\.js$/, '.ts')) : undefined);
  // `import type` is erased by the compiler, so it loads nothing at run time.
  const stat = [...text.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^'"`]*?from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
  const dyn = [...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  return { static: stat.map(toPath).filter((p): p is string => !!p), dynamic: dyn.map(toPath).filter((p): p is string => !!p) };
}

/** Every source file reachable from `entry` through static imports only (what loads at start-up). */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    todo.push(...importsOf(file).static);
  }
  return seen;
}

describe('the server never loads the OpenAPI machinery (STYLE.md, who may import whom)', () => {
  const entry = join(root, 'src/server/serve-command.ts');
  const closure = [...staticClosure(entry)].map((f) => relative(root, f));

  it('reaches only core, credentials types and server code through static imports', () => {
    expect(closure).toContain('src/server/create-server.ts');
    const forbidden = closure.filter((f) => f.startsWith('src/manifest/') || f.startsWith('src/codegen/') || f === 'src/cli.ts');
    expect(forbidden).toEqual([]);
  });

  it('loads the sandbox and the credential stores only on demand (dynamic import)', () => {
    const dynamic = [...staticClosure(entry)].flatMap((f) => importsOf(f).dynamic.map((d) => relative(root, d)));
    expect(dynamic).toEqual(expect.arrayContaining(['src/credentials/resolve.ts']));
    expect(closure).not.toContain('src/credentials/resolve.ts');
    expect(closure.some((f) => f.startsWith('src/sandbox/'))).toBe(false);
  });
});
