import type { BodyBinding, ToolEntry } from '../core/tool-table.js';
import { ArgumentError, cookiePair, deepPairs, encodeComponent, encodeKey, headerValue, jsonText, queryParts, scalarText, serializePath } from './serialize.js';

/** A request ready to send, relative to the API URL: nothing here knows the host or the key. */
export interface BuiltRequest {
  method: string;
  /** Base path + filled path template, every parameter percent-encoded. */
  path: string;
  /** Encoded query string without the `?` ('' when none). */
  query: string;
  headers: Record<string, string>;
  body?: string | FormData;
}

// OpenAPI 3.1 §4.8.12.1: header parameters named Accept, Content-Type or Authorization SHALL be ignored;
// the runtime owns them (and Authorization carries the key, which the model must never set).
const OWNED_HEADERS = new Set(['accept', 'content-type', 'authorization', 'cookie', 'host', 'content-length']);

/** Build the HTTP request for a tool call from validated arguments, exactly as the tool's bindings say. */
export function buildRequest(tool: ToolEntry, args: Record<string, unknown>, basePath = ''): BuiltRequest {
  const headers: Record<string, string> = {};
  const query: string[] = [];
  const cookies: string[] = [];
  let path = tool.path;
  for (const p of tool.request.params) {
    const value = args[p.arg];
    if (value === undefined || (value === null && p.in !== 'path')) {
      if (p.required) throw new ArgumentError(`missing required ${p.in} parameter ${p.arg}`);
      continue;
    }
    if (p.in === 'path') {
      const segment = serializePath(p, value);
      const slot = `{${p.name}}`;
      if (!path.includes(slot)) throw new ArgumentError(`the tool table has no {${p.name}} in ${tool.path}`);
      path = path.split(slot).join(segment);
    } else if (p.in === 'query') {
      query.push(...queryParts(p, value));
    } else if (p.in === 'header') {
      if (!OWNED_HEADERS.has(p.name.toLowerCase())) headers[p.name] = headerValue(p, value);
    } else if (p.in === 'cookie') {
      cookies.push(cookiePair(p, value));
    }
  }
  if (/\{[^}]*\}/.test(path)) throw new ArgumentError(`missing path parameter for ${path.match(/\{[^}]*\}/)![0]}`);
  if (cookies.length) headers.cookie = cookies.join('; ');
  const built: BuiltRequest = { method: tool.method.toUpperCase(), path: joinBase(basePath, path), query: query.join('&'), headers };
  const binding = tool.request.body;
  if (binding) {
    const value = args[binding.arg];
    if (value === undefined) {
      if (binding.required) throw new ArgumentError(`missing required request body ${binding.arg}`);
    } else {
      const body = encodeBody(binding, value);
      if (built.method === 'GET' || built.method === 'HEAD') {
        // Fetch cannot send a body with GET/HEAD (some manifests, Stripe's among them, declare one): a form
        // body travels as query parameters, an empty one is dropped, anything else cannot be sent.
        if (typeof body.body === 'string' && binding.contentType.toLowerCase() === 'application/x-www-form-urlencoded') {
          if (body.body) built.query = built.query ? `${built.query}&${body.body}` : body.body;
        } else if (!(value && typeof value === 'object' && Object.keys(value).length === 0)) {
          throw new ArgumentError(`${built.method} requests cannot carry a request body; leave ${binding.arg} out`);
        }
        return built;
      }
      built.body = body.body;
      if (body.contentType) headers['content-type'] = body.contentType;
    }
  }
  return built;
}

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return /^\s*[[{]/.test(text);
  } catch {
    return false;
  }
}

function joinBase(basePath: string, path: string): string {
  const base = basePath.replace(/\/+$/, '');
  return base ? `${base.startsWith('/') ? '' : '/'}${base}${path}` : path;
}

/** Encode a body value per its media type; multipart leaves the content type (and boundary) to fetch. */
export function encodeBody(binding: BodyBinding, value: unknown): { body: string | FormData; contentType?: string } {
  const type = binding.contentType.toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return { body: encodeFormBody(binding, value), contentType: binding.contentType };
  if (type.startsWith('multipart/')) return { body: encodeMultipart(binding, value) };
  if (type === '*/*') {
    // Any media type: text the model wrote goes as it is (JSON when it parses as JSON), anything else as JSON.
    if (typeof value !== 'string') return { body: jsonText(value), contentType: 'application/json' };
    return { body: value, contentType: isJsonText(value) ? 'application/json' : 'text/plain' };
  }
  if (type === 'application/json' || type.endsWith('+json')) return { body: jsonText(value), contentType: binding.contentType };
  // text/plain, application/octet-stream, XML…: a string goes as it is; anything else as its JSON text.
  return { body: typeof value === 'string' ? value : jsonText(value), contentType: binding.contentType };
}

/**
 * `application/x-www-form-urlencoded` per OpenAPI's Encoding Object: scalars as `k=v`; arrays of scalars repeat
 * the key (the default, style form + explode) or join (explode false); `deepObject` properties and nested
 * objects as bracketed keys `a[b][0]=c`, which is how Stripe's form API reads nested parameters (OpenAPI's
 * form-explode of an object would drop the property's own name, which no server we know reads).
 */
export function encodeFormBody(binding: BodyBinding, value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ArgumentError(`request body ${binding.arg} must be an object for a form-encoded body`);
  }
  const pairs: [string, string][] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    const enc = binding.encoding?.[key];
    if (enc?.contentType?.includes('json')) pairs.push([key, jsonText(v)]);
    else if (enc?.style === 'deepObject') deepPairs(key, v, pairs);
    else if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) {
      if (enc?.explode === false) pairs.push([key, v.map(scalarText).join(enc.style === 'pipeDelimited' ? '|' : enc.style === 'spaceDelimited' ? ' ' : ',')]);
      else for (const x of v) pairs.push([key, scalarText(x)]);
    } else if (v !== null && typeof v === 'object') deepPairs(key, v, pairs);
    else pairs.push([key, scalarText(v)]);
  }
  // %20 for spaces, not the WHATWG form '+': every form parser reads %20, and '+' is ambiguous in some.
  return pairs.map(([k, v]) => `${encodeKey(k)}=${encodeComponent(v)}`).join('&');
}

function encodeMultipart(binding: BodyBinding, value: unknown): FormData {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ArgumentError(`request body ${binding.arg} must be an object for a multipart body`);
  }
  const form = new FormData();
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) for (const x of v) form.append(key, scalarText(x));
    else if (v !== null && typeof v === 'object') form.append(key, new Blob([jsonText(v)], { type: 'application/json' }));
    else form.append(key, scalarText(v));
  }
  return form;
}
