import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManifestError } from '../../src/core/errors.js';
import { loadDocument } from '../../src/manifest/load.js';

const json = JSON.stringify({
  openapi: '3.1.0',
  info: { title: 'Served', version: '2' },
  servers: [{ url: '/api/v3' }],
  paths: { '/ping': { get: { operationId: 'ping', responses: { '200': { description: 'pong' } } } } },
});
const yaml = 'openapi: 3.0.3\ninfo: { title: Served YAML, version: "1" }\npaths:\n  /ping:\n    head:\n      responses: { "204": { description: ok } }\n';
const relative = 'openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths:\n  /a:\n    $ref: "paths/a.yaml"\n';
const fileRef = 'openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths:\n  /a:\n    get:\n      parameters: [{ $ref: "file:///etc/passwd#/P" }]\n      responses: { "200": { description: ok } }\n';

let server: Server;
let base: string;
const seenHeaders: Record<string, string | string[] | undefined>[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  seenHeaders.push(req.headers);
  switch (req.url) {
    case '/openapi.json':
      res.writeHead(200, { 'content-type': 'application/json' }).end(json);
      return;
    case '/spec': // YAML served as text/plain with no extension: detected by content
      res.writeHead(200, { 'content-type': 'text/plain' }).end(yaml);
      return;
    case '/relative.yaml':
      res.writeHead(200).end(relative);
      return;
    case '/file-ref.yaml':
      res.writeHead(200).end(fileRef);
      return;
    case '/big': {
      // No Content-Length: the cap must hold while streaming.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"openapi":"3.1.0","x":"');
      res.end('x'.repeat(4096) + '"}');
      return;
    }
    case '/slow':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"openapi":'); // …and never finishes
      return;
    default:
      res.writeHead(404, { 'content-type': 'text/plain' }).end('nothing here');
  }
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('loadDocument from an http URL (real server on 127.0.0.1)', () => {
  it('fetches JSON, sends the given headers, and resolves a relative server URL against the document URL', async () => {
    const doc = await loadDocument(`${base}/openapi.json`, { headers: { authorization: 'Bearer test-key' } });
    expect(doc).toMatchObject({ source: `${base}/openapi.json`, title: 'Served', basePath: '/api/v3', sourceVersion: '3.1.0' });
    expect(doc.operations.map((o) => o.operationId)).toEqual(['ping']);
    expect(seenHeaders.at(-1)?.authorization).toBe('Bearer test-key');
  });

  it('detects YAML by content, whatever the content type', async () => {
    const doc = await loadDocument(`${base}/spec`);
    expect(doc.operations.map((o) => `${o.method} ${o.operationId}`)).toEqual(['HEAD head_ping']);
  });

  it('uses the fetch implementation it is given', async () => {
    const calls: string[] = [];
    const fetchImpl: typeof fetch = async (input, init) => {
      calls.push(String(input));
      return fetch(input, init);
    };
    await loadDocument(`${base}/openapi.json`, { fetchImpl });
    expect(calls).toEqual([`${base}/openapi.json`]);
  });

  it.each([
    ['an HTTP error status', '/missing', {}, /could not fetch: HTTP 404 Not Found/],
    ['a document over the size cap (streamed, no Content-Length)', '/big', { maxBytes: 1024 }, /document is larger than 1024 bytes/],
    ['no complete answer within the timeout', '/slow', { timeoutMs: 300 }, /no complete answer within 0\.3 s/],
    ['a relative $ref in a fetched document (would be a network fetch)', '/relative.yaml', {}, /relative\.yaml#\/paths\/~1a: \$ref "paths\/a\.yaml" is relative to a document fetched from a URL.*refused/],
    ['a file: $ref in a fetched document (a local file)', '/file-ref.yaml', {}, /file-ref\.yaml#\/paths\/~1a\/get\/parameters\/0: \$ref "file:\/\/\/etc\/passwd#\/P": a document fetched from a URL may not read local files; refused/],
  ])('refuses %s with a ManifestError naming the URL', async (_name, path, opts, want) => {
    const err = await loadDocument(`${base}${path}`, opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as Error).message).toMatch(want);
    expect((err as Error).message.startsWith(`${base}${path}`)).toBe(true);
  });

  it('says when nothing listens at the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(loadDocument(`http://127.0.0.1:${port}/openapi.json`)).rejects.toThrow(/could not fetch \(ECONNREFUSED\)/);
  });
});
