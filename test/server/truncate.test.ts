import { describe, expect, it } from 'vitest';
import { truncateJson, truncateText } from '../../src/server/truncate.js';

describe('truncateJson', () => {
  const big = { items: Array.from({ length: 5000 }, (_, i) => ({ id: i, name: `service-${i}`, note: 'x'.repeat(50) })), total: 5000 };
  const cases: [string, { value: unknown; max: number }][] = [
    ['a long list', { value: big, max: 10_000 }],
    ['a long string', { value: { log: 'y'.repeat(200_000) }, max: 5_000 }],
    ['a wide object', { value: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i])), max: 3_000 }],
    ['a top-level array', { value: Array.from({ length: 10_000 }, (_, i) => i), max: 1_000 }],
    ['multi-byte text', { value: { t: 'é'.repeat(50_000) }, max: 2_000 }],
  ];
  it.each(cases)('%s stays valid JSON within the limit and says what was cut', (_name, { value, max }) => {
    const out = truncateJson(value, max);
    expect(Buffer.byteLength(out.text)).toBeLessThanOrEqual(max);
    expect(JSON.parse(out.text)).toEqual(out.value);
    expect(out.notes.length).toBe(1);
    expect(out.notes[0]).toMatch(/bytes/);
  });

  it('leaves a small value alone', () => {
    expect(truncateJson({ a: 1 }, 100)).toEqual({ value: { a: 1 }, text: '{"a":1}', notes: [] });
  });

  it('keeps the first items of a list and reports how many were dropped', () => {
    const out = truncateJson(big, 10_000);
    const items = (out.value as typeof big).items;
    expect(items[0]).toEqual(big.items[0]);
    expect(out.notes[0]).toContain(`${5000 - items.length} item(s) not shown`);
    expect((out.value as typeof big).total).toBe(5000);
  });
});

describe('truncateText', () => {
  it('cuts on a character boundary', () => {
    const out = truncateText('€'.repeat(100), 10);
    expect(out.text).toBe('€€€');
    expect(out.notes[0]).toContain('300 bytes');
  });
});
