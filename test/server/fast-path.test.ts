import { describe, expect, it } from 'vitest';
import { parseFastServe } from '../../src/server/fast-path.js';

describe('parseFastServe', () => {
  const cases: [string, { given: string[]; want: ReturnType<typeof parseFastServe> }][] = [
    ['a tier', { given: ['mcp', 'serve', 'read'], want: { tier: 'read', sandbox: false } }],
    ['all options', { given: ['mcp', 'serve', 'sensitive-write', '--table', '/t', '--sandbox', '--profile', 'work'], want: { tier: 'sensitive-write', table: '/t', sandbox: true, profile: 'work' } }],
    ['--opt=value', { given: ['mcp', 'serve', 'write', '--table=/t', '--profile=p'], want: { tier: 'write', table: '/t', sandbox: false, profile: 'p' } }],
    ['an unknown tier goes to the full parser', { given: ['mcp', 'serve', 'admin'], want: undefined }],
    ['help goes to the full parser', { given: ['mcp', 'serve', 'read', '--help'], want: undefined }],
    ['an unknown flag goes to the full parser', { given: ['mcp', 'serve', 'read', '--http'], want: undefined }],
    ['a missing value goes to the full parser', { given: ['mcp', 'serve', 'read', '--table'], want: undefined }],
    ['a flag as a value goes to the full parser', { given: ['mcp', 'serve', 'read', '--table', '--sandbox'], want: undefined }],
    ['--sandbox=false goes to the full parser', { given: ['mcp', 'serve', 'read', '--sandbox=false'], want: undefined }],
    ['another command', { given: ['mcp', 'tools'], want: undefined }],
    ['toolsets, tools and excluded tools', { given: ['mcp', 'serve', 'read', '--toolsets', 'repos,issues', '--tools=repos_get', '--exclude-tools', 'repos_delete'], want: { tier: 'read', sandbox: false, toolsets: 'repos,issues', tools: 'repos_get', excludeTools: 'repos_delete' } }],
    ['a repeated list flag goes to the full parser (which joins the repeats)', { given: ['mcp', 'serve', 'read', '--toolsets', 'repos', '--toolsets', 'issues'], want: undefined }],
    ['an empty list goes to the full parser', { given: ['mcp', 'serve', 'read', '--toolsets='], want: undefined }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(parseFastServe(given)).toEqual(want);
  });
});
