import { UsageError } from '../core/errors.js';
import { startSandbox } from './server.js';

/** `runos sandbox [--port N] [--key K]`: serve the sandbox until interrupted. */
export async function runSandbox(argv: { port?: number; key?: string }): Promise<number> {
  const port = argv.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (0-65535), not ${argv.port}`);
  if (argv.key !== undefined && !/^\S{8,}$/.test(argv.key)) throw new UsageError('--key must be at least 8 characters without spaces');
  let sandbox;
  try {
    sandbox = await startSandbox({ port, ...(argv.key ? { key: argv.key } : {}) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use on 127.0.0.1; pick another with --port, or --port 0 for any free one`);
    throw err;
  }
  // The first stdout line is machine-readable so a script can `eval` or parse it at once.
  process.stdout.write(`RUNOS_API_URL=${sandbox.url} RUNOS_API_KEY=${sandbox.key}\n`);
  process.stderr.write(
    `runos sandbox: a local RunOS API with demo data (clusters prod and i4y, users-db, buckets, apps) on ${sandbox.url}; manifest at ${sandbox.url}/openapi.json. Ctrl-C stops it.\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sandbox.close();
  return 0;
}
