import { isDeepStrictEqual } from 'node:util';
import {
  applyEdits,
  findNodeAtLocation,
  format,
  getNodeValue,
  modify,
  parseTree,
  printParseErrorCode,
  type Edit,
  type FormattingOptions,
  type JSONPath,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import { ConfigFileError } from '../core/errors.js';

/** What a client accepts in its JSON file: strict JSON (Claude, Roo) or JSONC (VS Code, Gemini, Cursor). */
export interface JsonDialect {
  comments: boolean;
  trailingCommas: boolean;
}

/** Strict JSON, as read by `JSON.parse`. */
export const STRICT_JSON: JsonDialect = { comments: false, trailingCommas: false };
/** JSON with comments and trailing commas (VS Code's jsonc). */
export const JSONC: JsonDialect = { comments: true, trailingCommas: true };

/** 1-based line and column of an offset. */
export function locateOffset(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

function parseRoot(text: string, file: string, dialect: JsonDialect): Node {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    disallowComments: !dialect.comments,
    allowTrailingComma: dialect.trailingCommas,
    allowEmptyContent: false,
  });
  const kind = dialect.comments ? 'JSONC' : 'JSON';
  if (errors.length > 0) {
    const { line, column } = locateOffset(text, errors[0]!.offset);
    const why = printParseErrorCode(errors[0]!.error);
    throw new ConfigFileError(`not valid ${kind} at line ${line}, column ${column} (${why}); fix it and run again (nothing was written)`, file);
  }
  if (!dialect.comments) {
    try {
      JSON.parse(text);
    } catch (err) {
      throw new ConfigFileError(`not valid JSON (${(err as Error).message}); fix it and run again (nothing was written)`, file);
    }
  }
  if (!root || root.type !== 'object')
    throw new ConfigFileError(`the top level is not a JSON object; fix it and run again (nothing was written)`, file);
  refuseDuplicateKeys(root, text, file, []);
  return root;
}

/**
 * A key twice in one object is valid to jsonc-parser, but `JSON.parse` (and so the client) keeps the last
 * one while an editor finds the first: whatever we changed could be the copy the client ignores.
 */
function refuseDuplicateKeys(node: Node, text: string, file: string, path: string[]): void {
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const prop of node.children ?? []) {
      const [keyNode, value] = prop.children ?? [];
      if (!keyNode) continue;
      const key = String(keyNode.value);
      if (seen.has(key)) {
        const { line, column } = locateOffset(text, keyNode.offset);
        throw new ConfigFileError(
          `duplicate key "${[...path, key].join('.')}" at line ${line}, column ${column} (JSON.parse keeps the last one, editors the first); keep one and run again (nothing was written)`,
          file,
        );
      }
      seen.add(key);
      if (value) refuseDuplicateKeys(value, text, file, [...path, key]);
    }
  } else if (node.type === 'array') {
    for (const [i, item] of (node.children ?? []).entries()) refuseDuplicateKeys(item, text, file, [...path, String(i)]);
  }
}

/** The byte-order mark some Windows editors put first: not JSON, so it is set aside while editing and put back. */
const BOM = '\uFEFF';

