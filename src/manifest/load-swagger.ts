import { upgradeFromTwoToThree } from '@scalar/openapi-upgrader/2.0-to-3.0';
import { ManifestError } from '../core/errors.js';
import { tooDeep } from './load-parse.js';
import { HTTP_METHODS } from './model.js';

type Obj = Record<string, unknown>;

const REQUEST_BODIES = '#/components/requestBodies/';
const METHODS = new Set(HTTP_METHODS.map((m) => m.toLowerCase()));

/**
 * Swagger 2.0 → OpenAPI 3.0 with @scalar/openapi-upgrader: `host`+`basePath` become `servers`,
 * `in: body` and `formData` parameters become `requestBody` (form media types from `consumes`),
 * `#/definitions/…` refs become `#/components/schemas/…`. Works on a copy; the input is untouched.
 */
export function upgradeSwagger(doc: Obj, file: string): Obj {
  let out: Obj;
  try {
    // The upgrader only recognises the string "2.0"; unquoted YAML `swagger: 2.0` is the number 2.
    out = upgradeFromTwoToThree({ ...structuredClone(doc), swagger: '2.0' }) as Obj;
  } catch (err) {
    throw new ManifestError(`cannot upgrade this Swagger 2.0 document: ${tooDeep((err as Error).message)}`, file);
  }
  liftBodyParameterRefs(out);
  return out;
}

/** A referenced file that is itself a whole Swagger 2.0 document gets the same upgrade. */
export function upgradeSwaggerFragment(doc: unknown, file: string): unknown {
  return isObj(doc) && (doc.swagger === '2.0' || doc.swagger === 2) ? upgradeSwagger(doc, file) : doc;
}

/**
 * The upgrader turns a shared `in: body`/`formData` parameter (`#/parameters/x`) into
 * `#/components/requestBodies/x`, but leaves the `$ref` to it inside the operation's `parameters`
 * list, where it is not a parameter. Move such references to `requestBody` (merging several form
 * fields into one form schema), so the body survives the upgrade.
 */
function liftBodyParameterRefs(doc: Obj): void {
  const bodies = isObj(doc.components) && isObj(doc.components.requestBodies) ? doc.components.requestBodies : {};
  if (!isObj(doc.paths)) return;
  for (const item of Object.values(doc.paths)) {
    if (!isObj(item)) continue;
    const shared = takeBodyRefs(item);
    for (const [key, op] of Object.entries(item)) {
      if (!METHODS.has(key) || !isObj(op)) continue;
      const own = takeBodyRefs(op);
      const refs = own.length > 0 ? own : shared;
      if (refs.length > 0 && op.requestBody === undefined) op.requestBody = mergeBodies(refs, bodies);
      markRequiredForm(op.requestBody, bodies);
    }
  }
}

/** In 2.0 a required formData field makes the request need a body; the upgrader leaves `required` unset. */
function markRequiredForm(body: unknown, bodies: Obj): void {
  const target = isObj(body) && typeof body.$ref === 'string' ? bodies[decodeURIComponent(body.$ref.slice(REQUEST_BODIES.length))] : body;
  if (!isObj(target) || target.required !== undefined || !isObj(target.content)) return;
  const needs = Object.values(target.content).some(
    (m) => isObj(m) && isObj(m.schema) && Array.isArray(m.schema.required) && m.schema.required.length > 0,
  );
  if (needs) target.required = true;
}

function takeBodyRefs(holder: Obj): string[] {
  if (!Array.isArray(holder.parameters)) return [];
  const refs: string[] = [];
  holder.parameters = holder.parameters.filter((p) => {
    const ref = isObj(p) && typeof p.$ref === 'string' ? p.$ref : '';
    if (!ref.startsWith(REQUEST_BODIES)) return true;
    refs.push(ref);
    return false;
  });
  return refs;
}

function mergeBodies(refs: string[], bodies: Obj): Obj {
  if (refs.length === 1) return { $ref: refs[0] };
  // Several shared formData fields: one form body whose schema holds every field.
  const merged: Obj = { content: {} };
  for (const ref of refs) {
    const body = bodies[decodeURIComponent(ref.slice(REQUEST_BODIES.length))];
    if (!isObj(body) || !isObj(body.content)) continue;
    if (body.required === true) merged.required = true;
    for (const [type, media] of Object.entries(body.content)) {
      const into = ((merged.content as Obj)[type] ??= { schema: { type: 'object', properties: {}, required: [] } }) as Obj;
      const target = into.schema as { properties: Obj; required: string[] };
      const from = isObj(media) && isObj(media.schema) ? media.schema : {};
      Object.assign(target.properties, isObj(from.properties) ? from.properties : {});
      if (Array.isArray(from.required)) target.required.push(...(from.required as string[]));
      if (isObj(media) && isObj(media.encoding)) into.encoding = { ...(into.encoding as Obj), ...media.encoding };
    }
  }
  return merged;
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
