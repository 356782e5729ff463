import type { Randomness } from './secrets.js';
import type { AppRec, ClusterRec, SandboxState, ServiceRec } from './state.js';

/** A platform error answered as `{error: {code, message}}` with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a handler gets: the world, the validated request, and the randomness for new secrets. */
export interface HandlerContext {
  state: SandboxState;
  path: Record<string, string>;
  query: Record<string, any>;
  body: any;
  rng: Randomness;
}

/** A handler's answer; `body` undefined means no content. */
export interface HandlerResult {
  status: number;
  body?: unknown;
}

/** One operation's implementation, keyed by operationId. */
export type Handler = (ctx: HandlerContext) => HandlerResult;

/** 200 with a JSON body. */
export const ok = (body: unknown, status = 200): HandlerResult => ({ status, body });
/** 204 No Content. */
export const noContent = (): HandlerResult => ({ status: 204 });
/** A 404 naming what was not found. */
export const notFound = (what: string, id: string): ApiError => new ApiError(404, 'not_found', `${what} '${id}' not found`);
/** A 409 with a reason. */
export const conflict = (message: string): ApiError => new ApiError(409, 'conflict', message);

/** The current time as an ISO string. */
export const now = (): string => new Date().toISOString();

// `next_token` is an opaque base64url offset: stable across processes that share one state file.
/** One page of a list, honouring `limit` and `next_token`. */
export function paginate<T>(items: T[], query: Record<string, any>): { items: T[]; next_token?: string } {
  const limit = Number(query.limit ?? 50);
  let offset = 0;
  if (query.next_token !== undefined) {
    const decoded = Buffer.from(String(query.next_token), 'base64url').toString();
    const m = /^o:(\d+)$/.exec(decoded);
    if (!m) throw new ApiError(400, 'invalid_next_token', 'next_token is not one this API returned; start again without it');
    offset = Number(m[1]);
  }
  const page = items.slice(offset, offset + limit);
  const end = offset + page.length;
  return end < items.length ? { items: page, next_token: Buffer.from(`o:${end}`).toString('base64url') } : { items: page };
}

/** Find a record by id or by name (clusters, services and apps are addressed by either). */
export function byIdOrName<T extends { id: string; name: string }>(items: T[], key: string, what: string): T {
  const found = items.find((x) => x.id === key) ?? items.find((x) => x.name === key);
  if (!found) throw notFound(what, key);
  return found;
}

/** The cluster a path or query names. */
export const findCluster = (ctx: HandlerContext, key: string): ClusterRec => byIdOrName(ctx.state.clusters, key, 'cluster');
/** The service a path or query names. */
export const findService = (ctx: HandlerContext, key: string): ServiceRec => byIdOrName(ctx.state.services, key, 'service');
/** The app a path or query names. */
export const findApp = (ctx: HandlerContext, key: string): AppRec => byIdOrName(ctx.state.apps, key, 'app');

/** The service of `{service}`, refused unless it is one of the given types. */
export function findServiceOfType(ctx: HandlerContext, types: ServiceRec['type'][], action: string): ServiceRec {
  const s = findService(ctx, ctx.path.service!);
  if (!types.includes(s.type)) {
    throw new ApiError(400, 'unsupported_service_type', `service '${s.name}' is ${s.type}; ${action} needs a ${types.join(' or ')} service`);
  }
  return s;
}

/** Refuse a name that is already taken in a collection. */
export function assertUnique(items: { name: string }[], name: string, what: string): void {
  if (items.some((x) => x.name === name)) throw conflict(`a ${what} named '${name}' already exists`);
}
