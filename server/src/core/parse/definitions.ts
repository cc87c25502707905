// Link reference and footnote definitions of a block: they resolve references anywhere in the
// document, so the incremental re-parse (incremental.ts) re-reads them around each fragment.

import type { Nodes, Parent, RootContent } from 'mdast';
import { memoByNode } from '../memo';

export interface Definitions {
  /** Source of an equivalent definition for each one, e.g. `[iso]: #` or `[^1]: x`. */
  lines: string[];
  /** Their kind and identifier, to check the re-read. */
  ids: string[];
}

/** Link reference and footnote definitions of a top-level block, at any depth (cached per node). */
export const definitionsOf = memoByNode((top: RootContent): Definitions => {
  const out: Definitions = { lines: [], ids: [] };
  const stack: Nodes[] = [top];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'definition') {
      out.lines.push(`[${node.label ?? node.identifier}]: #`);
      out.ids.push(`d:${node.identifier}`);
    } else if (node.type === 'footnoteDefinition') {
      out.lines.push(`[^${node.label ?? node.identifier}]: x`);
      out.ids.push(`f:${node.identifier}`);
    }
    const ch = (node as Parent).children as Nodes[] | undefined;
    if (ch) for (let i = ch.length - 1; i >= 0; i--) stack.push(ch[i]!);
  }
  return out;
});
