import { describe, expect, it } from 'vitest';
import { checkRooEntry, checkRooFile } from '../../src/clients/roo-rules.js';

const stdio = { command: '/usr/bin/node', args: ['a'] };

const cases: [string, { given: unknown; want: RegExp | null }][] = [
  ['stdio with command only', { given: { command: 'npx' }, want: null }],
  ['stdio with every optional field', { given: { ...stdio, type: 'stdio', cwd: '/x', env: { A: 'b' }, alwaysAllow: ['t'], disabledTools: [], disabled: false, timeout: 3600, watchPaths: ['a'] }, want: null }],
  ['sse with url and type', { given: { type: 'sse', url: 'https://x.dev/sse', headers: { A: 'b' } }, want: null }],
  ['streamable-http with url and type', { given: { type: 'streamable-http', url: 'https://x.dev/mcp' }, want: null }],
  ['not an object', { given: [], want: /not an object/ }],
  ['neither command nor url', { given: { args: [] }, want: /neither command/ }],
  ['command and url mixed', { given: { command: 'x', url: 'https://x.dev' }, want: /mixes/ }],
  ['url without type', { given: { url: 'https://x.dev' }, want: /no type/ }],
  ['unknown type', { given: { type: 'websocket', url: 'wss://x.dev' }, want: /type must be/ }],
  ['empty command', { given: { command: '' }, want: /non-empty/ }],
  ['args not strings', { given: { command: 'x', args: [1] }, want: /args must be/ }],
  ['env value not a string', { given: { command: 'x', env: { PORT: 8080 } }, want: /env must map/ }],
  ['headers on stdio', { given: { command: 'x', headers: {} }, want: /headers is not allowed/ }],
  ['invalid url', { given: { type: 'sse', url: 'not a url' }, want: /valid URL/ }],
  ['env on sse', { given: { type: 'sse', url: 'https://x.dev', env: {} }, want: /env is not allowed/ }],
  ['timeout 0', { given: { command: 'x', timeout: 0 }, want: /timeout/ }],
  ['timeout 3601', { given: { command: 'x', timeout: 3601 }, want: /timeout/ }],
  ['timeout as string', { given: { command: 'x', timeout: '60' }, want: /timeout/ }],
  ['alwaysAllow not an array', { given: { command: 'x', alwaysAllow: '*' }, want: /alwaysAllow must be/ }],
  ['disabled not boolean', { given: { command: 'x', disabled: 'yes' }, want: /disabled must be/ }],
];

describe('Roo Code entry rules', () => {
  it.each(cases)('%s', (_name, { given, want }) => {
    const problems = checkRooEntry(given);
    if (want === null) expect(problems).toEqual([]);
    else expect(problems.join('; ')).toMatch(want);
  });

  it('one bad entry makes the whole file invalid, naming the server', () => {
    expect(checkRooFile({ mcpServers: { good: stdio, bad: { command: 'x', timeout: 0 } } })).toEqual([
      'mcpServers.bad timeout must be a number of seconds from 1 to 3600',
    ]);
    expect(checkRooFile({ mcpServers: [] })).toEqual(['mcpServers is not an object']);
    expect(checkRooFile({})).toEqual([]);
  });
});
