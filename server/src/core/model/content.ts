// Whether blocks hold content of their own: text, a figure, a table, code. HTML comments (the
// templates' guidance), placeholders ("…", "**Contexte.** …") and headings do not count. Read by `section-empty`, the plan and the
// budget policy ("too short" only for a section with content), and `english-docs`.

import type { RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { hasFigure, isPlaceholder } from '../parse/blocks';
import { memoByNode } from '../memo';

export function hasContent(blocks: RootContent[]): boolean {
  return blocks.some(blockHasContent);
}

/** Cached per block: it depends on the block's content only (see analysis/memo.ts). */
const blockHasContent = memoByNode((b: RootContent): boolean => {
  if (b.type === 'heading' || b.type === 'yaml') return false;
  if (b.type === 'html') return b.value.replace(/<!--[\s\S]*?(-->|$)/g, '').trim().length > 0;
  if (b.type === 'image' || b.type === 'table' || b.type === 'code' || b.type === 'thematicBreak') return b.type !== 'thematicBreak';
  return (toString(b).trim().length > 0 && !isPlaceholder(b)) || hasFigure(b);
});
