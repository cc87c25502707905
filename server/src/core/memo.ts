// Per-block caches for rules and estimators that do work per paragraph, per table, per block…
//
// While a student types, one block changes and the others are the same text as before:
// keying the work on the block's *content* lets the next analysis reuse it, whether the tree
// was re-parsed in full or incrementally. Cached values must not hold absolute positions
// (lines, offsets): store what the content alone determines (scores, cues with offsets
// relative to the block) and add the block's position when you build the finding.
//
//   const scoreOf = memoByContent((text: string) => scoreParagraph(text), { max: 5000 });
//   for (const p of paragraphs) { const s = scoreOf(sliceOf(model, p)); … }
//
// For work keyed on node identity instead (cheaper, no hashing): `memoByNode`. The
// incremental parser keeps the node objects of unchanged blocks (their positions are moved
// in place), so a WeakMap keyed on nodes also survives edits elsewhere in the document.

import type { Nodes } from 'mdast';
import type { ReportModel } from './types';

export interface MemoOptions {
  /** Most entries kept (least recently used dropped first). Default 2000. */
  max?: number;
  /** Most characters of keys kept, all entries together (least recently used dropped first). Default 1,000,000. */
  maxChars?: number;
}

export interface Memo<K, V> {
  (key: K): V;
  /** Entries kept now. */
  readonly size: number;
  clear(): void;
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
 * A least-recently-used cache bounded by the total size of what it holds, not only by its
 * number of entries: each entry weighs its key's length plus `weigh(value)` (characters, or an
 * estimate in the same unit). Keys are detached from the text they were sliced from; values
 * must not hold slices of a document either (compute them on the detached key).
 */
export class BoundedCache<V> {
  /** Every cache made, so that all can be emptied at once (`clearContentCaches`). */
  static readonly all = new Set<BoundedCache<unknown>>();
  // Each entry keeps its own (detached) key: a refresh re-inserts that one, never the caller's slice.
  private readonly map = new Map<string, { key: string; value: V; weight: number }>();
  private total = 0;

  constructor(
    private readonly maxWeight: number,
    private readonly maxEntries = Infinity,
    private readonly weigh: (value: V) => number = () => 0,
  ) {
    BoundedCache.all.add(this as BoundedCache<unknown>);
  }

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

  /** The value, refreshed as most recently used; undefined when absent. */
  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key);
    this.map.set(hit.key, hit);
    return hit.value;
  }

  /** `detached`: the key is already a copy of its own (see `detach`). */
  set(key: string, value: V, detached = false): void {
    const weight = key.length + this.weigh(value);
    const old = this.map.get(key);
    if (old) {
      this.total -= old.weight;
      this.map.delete(key);
    }
    // An entry heavier than the whole budget is not kept (it would evict everything).
    if (weight > this.maxWeight) return;
    const own = detached ? key : detach(key);
    this.map.set(own, { key: own, value, weight });
    this.total += weight;
    while (this.total > this.maxWeight || this.map.size > this.maxEntries) {
      const [k, e] = this.map.entries().next().value as [string, { weight: number }];
      this.map.delete(k);
      this.total -= e.weight;
    }
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }
}

/**
 * Empties every content cache (the language server calls it when its last document closes:
 * what they hold is only worth keeping while a text is being edited).
 */
export function clearContentCaches(): void {
  for (const c of BoundedCache.all) c.clear();
}

/** Caches `fn` on its string argument, keeping the most recently used results within `max` entries and `maxChars` characters of keys. */
export function memoByContent<V>(fn: (content: string) => V, options: MemoOptions = {}): Memo<string, V> {
  const cache = new BoundedCache<V>(Math.max(1, options.maxChars ?? 1_000_000), Math.max(1, options.max ?? 2000));
  const memo = ((content: string): V => {
    if (cache.has(content)) return cache.get(content) as V;
    // `fn` works on the detached copy: what it returns sliced from its argument (cues, labels)
    // then holds that copy, not the document the argument was sliced from.
    const key = detach(content);
    const value = fn(key);
    cache.set(key, value, true);
    return value;
  }) as Memo<string, V>;
  Object.defineProperty(memo, 'size', { get: () => cache.size });
  memo.clear = () => cache.clear();
  return memo;
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

/** The source text of a node (what `memoByContent` keys on), or '' without a position. */
export function sourceOf(model: Pick<ReportModel, 'text'>, node: Nodes): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? '' : model.text.slice(start, end);
}
