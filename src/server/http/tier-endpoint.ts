import type { IncomingMessage, ServerResponse } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, isLegacyRequest, type AuthInfo, type Server } from '@modelcontextprotocol/server';
import { createLegacySessions } from './sessions.js';

/** One tier's MCP endpoint (`/mcp/<tier>`), both protocol eras, behind the server's own checks. */
export interface TierEndpoint {
  /** Answer one authenticated, authorised request; `parsedBody` is the POST body already read and parsed. */
  handle(req: IncomingMessage & { auth?: AuthInfo }, res: ServerResponse, parsedBody: unknown): Promise<void>;
  /** Live 2025-era sessions held by this replica. */
  sessions(): number;
  close(): Promise<void>;
}

/**
 * Serve one tier over Streamable HTTP through the SDK: the 2026-07-28 era by `createMcpHandler` (stateless:
 * a fresh server instance per request, so any replica answers any request) and the 2025-11-25 era by
 * sessionful transports (sessions.ts), routed with the SDK's own `isLegacyRequest`, the same classification
 * `createMcpHandler` would make. `auditFlushed` is awaited before any answer leaves: a call is on the audit
 * log before its caller can see the result (so a replica killed right after answering lost no audit line).
 */
export function createTierEndpoint(opts: {
  factory: () => Server;
  sessionSecret: Buffer;
  maxBodyBytes: number;
  auditFlushed: () => Promise<void>;
  onerror: (err: Error) => void;
}): TierEndpoint {
  const modern = createMcpHandler(opts.factory, { legacy: 'reject', onerror: opts.onerror, maxRequestBodySize: opts.maxBodyBytes });
  const legacy = createLegacySessions({ factory: opts.factory, secret: opts.sessionSecret });
  const node = toNodeHandler(
    {
      fetch: async (request, options) => {
        const isLegacy = await isLegacyRequest(request, options?.parsedBody, { maxRequestBodySize: opts.maxBodyBytes });
        const response = isLegacy ? await legacy.handle(request, options) : await modern.fetch(request, options);
        await opts.auditFlushed();
        return response;
      },
    },
    { onerror: opts.onerror, maxRequestBodySize: opts.maxBodyBytes },
  );
  return {
    handle: (req, res, parsedBody) => node(req, res, parsedBody),
    sessions: () => legacy.size(),
    close: async () => {
      await Promise.all([modern.close(), legacy.close()]);
    },
  };
}
