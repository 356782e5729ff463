import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigFileError } from './errors.js';
import { isTier, type Tier } from './tiers.js';

/** Version of the tools.json format; a serve of another version refuses the table. */
export const TABLE_FORMAT = 1;

/** Where one tool argument goes in the HTTP request (OpenAPI 3.1 §4.8.12 Parameter Object). */
export interface ParamBinding {
  /** Property name in the tool's inputSchema (sanitised, collision-free). */
  arg: string;
  /** Name on the wire, exactly as the manifest spells it. */
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  /** OpenAPI style: simple, label, matrix (path); form, spaceDelimited, pipeDelimited, deepObject (query). */
  style: string;
  explode: boolean;
  allowReserved?: boolean;
  /** JSON type of the parameter's schema when serialisation depends on it ('array' | 'object' | scalar). */
  kind: 'array' | 'object' | 'scalar';
  /** Set when the parameter is sent as JSON text (`content: application/json` instead of `schema`). */
  json?: boolean;
}

/** How the request body is built from the arguments. */
export interface BodyBinding {
  /** Property name in the inputSchema that holds the whole body. */
  arg: string;
  /** Media type sent: application/json, application/x-www-form-urlencoded, multipart/form-data, text/plain, … */
  contentType: string;
  required: boolean;
  /** Per-property encoding for form bodies (OpenAPI Encoding Object: style, explode). */
  encoding?: Record<string, { style?: string; explode?: boolean; contentType?: string }>;
}

/** MCP tool annotations (MCP spec, ToolAnnotations). */
export interface ToolAnnotations {
  /** Display title for clients older than MCP 2025-06-18 (no Tool.title); codegen leaves it out, ToolEntry.title has it. */
  title?: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** One tool: one operation of the manifest, in exactly one tier. */
export interface ToolEntry {
  name: string;
  tier: Tier;
  /** The rule and its evidence, e.g. `rule 4: response field connection.password (format: password)`. */
  reason: string;
  /** Upper-case HTTP method. */
  method: string;
  /** Path template as in the manifest, without the base path. */
  path: string;
  operationId: string;
  /** The group it belongs to (a tag, else the first path segment; or `x-runos: {toolset}`): `mcp serve --toolsets` narrows by it. */
  toolset?: string;
  /** Set by `x-runos: {hidden: true}`: never served, but kept so that each server's request guard still knows its path. */
  hidden?: true;
  title: string;
  description: string;
  inputSchema: Record<string, unknown>;
  annotations: ToolAnnotations;
  /** What the runtime needs to rebuild the request exactly. */
  request: {
    params: ParamBinding[];
    body?: BodyBinding;
  };
  /** Secret evidence from the schemas (dotted field paths, `[]` for array items); empty for non-sensitive tools. */
  secrets: { request: string[]; response: string[] };
}

/** The generated tool table (`generated/tools.json`, or the user's cache). */
export interface ToolTable {
  $comment: string;
  format: typeof TABLE_FORMAT;
  /** Platform name: server names derive from it. */
  platform: string;
  manifest: {
    title: string;
    version: string;
    sha256: string;
    overridesSha256: string;
    /** Overlays applied before classification (file name and sha256), when any were. */
    overlays?: { file: string; sha256: string }[];
  };
  /** Path prefix from the manifest's first server URL, prepended to every tool path ('' when none). */
  basePath: string;
  /** Field names (lower-case) that carried secrets anywhere in the manifest: the non-sensitive servers redact them. */
  redactFields: string[];
  /** Sorted by name (code-unit order). */
  tools: ToolEntry[];
}

/** The tools one tier serves (hidden ones never): the only place a tier's tool list is selected (STYLE.md). */
export function selectTier(table: ToolTable, tier: Tier): ToolEntry[] {
  return table.tools.filter((t) => t.tier === tier && !t.hidden);
}

/** Check the shape of a parsed table; throws with the first problem. */
export function validateToolTable(value: unknown, source: string): ToolTable {
  const fail = (msg: string): never => {
    throw new ConfigFileError(`not a valid runos tool table: ${msg}`, source);
  };
  if (!value || typeof value !== 'object') fail('not a JSON object');
  const t = value as Partial<ToolTable>;
  if (t.format !== TABLE_FORMAT) fail(`format ${String(t.format)}, this runos reads format ${TABLE_FORMAT}`);
  if (typeof t.platform !== 'string' || !/^[a-z][a-z0-9-]*$/.test(t.platform)) fail('platform name missing or invalid');
  if (typeof t.basePath !== 'string') fail('basePath missing');
  if (!Array.isArray(t.redactFields)) fail('redactFields missing');
  if (!Array.isArray(t.tools)) fail('tools is not an array');
  const names = new Set<string>();
  for (const [i, tool] of (t.tools as ToolEntry[]).entries()) {
    const at = `tools[${i}]`;
    if (!tool || typeof tool !== 'object') fail(`${at} is not an object`);
    if (typeof tool.name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(tool.name)) fail(`${at}.name invalid`);
    if (names.has(tool.name)) fail(`duplicate tool name ${tool.name}`);
    names.add(tool.name);
    if (!isTier(tool.tier)) fail(`${at} (${tool.name}) has no valid tier`);
    if (typeof tool.method !== 'string' || typeof tool.path !== 'string' || !tool.path.startsWith('/'))
      fail(`${at} (${tool.name}) method/path invalid`);
    if (tool.inputSchema?.type !== 'object') fail(`${at} (${tool.name}) inputSchema root is not an object`);
    if (!tool.request || !Array.isArray(tool.request.params)) fail(`${at} (${tool.name}) request binding missing`);
    if (!tool.annotations || typeof tool.annotations.readOnlyHint !== 'boolean') fail(`${at} (${tool.name}) annotations missing`);
    if (tool.toolset !== undefined && (typeof tool.toolset !== 'string' || !/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(tool.toolset))) fail(`${at} (${tool.name}) toolset invalid`);
    if (tool.hidden !== undefined && tool.hidden !== true) fail(`${at} (${tool.name}) hidden must be true or absent`);
  }
  return t as ToolTable;
}

/** Read and validate `<dir>/tools.json`. */
export async function readToolTable(dir: string): Promise<ToolTable> {
  const file = join(dir, 'tools.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigFileError(`cannot read the tool table (${(err as NodeJS.ErrnoException).code ?? String(err)})`, file);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigFileError(`invalid JSON (${(err as Error).message})`, file);
  }
  return validateToolTable(parsed, file);
}
