import { randomBytes } from 'node:crypto';
import { UsageError } from '../../core/errors.js';
import { loadServedTable } from '../../core/table-source.js';
import type { Tier } from '../../core/tiers.js';
import { parseNameList, type ToolSelection } from '../../core/tool-selection.js';
import { openAuditLog } from '../audit.js';
import { createTierServerFactory, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS } from '../create-server.js';
import { createAuthenticator } from '../identity/authenticate.js';
import { tokensFilePath } from '../identity/token-store.js';
import { packageVersion, positiveInt, prepareCredentials, type ServeArgs } from '../serve-command.js';
import { preloadValidator } from '../validate-args.js';
import { tierUpSooner } from '../v8-tuning.js';
import { isLoopback, parseHttpFlags, type ServeHttpFlags } from './http-options.js';
import { startHttpFront } from './http-server.js';
import { otlpEndpoint, startTelemetry, trackAuditLog } from './telemetry.js';
import { createTierEndpoint, type TierEndpoint } from './tier-endpoint.js';

/** The session-signing secret: RUNOS_SESSION_SECRET (shared by replicas), else random for this process. */
export function sessionSecret(env: NodeJS.ProcessEnv): { secret: Buffer; shared: boolean } {
  const raw = env.RUNOS_SESSION_SECRET;
  if (raw === undefined || raw === '') return { secret: randomBytes(32), shared: false };
  if (raw.length < 32) throw new UsageError('RUNOS_SESSION_SECRET must be at least 32 characters (for example `openssl rand -hex 32`)');
  return { secret: Buffer.from(raw, 'utf8'), shared: true };
}

/**
 * `runos mcp serve --http`: the tiers over Streamable HTTP, one endpoint per tier (`/mcp/<tier>`), both
 * protocol eras, every request authenticated (runos tokens and/or an identity provider's JWTs) and held to
 * its caller's tiers. Runs until SIGTERM or SIGINT, then stops gracefully: new requests are refused,
 * in-flight calls finish, the audit log and telemetry are flushed.
 */
export async function runServeHttp(argv: ServeArgs & ServeHttpFlags, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const settings = parseHttpFlags(argv);
  const timeoutMs = positiveInt(env, 'RUNOS_TIMEOUT_MS', DEFAULT_TIMEOUT_MS);
  const maxBytes = positiveInt(env, 'RUNOS_MAX_RESPONSE_BYTES', DEFAULT_MAX_BYTES);
  const { secret, shared } = sessionSecret(env);
  // --toolsets / --tools / --exclude-tools narrow every served tier, as for stdio.
  const selection: ToolSelection = { toolsets: parseNameList(argv.toolsets), tools: parseNameList(argv.tools), excludeTools: parseNameList(argv.excludeTools) };
  const { table } = await loadServedTable(argv.table, env);
  const version = packageVersion();
  const say = (text: string): boolean => process.stderr.write(`runos: ${text}\n`);

  const { credentials, closeSandbox } = await prepareCredentials(argv, env, `${settings.tiers.join(', ')} over HTTP`);
  const tokensFile = settings.tokensFile ?? tokensFilePath(env);
  const authenticator = await createAuthenticator({
    tokensFile,
    issuer: settings.issuer,
    jwksUri: settings.jwksUri,
    audiences: settings.audiences,
    platform: table.platform,
  });
  const endpointUrl = otlpEndpoint(settings.otlpEndpoint, env);
  const telemetry = endpointUrl ? await startTelemetry({ endpoint: endpointUrl, version }) : undefined;
  const audit = trackAuditLog(openAuditLog({ env }), telemetry);
  const onerror = (err: Error): void => void say(`${err.message}`);

  const endpoints = new Map<Tier, TierEndpoint>();
  for (const tier of settings.tiers) {
    const served = createTierServerFactory({ table, tier, version, credentials, audit, timeoutMs, maxBytes, selection });
    const direct = { callDirect: served.callDirect, serverInfo: { name: served.name, version } };
    endpoints.set(tier, createTierEndpoint({ factory: served.factory, sessionSecret: secret, maxBodyBytes: settings.maxBodyBytes, auditFlushed: audit.flushed, onerror, direct }));
  }
  // A long-lived server warms up before the first request, not on it.
  tierUpSooner();
  await preloadValidator();
  const creds = await credentials().catch((err: Error) => void say(`cannot read the platform credentials: ${err.message}`));
  if (creds && !creds.apiKey) say(`${creds.notice ?? 'no platform API key'}; tool calls will answer with that hint until one is set`);

  const front = await startHttpFront({ ...settings, platform: table.platform, endpoints, authenticator, audit });
  const base = settings.publicUrl ?? front.url;
  const identity = [
    `${authenticator.tokenCount()} runos token(s) from ${tokensFile}`,
    ...(settings.issuer ? [`JWTs from ${settings.issuer}`] : []),
  ].join('; ');
  say(`listening on ${front.url}`);
  say(`serving ${settings.tiers.join(', ')} at ${base}/mcp/<tier> (identity: ${identity}; audit log ${audit.path})`);
  if (authenticator.tokenCount() === 0 && !settings.issuer) say('nobody can call yet: create a token with `runos mcp token create --tiers read --name <who>`, or pass --issuer');
  if (!isLoopback(settings.host)) {
    say(`plain HTTP on ${settings.host}: serve it behind a TLS-terminating proxy (see deploy/ in the runos repository)`);
    if (!shared) say('RUNOS_SESSION_SECRET is not set: 2025-11-25 sessions opened here are unknown to other replicas');
  }

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  say(`${signal}: refusing new requests, finishing those in flight`);
  const { unfinished } = await front.shutdown(timeoutMs + 5_000);
  await telemetry?.shutdown();
  await closeSandbox?.();
  say(unfinished ? `stopped with ${unfinished} request(s) unfinished after the drain timeout` : 'stopped: every request answered, audit log flushed');
  return 0;
}
