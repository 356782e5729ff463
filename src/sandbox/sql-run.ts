import { SqlError, type Expr, type Statement } from './sql-parse.js';
import type { TableData } from './state.js';

/** The result of one statement. */
export interface SqlOutput {
  statement_type: string;
  columns: { name: string; type: string }[];
  rows: unknown[][];
  rows_affected: number;
  truncated: boolean;
}

type Env = Map<string, { t: TableData; row: unknown[] | null }>;

function table(tables: Record<string, TableData>, name: string): TableData {
  const t = tables[name];
  if (!t) throw new SqlError(`relation "${name}" does not exist`);
  return t;
}

function locate(env: Env, e: { table?: string; name: string }): { alias: string; index: number; type: string } {
  const hits: { alias: string; index: number; type: string }[] = [];
  for (const [alias, { t }] of env) {
    if (e.table && e.table !== alias) continue;
    const index = t.columns.findIndex((c) => c.name === e.name);
    if (index >= 0) hits.push({ alias, index, type: t.columns[index]!.type });
  }
  if (e.table && !env.has(e.table)) throw new SqlError(`missing FROM-clause entry for table "${e.table}"`);
  if (hits.length === 0) throw new SqlError(`column "${e.table ? `${e.table}.` : ''}${e.name}" does not exist`);
  if (hits.length > 1) throw new SqlError(`column reference "${e.name}" is ambiguous`);
  return hits[0]!;
}

function typeOf(env: Env, e: Expr): string {
  if (e.kind === 'col') return locate(env, e).type;
  if (e.kind === 'agg') return e.fn === 'count' ? 'bigint' : e.fn === 'min' || e.fn === 'max' ? typeOf(env, e.arg as Expr) : 'numeric';
  if (e.kind === 'cast') return e.type;
  if (e.kind === 'row') return 'record';
  if (e.kind === 'lit') return typeof e.value === 'number' ? (Number.isInteger(e.value) ? 'integer' : 'numeric') : typeof e.value === 'string' ? 'text' : typeof e.value === 'boolean' ? 'boolean' : 'unknown';
  return 'boolean';
}

function hasAgg(e: Expr): boolean {
  if (e.kind === 'agg') return true;
  if (e.kind === 'bin') return hasAgg(e.left) || hasAgg(e.right);
  if (e.kind === 'not' || e.kind === 'isnull' || e.kind === 'cast') return hasAgg(e.expr);
  return false;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'string' && b.trim() !== '' && !Number.isNaN(Number(b))) b = Number(b);
  if (typeof b === 'number' && typeof a === 'string' && a.trim() !== '' && !Number.isNaN(Number(a))) a = Number(a);
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

