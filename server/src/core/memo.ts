// Per-block memos for rules and estimators that do work per paragraph, per heading, per block…
//
// While a student types, one block changes and the others are the same text as before:
// keying the work on the block's *content* lets the next analysis reuse it, whether the tree
// was re-parsed in full or incrementally. Cached values must not hold absolute positions
// (lines, offsets): store what the content alone determines (scores, cues with offsets
// relative to the block) and add the block's position when you build the finding.
//
// A content memo is declared once, at module level, as what to compute (`contentMemo`), and
// kept per document: each analyzer has its DocumentMemo, reached from every model it builds
// (`model.memo`), so two documents share nothing and a document's memos go with its analyzer.
// At the end of each analysis the analyzer drops what that analysis did not read (`endPass`):
// a memo holds the current version's blocks and nothing of older versions, so what a document
// keeps follows its size, whatever its size. The caps (by default those of a document analysed
// in full: the document's maxDocumentSize, given by the analyzer with `fit`, and MAX_BLOCKS)
// only bound one pathological analysis, and never evict what the
// current analysis has read: a memo smaller than what one analysis reads keeps what it read
// first instead of evicting each entry before it is read again (test/unit/incremental-memo.test.ts).
//
//   const SCORES = contentMemo((text: string) => scoreParagraph(text));
//   for (const p of paragraphs) { const s = model.memo.of(SCORES, sourceOf(model, p)); … }
//
// For work keyed on node identity instead (cheaper, no hashing): `memoByNode`. Its entries are
// attached to the tree's nodes (a WeakMap: they live and die with the node, and a node's value
// never changes); the incremental parser keeps the node objects of unchanged blocks (their
// positions are moved in place), so they also survive edits elsewhere in the document.

import type { Nodes } from 'mdast';
import { DEFAULT_MAX_DOCUMENT_SIZE, MAX_BLOCKS } from './parse/limits';

export interface MemoOptions {
  /** Most entries kept. Default: the most blocks of a document analysed in full (MAX_BLOCKS). */
  max?: number;
  /**
   * Most characters of keys kept, all entries together. Default: the largest document analysed
   * in full (DocumentMemo.fit: the document's maxDocumentSize, else DEFAULT_MAX_DOCUMENT_SIZE).
   */
  maxChars?: number;
  /** Contents longer than this are computed and not kept. Default: `maxChars`. */
  maxKey?: number;
}

/** What a content memo computes, and how much of it a document keeps (`contentMemo`). */
export interface ContentMemo<V> {
  readonly compute: (content: string) => V;
  readonly max: number;
  /** undefined: the largest document analysed in full (DocumentMemo.fit). */
  readonly maxChars: number | undefined;
  /** undefined: the memo's maxChars. */
  readonly maxKey: number | undefined;
}

/**
 * A copy of `s` that holds no reference to a larger string. V8 makes `text.slice(a, b)` a view
 * into `text` (a "sliced string"): a cache keyed on a block's source slice would keep the whole
 * document of that version alive, one copy per entry — a day of typing kept hundreds of them.
 */
