import { describe, expect, it } from 'vitest';
import { JSONC, JsonDocument, STRICT_JSON, locateOffset } from '../../src/clients/json-edit.js';

const entry = { command: '/n', args: ['x'] };

describe('JsonDocument', () => {
  const roundTrips: [string, { given: string }][] = [
    ['two-space file with other keys', { given: '{\n  "a": 1\n}\n' }],
    ['tab-indented file', { given: '{\n\t"a": {\n\t\t"b": [1, 2]\n\t}\n}\n' }],
    ['four spaces and CRLF', { given: '{\r\n    "a": 1,\r\n    "mcpServers": {\r\n        "x": {}\r\n    }\r\n}\r\n' }],
    ['one-line file', { given: '{"a":1}\n' }],
    ['JSONC with comments and trailing commas', { given: '// head\n{\n  "a": 1, // one\n  /* block */ "mcpServers": {\n    "x": {},\n  },\n}\n' }],
    ['empty servers map of the user', { given: '{\n  "mcpServers": {}\n}\n' }],
  ];
  it.each(roundTrips)('insert then remove restores the bytes: %s', (_n, { given }) => {
    const doc = new JsonDocument(given, 'f.json', JSONC, []);
    doc.set(['mcpServers', 'runos'], entry);
    doc.addToSet(['permissions', 'allow'], 'mcp__runos__*');
    const written = doc.result(false)!;
    expect(written).not.toBe(given);
    const again = new JsonDocument(written, 'f.json', JSONC, doc.created);
    again.remove(['mcpServers', 'runos']);
    again.pruneIfEmpty(['mcpServers']);
    again.removeFromSet(['permissions', 'allow'], 'mcp__runos__*');
    again.pruneIfEmpty(['permissions', 'allow']);
    again.pruneIfEmpty(['permissions']);
    expect(again.result(true)).toBe(given);
  });

  it('uses the file indentation for new entries', () => {
    const doc = new JsonDocument('{\n\t"a": 1\n}\n', 'f.json', STRICT_JSON);
    doc.set(['mcpServers', 'runos'], entry);
    expect(doc.text).toContain('\n\t"mcpServers": {\n\t\t"runos": {\n\t\t\t"command": "/n",');
  });

  it('does not reflow the lines around an insertion', () => {
    const given = '{\n  "servers": {\n    "x": {"command": "a"} // note\n  },\n  "z": [1,2]\n}\n';
    const doc = new JsonDocument(given, 'f.json', JSONC);
    doc.set(['servers', 'runos'], entry);
    doc.set(['extra'], true);
    expect(doc.text).toContain('"x": {"command": "a"},');
    expect(doc.text).toContain('} // note');
    expect(doc.text).toContain('"z": [1,2],');
  });

  it('setting an equal value changes no byte', () => {
    const given = '{ "mcpServers": { "runos": { "args": ["x"], "command": "/n" } } }';
    const doc = new JsonDocument(given, 'f.json', STRICT_JSON);
    doc.set(['mcpServers', 'runos', 'command'], '/n');
    doc.set(['mcpServers', 'runos', 'args'], ['x']);
    doc.addToSet(['mcpServers', 'runos', 'args'], 'x');
    expect(doc.result(false)).toBe(given);
  });

  it('a removal without a record prunes empty containers but keeps the file; with a record only what runos created goes', () => {
    const written = '{\n  "mcpServers": {\n    "runos": {}\n  }\n}\n';
    const unknown = new JsonDocument(written, 'f.json', STRICT_JSON);
    unknown.remove(['mcpServers', 'runos']);
    unknown.pruneIfEmpty(['mcpServers']);
    expect(unknown.result(true)).toBe('{}\n');
    const ownFile = new JsonDocument(written, 'f.json', STRICT_JSON, ['[]', '["mcpServers"]']);
    ownFile.remove(['mcpServers', 'runos']);
    ownFile.pruneIfEmpty(['mcpServers']);
    expect(ownFile.result(true)).toBeNull();
    const recorded = new JsonDocument(written, 'f.json', STRICT_JSON, []);
    recorded.remove(['mcpServers', 'runos']);
    recorded.pruneIfEmpty(['mcpServers']);
    expect(recorded.result(true)).toBe('{\n  "mcpServers": {}\n}\n');
  });

  const broken: [string, { given: string; dialect: typeof JSONC; want: RegExp }][] = [
    ['comment in strict JSON', { given: '{\n  // no\n}', dialect: STRICT_JSON, want: /line 2, column 3 \(InvalidCommentToken\)/ }],
    ['trailing comma in strict JSON', { given: '{"a": 1,}', dialect: STRICT_JSON, want: /line 1, column 9/ }],
    ['missing value in JSONC', { given: '{\n  "a": \n}', dialect: JSONC, want: /line 3, column 1 \(ValueExpected\)/ }],
    ['top level array', { given: '[]', dialect: JSONC, want: /top level is not a JSON object/ }],
    ['two values', { given: '{} {}', dialect: JSONC, want: /line 1, column 4/ }],
  ];
  it.each(broken)('refuses %s with the position', (_n, { given, dialect, want }) => {
    expect(() => new JsonDocument(given, '/p/f.json', dialect)).toThrow(want);
    expect(() => new JsonDocument(given, '/p/f.json', dialect)).toThrow(/^\/p\/f\.json: /);
  });

  it('locateOffset counts from 1', () => {
    expect(locateOffset('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('JsonDocument refuses to replace a user value of another shape', () => {
  const cases: [string, { given: string; act: (d: JsonDocument) => void; want: RegExp }][] = [
    ['servers map is a list', { given: '{"mcpServers": []}', act: (d) => d.set(['mcpServers', 'runos'], {}), want: /mcpServers is not an object/ }],
    ['permissions is a string', { given: '{"permissions": "all"}', act: (d) => d.addToSet(['permissions', 'allow'], 'x'), want: /permissions is not an object/ }],
    ['allow is a string', { given: '{"permissions": {"allow": "x"}}', act: (d) => d.addToSet(['permissions', 'allow'], 'y'), want: /permissions\.allow is not a list/ }],
  ];
  it.each(cases)('%s', (_n, { given, act, want }) => {
    const doc = new JsonDocument(given, 'f.json', STRICT_JSON);
    expect(() => act(doc)).toThrow(want);
    expect(doc.text).toBe(given);
  });
});

describe('JsonDocument sets', () => {
  it('removes only our item, wherever the user put theirs around it', () => {
    const doc = new JsonDocument('{\n  "allow": [\n    "A"\n  ]\n}\n', 'f.json', STRICT_JSON, []);
    doc.addToSet(['allow'], 'ours');
    const edited = doc.text.replace('"ours"', '"ours",\n    "B"');
    const again = new JsonDocument(edited, 'f.json', STRICT_JSON, []);
    again.removeFromSet(['allow'], 'ours');
    expect(again.text).toBe('{\n  "allow": [\n    "A",\n    "B"\n  ]\n}\n');
  });

  it('keeps the user order and adds only missing items', () => {
    const doc = new JsonDocument('{"allow": ["b", "a"]}', 'f.json', STRICT_JSON);
    for (const x of ['a', 'c', 'b', 'd']) doc.addToSet(['allow'], x);
    expect(doc.get(['allow'])).toEqual(['b', 'a', 'c', 'd']);
    expect(doc.text).toBe('{"allow": ["b", "a", "c", "d"]}');
  });
});

describe('JsonDocument.editWithin', () => {
  const files: [string, { given: string; want: string }][] = [
    ['four spaces, servers map created', { given: '{\n    "other": true\n}\n', want: '{\n    "other": true,\n    "mcpServers": {\n        "runos": {\n            "command": "/n"\n        }\n    }\n}\n' }],
    ['tabs, empty servers map', { given: '{\n\t"mcpServers": {}\n}\n', want: '{\n\t"mcpServers": {\n\t\t"runos": {\n\t\t\t"command": "/n"\n\t\t}\n\t}\n}\n' }],
    ['two spaces, a server already there', { given: '{\n  "mcpServers": {\n    "a": {}\n  }\n}\n', want: '{\n  "mcpServers": {\n    "a": {},\n    "runos": {\n      "command": "/n"\n    }\n  }\n}\n' }],
  ];
  it.each(files)('indents like the whole file: %s', (_n, { given, want }) => {
    const doc = new JsonDocument(given, 'f.json', STRICT_JSON);
    if (doc.get(['mcpServers']) === undefined) doc.set(['mcpServers'], {});
    doc.editWithin(['mcpServers'], (sub) => sub.set(['runos'], { command: '/n' }));
    expect(doc.result(false)).toBe(want);
  });
});
