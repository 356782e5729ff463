/**
 * A small SQL subset for the sandbox's demo databases: SELECT with joins, WHERE, GROUP BY, ORDER BY, LIMIT
 * and the aggregates COUNT/SUM/MIN/MAX/AVG; INSERT, UPDATE and DELETE for execute_sql. Enough to answer
 * "all users and the count of their posts" honestly from the demo rows; anything else is a clear error.
 */

/** An expression of the subset. */
export type Expr =
  | { kind: 'col'; table?: string; name: string }
  | { kind: 'lit'; value: unknown }
  | { kind: 'agg'; fn: 'count' | 'sum' | 'min' | 'max' | 'avg'; arg: Expr | '*'; distinct: boolean }
  | { kind: 'bin'; op: string; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'isnull'; expr: Expr; negate: boolean }
  | { kind: 'cast'; expr: Expr; type: string }
  /** `alias.*` inside COUNT: the joined row itself, null when a LEFT JOIN found none. */
  | { kind: 'row'; table: string };

/** One item of a select list: an expression, or `*` / `alias.*`. */
export type SelectItem = { star: true; table?: string } | { star: false; expr: Expr; alias?: string };

/** A parsed statement. */
export type Statement =
  | {
      type: 'select';
      items: SelectItem[];
      from: { table: string; alias: string };
      joins: { left: boolean; table: string; alias: string; on: Expr }[];
      where?: Expr;
      groupBy: Expr[];
      orderBy: { expr: Expr; desc: boolean }[];
      limit?: number;
    }
  | { type: 'insert'; table: string; columns: string[]; rows: Expr[][] }
  | { type: 'update'; table: string; sets: [string, Expr][]; where?: Expr }
  | { type: 'delete'; table: string; where?: Expr };

/** A statement the subset cannot parse; the message says where. */
export class SqlError extends Error {}

type Tok = { t: 'id' | 'kw' | 'num' | 'str' | 'op'; v: string };
const KEYWORDS = new Set(
  'select distinct from join left inner outer on where group by order asc desc limit as and or not is null true false like ilike insert into values update set delete count sum min max avg'.split(' '),
);

