// Moves the positions of mdast subtrees in place (incremental re-parse, BOM handling).
// Iterative walk: documents can nest deeply (quotes, lists) and must not overflow the stack.

import type { Nodes as Node, Parent } from 'mdast';

export interface Shift {
  /** Added to every offset. */
  offset: number;
  /** Added to every line. */
  line: number;
  /** Added to the column of points on line `columnLine` (before the shift), e.g. after a stripped BOM. */
  column?: number;
  columnLine?: number;
}

/** Shifts the positions of the nodes and all their descendants, in place. */
export function shiftNodes(nodes: readonly Node[], s: Shift): void {
  if (s.offset === 0 && s.line === 0 && !s.column) return;
  const stack: Node[] = [...nodes];
  const colLine = s.columnLine ?? 1;
  while (stack.length > 0) {
    const node = stack.pop()!;
    const pos = node.position;
    if (pos) {
      // Both points, without an array per node (the kept tail of a long document is large).
      shiftPoint(pos.start, s, colLine);
      shiftPoint(pos.end, s, colLine);
    }
    const children = (node as Parent).children;
    if (children) for (let i = 0; i < children.length; i++) stack.push(children[i]!);
  }
}

type Point = NonNullable<Node['position']>['start'];

function shiftPoint(p: Point, s: Shift, colLine: number): void {
  if (s.column && p.line === colLine) p.column += s.column;
  if (p.offset !== undefined) p.offset += s.offset;
  p.line += s.line;
}
