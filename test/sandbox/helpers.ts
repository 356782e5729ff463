import { request } from 'node:http';
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

/** GET a request target exactly as written (fetch would normalise `%2e%2e` and friends away). */
export function rawGet(sb: Sandbox, target: string): Promise<Reply> {
  const { hostname, port } = new URL(sb.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: target, method: 'GET', headers: { authorization: `Bearer ${sb.key}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}
