import { ManifestError } from '../core/errors.js';
import type { ToolEntry } from '../core/tool-table.js';
import type { OperationModel } from '../manifest/model.js';
import { IGNORED_HEADERS } from './input-schema.js';

/**
 * Refuse a tool that lost content its operation had (issue 11): a path template variable with no
 * required input property bound to it, parameters, a request body or responses the document declared
 * but the tool or the model no longer holds. A table missing them would be wrong without a word.
 */
export function assertToolComplete(op: OperationModel, tool: ToolEntry, source: string): void {
  const lost: string[] = [];
  const properties = (tool.inputSchema.properties ?? {}) as Record<string, unknown>;
  const required = Array.isArray(tool.inputSchema.required) ? (tool.inputSchema.required as string[]) : [];
  for (const [, name] of op.path.matchAll(/\{([^}]+)\}/g)) {
    const bound = tool.request.params.find((p) => p.in === 'path' && p.name === name);
    if (!bound || !(bound.arg in properties) || !required.includes(bound.arg)) lost.push(`path variable {${name}} has no required input property`);
  }
  const carried = op.parameters.filter((p) => !(p.in === 'header' && IGNORED_HEADERS.has(p.name.toLowerCase())));
  const unbound = carried.filter((p) => !tool.request.params.some((b) => b.in === p.in && b.name === p.name));
  if (unbound.length > 0) lost.push(`parameter ${unbound.map((p) => `${p.in} ${p.name}`).join(', ')} has no input property`);
  const declared = op.declared;
  if (declared && declared.parameters > 0 && carried.length === 0) lost.push(`the document declares ${declared.parameters} parameter(s), none was read`);
  if (declared?.requestBody && !op.requestBody) lost.push('the document declares a request body, none was read');
  if (op.requestBody && Object.keys(op.requestBody.content).length > 0 && !tool.request.body) lost.push('its request body has no input property');
  const responses = Object.keys(op.responses).length;
  if (declared && responses < declared.responses) lost.push(`the document declares ${declared.responses} response(s), ${responses} were read`);
  if (lost.length > 0) {
    throw new ManifestError(`operation ${op.operationId} (${op.method} ${op.path}) comes out without content a tool needs: ${lost.join('; ')}. Refusing to write a table that lost it`, source, op.pointer);
  }
}
