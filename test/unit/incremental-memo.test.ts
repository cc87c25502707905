// The per-block caches offered to rules (analysis/memo.ts), and what the incremental parser
// guarantees them: unchanged blocks keep their node objects across an edit elsewhere.

import { describe, expect, it } from 'vitest';
import { generateReport } from '../../bench/generate.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reparse } from '../../server/src/core/parse/incremental';
import { BoundedCache, contentMemo, DocumentMemo, memoByNode, memoized, sourceOf } from '../../server/src/core/memo';
import type { AnalysisSettings } from '../../server/src/core/types';
import { analyzeText, newAnalyzer, repoRoot } from './helpers';
import { JOURNAL_SCORES } from '../../server/src/core/writing/journal';

describe('memo helpers', () => {
  it('a content memo computes once per content in a document; an analysis pass drops what it did not read', () => {
    let calls = 0;
    const LEN = contentMemo((s: string) => {
      calls++;
      return s.length;
    });
    const memo = new DocumentMemo();
    const len = (s: string) => memo.of(LEN, s);
    expect(len('a')).toBe(1);
    expect(len('a')).toBe(1);
    expect(calls).toBe(1);
    len('bb');
    memo.endPass(); // both read by this pass: kept
    expect(memo.size(LEN)).toBe(2);
    len('a');
    memo.endPass(); // 'bb' was not read by this one: dropped
    expect(memo.size(LEN)).toBe(1);
    len('a');
    expect(calls).toBe(2);
    len('bb');
    expect(calls).toBe(3);
    // Another document's memo shares nothing; without a memo, nothing is kept.
    const other = new DocumentMemo();
    other.of(LEN, 'a');
    expect(calls).toBe(4);
    expect(other.size(LEN)).toBe(1);
    memoized(undefined, LEN, 'a');
    memoized(undefined, LEN, 'a');
    expect(calls).toBe(6);
  });

  it('a full content memo evicts what older passes read, never what the current pass read', () => {
    let calls = 0;
    const LEN = contentMemo((s: string) => (calls++, s.length), { max: 2 });
    const memo = new DocumentMemo();
    const len = (s: string) => memo.of(LEN, s);
    len('a');
    len('bb');
    len('ccc'); // full of this pass's entries: computed, not kept
    expect(memo.size(LEN)).toBe(2);
    // A pass that reads more than the memo holds, in the same order each time (what an analysis
    // does): what it read first stays, and is not computed again. An evicting cache would
    // compute every one of them, each time.
    memo.endPass();
    const before = calls;
    for (const s of ['a', 'bb', 'ccc']) len(s);
    expect(calls - before).toBe(1);
    memo.endPass();
    // The next pass reads other contents: the old ones make room, least recently used first.
    len('dddd');
    expect(memo.size(LEN)).toBe(2);
    len('bb');
    len('a'); // evicted by 'dddd'
    expect(calls - before).toBe(3);
  });

  it('a content memo is bounded by the characters it holds, not only by its entries', () => {
    let calls = 0;
    const LEN = contentMemo((s: string) => (calls++, s.length), { max: 1000, maxChars: 10 });
    const memo = new DocumentMemo();
    const len = (s: string) => memo.of(LEN, s);
    len('aaaaaa');
    memo.endPass();
    len('bbbbbb'); // 12 characters in all: 'aaaaaa', read by an older pass, goes
    expect(memo.size(LEN)).toBe(1);
    expect(memo.weight).toBe(6);
    len('bbbbbb');
    expect(calls).toBe(2);
    len('aaaaaa'); // no room left but this pass's: computed, not kept
    len('aaaaaa');
    expect(calls).toBe(4);
    // Heavier than the whole budget: computed, never kept.
    len('x'.repeat(11));
    len('x'.repeat(11));
    expect(calls).toBe(6);
    expect(memo.size(LEN)).toBe(1);
    // Longer than maxKey: computed each time, not kept.
    const SHORT = contentMemo((s: string) => (calls++, s.length), { maxKey: 3 });
    memo.of(SHORT, 'abcd');
    memo.of(SHORT, 'abcd');
    expect(calls).toBe(8);
    expect(memo.size(SHORT)).toBe(0);
  });

  it('a value set again under its key and refused (the cache full of this pass) keeps the value it had', () => {
    const cache = new BoundedCache<string>(10, 2, (v) => v.length);
    cache.set('a', 'x');
    cache.set('b', 'y');
    cache.endPass();
    cache.get('a');
    cache.get('b');
    // Heavier than the room left by what this pass read: not kept, and the old value stays.
    cache.set('a', 'x'.repeat(9));
    expect(cache.get('a')).toBe('x');
    expect(cache.size).toBe(2);
    expect(cache.weight).toBe(4);
    cache.endPass();
    expect(cache.size).toBe(2);
    // Kept as it was: a pass that does not read it drops it, as any entry.
    cache.get('b');
    cache.set('a', 'x'.repeat(9));
    cache.endPass();
    expect(cache.has('a')).toBe(false);
    expect(cache.size).toBe(1);
  });

  it("a memo's default caps follow the largest document analysed in full (a raised maxDocumentSize)", () => {
    let calls = 0;
    const LEN = contentMemo((s: string) => (calls++, s.length));
    const read = (memo: DocumentMemo, keys: string[]) => {
      for (const k of keys) memo.of(LEN, k);
      memo.endPass();
    };
    // Two blocks of 700,000 characters: more than the default 1,000,000 together, and one of
    // 1,200,000, longer than the default longest key.
    const keys = ['a'.repeat(700_000), 'b'.repeat(700_000), 'c'.repeat(1_200_000)];
    const small = new DocumentMemo();
    read(small, keys);
    const before = calls;
    read(small, keys);
    expect(calls - before).toBe(2);
    const raised = new DocumentMemo();
    raised.fit(3_000_000);
    read(raised, keys);
    const once = calls;
    read(raised, keys);
    expect(calls - once).toBe(0);
    // Lowered again: what no longer fits goes at once, even when every content is read again
    // (no entry to set, which would make room) or the memo is no longer read at all.
    raised.fit(1_000_000);
    expect(raised.weight).toBeLessThanOrEqual(1_000_000);
    read(raised, keys);
    expect(raised.weight).toBeLessThanOrEqual(1_000_000);
  });

  it('a content memo keeps undefined results too', () => {
    let calls = 0;
    const F = contentMemo(() => {
      calls++;
      return undefined;
    });
    const memo = new DocumentMemo();
    memo.of(F, 'x');
    memo.of(F, 'x');
    expect(calls).toBe(1);
  });

  it("an analyzer keeps its document's memos from one version to the next; each analysis of another document starts empty", () => {
    const text = generateReport({ pages: 5, seed: 8 });
    const inc = newAnalyzer();
    const first = inc.update(text, {});
    const at = text.indexOf('**Action.**', text.length / 2) + 12;
    const second = inc.update(text.slice(0, at) + 'z' + text.slice(at), {});
    expect(second.model.memo).toBe(first.model.memo);
    expect(analyzeText(text, {}).model.memo).not.toBe(first.model.memo);
  });

  // Memos are per document and hold what the last analysis read (core/memo.ts): the current
  // version of a report, however long, and nothing of the versions typed before it.
  const typeInMiddle = (inc: ReturnType<typeof newAnalyzer>, text: string, keys: number, settings: AnalysisSettings = {}) => {
    let at = text.indexOf('\n\n', text.indexOf('**Action.**', text.length / 2));
    let typed = text;
    for (let i = 0; i < keys; i++) {
      typed = typed.slice(0, at) + 'abcdefghij '[i % 11] + typed.slice(at);
      at++;
      inc.update(typed, settings, { start: at - 1, oldEnd: at - 1, newEnd: at });
    }
    return typed;
  };

  it("a document's memos hold its current version and nothing of the versions typed before (100 pages, 100 keystrokes)", () => {
    const text = generateReport({ pages: 100, seed: 1 });
    const inc = newAnalyzer();
    const memo = inc.update(text, {}).model.memo;
    const whole = memo.weight;
    // The diary scores alone hold the report's paragraphs.
    expect(memo.size(JOURNAL_SCORES)).toBeGreaterThan(500);
    expect(whole).toBeGreaterThan(text.length * 0.9);
    // Every memo of the analysis is in use (diary scores, diary headings, heading recognition, brochure cues).
    expect(memo.used).toBe(4);
    const typed = typeInMiddle(inc, text, 100);
    // The edited paragraph's 100 versions are not kept: only the last one (a paragraph of about
    // 1,000 characters, grown by 100), once per memo that reads it.
    expect(memo.weight - whole).toBeLessThan(2 * 100 + 100);
    const before = memo.computed;
    inc.update(typed, {});
    expect(memo.computed - before).toBe(0);
    // The report as it was, analysed again: only the edited paragraph is computed again.
    inc.update(text, {});
    expect(memo.computed - before).toBeLessThanOrEqual(3);
    expect(memo.weight).toBe(whole);
  });

  it('an analysis with no BTS (the header being typed) leaves the memos as they were', () => {
    const text = generateReport({ pages: 20, seed: 3 });
    const inc = newAnalyzer();
    const memo = inc.update(text, {}).model.memo;
    const whole = memo.weight;
    const unknown = text.replace(/^bts: .*$/m, 'bts: zz');
    expect(unknown).not.toBe(text);
    expect(inc.update(unknown, {}).model.profile).toBeNull();
    expect(memo.weight).toBe(whole);
    const before = memo.computed;
    inc.update(text, {});
    expect(memo.computed - before).toBe(0);
  });

  it('a keystroke in a 250-page report computes only the edited paragraph again (no memo too small for the report)', () => {
    const text = generateReport({ pages: 250, seed: 2 });
    const inc = newAnalyzer();
    const memo = inc.update(text, {}).model.memo;
    expect(memo.size(JOURNAL_SCORES)).toBeGreaterThan(1500);
    const before = memo.computed;
    typeInMiddle(inc, text, 3);
    expect(memo.computed - before).toBeLessThanOrEqual(3 * 3);
  });

  it('a keystroke in a report longer than the default limit, with maxDocumentSize raised, computes only the edited paragraph again', () => {
    const text = generateReport({ pages: 370, seed: 4 });
    expect(text.length).toBeGreaterThan(1_050_000);
    const settings = { maxDocumentSize: 2_000_000 };
    const inc = newAnalyzer();
    const memo = inc.update(text, settings).model.memo;
    const before = memo.computed;
    typeInMiddle(inc, text, 2, settings);
    // With the caps of the default limit, the paragraphs past its first million characters were
    // computed again at each keystroke (hundreds).
    expect(memo.computed - before).toBeLessThanOrEqual(2 * 3);
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

  it("the rules' per-block caches follow edits: findings equal a full analysis, moved blocks included", () => {
    const settings = { today: '2026-01-15' };
    let text = readFileSync(join(repoRoot, 'examples', 'rapport-cpi.md'), 'utf8');
    const inc = newAnalyzer();
    const seen = new Set<string>();
    const step = (from: string, to: string, nth = 0) => {
      let at = -1;
      for (let i = 0; i <= nth; i++) at = text.indexOf(from, at + 1);
      expect(at).toBeGreaterThanOrEqual(0);
      text = text.slice(0, at) + to + text.slice(at + from.length);
      const got = inc.update(text, settings);
      expect(inc.last.path).toBe('incremental');
      const full = analyzeText(text, settings);
      expect(got.findings).toEqual(full.findings);
      for (const f of got.findings) seen.add(`${f.code}@${f.range.start.line}`);
    };
    inc.update(text, settings);
    const result = '**Résultat.** Le dossier a été validé par le contrôle qualité et transmis au client avec la nouvelle version de la pièce.';
    // Mission 2 loses its result (car-incomplete), then blocks above it grow by whole lines (they move).
    step(result, '**Remarque.** Le dossier part au client.');
    step('pesait 1,18 kg.', 'pesait 1,18 kg.\n\nUn paragraphe de plus.\n\nEt un autre.');
    // A reference to a missing annex, inline code and a brochure tone, then lines removed above them.
    step('ajouté les spécifications', 'ajouté (voir annexe 7, `annexe 9`) les spécifications');
    step("# 1. Introduction", '# 1. Introduction\n\nNous sommes le leader incontournable du secteur !');
    step('\n\nUn paragraphe de plus.\n\nEt un autre.', '');
    step('**Remarque.** Le dossier part au client.', result);
    expect([...seen].some((k) => k.startsWith('car-incomplete@'))).toBe(true);
    expect([...seen].some((k) => k.startsWith('annex-reference@'))).toBe(true);
  });
});
