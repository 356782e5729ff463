import { describe, expect, it } from 'vitest';
import { demoUsersTables } from '../../src/sandbox/data.js';
import { parseSql, SqlError } from '../../src/sandbox/sql-parse.js';
import { runSql } from '../../src/sandbox/sql-run.js';

// Expected answers are computed from the demo rows with plain JS, never written down by hand.
const tables = demoUsersTables();
const users = tables.users!.rows as [number, string, string, string][];
const posts = tables.posts!.rows as [number, number, string, string | null][];
const run = (sql: string, t = demoUsersTables(), max = 1000) => runSql(t, parseSql(sql), max);
const postsOf = (id: number) => posts.filter((p) => p[1] === id).length;

describe('the SQL subset answers the demo query honestly', () => {
  it('all users and the count of their posts (LEFT JOIN, GROUP BY, COUNT, ORDER BY alias)', () => {
    const out = run(
      'SELECT u.id, u.name, COUNT(p.id) AS post_count FROM users u LEFT JOIN posts p ON p.user_id = u.id GROUP BY u.id, u.name ORDER BY post_count DESC, u.id',
    );
    const want = users
      .map((u) => [u[0], u[1], postsOf(u[0])] as const)
      .sort((a, b) => b[2] - a[2] || a[0] - b[0]);
    expect(out.columns).toEqual([
      { name: 'id', type: 'integer' },
      { name: 'name', type: 'text' },
      { name: 'post_count', type: 'bigint' },
    ]);
    expect(out.rows).toEqual(want);
    expect(want.some((r) => r[2] === 0)).toBe(true); // the LEFT JOIN keeps a user without posts
  });

  it('an inner join drops users without posts; GROUP BY the primary key allows other columns', () => {
    const out = run('select users.name, count(*) as n from users join posts on posts.user_id = users.id group by users.id order by users.name');
    const want = users.filter((u) => postsOf(u[0]) > 0).map((u) => [u[1], postsOf(u[0])]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(out.rows).toEqual(want);
  });

  it('COUNT(alias.*) counts joined rows and ::int casts, as generated SQL often writes it', () => {
    const out = run('SELECT u.name, COUNT(p.*)::int AS posts FROM users u LEFT JOIN posts p ON p.user_id = u.id GROUP BY u.id ORDER BY u.id');
    expect(out.rows).toEqual(users.map((u) => [u[1], postsOf(u[0])]));
    expect(out.columns[1]).toEqual({ name: 'posts', type: 'int' });
  });

  it.each([
    ['WHERE with AND and a comparison', 'SELECT id FROM posts WHERE user_id = 1 AND id > 1', posts.filter((p) => p[1] === 1 && p[0] > 1).map((p) => [p[0]])],
    ['IS NULL', 'SELECT id FROM posts WHERE published_at IS NULL', posts.filter((p) => p[3] === null).map((p) => [p[0]])],
    ['LIKE', "SELECT name FROM users WHERE email LIKE 'a%'", users.filter((u) => u[2].startsWith('a')).map((u) => [u[1]])],
    ['ORDER BY DESC with LIMIT', 'SELECT id FROM users ORDER BY id DESC LIMIT 2', users.map((u) => [u[0]]).reverse().slice(0, 2)],
    ['an aggregate over everything', 'SELECT COUNT(*), MAX(user_id) FROM posts', [[posts.length, Math.max(...posts.map((p) => p[1]))]]],
    ['COUNT DISTINCT', 'SELECT COUNT(DISTINCT user_id) AS authors FROM posts', [[new Set(posts.map((p) => p[1])).size]]],
    ['a star', 'SELECT * FROM users WHERE id = 2', users.filter((u) => u[0] === 2)],
  ])('%s', (_name, sql, want) => {
    expect(run(sql).rows).toEqual(want);
  });

  it('cuts at max_rows and says so', () => {
    const out = run('SELECT id FROM posts', undefined, 3);
    expect(out.rows).toHaveLength(3);
    expect(out.truncated).toBe(true);
  });

  it.each([
    ['an unknown table', 'SELECT * FROM comments', /relation "comments" does not exist/],
    ['an unknown column', 'SELECT nickname FROM users', /column "nickname" does not exist/],
    ['an ambiguous column', 'SELECT id FROM users u JOIN posts p ON p.user_id = u.id', /column reference "id" is ambiguous/],
    ['a column outside GROUP BY', 'SELECT title, COUNT(*) FROM posts GROUP BY user_id', /must appear in the GROUP BY clause/],
    ['an aggregate in WHERE', 'SELECT id FROM posts WHERE COUNT(*) > 1', /aggregate functions are not allowed here/],
    ['two statements', 'SELECT 1 FROM users; DROP TABLE users', /only one statement/],
    ['an unsupported statement', 'DROP TABLE users', /DROP statements are not supported/],
    ['a syntax error', 'SELECT FROM users', /syntax error/],
    ['a function outside the subset', 'SELECT COALESCE(name) FROM users', /function coalesce\(\) is not supported/],
  ])('refuses %s with a PostgreSQL-like message', (_name, sql, message) => {
    expect(() => run(sql)).toThrow(SqlError);
    expect(() => run(sql)).toThrow(message);
  });
});

describe('writes through execute_sql', () => {
  it('INSERT assigns the next id and fills timestamps; UPDATE and DELETE count what they touch', () => {
    const t = demoUsersTables();
    expect(run("INSERT INTO posts (user_id, title) VALUES (3, 'a'), (3, 'b')", t).rows_affected).toBe(2);
    const added = run('SELECT id, published_at FROM posts WHERE user_id = 3 ORDER BY id', t).rows;
    expect(added.map((r) => r[0])).toEqual([posts.length + 1, posts.length + 2]);
    expect(added.every((r) => typeof r[1] === 'string')).toBe(true);
    expect(run("UPDATE posts SET title = 'c' WHERE user_id = 3", t).rows_affected).toBe(2);
    expect(run('DELETE FROM posts WHERE user_id = 3', t).rows_affected).toBe(2);
    expect(t.posts!.rows).toEqual(posts);
  });

  it('refuses a NOT NULL column left out', () => {
    expect(() => run("INSERT INTO users (name) VALUES ('x')")).toThrow(/null value in column "email"/);
  });
});
