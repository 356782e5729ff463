/** The JSON type(s) a schema expects, looking through one level of anyOf/oneOf. */
export function expectedTypes(schema: unknown): Set<string> {
  const out = new Set<string>();
  if (!schema || typeof schema !== 'object') return out;
  const s = schema as Record<string, unknown>;
  const add = (t: unknown): void => {
    if (typeof t === 'string') out.add(t);
    else if (Array.isArray(t)) t.forEach(add);
  };
  add(s.type);
  if (!s.type && s.properties) out.add('object');
  if (!s.type && s.items) out.add('array');
  for (const k of ['anyOf', 'oneOf'] as const) if (Array.isArray(s[k])) for (const sub of s[k] as unknown[]) for (const t of expectedTypes(sub)) out.add(t);
  return out;
}

// In a `u` regular expression a well-formed surrogate pair is one code point: only a lone surrogate matches.
const LONE_SURROGATE = /\p{Surrogate}/u;

const at = (path: string, key: string | number): string => (path ? `${path}.${key}` : String(key));

/**
 * The first value of the arguments that cannot be sent as the model meant it, as a message naming where it
 * is: a string (or member name) holding a lone UTF-16 surrogate, which is not Unicode text and has no UTF-8
 * form (percent-encoding it threw, and a JSON body would carry an escape the platform may reject or mangle);
 * or a number that is not finite (JSON has no Infinity: `1e400` parses to it, and JSON.stringify writes it
 * as `null`). Walked with a stack of its own, so arguments nested however deep cannot overflow the call stack.
 */
export function unsendableValue(args: Record<string, unknown>): string | undefined {
  const stack: [unknown, string][] = [[args, '']];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return `${path} is not valid Unicode text (it holds a lone UTF-16 surrogate); send the text without it`;
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) return `${path} must be a finite number (got ${value}; JSON numbers such as 1e400 overflow to it)`;
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push([v, at(path, i)]));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (LONE_SURROGATE.test(k)) return `${path || 'arguments'} has a member name that is not valid Unicode text (it holds a lone UTF-16 surrogate)`;
        stack.push([v, at(path, k)]);
      }
    }
  }
  return undefined;
}

const DIGITS = /^[-+]?\d+$/;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** What `takeBigIntegers` found: a reason to refuse the call, and the exact values to put back after validation. */
export interface BigIntegers {
  problem?: string;
  /** Put the exact values (BigInts) back where validation saw their rounded numbers. */
  restore(): void;
}

/**
 * Integers beyond 2^53 where the schema asks for an integer (and not a string). A JSON number that large
 * lost its last digits in JSON.parse before runos saw it (`1234567890123456789` arrives as
 * `1234567890123456800`): it is refused, with the way out. Given as a string of digits it is exact: the
 * validator sees its rounded number (for minimum and maximum), then it goes on as a BigInt, which
 * serialize.ts writes digit for digit. Other text that only rounds to such an integer is refused too.
 */
export function takeBigIntegers(schema: unknown, args: Record<string, unknown>): BigIntegers {
  const exact: [Record<string, unknown> | unknown[], string | number, bigint][] = [];
  let problem: string | undefined;
  const visit = (sub: unknown, holder: Record<string, unknown> | unknown[], key: string | number, path: string): void => {
    const v = (holder as Record<string | number, unknown>)[key];
    const types = expectedTypes(sub);
    if (types.has('integer') && !types.has('string')) {
      if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) {
        problem ??= `${path} is beyond 2^53 (${v} as received): JSON numbers that large lose their last digits before they reach runos; give the integer as a string of digits instead, e.g. "1234567890123456789"`;
      } else if (typeof v === 'string' && DIGITS.test(v.trim())) {
        const big = BigInt(v.trim());
        if (big > SAFE || big < -SAFE) {
          exact.push([holder, key, big]);
          (holder as Record<string | number, unknown>)[key] = Number(big);
        }
      } else if (typeof v === 'string' && Number.isInteger(Number(v)) && !Number.isSafeInteger(Number(v))) {
        problem ??= `${path} is ${JSON.stringify(v)}, an integer beyond 2^53 that cannot be sent exactly from that text; give it as a string of digits`;
      }
    }
    const s = sub as { properties?: Record<string, unknown>; items?: unknown } | undefined;
    if (Array.isArray(v) && s?.items && typeof s.items === 'object') v.forEach((_, i) => visit(s.items, v, i, at(path, i)));
    else if (v && typeof v === 'object' && !Array.isArray(v) && s?.properties) walk(s, v as Record<string, unknown>, path);
  };
  const walk = (sub: unknown, obj: Record<string, unknown>, path: string): void => {
    const props = (sub as { properties?: Record<string, unknown> } | undefined)?.properties;
    if (props) for (const key of Object.keys(props)) if (Object.hasOwn(obj, key)) visit(props[key], obj, key, at(path, key));
  };
  walk(schema, args, '');
  return {
    problem,
    restore() {
      for (const [holder, key, big] of exact) (holder as Record<string | number, unknown>)[key] = big;
    },
  };
}
