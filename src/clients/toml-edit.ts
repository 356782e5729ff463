import { isDeepStrictEqual } from 'node:util';
import { parse, stringify, TomlError } from 'smol-toml';
import { ConfigFileError } from '../core/errors.js';

type TomlTable = Record<string, unknown>;

/** Parse TOML strictly; a broken file is a ConfigFileError with line and column. */
export function parseTomlStrict(text: string, file: string): TomlTable {
  try {
    return parse(text) as TomlTable;
  } catch (err) {
    if (err instanceof TomlError)
      throw new ConfigFileError(
        `not valid TOML at line ${err.line}, column ${err.column} (${err.message.split('\n')[0]}); fix it and run again (nothing was written)`,
        file,
      );
    throw err;
  }
}

interface Header {
  line: number;
  keys: string[];
}

const BARE = /^[A-Za-z0-9_-]+$/;

function parseKeyPath(src: string): string[] | undefined {
  const keys: string[] = [];
  let rest = src.trim();
  while (rest.length > 0) {
    let m: RegExpExecArray | null;
    if ((m = /^"((?:[^"\\]|\\.)*)"/.exec(rest))) keys.push(JSON.parse(`"${m[1]}"`) as string);
    else if ((m = /^'([^']*)'/.exec(rest))) keys.push(m[1]!);
    else if ((m = /^[A-Za-z0-9_-]+/.exec(rest))) keys.push(m[0]);
    else return undefined;
    rest = rest.slice(m[0].length).trim();
    if (rest.startsWith('.')) rest = rest.slice(1).trim();
    else if (rest.length > 0) return undefined;
  }
  return keys;
}

/** Table headers (`[a.b]`, `[[a.b]]`) outside multi-line strings, with their key paths. */
function scanHeaders(lines: string[]): Header[] {
  const headers: Header[] = [];
  let open: '"""' | "'''" | null = null;
  let depth = 0; // open brackets of a multi-line array value: a line starting with '[' there is data
  for (const [i, line] of lines.entries()) {
    let pos = 0;
    if (open) {
      const close = line.indexOf(open);
      if (close < 0) continue;
      pos = close + 3;
      open = null;
    } else if (depth === 0) {
      const m = /^\s*\[\[?\s*(.*?)\s*\]\]?\s*(#.*)?$/.exec(line);
      const keys = m ? parseKeyPath(m[1]!) : undefined;
      if (keys) {
        headers.push({ line: i, keys });
        continue;
      }
    }
    // Track only what can hide a header on a later line: a multi-line string left open.
    for (let j = pos; j < line.length; j++) {
      const c = line[j];
      if (c === '#') break;
      if (c === '[') depth++;
      else if (c === ']') depth = Math.max(0, depth - 1);
      else if (c === '"' || c === "'") {
        const triple = line.startsWith(c.repeat(3), j);
        if (triple) {
          const close = line.indexOf(c.repeat(3), j + 3);
          if (close < 0) {
            open = c === '"' ? '"""' : "'''";
            break;
          }
          j = close + 2;
        } else {
          j++;
          while (j < line.length && line[j] !== c) j += c === '"' && line[j] === '\\' ? 2 : 1;
        }
      }
    }
  }
  return headers;
}

/** Plain data for comparison: smol-toml tables have a null prototype and dates are TomlDate (compared as their TOML text). */
function toPlain(v: unknown): unknown {
  if (v instanceof Date) return `date:${String(v)}`;
  if (Array.isArray(v)) return v.map(toPlain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]));
  return v;
}

