import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

/** One operation of the manifest, compiled for the sandbox: how to match it and how to validate a request. */
export interface Route {
  operationId: string;
  method: string;
  template: string;
  re: RegExp;
  pathNames: string[];
  bodyRequired: boolean;
  /** The compiled validators, built on first use: compiling all of them up front costs a second at start-up. */
  validators(): RouteValidators;
}

/** Validators of one route; path and query ones coerce strings and fill defaults, the body one fills defaults. */
export interface RouteValidators {
  path: ValidateFunction;
  query: ValidateFunction;
  body?: ValidateFunction;
}

type Json = Record<string, any>;
const COMPONENTS_ID = 'https://api.runos.dev/components.json';

// The manifest's refs point into `#/components/…` of the whole document; Ajv gets the component schemas
// as one `$defs` document and every ref rewritten to it, so each validator stays strict 2020-12.
function rewriteRefs(value: unknown, prefix: string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, prefix));
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/') ? `${prefix}${v.slice('#/components/schemas/'.length)}` : rewriteRefs(v, prefix);
  }
  return out;
}

// validateSchema: checking the manifest against the 2020-12 meta-schema costs about a second per Ajv
// instance; the serving sandbox skips it, the manifest tests keep it (compileResponseValidators).
function newAjv(coerce: boolean, defaults = true, validateSchema = false): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: false, useDefaults: defaults, coerceTypes: coerce, validateSchema });
  addFormats(ajv);
  ajv.addFormat('password', true);
  ajv.addKeyword('x-sensitive');
  return ajv;
}

function resolveRef(doc: Json, node: Json): Json {
  let cur = node;
  for (let i = 0; cur && typeof cur.$ref === 'string' && i < 10; i++) {
    cur = cur.$ref
      .slice(2)
      .split('/')
      .reduce((o: Json, k: string) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return cur;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compile every operation of an OpenAPI 3.1 manifest into routes, literal paths before templated ones. */
export function compileRoutes(doc: Json): Route[] {
  const schemas = doc.components?.schemas ?? {};
  const paramAjv = newAjv(true);
  const bodyAjv = newAjv(false);
  const defs = { $id: COMPONENTS_ID, $defs: rewriteRefs(schemas, '#/$defs/') };
  paramAjv.addSchema(defs);
  bodyAjv.addSchema(structuredClone(defs));
  const prefix = `${COMPONENTS_ID}#/$defs/`;
  const routes: Route[] = [];
  for (const [template, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<Json>(item)) {
      if (!op?.operationId) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: Json) => resolveRef(doc, p));
      const objectOf = (where: string, extra: boolean) => {
        const ps = params.filter((p) => p.in === where);
        return {
          type: 'object',
          properties: Object.fromEntries(ps.map((p) => [p.name, rewriteRefs(p.schema ?? {}, prefix)])),
          required: ps.filter((p) => p.required).map((p) => p.name),
          additionalProperties: extra,
        };
      };
      const pathNames = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
      const reSource = template
        .split(/\{[^}]+\}/)
        .map(escapeRe)
        .join('([^/]+)');
      const body = op.requestBody ? resolveRef(doc, op.requestBody) : undefined;
      const bodySchema = body?.content?.['application/json']?.schema;
      let compiled: RouteValidators | undefined;
      routes.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        template,
        re: new RegExp(`^${reSource}$`),
        pathNames,
        bodyRequired: Boolean(body?.required),
        validators: () =>
          (compiled ??= {
            path: paramAjv.compile(objectOf('path', false)),
            query: paramAjv.compile(objectOf('query', false)),
            ...(bodySchema ? { body: bodyAjv.compile(rewriteRefs(bodySchema, prefix) as Json) } : {}),
          }),
      });
    }
  }
  // `/v1/services/estimate` must win over `/v1/services/{service}`: fewer templated segments first.
  return routes.sort((a, b) => a.pathNames.length - b.pathNames.length);
}

/** One Ajv error as a sentence: `query parameter limit must be <= 200`, `request body /replicas must be >= 1`. */
export function describeAjvError(where: 'path' | 'query' | 'body', err: ErrorObject | undefined): string {
  if (!err) return `invalid ${where}`;
  const missing = err.keyword === 'required' ? (err.params as { missingProperty: string }).missingProperty : undefined;
  const extra = err.keyword === 'additionalProperties' ? (err.params as { additionalProperty: string }).additionalProperty : undefined;
  if (where === 'body') {
    const at = err.instancePath || '/';
    if (missing) return `request body ${at} must have property '${missing}'`;
    if (extra) return `request body ${at} has unknown property '${extra}'`;
    const allowed = err.keyword === 'enum' ? `: ${(err.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : '';
    return `request body ${at} ${err.message}${allowed}`;
  }
  const label = where === 'path' ? 'path parameter' : 'query parameter';
  if (missing) return `${label} '${missing}' is required`;
  if (extra) return `unknown ${label} '${extra}'`;
  const name = err.instancePath.split('/')[1] ?? '';
  const allowed = err.keyword === 'enum' ? `: ${(err.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : '';
  return `${label} '${name}' ${err.message}${allowed}`;
}

/** Validators of each operation's documented responses, keyed `operationId status` (used to hold the sandbox to the manifest). */
export function compileResponseValidators(doc: Json): Map<string, ValidateFunction> {
  const ajv = newAjv(false, false, true);
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteRefs(doc.components?.schemas ?? {}, '#/$defs/') });
  const out = new Map<string, ValidateFunction>();
  for (const item of Object.values<Json>(doc.paths ?? {})) {
    for (const op of Object.values<Json>(item)) {
      for (const [status, response] of Object.entries<Json>(op?.responses ?? {})) {
        const schema = resolveRef(doc, response)?.content?.['application/json']?.schema;
        if (schema) out.set(`${op.operationId} ${status}`, ajv.compile(rewriteRefs(schema, `${COMPONENTS_ID}#/$defs/`) as Json));
      }
    }
  }
  return out;
}
