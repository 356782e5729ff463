import { type JSONRPCErrorResponse, type JSONRPCMessage, parseJSONRPCMessage } from '@modelcontextprotocol/server';

/** A line of stdin read as JSON-RPC: a message to serve, or why not with the error reply it gets (if any). */
export type Inbound = { message: JSONRPCMessage } | { problem: string; reply?: JSONRPCErrorResponse };

type Id = string | number | null;

// JSON-RPC 2.0 §5.1 error codes.
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const INVALID_PARAMS = -32602;
const MEMBERS = new Set(['jsonrpc', 'id', 'method', 'params', 'result', 'error']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** An id MCP allows (a string or an integer): only such an id is echoed in an error reply. */
const usableId = (v: unknown): v is string | number => typeof v === 'string' || Number.isSafeInteger(v);

/**
 * How deep a message may nest. The SDK's request schemas recurse into params and overflowed the call stack
 * (JSON-RPC -32603) between 2,000 and 3,000 levels; runos's own walks of arguments recurse too. No API
 * argument needs a thousand levels.
 */
export const MAX_DEPTH = 1000;

/** Whether a parsed value nests deeper than `limit` (iterative: the value may be far deeper than the stack). */
function deeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (depth > limit) return true;
    for (const x of Array.isArray(v) ? v : Object.values(v as object)) if (x && typeof x === 'object') stack.push([x, depth + 1]);
  }
  return false;
}

function refuse(id: Id, code: number, problem: string): Inbound {
  return { problem, reply: { jsonrpc: '2.0', id: id as string | number, error: { code, message: problem } } };
}

/**
 * Read one line of stdin. What the SDK accepts as a JSON-RPC message is served; anything else gets the
 * reply JSON-RPC 2.0 §5 asks for — `-32700` for text that is not JSON, `-32600` for JSON that is not a
 * request — with the request's id when it can be read, else null. A malformed response from the client
 * gets no reply (§5: a response is never answered), only a note on stderr.
 */
export function readMessage(line: string): Inbound {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return refuse(null, PARSE_ERROR, `Parse error: not JSON (${(err as Error).message})`);
  }
  // Each level takes at least two characters: a shorter line cannot be that deep, and pays nothing.
  if (line.length > 2 * MAX_DEPTH && value && typeof value === 'object' && deeperThan(value, MAX_DEPTH)) {
    return refuse(isObject(value) && usableId(value.id) ? value.id : null, INVALID_REQUEST, `Invalid Request: the message is nested deeper than ${MAX_DEPTH} levels`);
  }
  let issue = '';
  try {
    return { message: parseJSONRPCMessage(value) };
  } catch (err) {
    const first = (err as { issues?: { path?: PropertyKey[]; message?: string }[] }).issues?.[0];
    if (first) issue = `${first.path?.length ? `${first.path.map(String).join('.')}: ` : ''}${first.message ?? ''}`;
  }
  if (Array.isArray(value)) {
    return refuse(null, INVALID_REQUEST, value.length === 0 ? 'Invalid Request: an empty batch' : 'Invalid Request: JSON-RPC batches are not supported (MCP has none since 2025-06-18); send one message per line');
  }
  if (!isObject(value)) return refuse(null, INVALID_REQUEST, 'Invalid Request: a message must be a JSON object');
  const id = 'id' in value && usableId(value.id) ? value.id : null;
  if (!('method' in value) && ('result' in value || 'error' in value)) return { problem: `Discarded a malformed JSON-RPC response${issue ? ` (${issue})` : ''}` };
  if (value.jsonrpc !== '2.0') return refuse(id, INVALID_REQUEST, 'Invalid Request: "jsonrpc" must be "2.0"');
  if ('id' in value && !usableId(value.id)) return refuse(null, INVALID_REQUEST, 'Invalid Request: "id" must be a string or an integer');
  if (typeof value.method !== 'string') return refuse(id, INVALID_REQUEST, 'Invalid Request: "method" must be a string');
  const unknown = Object.keys(value).find((k) => !MEMBERS.has(k));
  if (unknown !== undefined) return refuse(id, INVALID_REQUEST, `Invalid Request: unknown member ${JSON.stringify(unknown)}`);
  if ('params' in value && Array.isArray(value.params)) return refuse(id, INVALID_PARAMS, 'Invalid params: MCP takes params by name (an object), not as an array');
  if ('params' in value && !isObject(value.params)) return refuse(id, INVALID_REQUEST, 'Invalid Request: "params" must be an object');
  return refuse(id, INVALID_REQUEST, `Invalid Request${issue ? `: ${issue}` : ''}`);
}

/** The error reply to a message above the size limit; `id` is what TopLevelIdScanner found. */
export function tooLarge(id: string | number | undefined, bytes: number, limit: number): Inbound {
  return refuse(id ?? null, INVALID_REQUEST, `Invalid Request: the message is ${bytes} bytes, above the ${limit}-byte limit for one message; send less (smaller arguments, or split the work)`);
}

// The bytes of JSON's structure (all ASCII: UTF-8 never uses them inside a multi-byte character).
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

/** Bytes of an id value kept at most; a longer id is not echoed. */
const MAX_ID_BYTES = 256;

/**
 * Finds the top-level `"id"` member of a JSON object fed in pieces, keeping only the bytes of member names
 * and of that one value: a message too large to keep can still be answered under its id, wherever in the
 * message the id stands (clients often put it last). Nested `"id"` members, inside params, are not it.
 */
export class TopLevelIdScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private expectName = false;
  private name: number[] | undefined;
  private lastName = '';
  private value: number[] | undefined;
  /** The id found so far (the last one wins, as with JSON.parse); undefined when none or not usable. */
  id: string | number | undefined;

  feed(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.inString) {
        this.keep(b);
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) {
          this.inString = false;
          if (this.name) {
            this.lastName = this.name.length <= 8 ? Buffer.from(this.name.slice(1, -1)).toString('latin1') : '';
            this.name = undefined;
          }
        }
        continue;
      }
      switch (b) {
        case QUOTE:
          this.inString = true;
          if (this.depth === 1 && this.expectName) this.name = [];
          this.keep(b);
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          this.depth++;
          if (this.depth === 1) this.expectName = b === OPEN_BRACE;
          // An object or array as the id: not a usable id.
          else if (this.depth === 2 && this.value) this.value = undefined;
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          if (this.depth === 1) this.settle();
          this.depth--;
          break;
        case COLON:
          if (this.depth === 1) {
            this.expectName = false;
            if (this.lastName === 'id') this.value = [];
          }
          break;
        case COMMA:
          if (this.depth === 1) {
            this.settle();
            this.expectName = true;
          }
          break;
        default:
          this.keep(b);
      }
    }
  }

  private keep(b: number): void {
    if (this.name && this.name.length <= 8) this.name.push(b);
    if (this.value) {
      if (this.value.length < MAX_ID_BYTES) this.value.push(b);
      else this.value = undefined;
    }
  }

  private settle(): void {
    if (!this.value) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(this.value).toString('utf8'));
    } catch {
      parsed = undefined;
    }
    this.id = usableId(parsed) ? parsed : undefined;
    this.value = undefined;
    this.lastName = '';
  }
}