const isTrivia = (line: string): boolean => /^\s*(#.*)?$/.test(line);

/**
 * A TOML file whose `[mcp_servers.<name>]` tables (and their `.*` sub-tables) are edited as text, so
 * every other byte — comments, order, the user's formatting — survives (REFERENCE.md: Codex's own
 * `mcp add` reformats the section; ours must not).
 */
export class TomlDocument {
  private lines: string[];
  private readonly eol: string;
  readonly before: TomlTable;
  /** `[]` when this run creates the file (recorded, so `--remove` deletes only a file runos made). */
  readonly created: string[];

  /** Parse strictly (ConfigFileError on a broken file); absent text is an empty document. */
  constructor(
    private readonly original: string | null,
    readonly file: string,
    /** What an earlier run recorded as created by runos in this file; undefined when there is no record. */
    private readonly createdBefore?: readonly string[],
  ) {
    const text = original ?? '';
    this.created = original === null ? ['[]'] : [];
    this.before = parseTomlStrict(text, file);
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    this.lines = text.split(/\r?\n/);
  }

  get text(): string {
    return this.lines.join(this.eol);
  }

  /** Line ranges [start, end] of our tables for a server, content only (trailing comments belong to the next table). */
  private regions(name: string, section: string): { start: number; end: number; main: boolean }[] {
    const headers = scanHeaders(this.lines);
    return headers
      .map((h, i) => ({ h, next: headers[i + 1]?.line ?? this.lines.length }))
      .filter(({ h }) => h.keys[0] === section && h.keys[1] === name)
      .map(({ h, next }) => {
        let end = next - 1;
        while (end > h.line && isTrivia(this.lines[end]!)) end--;
        return { start: h.line, end, main: h.keys.length === 2 };
      });
  }

  /** Whether the server's keys all come from `[mcp_servers.<name>]` or its sub-table headers (the parts we can edit as text). */
  private definedAsTable(name: string, section: string): boolean {
    const entry = (this.before[section] as TomlTable | undefined)?.[name];
    if (entry === undefined) return true;
    const regions = scanHeaders(this.lines).filter((h) => h.keys[0] === section && h.keys[1] === name);
    if (regions.some((h) => h.keys.length === 2)) return true;
    const fromSubTables = new Set(regions.map((h) => h.keys[2]));
    return regions.length > 0 && Object.keys(entry as TomlTable).every((k) => fromSubTables.has(k));
  }

  private refuseInline(name: string, section: string): void {
    const tables = this.before[section];
    if (tables !== undefined && (typeof tables !== 'object' || tables === null || Array.isArray(tables) || tables instanceof Date))
      throw new ConfigFileError(`${section} is not a table; fix it and run again (nothing was written)`, this.file);
    // `mcp_servers = {…}` or `mcp_servers.x.y = …` at the top: a `[mcp_servers.<name>]` header after it
    // would define the table twice (TOML 1.0, Tables), so we cannot add ours without rewriting the user's.
    if (tables !== undefined && !scanHeaders(this.lines).some((h) => h.keys[0] === section) && this.topLevelKeyLine(section) !== undefined)
      throw new ConfigFileError(
        `${section} is written as an inline table or dotted keys, which runos does not edit; turn each entry into a [${section}.<name>] table and run again (nothing was written)`,
        this.file,
      );
    if (!this.definedAsTable(name, section))
      throw new ConfigFileError(
        `${section}.${name} is written as an inline table or dotted keys, which runos does not edit; turn it into a [${section}.${name}] table (or delete it) and run again (nothing was written)`,
        this.file,
      );
  }

  /** The line where a key is set before the first table header (the document's root table), if any. */
  private topLevelKeyLine(key: string): number | undefined {
    const first = scanHeaders(this.lines)[0]?.line ?? this.lines.length;
    const re = new RegExp(`^\\s*(${key}|"${key}"|'${key}')\\s*[.=]`);
    for (let i = 0; i < first; i++) if (re.test(this.lines[i]!.replace(/^\uFEFF/, ''))) return i;
    return undefined;
  }

  /** Set the keys we own in `[<section>.<name>]` (default `mcp_servers`), creating the table at the end when missing. */
  upsert(name: string, owned: TomlTable, section = 'mcp_servers'): void {
    this.refuseInline(name, section);
    const main = this.regions(name, section).find((r) => r.main);
    const header = BARE.test(name) ? `[${section}.${name}]` : `[${section}.${JSON.stringify(name)}]`;
    if (!main) {
      const block = [header, ...stringify(owned).trimEnd().split('\n')];
      while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
      const sep = this.lines.length > 0 ? [''] : [];
      this.lines = [...this.lines, ...sep, ...block, ''];
      return;
    }
    const current = (((this.before[section] ?? {}) as TomlTable)[name] ?? {}) as TomlTable;
    let last = main.end;
    for (const [key, value] of Object.entries(owned)) {
      if (isDeepStrictEqual(toPlain(current[key]), toPlain(value))) continue;
      const rendered = stringify({ [key]: value }).trimEnd().split('\n');
      const at = this.findKey(main.start + 1, last, key);
      if (at) {
        this.lines.splice(at.start, at.end - at.start + 1, ...rendered);
        last += rendered.length - (at.end - at.start + 1);
      } else {
        this.lines.splice(last + 1, 0, ...rendered);
        last += rendered.length;
      }
    }
  }

  /** The lines of `key = value` in a table's own lines (the value may span lines: extend until it parses). */
  private findKey(from: number, to: number, key: string): { start: number; end: number } | undefined {
    const re = new RegExp(`^\\s*(${key}|"${key}"|'${key}')\\s*=`);
    for (let i = from; i <= to; i++) {
      if (!re.test(this.lines[i]!)) continue;
      for (let j = i; j <= to; j++) {
        try {
          parse(this.lines.slice(i, j + 1).join('\n'));
          return { start: i, end: j };
        } catch {
          // the value continues on the next line
        }
      }
    }
    return undefined;
  }

  /** Take out `[mcp_servers.<name>]` and its sub-tables, with the blank line we put before each. */
  removeServer(name: string): void {
    this.refuseInline(name, 'mcp_servers');
    for (const r of this.regions(name, 'mcp_servers').reverse()) {
      let start = r.start;
      if (start > 0 && this.lines[start - 1]!.trim() === '') start--;
      this.lines.splice(start, r.end - start + 1);
    }
  }

  /** Re-parse the edited text; its `mcp_servers` must equal the original's with exactly our change applied, all else unchanged. */
  verify(expectServers: (servers: TomlTable) => void): TomlTable {
    return this.verifyDocument((expected, after) => {
      const servers = (expected.mcp_servers ?? {}) as TomlTable;
      expectServers(servers);
      if (Object.keys(servers).length > 0 || 'mcp_servers' in after) expected.mcp_servers = servers;
      else delete expected.mcp_servers;
    });
  }

  /** Re-parse the edited text; it must equal the original document as changed by `expect`. */
  verifyDocument(expect: (expected: TomlTable, after: TomlTable) => void): TomlTable {
    let after: TomlTable;
    try {
      after = parse(this.text) as TomlTable;
    } catch (err) {
      // A layout our line editor does not handle: a clear refusal, never a half-understood write.
      throw new ConfigFileError(
        `runos cannot add its tables to this file's layout (${(err as Error).message.split('\n')[0]}); add the tables by hand or simplify the file, and run again (nothing was written)`,
        this.file,
      );
    }
    const expected = parse(this.original ?? '') as TomlTable; // a fresh copy to change
    expect(expected, after);
    if (!isDeepStrictEqual(toPlain(after), toPlain(expected)))
      throw new ConfigFileError(
        "runos cannot edit this file's layout without changing other entries; add the tables by hand or simplify the file, and run again (nothing was written)",
        this.file,
      );
    return after;
  }

  /** New content: original bytes when unchanged, null when nothing but blank lines is left on removal. */
  result(removing: boolean): string | null {
    const text = this.text;
    if (text === this.original || (this.original === null && text === '')) return this.original;
    if (removing && text.replace(/^\uFEFF/, '').trim() === '') {
      // Only a file runos created goes; a user's file is left blank (as it was, when it was blank before).
      if (this.createdBefore?.includes('[]')) return null;
      return this.original !== null && this.original.replace(/^\uFEFF/, '').trim() === '' ? this.original : '';
    }
    return text.endsWith('\n') ? text : text + this.eol;
  }
}
