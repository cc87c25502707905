// The per-block caches offered to rules (analysis/memo.ts), and what the incremental parser
// guarantees them: unchanged blocks keep their node objects across an edit elsewhere.

import { describe, expect, it } from 'vitest';
import { generateReport } from '../../bench/generate.mjs';
import { reparse } from '../../server/src/analysis/incremental';
import { memoByContent, memoByNode, sourceOf } from '../../server/src/analysis/memo';

describe('memo helpers', () => {
  it('memoByContent computes once per content and keeps the most recent entries', () => {
    let calls = 0;
    const len = memoByContent((s: string) => {
      calls++;
      return s.length;
    }, { max: 2 });
    expect(len('a')).toBe(1);
    expect(len('a')).toBe(1);
    expect(calls).toBe(1);
    len('bb');
    len('a'); // refreshes 'a'
    len('ccc'); // evicts 'bb', the least recently used
    expect(len.size).toBe(2);
    len('a');
    expect(calls).toBe(3);
    len('bb');
    expect(calls).toBe(4);
    len.clear();
    expect(len.size).toBe(0);
  });

  it('memoByContent caches undefined results too', () => {
    let calls = 0;
    const f = memoByContent(() => {
      calls++;
      return undefined;
    });
    f('x');
    f('x');
    expect(calls).toBe(1);
  });

  it('memoByNode: blocks away from an edit keep their node, so their cached work survives', () => {
    const text = generateReport({ pages: 5, seed: 8 });
    const first = reparse(undefined, text);
    let calls = 0;
    const words = memoByNode((node: object) => {
      calls++;
      return JSON.stringify(node).length;
    });
    for (const c of first.parsed.root.children) words(c);
    const before = calls;
    const at = text.indexOf('**Action.**', text.length / 2) + 12;
    const next = reparse(first.parsed, text.slice(0, at) + 'z' + text.slice(at));
    expect(next.path).toBe('incremental');
    for (const c of next.parsed.root.children) words(c);
    expect(calls - before).toBeLessThanOrEqual(2);
    const p = next.parsed.root.children.find((c) => c.type === 'paragraph')!;
    expect(sourceOf(next.parsed, p)).toBe(next.parsed.text.slice(p.position!.start.offset, p.position!.end.offset));
  });
});
