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
}

export interface Memo<K, V> {
  (key: K): V;
  /** Entries kept now. */
  readonly size: number;
  clear(): void;
}

/** Caches `fn` on its string argument, keeping the `max` most recently used results. */
export function memoByContent<V>(fn: (content: string) => V, options: MemoOptions = {}): Memo<string, V> {
  const max = Math.max(1, options.max ?? 2000);
  const cache = new Map<string, V>();
  const memo = ((content: string): V => {
    const hit = cache.get(content);
    if (hit !== undefined || cache.has(content)) {
      // Refresh recency: Map keeps insertion order.
      cache.delete(content);
      cache.set(content, hit as V);
      return hit as V;
    }
    const value = fn(content);
    cache.set(content, value);
    if (cache.size > max) cache.delete(cache.keys().next().value as string);
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