function tokenize(sql: string): Tok[] {
  const re = /\s+|--[^\n]*|(\d+(?:\.\d+)?)|'((?:[^']|'')*)'|"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_]*)|(::|<=|>=|<>|!=|[=<>(),.*;+-])/y;
  const out: Tok[] = [];
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < sql.length) {
    const at = re.lastIndex;
    if (!(m = re.exec(sql))) throw new SqlError(`syntax error at or near "${sql.slice(at, at + 12)}"`);
    if (m[1] !== undefined) out.push({ t: 'num', v: m[1] });
    else if (m[2] !== undefined) out.push({ t: 'str', v: m[2].replace(/''/g, "'") });
    else if (m[3] !== undefined) out.push({ t: 'id', v: m[3].replace(/""/g, '"') });
    else if (m[4] !== undefined) out.push(KEYWORDS.has(m[4].toLowerCase()) ? { t: 'kw', v: m[4].toLowerCase() } : { t: 'id', v: m[4].toLowerCase() });
    else if (m[5] !== undefined) out.push({ t: 'op', v: m[5] });
  }
  while (out.at(-1)?.v === ';') out.pop();
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}
  peek(v?: string): boolean {
    const t = this.toks[this.i];
    return !!t && (v === undefined || ((t.t === 'kw' || t.t === 'op') && t.v === v));
  }
  take(v: string): boolean {
    if (!this.peek(v)) return false;
    this.i++;
    return true;
  }
  expect(v: string): void {
    if (!this.take(v)) throw new SqlError(`syntax error: expected ${v.toUpperCase()} ${this.where()}`);
  }
  where(): string {
    const t = this.toks[this.i];
    return t ? `at or near "${t.v}"` : 'at end of input';
  }
  ident(): string {
    const t = this.toks[this.i];
    if (t?.t !== 'id') throw new SqlError(`syntax error: expected a name ${this.where()}`);
    this.i++;
    return t.v;
  }
  done(): void {
    if (this.i < this.toks.length) throw new SqlError(`syntax error ${this.where()}`);
  }
  alias(): string | undefined {
    if (this.take('as')) {
      // `AS count` is common for COUNT(*): an aggregate's keyword may name a column.
      const t = this.toks[this.i];
      if (t?.t === 'kw' && ['count', 'sum', 'min', 'max', 'avg'].includes(t.v)) return this.i++, t.v;
      return this.ident();
    }
    return this.toks[this.i]?.t === 'id' ? this.ident() : undefined;
  }
  expr(): Expr {
    let left = this.and();
    while (this.take('or')) left = { kind: 'bin', op: 'or', left, right: this.and() };
    return left;
  }
  and(): Expr {
    let left = this.not();
    while (this.take('and')) left = { kind: 'bin', op: 'and', left, right: this.not() };
    return left;
  }
  not(): Expr {
    return this.take('not') ? { kind: 'not', expr: this.not() } : this.cmp();
  }
  cmp(): Expr {
    const left = this.primary();
    if (this.take('is')) {
      const negate = this.take('not');
      this.expect('null');
      return { kind: 'isnull', expr: left, negate };
    }
    for (const op of ['=', '<>', '!=', '<=', '>=', '<', '>', 'like', 'ilike']) {
      if (this.take(op)) return { kind: 'bin', op: op === '!=' ? '<>' : op, left, right: this.primary() };
    }
    return left;
  }
  primary(): Expr {
    const e = this.atom();
    // PostgreSQL casts (`COUNT(*)::int`) are common in generated SQL.
    if (this.take('::')) return { kind: 'cast', expr: e, type: this.ident() };
    return e;
  }
  atom(): Expr {
    const t = this.toks[this.i];
    if (!t) throw new SqlError('syntax error at end of input');
    if (this.take('(')) {
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (t.t === 'num') return this.i++, { kind: 'lit', value: Number(t.v) };
    if (t.t === 'str') return this.i++, { kind: 'lit', value: t.v };
    if (this.take('-')) {
      const n = this.toks[this.i++];
      if (n?.t !== 'num') throw new SqlError(`syntax error ${this.where()}`);
      return { kind: 'lit', value: -Number(n.v) };
    }
    if (this.take('null')) return { kind: 'lit', value: null };
    if (this.take('true')) return { kind: 'lit', value: true };
    if (this.take('false')) return { kind: 'lit', value: false };
    if (t.t === 'kw' && ['count', 'sum', 'min', 'max', 'avg'].includes(t.v)) {
      this.i++;
      this.expect('(');
      const distinct = this.take('distinct');
      const rowRef = this.toks[this.i]?.t === 'id' && this.toks[this.i + 1]?.v === '.' && this.toks[this.i + 2]?.v === '*';
      const arg = t.v === 'count' && this.take('*') ? '*' : rowRef ? ((this.i += 3), { kind: 'row' as const, table: this.toks[this.i - 3]!.v }) : this.expr();
      this.expect(')');
      return { kind: 'agg', fn: t.v as 'count', arg, distinct };
    }
    const name = this.ident();
    if (this.peek('(')) throw new SqlError(`function ${name}() is not supported by the sandbox (COUNT, SUM, MIN, MAX and AVG are)`);
    if (this.take('.')) return { kind: 'col', table: name, name: this.ident() };
    return { kind: 'col', name };
  }
  select(): Statement {
    this.expect('select');
    if (this.take('distinct')) throw new SqlError('SELECT DISTINCT is not supported by the sandbox; use GROUP BY');
    const items: SelectItem[] = [];
    do {
      if (this.take('*')) items.push({ star: true });
      else if (this.toks[this.i]?.t === 'id' && this.toks[this.i + 1]?.v === '.' && this.toks[this.i + 2]?.v === '*') {
        items.push({ star: true, table: this.ident() });
        this.i += 2;
      } else {
        const expr = this.expr();
        const alias = this.alias();
        items.push(alias ? { star: false, expr, alias } : { star: false, expr });
      }
    } while (this.take(','));
    this.expect('from');
    const table = this.ident();
    const from = { table, alias: this.alias() ?? table };
    const joins: { left: boolean; table: string; alias: string; on: Expr }[] = [];
    for (;;) {
      const left = this.take('left');
      if (left) this.take('outer');
      else this.take('inner');
      if (!this.take('join')) {
        if (left) throw new SqlError(`syntax error: expected JOIN ${this.where()}`);
        break;
      }
      const jt = this.ident();
      const alias = this.alias() ?? jt;
      this.expect('on');
      joins.push({ left, table: jt, alias, on: this.expr() });
    }
    const where = this.take('where') ? this.expr() : undefined;
    const groupBy: Expr[] = [];
    if (this.take('group')) {
      this.expect('by');
      do groupBy.push(this.expr());
      while (this.take(','));
    }
    const orderBy: { expr: Expr; desc: boolean }[] = [];
    if (this.take('order')) {
      this.expect('by');
      do {
        const expr = this.expr();
        const desc = this.take('desc');
        if (!desc) this.take('asc');
        orderBy.push({ expr, desc });
      } while (this.take(','));
    }
    let limit: number | undefined;
    if (this.take('limit')) {
      const n = this.toks[this.i++];
      if (n?.t !== 'num') throw new SqlError('LIMIT needs a number');
      limit = Number(n.v);
    }
    this.done();
    return { type: 'select', items, from, joins, ...(where ? { where } : {}), groupBy, orderBy, ...(limit !== undefined ? { limit } : {}) };
  }
  insert(): Statement {
    this.expect('insert');
    this.expect('into');
    const table = this.ident();
    const columns: string[] = [];
    if (this.take('(')) {
      do columns.push(this.ident());
      while (this.take(','));
      this.expect(')');
    }
    this.expect('values');
    const rows: Expr[][] = [];
    do {
      this.expect('(');
      const row: Expr[] = [];
      do row.push(this.expr());
      while (this.take(','));
      this.expect(')');
      rows.push(row);
    } while (this.take(','));
    this.done();
    return { type: 'insert', table, columns, rows };
  }
  update(): Statement {
    this.expect('update');
    const table = this.ident();
    this.expect('set');
    const sets: [string, Expr][] = [];
    do {
      const col = this.ident();
      this.expect('=');
      sets.push([col, this.expr()]);
    } while (this.take(','));
    const where = this.take('where') ? this.expr() : undefined;
    this.done();
    return { type: 'update', table, sets, ...(where ? { where } : {}) };
  }
  delete(): Statement {
    this.expect('delete');
    this.expect('from');
    const table = this.ident();
    const where = this.take('where') ? this.expr() : undefined;
    this.done();
    return { type: 'delete', table, ...(where ? { where } : {}) };
  }
}

/** Parse one statement of the subset; throws SqlError naming where it stopped. */
export function parseSql(sql: string): Statement {
  const toks = tokenize(sql);
  const first = toks[0];
  if (!first) throw new SqlError('empty statement');
  if (toks.some((t) => t.v === ';')) throw new SqlError('only one statement is allowed');
  const p = new Parser(toks);
  if (first.t === 'kw' && first.v === 'select') return p.select();
  if (first.t === 'kw' && first.v === 'insert') return p.insert();
  if (first.t === 'kw' && first.v === 'update') return p.update();
  if (first.t === 'kw' && first.v === 'delete') return p.delete();
  throw new SqlError(`${first.v.toUpperCase()} statements are not supported by the sandbox (SELECT, INSERT, UPDATE, DELETE are)`);
}

/** The statement keyword of a SQL text, upper-case, even when the subset cannot parse the rest. */
export function statementType(sql: string): string {
  return /^\s*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
}
