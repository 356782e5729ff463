// The tiny local endpoint every latency figure is measured against: answers any request at once with a
// small JSON body, so the difference between a direct call and a tool call is what the server adds.
import { createServer } from 'node:http';

const BODY = JSON.stringify({ id: 'c-1', name: 'prod', status: 'running', items: [{ id: 1, state: 'ok' }] });

/** Start it on 127.0.0.1:0. */
export async function startLoopback() {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) });
      res.end(BODY);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}
