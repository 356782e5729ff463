import { describe, expect, it } from 'vitest';
import { diffTables, formatDiff, isEmptyDiff } from '../../src/codegen/table-diff.js';
import type { Tier } from '../../src/core/tiers.js';
import type { ToolEntry, ToolTable } from '../../src/core/tool-table.js';

function table(tools: [id: string, name: string, tier: Tier][]): ToolTable {
  return {
    $comment: '',
    format: 1,
    platform: 'p',
    manifest: { title: 't', version: '1', sha256: '', overridesSha256: '' },
    basePath: '',
    redactFields: [],
    tools: tools.map(([operationId, name, tier]) => ({ operationId, name, tier, reason: `r ${tier}`, method: 'POST', path: `/${operationId}` }) as ToolEntry),
  };
}

describe('diffTables', () => {
  it('treats a first generation as all added, never loosened', () => {
    const d = diffTables(undefined, table([['a', 'a', 'read']]));
    expect(d.added.map((c) => c.name)).toEqual(['a']);
    expect(d.loosened).toEqual([]);
  });

  it.each<[string, { before: [string, string, Tier][]; after: [string, string, Tier][]; want: Partial<Record<'added' | 'removed' | 'renamed' | 'retiered' | 'loosened', string[]>> }]>([
    ['nothing changed', { before: [['a', 'a', 'write']], after: [['a', 'a', 'write']], want: {} }],
    ['added to write', { before: [], after: [['a', 'a', 'write']], want: { added: ['a'] } }],
    ['added to read loosens', { before: [], after: [['a', 'a', 'read']], want: { added: ['a'], loosened: ['a'] } }],
    ['removed', { before: [['a', 'a', 'write']], after: [], want: { removed: ['a'] } }],
    ['renamed', { before: [['a', 'old', 'write']], after: [['a', 'new', 'write']], want: { renamed: ['new'] } }],
    ['read → write tightens', { before: [['a', 'a', 'read']], after: [['a', 'a', 'write']], want: { retiered: ['a'] } }],
    ['write → read loosens', { before: [['a', 'a', 'write']], after: [['a', 'a', 'read']], want: { retiered: ['a'], loosened: ['a'] } }],
    ['sensitive-read → read loosens', { before: [['a', 'a', 'sensitive-read']], after: [['a', 'a', 'read']], want: { retiered: ['a'], loosened: ['a'] } }],
    ['sensitive-write → write loosens', { before: [['a', 'a', 'sensitive-write']], after: [['a', 'a', 'write']], want: { retiered: ['a'], loosened: ['a'] } }],
    ['write → sensitive-write tightens', { before: [['a', 'a', 'write']], after: [['a', 'a', 'sensitive-write']], want: { retiered: ['a'] } }],
  ])('%s', (_, { before, after, want }) => {
    const d = diffTables(table(before), table(after));
    for (const key of ['added', 'removed', 'renamed', 'retiered', 'loosened'] as const) expect(d[key].map((c) => c.name), key).toEqual(want[key] ?? []);
    expect(isEmptyDiff(d)).toBe(Object.keys(want).length === 0);
  });

  it('formats one line per change', () => {
    const d = diffTables(table([['a', 'a', 'write'], ['b', 'b', 'write'], ['c', 'c', 'read']]), table([['a', 'a2', 'read'], ['c', 'c', 'read'], ['d', 'd', 'write']]));
    expect(formatDiff(d)).toEqual([
      '  + d (POST /d) in write: r write',
      '  - b (POST /b) was in write',
      '  ~ a renamed to a2 (POST /a)',
      '  ! a2 (POST /a) moved write -> read: r read',
    ]);
  });
});
