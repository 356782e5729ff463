import type { ToolEntry } from '../core/tool-table.js';
import { expectedTypes, takeBigIntegers, unsendableValue } from './exact-args.js';

/** The outcome of checking a call's arguments against the tool's inputSchema. */
export type ArgsCheck = { ok: true; args: Record<string, unknown> } | { ok: false; message: string };

type ValidateFn = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] | null };
type AjvLike = { compile(schema: object): ValidateFn };

// OpenAPI's own formats (3.1 §4.3 Data Types) that JSON Schema validators do not know: accepted as text.
const OPENAPI_FORMATS = ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password', 'decimal', 'uint8', 'uint32', 'uint64', 'int8', 'int16'];

let ajvPromise: Promise<AjvLike> | undefined;

/** Ajv is loaded on the first call, not at start-up: it costs tens of milliseconds that `tools/list` need not pay. */
function loadAjv(): Promise<AjvLike> {
  ajvPromise ??= (async () => {
    const [ajvModule, formatsModule] = await Promise.all([import('ajv/dist/2020.js'), import('ajv-formats')]);
    // Both are CommonJS with `exports.default`; under NodeNext the default import is the module object.
    const Ajv2020 = (ajvModule.default as unknown as { default?: unknown }).default ?? ajvModule.default;
    const addFormats = (formatsModule.default as unknown as { default?: unknown }).default ?? formatsModule.default;
    // strict: false because manifests carry keywords Ajv does not know (example, x-*, discriminator);
    // logger: false because a stdio server must print nothing but protocol on stdout; validateSchema: false
    // because checking a schema against the 2020-12 meta-schema first compiles the meta-schema (~0.3 s on
    // the first call), and the table's schemas were produced, and checked, by the codegen. strictNumbers
    // again (strict: false turns it off): Infinity and NaN are not numbers of any JSON Schema type.
    const ajv = new (Ajv2020 as new (o: object) => AjvLike & { addFormat(name: string, f: true): void })({
      strict: false,
      strictNumbers: true,
      allErrors: true,
      coerceTypes: true,
      logger: false,
      validateFormats: true,
      validateSchema: false,
    });
    (addFormats as unknown as (a: unknown) => void)(ajv);
    for (const f of OPENAPI_FORMATS) ajv.addFormat(f, true);
    return ajv;
  })();
  return ajvPromise;
}

/** Load Ajv ahead of the first call (done once the server has answered tools/list and is idle). */
export async function preloadValidator(): Promise<void> {
  await loadAjv();
}

/** Validates arguments for a tier's tools; each tool's validator is compiled once, on its first call. */
export function createArgsValidator(): (tool: ToolEntry, args: unknown) => Promise<ArgsCheck> {
  const compiled = new Map<string, ValidateFn>();
  return async (tool, raw) => {
    let validate = compiled.get(tool.name);
    if (!validate) {
      const ajv = await loadAjv();
      try {
        validate = ajv.compile(tool.inputSchema);
      } catch (err) {
        // Fail closed: a schema we cannot check is a broken table, not a reason to send unchecked input.
        return { ok: false, message: `the tool's input schema cannot be compiled (${(err as Error).message}); regenerate the tool table` };
      }
      compiled.set(tool.name, validate);
    }
    const args = structuredClone(raw ?? {}) as Record<string, unknown>;
    if (typeof args !== 'object' || Array.isArray(args)) return { ok: false, message: 'arguments must be an object' };
    parseJsonStrings(tool.inputSchema, args);
    const big = takeBigIntegers(tool.inputSchema, args);
    if (big.problem) return { ok: false, message: `invalid arguments: ${big.problem}` };
    if (!validate(args)) return { ok: false, message: formatErrors(validate.errors ?? []) };
    big.restore();
    // After validation, which coerces: "1e999" given for an integer has become Infinity by now.
    const unsendable = unsendableValue(args);
    if (unsendable) return { ok: false, message: `invalid arguments: ${unsendable}` };
    return { ok: true, args };
  };
}

/**
 * Some clients send nested objects and arrays as JSON text (REFERENCE.md, Client limits): where the schema
 * wants an object or array and not a string, a string that parses to one is replaced by it, recursively;
 * and a null where the schema allows none is dropped.
 */
export function parseJsonStrings(schema: unknown, obj: Record<string, unknown>): void {
  const props = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!props) return;
  for (const [key, sub] of Object.entries(props)) {
    const v = obj[key];
    const types = expectedTypes(sub);
    // Models often send null for "not given": where the schema does not allow null, treat it as absent
    // (otherwise type coercion would turn it into "" or 0 and send that).
    if (v === null && types.size > 0 && !types.has('null') && (sub as { nullable?: boolean }).nullable !== true) {
      delete obj[key];
      continue;
    }
    if (typeof v === 'string' && !types.has('string') && (types.has('object') || types.has('array'))) {
      try {
        const parsed: unknown = JSON.parse(v);
        if ((Array.isArray(parsed) && types.has('array')) || (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && types.has('object'))) obj[key] = parsed;
      } catch {
        // not JSON: leave it for the validator to report
      }
    }
    const now = obj[key];
    if (now && typeof now === 'object' && !Array.isArray(now)) parseJsonStrings(sub, now as Record<string, unknown>);
  }
}

function formatErrors(errors: NonNullable<ValidateFn['errors']>): string {
  const lines = errors.slice(0, 8).map((e) => {
    const at = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'arguments';
    const extra = e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : '';
    const prop = e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : '';
    return `${at} ${e.message ?? 'is invalid'}${extra}${prop}`;
  });
  if (errors.length > 8) lines.push(`…and ${errors.length - 8} more`);
  return `invalid arguments: ${lines.join('; ')}`;
}
