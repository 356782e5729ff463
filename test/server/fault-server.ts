// A loopback HTTP server whose paths answer with the faults a platform can have, and that records what it got.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

export interface FaultServer {
  url: string;
  requests: Received[];
  /** Connections the server saw closed before it answered (cancelled or timed-out calls). */
  aborted: string[];
  close(): Promise<void>;
}

export const SECRET_PASSWORD = 'Zq9-very-secret-pw';
export const SECRET_URI = `postgres://app:${SECRET_PASSWORD}@db.internal:5432/users`;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Start the server on 127.0.0.1; `redirectTo` is where `/v1/echo/redirect-cross` points (another origin). */
export async function startFaultServer(opts: { redirectTo?: string } = {}): Promise<FaultServer> {
  const requests: Received[] = [];
  const aborted: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
    const mode = (req.url ?? '').replace(/\?.*/, '').split('/').pop();
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-internal-token': 'header-secret-never-shown' });
      res.end(JSON.stringify(value));
    };
    res.on('close', () => {
      if (!res.writableFinished) aborted.push(req.url ?? '');
    });
    switch (mode) {
      case 'json':
        return json(200, { id: 'users-db', password: SECRET_PASSWORD, connection_uri: SECRET_URI, uri: SECRET_URI, got: { method: req.method, url: req.url, body } });
      case 'whoami':
        return json(200, { you_sent: req.headers.authorization, note: `key ${String(req.headers.authorization).slice(7)} accepted` });
      case '401':
        return json(401, { message: `invalid key ${String(req.headers.authorization).slice(7)}` });
      case 'list':
        return json(200, [1, 2, 3]);
      case 'slow':
        return void setTimeout(() => json(200, { late: true }), 5_000).unref();
      case 'slowbody':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"items": [');
        return void setTimeout(() => res.end(']}'), 5_000).unref();
      case '500':
        return json(500, { error: { message: 'database on fire' } });
      case '404':
        return json(404, { message: 'service nope not found' });
      case 'html502':
        res.writeHead(502, { 'content-type': 'text/html' });
        return void res.end('<html><body>Bad gateway</body></html>');
      case 'text':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end(`plain text with ${SECRET_URI}`);
      case 'badjson':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"truncated": ');
      case 'binary':
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return void res.end(Buffer.alloc(64, 1));
      case 'empty':
        res.writeHead(204);
        return void res.end();
      case 'big':
        return json(200, { items: Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `service-${i}` })) });
      case 'huge': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(1 << 20, 0x20);
        for (let i = 0; i < 12; i++) res.write(chunk);
        return void res.end('{}');
      }
      case 'redirect-same':
        res.writeHead(302, { location: '/v1/echo/json' });
        return void res.end();
      case 'redirect-cross':
        res.writeHead(302, { location: `${opts.redirectTo ?? 'http://localhost:9'}/v1/echo/json` });
        return void res.end();
      case 'redirect-to':
        // Where `?to=` says: a path (same origin) or a relative reference.
        res.writeHead(302, { location: new URL(`http://x${req.url}`).searchParams.get('to') ?? '/' });
        return void res.end();
      case 'redirect-other-tier':
        res.writeHead(307, { location: '/v1/services/users-db/credentials' });
        return void res.end();
      default:
        return json(200, { ok: true, method: req.method, url: req.url, body });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    aborted,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A URL where nothing listens (the platform is down). */
export async function deadUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return `http://127.0.0.1:${port}`;
}
