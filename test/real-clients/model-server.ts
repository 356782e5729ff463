// A scripted model on 127.0.0.1 for the real-client tests: it speaks the Anthropic Messages API (Claude
// Code, through ANTHROPIC_BASE_URL) and the OpenAI Responses API (Codex, a `model_providers` entry with
// `wire_api = "responses"`), both streaming. It reads its script from the user's prompt, as a model
// would: each `RUNOS-CALL <tool> <json args>` means "call that tool with those arguments" (all of them
// at once, as parallel calls), and once the results come back it answers "done" and stops. It records
// every tool result it was given. A tool the client did not offer yet (Codex starts MCP servers while
// the first request is being sent) is not called.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the model saw come back from one tool call it made. */
export interface SeenResult {
  protocol: 'anthropic' | 'responses';
  tool: string;
  text: string;
  isError: boolean;
}

/** A running scripted model. */
export interface ScriptedModel {
  url: string;
  /** Tool results in the order the clients sent them back. */
  results: SeenResult[];
  /** Tool names the client offered the model, per request (the last request's list is what it had). */
  offered: string[][];
  requests: number;
  close(): Promise<void>;
}

const MAX_BODY = 20 * 1024 * 1024;
const SCRIPT = /RUNOS-CALL (\S+) (\{.*?\})(?=\s|$)/g;

/** The calls a prompt asks for, in order. */
function scriptOf(prompt: string): { tool: string; args: string }[] {
  return [...prompt.matchAll(SCRIPT)].map((m) => ({ tool: m[1]!, args: m[2]! }));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sse(res: ServerResponse, events: [string, unknown][]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const [event, data] of events) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  res.end();
}

const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content.map((c: { text?: string; type?: string }) => (typeof c === 'string' ? c : (c.text ?? ''))).join('\n')
      : JSON.stringify(content ?? '');

// ---------- Anthropic Messages API ----------

function anthropicEvents(blocks: Record<string, unknown>[], stop: 'tool_use' | 'end_turn'): [string, unknown][] {
  const message = { id: `msg_${Date.now()}`, type: 'message', role: 'assistant', model: 'scripted', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } };
  const events: [string, unknown][] = [['message_start', { type: 'message_start', message }]];
  blocks.forEach((block, index) => {
    const start = block.type === 'tool_use' ? { ...block, input: {} } : { type: 'text', text: '' };
    const delta = block.type === 'tool_use' ? { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } : { type: 'text_delta', text: block.text };
    events.push(
      ['content_block_start', { type: 'content_block_start', index, content_block: start }],
      ['content_block_delta', { type: 'content_block_delta', index, delta }],
      ['content_block_stop', { type: 'content_block_stop', index }],
    );
  });
  events.push(
    ['message_delta', { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 1 } }],
    ['message_stop', { type: 'message_stop' }],
  );
  return events;
}

/** Claude Code's tool for waiting on MCP servers still connecting: it sends the first request before they are. */
const WAIT_TOOL = 'WaitForMcpServers';

function answerAnthropic(body: Record<string, any>, res: ServerResponse, model: ScriptedModel): void {
  const messages = (body.messages ?? []) as { role: string; content: unknown }[];
  const offered = ((body.tools ?? []) as { name: string }[]).map((t) => t.name);
  model.offered.push(offered);
  const script = scriptOf(messages.filter((m) => m.role === 'user').map((m) => textOf(m.content)).join('\n'));
  const used = messages
    .filter((m) => m.role === 'assistant' && Array.isArray(m.content))
    .flatMap((m) => (m.content as { type: string; name?: string }[]).filter((c) => c.type === 'tool_use').map((c) => c.name));
  const last = messages[messages.length - 1];
  const results = Array.isArray(last?.content) ? (last.content as { type: string; tool_use_id?: string; content?: unknown; is_error?: boolean }[]).filter((c) => c.type === 'tool_result') : [];
  const scriptedResults = results.filter((r) => !String(r.tool_use_id).endsWith(`_${WAIT_TOOL}`));
  let blocks: Record<string, unknown>[];
  let stop: 'tool_use' | 'end_turn' = 'end_turn';
  const stamp = Date.now();
  if (scriptedResults.length > 0) {
    for (const r of scriptedResults) model.results.push({ protocol: 'anthropic', tool: String(r.tool_use_id).replace(/^toolu_\d+_\d+_/, ''), text: textOf(r.content), isError: r.is_error === true });
    blocks = [{ type: 'text', text: 'done' }];
  } else if (script.length > 0 && script.some((c) => !offered.includes(c.tool)) && offered.includes(WAIT_TOOL) && used.filter((n) => n === WAIT_TOOL).length < 3) {
    // What a model does when the tools it needs are still connecting: wait for them (a few times at most).
    blocks = [{ type: 'tool_use', id: `toolu_${stamp}_0_${WAIT_TOOL}`, name: WAIT_TOOL, input: {} }];
    stop = 'tool_use';
  } else if (script.some((c) => offered.includes(c.tool))) {
    blocks = script.filter((c) => offered.includes(c.tool)).map((c, i) => ({ type: 'tool_use', id: `toolu_${stamp}_${i}_${c.tool}`, name: c.tool, input: JSON.parse(c.args) }));
    stop = 'tool_use';
  } else {
    blocks = [{ type: 'text', text: 'ok' }]; // side requests (titles, quota checks), or nothing of the script is there
  }
  if (body.stream) return sse(res, anthropicEvents(blocks, stop));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: 'scripted', content: blocks, stop_reason: stop, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } }));
}