function detectFormatting(text: string): FormattingOptions {
  // Keep the file's own indentation style so our lines look like the user's.
  const m = /^([ \t]+)["}\]]/m.exec(text);
  const insertSpaces = !m || m[1]!.startsWith(' ');
  const tabSize = m && insertSpaces ? Math.min(Math.max(m[1]!.length, 1), 8) : 2;
  return { insertSpaces, tabSize, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

const isEol = (c: string | undefined): boolean => c === '\n' || c === '\r';

/**
 * A JSON/JSONC document edited in place with `jsonc-parser`: every byte outside the edited values stays
 * as it was. `modify`'s own formatting re-flows whole neighbouring lines, so we format only our text.
 */
export class JsonDocument {
  text: string;
  private readonly fmt: FormattingOptions;
  private readonly original: string | null;
  private readonly bom: string;
  /** Containers this run created (JSON-encoded paths), to be recorded so `--remove` prunes only those; `[]` is the file itself. */
  readonly created: string[] = [];

  /** Parse strictly (throws ConfigFileError with line and column); absent or blank text starts as `{}`. */
  constructor(
    text: string | null,
    readonly file: string,
    readonly dialect: JsonDialect,
    /** Containers an earlier run recorded as created by runos; undefined when there is no record. */
    private readonly createdBefore?: readonly string[],
    /** Indentation to use (a part of a file edits with the whole file's style). */
    fmt?: FormattingOptions,
  ) {
    this.original = text;
    this.bom = text?.startsWith(BOM) ? BOM : '';
    const body = text === null ? null : text.slice(this.bom.length);
    this.text = body === null || body.trim() === '' ? '{}\n' : body;
    if (text === null) this.created.push('[]');
    this.root();
    this.fmt = fmt ?? detectFormatting(this.text);
  }

  private parsed?: { text: string; root: Node };

  private root(): Node {
    // Parse once per text: ~/.claude.json can be megabytes of history.
    if (this.parsed?.text !== this.text) this.parsed = { text: this.text, root: parseRoot(this.text, this.file, this.dialect) };
    return this.parsed.root;
  }

  /** The value at a path, or undefined. */
  get(path: JSONPath): unknown {
    const node = findNodeAtLocation(this.root(), path);
    return node ? getNodeValue(node) : undefined;
  }

  /** Set a value (creating parents); does nothing when it is already equal, so reruns change no byte. */
  set(path: JSONPath, value: unknown): void {
    if (isDeepStrictEqual(this.get(path), value)) return;
    for (let n = 1; n < path.length; n++) {
      const v = this.get(path.slice(0, n));
      // Never replace a user's value of another shape to make room for ours.
      if (v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v) !== (typeof path[n] === 'number')))
        throw new ConfigFileError(`${path.slice(0, n).join('.')} is not ${typeof path[n] === 'number' ? 'a list' : 'an object'}; fix it and run again (nothing was written)`, this.file);
    }
    this.noteCreated(value !== null && typeof value === 'object' ? path : path.slice(0, -1));
    this.apply(path, modify(this.text, path, value, {}));
  }

  private noteCreated(container: JSONPath): void {
    for (let n = 1; n <= container.length; n++) {
      const prefix = container.slice(0, n);
      const key = JSON.stringify(prefix);
      if (this.get(prefix) === undefined && !this.created.includes(key)) this.created.push(key);
    }
  }

  /** Append to an array used as a set (created when missing); keeps the user's order. */
  addToSet(path: JSONPath, item: string): void {
    const current = this.get(path);
    if (current !== undefined && !Array.isArray(current))
      throw new ConfigFileError(`${path.join('.')} is not a list; fix it and run again (nothing was written)`, this.file);
    if (!Array.isArray(current)) {
      this.noteCreated(path);
      return this.set(path, [item]);
    }
    if (current.includes(item)) return;
    this.apply([...path, current.length], modify(this.text, [...path, -1], item, { isArrayInsertion: true }));
  }

  /** Remove every occurrence of an item from an array. */
  removeFromSet(path: JSONPath, item: string): void {
    for (;;) {
      const current = this.get(path);
      if (!Array.isArray(current)) return;
      const i = current.indexOf(item);
      if (i < 0) return;
      this.remove([...path, i]);
    }
  }

  /** Remove a property or array element, with exactly the separator our insertion added. */
  remove(path: JSONPath): void {
    const node = findNodeAtLocation(this.root(), path);
    if (!node) return;
    const target = node.parent?.type === 'property' ? node.parent : node;
    const container = target.parent!;
    const siblings = container.children!;
    const i = siblings.indexOf(target);
    const targetEnd = target.offset + target.length;
    let begin: number;
    let end: number;
    if (siblings.length === 1) {
      begin = container.offset + 1;
      end = targetEnd;
      const rest = this.text.slice(end, container.offset + container.length - 1);
      if (rest.trim() === '') end += rest.length;
    } else if (i === siblings.length - 1) {
      const prev = siblings[i - 1]!;
      begin = prev.offset + prev.length;
      end = targetEnd;
    } else {
      begin = target.offset;
      end = siblings[i + 1]!.offset;
    }
    this.text = this.text.slice(0, begin) + this.text.slice(end);
  }

  /**
   * Remove a container our entries lived in once it is empty, if runos created it: the record of an
   * earlier run says so, or (no record, e.g. a fresh clone) we assume it did. A user's own empty
   * `"mcpServers": {}` thus survives configure + remove byte for byte.
   */
  pruneIfEmpty(path: JSONPath): void {
    if (this.createdBefore && !this.createdBefore.includes(JSON.stringify(path))) return;
    const v = this.get(path);
    if ((Array.isArray(v) && v.length === 0) || (v && typeof v === 'object' && Object.keys(v).length === 0)) this.remove(path);
  }

  /**
   * Edit inside an existing container as a small document of its own, then splice it back: every edit
   * re-parses its document, and ~/.claude.json can hold megabytes of history. The container keeps the
   * indentation of its line, so the formatter indents our text exactly as it would in the whole file.
   */
  editWithin(container: JSONPath, edit: (sub: JsonDocument) => void): void {
    const node = findNodeAtLocation(this.root(), container);
    if (!node || node.type !== 'object') throw new Error(`runos: ${container.join('.')} is not an object in ${this.file} (a bug)`);
    let lineStart = node.offset;
    while (lineStart > 0 && !isEol(this.text[lineStart - 1])) lineStart--;
    const indent = /^[ \t]*/.exec(this.text.slice(lineStart, node.offset))![0];
    const prefix = JSON.stringify(container).slice(0, -1);
    const inside = (p: string): boolean => p.startsWith(prefix + ',');
    const recorded = this.createdBefore?.filter(inside).map((p) => '[' + p.slice(prefix.length + 1));
    const sub = new JsonDocument(indent + this.text.slice(node.offset, node.offset + node.length), this.file, this.dialect, recorded, this.fmt);
    edit(sub);
    for (const p of sub.created) this.created.push(prefix + ',' + p.slice(1));
    this.text = this.text.slice(0, node.offset) + sub.text.slice(indent.length) + this.text.slice(node.offset + node.length);
  }

  /** Whether nothing but an empty top-level object is left (then a file we created can go). */
  isEmpty(): boolean {
    return this.text.replace(/\s/g, '') === '{}';
  }

  private apply(path: JSONPath, edits: Edit[]): void {
    const compact = this.compactContainer(path);
    for (const raw of edits) {
      // In a one-line container keep its separator style (`["a","b"]` gets `,"c"`, else `, "c"`); else format our text.
      const edit = compact !== undefined && !/,\S/.test(compact) ? { ...raw, content: raw.content.replace(/^,/, ', ') } : raw;
      let text = applyEdits(this.text, [edit]);
      const start = edit.offset;
      const end = edit.offset + edit.content.length;
      if (edit.content.length > 0 && compact === undefined) {
        let lineStart = start;
        while (lineStart > 0 && !isEol(text[lineStart - 1])) lineStart--;
        let lineEnd = end;
        while (lineEnd < text.length && !isEol(text[lineEnd])) lineEnd++;
        const ours = format(text, { offset: lineStart, length: lineEnd - lineStart }, { ...this.fmt, keepLines: false }).filter(
          (f) => f.offset >= start && f.offset + f.length <= end,
        );
        text = applyEdits(text, ours);
      }
      this.text = text;
    }
  }

  /** The text of the nearest existing container when it is non-empty and on one line (we add compact text to it). */
  private compactContainer(path: JSONPath): string | undefined {
    const root = this.root();
    for (let n = path.length - 1; n >= 0; n--) {
      const node = findNodeAtLocation(root, path.slice(0, n));
      if (!node) continue;
      if (!node.children || node.children.length === 0) return undefined;
      const text = this.text.slice(node.offset, node.offset + node.length);
      return /[\r\n]/.test(text) ? undefined : text;
    }
    return undefined;
  }

  /**
   * The file's new content: the original bytes when nothing changed, null when a removal left only `{}`
   * in a file runos created (recorded as `[]`), else the text ending with a newline (and the BOM it had).
   * A file the user made, even one holding only `{}`, is never deleted.
   */
  result(removing: boolean): string | null {
    if (this.bom + this.text === this.original || (this.original === null && removing)) return this.original;
    if (removing && this.isEmpty() && this.createdBefore?.includes('[]')) return null;
    return this.bom + (this.text.endsWith('\n') ? this.text : this.text + this.fmt.eol);
  }
}
