import { ApiError, conflict, findServiceOfType, noContent, notFound, now, ok, paginate, type Handler, type HandlerContext } from '../api.js';
import { generateAccessKeyPair } from '../secrets.js';
import { nextId, type AccessKeyRec, type BucketRec } from '../state.js';

// What each access level means as policy statements (the policy endpoint can refine them).
function statementsFor(access: BucketRec['access']): BucketRec['statements'] {
  if (access === 'public-read') return [{ effect: 'allow', principal: '*', actions: ['get', 'list'] }];
  if (access === 'public-read-write') return [{ effect: 'allow', principal: '*', actions: ['get', 'list', 'put', 'delete'] }];
  return [];
}

function bucketView(b: BucketRec) {
  const { statements: _s, objects, ...pub } = b;
  const service = b.service_id;
  return {
    ...pub,
    ...(b.access !== 'private' ? { public_url: `https://${b.name}.${service.replace('_', '-')}.objects.runos.dev/` } : {}),
    object_count: objects.length,
    size_bytes: objects.reduce((n, o) => n + o.size_bytes, 0),
  };
}

function findBucket(ctx: HandlerContext): BucketRec {
  const s = findServiceOfType(ctx, ['object-storage'], 'buckets');
  const b = ctx.state.buckets.find((x) => x.service_id === s.id && x.name === ctx.path.bucket);
  if (!b) throw notFound('bucket', ctx.path.bucket!);
  return b;
}

function accessKeyView(k: AccessKeyRec) {
  const { secret, service_id: _s, ...pub } = k;
  return { ...pub, last4: secret.slice(-4) };
}

/** Object storage: buckets, their access policies, and S3-compatible access keys. */
export const storageHandlers: Record<string, Handler> = {
  list_buckets: (ctx) => {
    const s = findServiceOfType(ctx, ['object-storage'], 'buckets');
    return ok(paginate(ctx.state.buckets.filter((b) => b.service_id === s.id).map(bucketView), ctx.query));
  },
  create_bucket: (ctx) => {
    const s = findServiceOfType(ctx, ['object-storage'], 'buckets');
    const { name, versioning } = ctx.body;
    // Created private: making a bucket public is set_bucket_policy's job (an access-policy change, sensitive-write).
    const access: BucketRec['access'] = 'private';
    if (ctx.state.buckets.some((b) => b.name === name)) throw conflict(`bucket name '${name}' is taken`);
    const b: BucketRec = { id: nextId(ctx.state, 'bkt'), name, service_id: s.id, access, versioning, statements: statementsFor(access), objects: [], created_at: now() };
    ctx.state.buckets.push(b);
    return ok(bucketView(b), 201);
  },
  get_bucket: (ctx) => ok(bucketView(findBucket(ctx))),
  delete_bucket: (ctx) => {
    const b = findBucket(ctx);
    if (b.objects.length) throw conflict(`bucket '${b.name}' holds ${b.objects.length} objects; empty it first`);
    ctx.state.buckets = ctx.state.buckets.filter((x) => x !== b);
    return noContent();
  },
  get_bucket_policy: (ctx) => {
    const b = findBucket(ctx);
    return ok({ bucket: b.name, access: b.access, statements: b.statements });
  },
  set_bucket_policy: (ctx) => {
    const b = findBucket(ctx);
    const keys = new Set(ctx.state.accessKeys.filter((k) => k.service_id === b.service_id).map((k) => k.key_id));
    const statements: BucketRec['statements'] = ctx.body.statements ?? statementsFor(ctx.body.access);
    const stranger = statements.find((s) => s.principal !== '*' && !keys.has(s.principal));
    if (stranger) throw new ApiError(400, 'invalid_request', `principal '${stranger.principal}' is neither '*' nor an access key of this service`);
    b.access = ctx.body.access;
    b.statements = statements;
    return ok({ bucket: b.name, access: b.access, statements: b.statements });
  },
  list_access_keys: (ctx) => {
    const s = findServiceOfType(ctx, ['object-storage'], 'access keys');
    return ok(paginate(ctx.state.accessKeys.filter((k) => k.service_id === s.id).map(accessKeyView), ctx.query));
  },
  create_access_key: (ctx) => {
    const s = findServiceOfType(ctx, ['object-storage'], 'access keys');
    const names = new Set(ctx.state.buckets.filter((b) => b.service_id === s.id).map((b) => b.name));
    const unknown = (ctx.body.buckets ?? []).filter((n: string) => !names.has(n));
    if (unknown.length) throw new ApiError(400, 'invalid_request', `no bucket ${unknown.map((n: string) => `'${n}'`).join(', ')} in '${s.name}'`);
    const pair = generateAccessKeyPair(ctx.rng);
    const k: AccessKeyRec = { key_id: pair.keyId, service_id: s.id, name: ctx.body.name, permissions: ctx.body.permissions, buckets: ctx.body.buckets ?? [], secret: pair.secret, created_at: now() };
    ctx.state.accessKeys.push(k);
    return ok({ access_key: accessKeyView(k), secret_access_key: pair.secret }, 201);
  },
  revoke_access_key: (ctx) => {
    const s = findServiceOfType(ctx, ['object-storage'], 'access keys');
    const k = ctx.state.accessKeys.find((x) => x.service_id === s.id && x.key_id === ctx.path.key_id);
    if (!k) throw notFound('access key', ctx.path.key_id!);
    ctx.state.accessKeys = ctx.state.accessKeys.filter((x) => x !== k);
    return noContent();
  },
};