function evaluate(e: Expr, env: Env, group?: Env[]): unknown {
  switch (e.kind) {
    case 'lit':
      return e.value;
    case 'col': {
      const at = locate(env, e);
      return env.get(at.alias)!.row?.[at.index] ?? null;
    }
    case 'not': {
      const v = evaluate(e.expr, env, group);
      return v === null ? null : !v;
    }
    case 'isnull':
      return (evaluate(e.expr, env, group) === null) !== e.negate;
    case 'row': {
      if (!env.has(e.table)) throw new SqlError(`missing FROM-clause entry for table "${e.table}"`);
      return env.get(e.table)!.row;
    }
    case 'cast': {
      const v = evaluate(e.expr, env, group);
      if (v === null) return null;
      if (['int', 'integer', 'bigint', 'smallint', 'int4', 'int8'].includes(e.type)) {
        const n = Number(v);
        if (!Number.isFinite(n)) throw new SqlError(`invalid input syntax for type ${e.type}: "${String(v)}"`);
        return Math.trunc(n);
      }
      if (['numeric', 'float', 'real', 'decimal', 'float8'].includes(e.type)) return Number(v);
      if (['text', 'varchar'].includes(e.type)) return String(v);
      throw new SqlError(`cast to ${e.type} is not supported by the sandbox`);
    }
    case 'agg': {
      if (!group) throw new SqlError('aggregate functions are not allowed here');
      if (e.arg === '*') return group.length;
      let vals = group.map((g) => evaluate(e.arg as Expr, g)).filter((v) => v !== null);
      if (e.distinct) vals = [...new Set(vals)];
      if (e.fn === 'count') return vals.length;
      if (vals.length === 0) return null;
      if (e.fn === 'min') return vals.reduce((a, b) => (compare(b, a) < 0 ? b : a));
      if (e.fn === 'max') return vals.reduce((a, b) => (compare(b, a) > 0 ? b : a));
      const sum = vals.reduce((a: number, b) => a + Number(b), 0);
      return e.fn === 'sum' ? sum : Math.round((sum / vals.length) * 1e6) / 1e6;
    }
    case 'bin': {
      const l = evaluate(e.left, env, group);
      if (e.op === 'and') return l === false ? false : ((r) => (r === false ? false : l === null || r === null ? null : true))(evaluate(e.right, env, group));
      if (e.op === 'or') return l === true ? true : ((r) => (r === true ? true : l === null || r === null ? null : false))(evaluate(e.right, env, group));
      const r = evaluate(e.right, env, group);
      if (l === null || r === null) return null;
      if (e.op === 'like' || e.op === 'ilike') {
        const re = String(r).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
        return new RegExp(`^${re}$`, e.op === 'ilike' ? 'is' : 's').test(String(l));
      }
      const c = compare(l, r);
      return { '=': c === 0, '<>': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[e.op] ?? null;
    }
  }
}

// PostgreSQL accepts a column outside GROUP BY only when the group key holds its table's primary key
// (here: the `id` column); anything else would be answered by an arbitrary row, so it is refused.
function assertGrouped(e: Expr, env: Env, keys: { alias: string; index: number }[]): void {
  if (e.kind === 'agg' || e.kind === 'lit' || e.kind === 'row') return;
  if (e.kind === 'cast') return assertGrouped(e.expr, env, keys);
  if (e.kind === 'bin') return (assertGrouped(e.left, env, keys), assertGrouped(e.right, env, keys));
  if (e.kind === 'not' || e.kind === 'isnull') return assertGrouped(e.expr, env, keys);
  const at = locate(env, e);
  const idIndex = env.get(at.alias)!.t.columns.findIndex((c) => c.name === 'id');
  if (keys.some((k) => k.alias === at.alias && (k.index === at.index || k.index === idIndex))) return;
  throw new SqlError(`column "${at.alias}.${e.name}" must appear in the GROUP BY clause or be used in an aggregate function`);
}

function select(tables: Record<string, TableData>, s: Extract<Statement, { type: 'select' }>, maxRows: number): SqlOutput {
  const aliases = [s.from, ...s.joins].map((j) => ({ alias: j.alias, t: table(tables, j.table) }));
  if (new Set(aliases.map((a) => a.alias)).size !== aliases.length) throw new SqlError('table name specified more than once');
  const shape: Env = new Map(aliases.map((a) => [a.alias, { t: a.t, row: null }]));
  let envs: Env[] = aliases[0]!.t.rows.map((row) => new Map([[aliases[0]!.alias, { t: aliases[0]!.t, row }]]));
  s.joins.forEach((j, n) => {
    const t = aliases[n + 1]!.t;
    envs = envs.flatMap((env) => {
      const matched = t.rows.map((row) => new Map(env).set(j.alias, { t, row })).filter((e) => evaluate(j.on, e) === true);
      return matched.length || !j.left ? matched : [new Map(env).set(j.alias, { t, row: null })];
    });
  });
  if (s.where) envs = envs.filter((e) => evaluate(s.where!, e) === true);
  const cols: { name: string; type: string; get: (env: Env, group?: Env[]) => unknown; expr?: Expr }[] = [];
  for (const item of s.items) {
    if (item.star) {
      for (const a of aliases) {
        if (item.table && item.table !== a.alias) continue;
        a.t.columns.forEach((c, i) => cols.push({ name: c.name, type: c.type, get: (env) => env.get(a.alias)!.row?.[i] ?? null, expr: { kind: 'col', table: a.alias, name: c.name } }));
      }
      if (item.table && !shape.has(item.table)) throw new SqlError(`missing FROM-clause entry for table "${item.table}"`);
    } else {
      const e = item.expr;
      const name = item.alias ?? (e.kind === 'col' ? e.name : e.kind === 'agg' ? e.fn : '?column?');
      cols.push({ name, type: typeOf(shape, e), get: (env, group) => evaluate(e, env, group), expr: e });
    }
  }
  const grouped = s.groupBy.length > 0 || cols.some((c) => c.expr && hasAgg(c.expr));
  let out: { values: unknown[]; env: Env; group?: Env[] }[];
  if (grouped) {
    const keys = s.groupBy.map((g) => (g.kind === 'col' ? locate(shape, g) : { alias: '', index: -1 }));
    for (const c of cols) assertGrouped(c.expr!, shape, keys);
    const groups = new Map<string, Env[]>();
    for (const env of envs) {
      const k = JSON.stringify(s.groupBy.map((g) => evaluate(g, env)));
      groups.set(k, [...(groups.get(k) ?? []), env]);
    }
    if (s.groupBy.length === 0 && groups.size === 0) groups.set('[]', []);
    out = [...groups.values()].map((group) => {
      const env = group[0] ?? shape;
      return { values: cols.map((c) => c.get(env, group)), env, group };
    });
  } else {
    out = envs.map((env) => ({ values: cols.map((c) => c.get(env)), env }));
  }
  if (s.orderBy.length) {
    const keyOf = (o: { expr: Expr }, r: (typeof out)[number]): unknown => {
      if (o.expr.kind === 'lit' && typeof o.expr.value === 'number') return r.values[o.expr.value - 1];
      const byName = o.expr.kind === 'col' && !o.expr.table ? cols.findIndex((c) => c.name === (o.expr as { name: string }).name) : -1;
      return byName >= 0 ? r.values[byName] : evaluate(o.expr, r.env, r.group);
    };
    out.sort((a, b) => {
      for (const o of s.orderBy) {
        const x = keyOf(o, a);
        const y = keyOf(o, b);
        // PostgreSQL sorts NULLs last ascending, first descending.
        const c = x === null ? (y === null ? 0 : 1) : y === null ? -1 : compare(x, y);
        if (c !== 0) return o.desc ? -c : c;
      }
      return 0;
    });
  }
  const limited = s.limit !== undefined ? out.slice(0, s.limit) : out;
  const rows = limited.slice(0, maxRows).map((r) => r.values);
  return { statement_type: 'SELECT', columns: cols.map(({ name, type }) => ({ name, type })), rows, rows_affected: 0, truncated: limited.length > maxRows };
}

function write(tables: Record<string, TableData>, s: Exclude<Statement, { type: 'select' }>): SqlOutput {
  const t = table(tables, s.table);
  const result = (type: string, n: number): SqlOutput => ({ statement_type: type, columns: [], rows: [], rows_affected: n, truncated: false });
  const envOf = (row: unknown[]): Env => new Map([[s.table, { t, row }]]);
  if (s.type === 'insert') {
    const names = s.columns.length ? s.columns : t.columns.map((c) => c.name);
    for (const n of names) if (!t.columns.some((c) => c.name === n)) throw new SqlError(`column "${n}" of relation "${s.table}" does not exist`);
    // Built on a copy so a bad row leaves the table untouched; ids count on from the rows added before.
    const rows = t.rows.slice();
    const idIndex = t.columns.findIndex((c) => c.name === 'id');
    for (const values of s.rows) {
      if (values.length !== names.length) throw new SqlError('INSERT has a different number of values than columns');
      rows.push(
        t.columns.map((c) => {
          const i = names.indexOf(c.name);
          if (i >= 0) return evaluate(values[i]!, new Map());
          if (c.name === 'id' && c.type === 'integer') return rows.reduce((m, r) => Math.max(m, Number(r[idIndex])), 0) + 1;
          if (c.type === 'timestamptz') return new Date().toISOString();
          if (c.nullable) return null;
          throw new SqlError(`null value in column "${c.name}" of relation "${s.table}" violates not-null constraint`);
        }),
      );
    }
    const added = rows.length - t.rows.length;
    t.rows = rows;
    return result('INSERT', added);
  }
  const hit = t.rows.filter((row) => !s.where || evaluate(s.where, envOf(row)) === true);
  if (s.type === 'delete') {
    t.rows = t.rows.filter((row) => !hit.includes(row));
    return result('DELETE', hit.length);
  }
  const sets = s.sets.map(([name, e]) => {
    const index = t.columns.findIndex((c) => c.name === name);
    if (index < 0) throw new SqlError(`column "${name}" of relation "${s.table}" does not exist`);
    return { index, e };
  });
  for (const row of hit) {
    const values = sets.map(({ e }) => evaluate(e, envOf(row)));
    sets.forEach(({ index }, k) => (row[index] = values[k]));
  }
  return result('UPDATE', hit.length);
}

/** Run a parsed statement against a database's tables (writes change them in place). */
export function runSql(tables: Record<string, TableData>, stmt: Statement, maxRows: number): SqlOutput {
  if (stmt.type === 'select') return select(tables, stmt, maxRows);
  return write(tables, stmt);
}

/** Tables a statement reads or writes, in order of appearance. */
export function tablesOf(stmt: Statement): string[] {
  return stmt.type === 'select' ? [...new Set([stmt.from.table, ...stmt.joins.map((j) => j.table)])] : [stmt.table];
}
