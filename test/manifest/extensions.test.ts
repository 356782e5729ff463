import { describe, expect, it } from 'vitest';
import { classifyOperation } from '../../src/manifest/classify.js';
import { readToolExtension, withoutExtensionTiers } from '../../src/manifest/extensions.js';
import { makeOp } from './classify-helpers.js';

const op = (extensions: Record<string, unknown>) => ({ ...makeOp({ method: 'POST', path: '/v1/a', operationId: 'createA', extensions }), pointer: '/paths/~1v1~1a/post' });

describe('readToolExtension: x-runos / x-mcp {name, title, description, hidden, tier, toolset}', () => {
  it('reads every field, x-runos before x-mcp field by field', () => {
    const ext = readToolExtension(op({ 'x-runos': { name: 'make_a', hidden: true }, 'x-mcp': { name: 'ignored', title: 'Make an A', description: ' Makes one A. ', tier: 'write', toolset: 'a-things' } }));
    expect(ext).toEqual({ name: 'make_a', hidden: true, title: 'Make an A', description: 'Makes one A.', tier: 'write', toolset: 'a-things', from: ['x-runos', 'x-mcp'] });
  });

  it('leaves a platform’s own x-<platform> object alone (GitHub’s x-github holds its own data)', () => {
    expect(readToolExtension(op({ 'x-github': { githubCloudOnly: false } }))).toBeUndefined();
  });

  it.each<[string, { given: Record<string, unknown>; want: string }]>([
    ['not an object', { given: { 'x-runos': 'read' }, want: 'api.json#/paths/~1v1~1a/post/x-runos: x-runos of operation createA must be an object' }],
    ['an unknown key', { given: { 'x-mcp': { tiers: 'read' } }, want: '#/paths/~1v1~1a/post/x-mcp/tiers: unknown key "tiers"' }],
    ['a tier that is not one of the four', { given: { 'x-runos': { tier: 'admin' } }, want: '/x-runos/tier: x-runos.tier of operation createA is "admin"' }],
    ['a name that is not a tool name', { given: { 'x-runos': { name: 'Make-A' } }, want: '/x-runos/name' }],
    ['a toolset that is not a toolset name', { given: { 'x-runos': { toolset: 'A Things' } }, want: '/x-runos/toolset' }],
    ['hidden that is not a boolean', { given: { 'x-runos': { hidden: 'yes' } }, want: '/x-runos/hidden' }],
    ['an empty description', { given: { 'x-runos': { description: ' ' } }, want: '/x-runos/description' }],
  ])('refuses %s, naming the document and the field', (_, { given, want }) => {
    expect(() => readToolExtension(op(given), 'api.json')).toThrow(want);
  });
});

describe('the tier of an extension object (classification rule 2)', () => {
  it('sets the tier, and the x-runos-tier spelling wins over it', () => {
    expect(classifyOperation(op({ 'x-runos': { tier: 'read' } }), { platform: 'runos' })).toMatchObject({ tier: 'read', reason: 'extension x-runos.tier' });
    expect(classifyOperation(op({ 'x-mcp': { tier: 'sensitive-read' } }), { platform: 'runos' })).toMatchObject({ tier: 'sensitive-read', reason: 'extension x-mcp.tier' });
    expect(classifyOperation(op({ 'x-runos-tier': 'write', 'x-runos': { tier: 'read' } }), { platform: 'runos' })).toMatchObject({ tier: 'write' });
  });

  it('is left out by withoutExtensionTiers (the classifier’s own verdict), the x-…-tier spelling only with `all`', () => {
    const o = op({ 'x-runos': { tier: 'read', name: 'make_a' }, 'x-mcp-tier': 'read' });
    expect(withoutExtensionTiers(o).extensions).toEqual({ 'x-runos': { name: 'make_a' }, 'x-mcp-tier': 'read' });
    expect(withoutExtensionTiers(o, true).extensions).toEqual({ 'x-runos': { name: 'make_a' } });
    expect(o.extensions['x-runos']).toEqual({ tier: 'read', name: 'make_a' });
  });
});
