import { ApiError, ok, type Handler } from '../api.js';
import { parseSql, SqlError, statementType, type Statement } from '../sql-parse.js';
import { runSql, tablesOf } from '../sql-run.js';
import { findDatabase } from './services.js';

function parseOrThrow(sql: string): Statement {
  try {
    return parseSql(sql);
  } catch (err) {
    if (err instanceof SqlError) throw new ApiError(400, 'sql_error', err.message);
    throw err;
  }
}

function runOrThrow(...args: Parameters<typeof runSql>) {
  const started = performance.now();
  try {
    const out = runSql(...args);
    return { ...out, duration_ms: Math.round((performance.now() - started) * 1000) / 1000 };
  } catch (err) {
    if (err instanceof SqlError) throw new ApiError(400, 'sql_error', err.message);
    throw err;
  }
}

/** Tables, the read-only query, statement validation and SQL execution on the demo databases. */
export const sqlHandlers: Record<string, Handler> = {
  list_tables: (ctx) => {
    const { db } = findDatabase(ctx);
    const items = Object.entries(db.tables).map(([name, t]) => ({ name, schema: 'public', columns: t.columns, row_estimate: t.rows.length }));
    return ok({ items });
  },
  run_sql_query: (ctx) => {
    const { db } = findDatabase(ctx);
    const stmt = parseOrThrow(ctx.body.sql);
    // The read-only endpoint must never change data, whatever the caller's tier says.
    if (stmt.type !== 'select') throw new ApiError(400, 'read_only', `run_sql_query runs only SELECT statements; ${stmt.type.toUpperCase()} needs execute_sql`);
    const { statement_type: _t, rows_affected: _n, ...out } = runOrThrow(db.tables, stmt, ctx.body.max_rows);
    return ok({ ...out, row_count: out.rows.length });
  },
  validate_sql_query: (ctx) => {
    const { db } = findDatabase(ctx);
    const type = statementType(ctx.body.sql);
    try {
      const stmt = parseSql(ctx.body.sql);
      const tables = tablesOf(stmt);
      const missing = tables.find((t) => !db.tables[t]);
      if (missing) return ok({ valid: false, statement_type: type, read_only: stmt.type === 'select', tables, error: `relation "${missing}" does not exist` });
      return ok({ valid: true, statement_type: type, read_only: stmt.type === 'select', tables });
    } catch (err) {
      if (!(err instanceof SqlError)) throw err;
      return ok({ valid: false, statement_type: type, read_only: false, error: err.message });
    }
  },
  execute_sql: (ctx) => {
    const { db } = findDatabase(ctx);
    const stmt = parseOrThrow(ctx.body.sql);
    const { truncated: _t, ...out } = runOrThrow(db.tables, stmt, ctx.body.max_rows);
    return ok(out);
  },
};