// ---------- OpenAI Responses API ----------

/** Names the model may call: plain functions, and the tools inside namespaces (Codex's MCP servers). */
function offeredResponsesTools(tools: Record<string, any>[]): string[] {
  return tools.flatMap((t) => (Array.isArray(t.tools) ? (t.tools as { name: string }[]).map((x) => `${t.name}.${x.name}`) : [t.name ?? t.type]));
}

function answerResponses(body: Record<string, any>, res: ServerResponse, model: ScriptedModel): void {
  const input = (Array.isArray(body.input) ? body.input : []) as Record<string, any>[];
  const offered = offeredResponsesTools(body.tools ?? []);
  model.offered.push(offered);
  const outputs = input.filter((i) => i.type === 'function_call_output');
  const called = new Map(input.filter((i) => i.type === 'function_call').map((i) => [i.call_id, i]));
  const calls = scriptOf(input.filter((i) => i.role === 'user').map((i) => textOf(i.content)).join('\n')).filter((c) => offered.includes(c.tool));
  const id = `resp_${Date.now()}`;
  let items: Record<string, unknown>[];
  if (outputs.length > 0) {
    for (const o of outputs) {
      const call = called.get(o.call_id);
      const text = typeof o.output === 'string' ? o.output : textOf(o.output?.content ?? o.output);
      model.results.push({ protocol: 'responses', tool: call ? `${call.namespace ? `${call.namespace}.` : ''}${call.name}` : String(o.call_id), text, isError: false });
    }
    items = [{ type: 'message', id: `msg_${id}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'done', annotations: [] }] }];
  } else if (calls.length > 0) {
    // Codex offers an MCP server's tools inside a namespace (`mcp__runos`); a call names both.
    items = calls.map((c, i) => {
      const [namespace, name] = c.tool.includes('.') ? c.tool.split('.', 2) : [undefined, c.tool];
      return { type: 'function_call', id: `fc_${id}_${i}`, call_id: `call_${id}_${i}`, name, ...(namespace ? { namespace } : {}), arguments: c.args, status: 'completed' };
    });
  } else {
    items = [{ type: 'message', id: `msg_${id}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'ok', annotations: [] }] }];
  }
  const response = { id, object: 'response', created_at: Math.floor(Date.now() / 1000), status: 'completed', model: 'scripted', output: items, usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } } };
  let seq = 0;
  sse(res, [
    ['response.created', { type: 'response.created', sequence_number: seq++, response: { ...response, status: 'in_progress', output: [] } }],
    ...items.flatMap((item, output_index): [string, unknown][] => [
      ['response.output_item.added', { type: 'response.output_item.added', sequence_number: seq++, output_index, item }],
      ['response.output_item.done', { type: 'response.output_item.done', sequence_number: seq++, output_index, item }],
    ]),
    ['response.completed', { type: 'response.completed', sequence_number: seq++, response }],
  ]);
}

/** Start the scripted model on 127.0.0.1 (any free port); every connection is closed by `close()`. */
export async function startScriptedModel(): Promise<ScriptedModel> {
  let server: Server;
  const model: ScriptedModel = {
    url: '',
    results: [],
    offered: [],
    requests: 0,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
  server = createServer(async (req, res) => {
    model.requests++;
    try {
      if (req.method !== 'POST') {
        res.writeHead(req.method === 'HEAD' ? 200 : 404).end();
        return;
      }
      const body = JSON.parse(await readBody(req)) as Record<string, any>;
      const path = (req.url ?? '').split('?')[0]!;
      if (path.endsWith('/messages')) answerAnthropic(body, res, model);
      else if (path.endsWith('/responses')) answerResponses(body, res, model);
      else if (path.endsWith('/count_tokens')) res.writeHead(200, { 'content-type': 'application/json' }).end('{"input_tokens":1}');
      else res.writeHead(404).end();
    } catch (err) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: String(err) } }));
    }
  });
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  model.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return model;
}
