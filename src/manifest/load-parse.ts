import { createRequire } from 'node:module';
import { ManifestError } from '../core/errors.js';

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;

/**
 * `yaml` takes 80–150 ms to import, a tenth of the 1 s codegen budget, and JSON documents (GitHub's)
 * never need it: load it on first use. Synchronously, because the `$ref` resolver reads referenced
 * files synchronously.
 */
function yaml(): YamlModule {
  yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return yamlModule;
}

/**
 * Parse a document's text as JSON or YAML, chosen by content (a leading `{`/`[` means JSON), not by
 * file extension. JSON goes through `JSON.parse` (10× faster than a YAML parser on a 4 MB spec);
 * YAML through `yaml` with its default alias limit, which defuses "billion laughs" documents.
 */
export function parseDocumentText(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = body.search(/\S/);
  if (start === -1) throw new ManifestError('document is empty', file);
  let jsonError: Error | undefined;
  if (body[start] === '{' || body[start] === '[') {
    try {
      return JSON.parse(body);
    } catch (err) {
      jsonError = err as Error;
    }
  }
  // YAML 1.2 is a superset of JSON, so near-JSON (trailing commas) still loads through it.
  // `merge`: hand-written specs use `<<: *anchor` (a YAML 1.1 idiom yaml 1.2 leaves off by default).
  const doc = yaml().parseDocument(body, { prettyErrors: true, merge: true });
  const first = doc.errors[0];
  if (first) {
    const at = first.linePos?.[0];
    if (jsonError) {
      const where = jsonPosition(body, jsonError.message) ?? at;
      throw new ManifestError(`not valid JSON${where ? ` at line ${where.line}, column ${where.col}` : ''}: ${stripPosition(jsonError.message)}`, file);
    }
    throw new ManifestError(`not valid YAML${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${tooDeep(stripPosition(first.message))}`, file);
  }
  try {
    return doc.toJS();
  } catch (err) {
    // e.g. "Excessive alias count": an alias bomb.
    throw new ManifestError(`not usable YAML: ${tooDeep((err as Error).message)}`, file);
  }
}

/** A parser's stack overflow said as what it means for the document. */
export function tooDeep(message: string): string {
  return /maximum call stack size exceeded/i.test(message) ? 'nested too deeply to read (thousands of levels)' : message;
}

/** Line and column (1-based) of a V8 `JSON.parse` error that gives a position. */
function jsonPosition(text: string, message: string): { line: number; col: number } | undefined {
  const m = /at position (\d+)/.exec(message);
  if (!m) return undefined;
  const pos = Number(m[1]);
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: pos - lineStart + 1 };
}

function stripPosition(message: string): string {
  const firstLine = message.split('\n')[0] ?? message;
  return firstLine
    .replace(/ (in JSON )?at position \d+.*$/, '')
    .replace(/ at line \d+, column \d+:?$/, '')
    .replace(/, "[^]*" is not valid JSON$/, '');
}
