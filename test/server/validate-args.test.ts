import { describe, expect, it } from 'vitest';
import { createArgsValidator } from '../../src/server/validate-args.js';
import { fixtureTable } from './fixture-table.js';

const tools = new Map(fixtureTable().tools.map((t) => [t.name, t]));
const validate = createArgsValidator();

describe('argument validation', () => {
  const cases: [string, { tool: string; args: unknown; ok: boolean; want?: unknown; message?: RegExp }][] = [
    ['valid arguments', { tool: 'get_service', args: { id: 'a' }, ok: true, want: { id: 'a' } }],
    ['a missing required argument', { tool: 'get_service', args: {}, ok: false, message: /must have required property 'id'/ }],
    ['an unknown argument', { tool: 'get_service', args: { id: 'a', extra: 1 }, ok: false, message: /additional properties \(extra\)/ }],
    ['an enum violation', { tool: 'list_services', args: { cluster: 'p', status: 'weird' }, ok: false, message: /running, stopped/ }],
    ['a nested object sent as a JSON string', { tool: 'create_service', args: { body: '{"name":"s","replicas":2}' }, ok: true, want: { body: { name: 's', replicas: 2 } } }],
    ['an array sent as a JSON string', { tool: 'list_services', args: { cluster: 'p', labels: '["a","b"]' }, ok: true, want: { cluster: 'p', labels: ['a', 'b'] } }],
    ['a number sent as text', { tool: 'create_service', args: { body: { name: 's', replicas: '3' } }, ok: true, want: { body: { name: 's', replicas: 3 } } }],
    ['a JSON string that is not an object', { tool: 'create_service', args: { body: '"x"' }, ok: false, message: /body must be object/ }],
    ['null for an optional argument means not given', { tool: 'list_services', args: { cluster: 'p', status: null, labels: null }, ok: true, want: { cluster: 'p' } }],
    ['null for a required argument is still missing', { tool: 'get_service', args: { id: null }, ok: false, message: /must have required property 'id'/ }],
    ['a minimum violation', { tool: 'create_service', args: { body: { name: 's', replicas: 0 } }, ok: false, message: /body.replicas must be >= 1/ }],
    ['digits beyond 2^53 for an integer become an exact BigInt', { tool: 'create_service', args: { body: { name: 's', replicas: ' 9007199254740993 ' } }, ok: true, want: { body: { name: 's', replicas: 9007199254740993n } } }],
    ['digits beyond 2^53 still meet the minimum check', { tool: 'create_service', args: { body: { name: 's', replicas: '-9007199254740993' } }, ok: false, message: /body.replicas must be >= 1/ }],
    ['2^53 - 1 as text is a plain number', { tool: 'create_service', args: { body: { name: 's', replicas: '9007199254740991' } }, ok: true, want: { body: { name: 's', replicas: 9007199254740991 } } }],
    ['a big number where the schema takes a string stays text', { tool: 'get_service', args: { id: '12345678901234567890' }, ok: true, want: { id: '12345678901234567890' } }],
  ];
  it.each(cases)('%s', async (_name, { tool, args, ok, want, message }) => {
    const out = await validate(tools.get(tool)!, args);
    expect(out.ok).toBe(ok);
    if (out.ok && want) expect(out.args).toEqual(want);
    if (!out.ok && message) expect(out.message).toMatch(message);
  });

  it('does not change the caller’s arguments', async () => {
    const args = { body: '{"name":"s"}' };
    await validate(tools.get('create_service')!, args);
    expect(args.body).toBe('{"name":"s"}');
  });
});
