// Array helpers for lists as long as the document (blocks, lines, findings, table rows).
//
// `Math.max(...list)` and `target.push(...list)` pass every element as an argument: past about
// 100,000 elements they throw `RangeError: Maximum call stack size exceeded`. Use these instead.

/** Appends every item of `items` to `target` (no argument spreading). */
export function pushAll<T>(target: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) target.push(items[i]!);
  return target;
}

/** Largest of `values`, or `empty` when there is none. */
export function maxOf(values: Iterable<number>, empty: number): number {
  let best = -Infinity;
  let any = false;
  for (const v of values) {
    any = true;
    if (v > best) best = v;
  }
  return any ? best : empty;
}

/** Smallest of `values`, or `empty` when there is none. */
export function minOf(values: Iterable<number>, empty: number): number {
  let best = Infinity;
  let any = false;
  for (const v of values) {
    any = true;
    if (v < best) best = v;
  }
  return any ? best : empty;
}
