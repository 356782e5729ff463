import type { Sandbox } from '../../src/sandbox/server.js';

/** A sandbox response: status and parsed JSON body (undefined when empty). */
export interface Reply {
  status: number;
  body: any;
}

/** Call the sandbox over real HTTP with its key (or `key`), sending `body` as JSON when given. */
export async function call(sb: Sandbox, method: string, path: string, body?: unknown, key: string | null = sb.key): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${sb.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