export function detach(s: string): string {
  // Concatenation then slice: the slice is taken from a fresh flat copy the size of `s`, not from the document.
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/**
 * A cache bounded by the total size of what it holds, not only by its number of entries, and
 * read in passes (one analysis is one pass): `endPass` drops what the pass did not read. Each
 * entry weighs its key's length plus `weigh(value)` (characters, or an estimate in the same
 * unit). When full, an entry makes room by evicting entries older passes read (least recently
 * used first), never those of the current pass: when there are none left, it is not kept. Keys
 * are detached from the text they were sliced from; values must not hold slices of a document
 * either (compute them on the detached key).
 */
export class BoundedCache<V> {
  // Each entry keeps its own (detached) key: a refresh re-inserts that one, never the caller's slice.
  // Map order is least recently used first, so the entries of older passes come before those of this one.
  private readonly map = new Map<string, { key: string; value: V; weight: number; pass: number }>();
  private total = 0;
  private pass = 0;
  /** Whether the current pass read or set anything here. */
  private touched = false;

  constructor(
    private maxWeight: number,
    private readonly maxEntries = Infinity,
    private readonly weigh: (value: V) => number = () => 0,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** Characters (or units of `weigh`) held now. */
  get weight(): number {
    return this.total;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** The value, refreshed as read by this pass; undefined when absent. */
  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.touched = true;
    this.map.delete(key);
    hit.pass = this.pass;
    this.map.set(hit.key, hit);
    return hit.value;
  }

  /** `detached`: the key is already a copy of its own (see `detach`). */
  set(key: string, value: V, detached = false): void {
    this.touched = true;
    const weight = key.length + this.weigh(value);
    const old = this.map.get(key);
    if (old) this.drop(old);
    const full = () => this.total + weight > this.maxWeight || this.map.size + 1 > this.maxEntries;
    while (full()) {
      const first = this.map.values().next().value as { key: string; weight: number; pass: number } | undefined;
      if (!first || first.pass === this.pass) {
        // What is left, this pass read: kept, and this entry is not; the one it was to replace
        // stays as it was, read by the pass that read it (it fitted: the bound only lowers in
        // `resize`, which evicts at once, and only it left).
        if (old) {
          this.map.set(old.key, old);
          this.total += old.weight;
        }
        return;
      }
      this.drop(first);
    }
    const own = detached ? key : detach(key);
    this.map.set(own, { key: own, value, weight, pass: this.pass });
    this.total += weight;
  }

  /**
   * Ends a pass: drops the entries it did not read or set. A pass that did not use this cache at
   * all (an analysis with no BTS while the header is being typed: no rule ran) leaves it as it was.
   */
  endPass(): void {
    if (this.touched) {
      for (const e of this.map.values()) if (e.pass !== this.pass) this.drop(e);
    }
    this.touched = false;
    this.pass++;
  }

  private drop(entry: { key: string; weight: number }): void {
    this.map.delete(entry.key);
    this.total -= entry.weight;
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }

  /**
   * A new weight bound. A lower one evicts at once, least recently used first, whichever pass
   * read the entries: no `set` may come to do it (every content read again, or a memo the
   * analyses no longer use).
   */
  resize(maxWeight: number): void {
    this.maxWeight = maxWeight;
    for (const e of this.map.values()) {
      if (this.total <= maxWeight) break;
      this.drop(e);
    }
  }
}

/** Declares a memo of `compute` on its string argument (kept per document by DocumentMemo), within `max` entries and `maxChars` characters of keys. */
export function contentMemo<V>(compute: (content: string) => V, options: MemoOptions = {}): ContentMemo<V> {
  const maxChars = options.maxChars === undefined ? undefined : Math.max(1, options.maxChars);
  return Object.freeze({ compute, max: Math.max(1, options.max ?? MAX_BLOCKS), maxChars, maxKey: options.maxKey });
}

/**
 * One document's content memos: made by its analyzer (core/analyze.ts createAnalyzer), carried
 * by each model the analyzer builds, dropped with it. `of` gives a memo's value for a content;
 * `endPass`, called by the analyzer after each analysis, drops what that analysis did not read.
 */
export class DocumentMemo {
  private readonly caches = new Map<ContentMemo<unknown>, BoundedCache<unknown>>();
  private misses = 0;
  /** The largest document analysed in full (`fit`): the default weight of each memo. */
  private limit = DEFAULT_MAX_DOCUMENT_SIZE;

  /** Values computed since this memo was made (a content not kept, or too long to keep). */
  get computed(): number {
    return this.misses;
  }

  /**
   * The largest document this document's settings analyse in full (maxDocumentSize): the memos
   * declared without maxChars hold that many characters, so a raised limit is not a document
   * whose end is computed again at each keystroke. Called by the analyzer before each analysis.
   */
  fit(limit: number): void {
    if (limit === this.limit) return;
    this.limit = limit;
    for (const [memo, cache] of this.caches) if (memo.maxChars === undefined) cache.resize(limit);
  }

  of<V>(memo: ContentMemo<V>, content: string): V {
    const maxChars = memo.maxChars ?? this.limit;
    if (content.length > (memo.maxKey ?? maxChars)) {
      this.misses++;
      return memo.compute(content);
    }
    let cache = this.caches.get(memo as ContentMemo<unknown>) as BoundedCache<V> | undefined;
    if (!cache) this.caches.set(memo as ContentMemo<unknown>, (cache = new BoundedCache<V>(maxChars, memo.max)) as BoundedCache<unknown>);
    if (cache.has(content)) return cache.get(content) as V;
    // `compute` works on the detached copy: what it returns sliced from its argument (cues,
    // labels) then holds that copy, not the document the argument was sliced from.
    const key = detach(content);
    this.misses++;
    const value = memo.compute(key);
    cache.set(key, value, true);
    return value;
  }

  /** Entries kept now for `memo`. */
  size(memo: ContentMemo<unknown>): number {
    return this.caches.get(memo)?.size ?? 0;
  }

  /** How many memos this document has used. */
  get used(): number {
    return this.caches.size;
  }

  /** Characters of keys kept now, all memos together. */
  get weight(): number {
    let total = 0;
    for (const cache of this.caches.values()) total += cache.weight;
    return total;
  }

  /** Ends an analysis: each memo it used drops the entries it did not read. */
  endPass(): void {
    for (const cache of this.caches.values()) cache.endPass();
  }
}

/** `memo`'s value for `content`: kept in `store` when there is one, else computed. */
export function memoized<V>(store: DocumentMemo | undefined, memo: ContentMemo<V>, content: string): V {
  return store ? store.of(memo, content) : memo.compute(content);
}

/** Caches `fn` per node object (WeakMap: entries go with the tree). */
export function memoByNode<N extends object, V>(fn: (node: N) => V): (node: N) => V {
  const cache = new WeakMap<N, V>();
  return (node: N): V => {
    const hit = cache.get(node);
    if (hit !== undefined || cache.has(node)) return hit as V;
    const value = fn(node);
    cache.set(node, value);
    return value;
  };
}

/** The source text of a node (what a content memo keys on), or '' without a position. */
export function sourceOf(model: { readonly text: string }, node: Nodes): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? '' : model.text.slice(start, end);
}
