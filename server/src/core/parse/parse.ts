// The one Markdown parse of a document: unified + remark-parse + remark-gfm + remark-frontmatter.

import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import type { Root } from 'mdast';
import { shiftNodes } from './shift';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();
/** Same parser without front matter: for parts of a document that do not start it (incremental.ts). */
const fragmentProcessor = unified().use(remarkParse).use(remarkGfm).freeze();

/**
 * Parses a whole document. Positions are offsets into `text` itself: micromark drops a leading
 * UTF-8 BOM and counts from after it, so they are shifted back by one when the text starts with one.
 */
export function parseMarkdown(text: string): Root {
  const root = processor.parse(text);
  if (text.charCodeAt(0) === 0xfeff) {
    shiftNodes([root], { offset: 1, line: 0, column: 1, columnLine: 1 });
    root.position!.start = { line: 1, column: 1, offset: 0 };
  }
  return root;
}

/**
 * Parses a run of top-level blocks that does not start the document (no front matter there);
 * positions count from the start of `text`. The caller checks `text` does not start with a BOM.
 */
export function parseFragment(text: string): Root {
  return fragmentProcessor.parse(text);
}
