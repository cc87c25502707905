// The headings of a document (clean text, normalised text, ranges) and its section tree: each
// heading opens a section that runs to the next heading of the same or a higher level.

import type { Heading, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { memoByNode } from '../memo';
import { normalizeHeading } from '../text/normalize';
import { cleanHeadingText } from '../text/pandoc';
import { rangeOf } from '../text/text';
import type { HeadingInfo, Section } from '../types';

/** Text and normalised text of a heading, cached per node (unchanged blocks keep their node). */
const headingTextOf = memoByNode((node: Heading) => {
  // The clean title (Word-converted headings lose their pandoc attributes and anchors), whitespace
  // runs as one space first so that the heading patterns (parts, numbering) stay linear.
  const text = cleanHeadingText(toString(node).replace(/\s{2,}/g, ' '));
  return { text, normalized: normalizeHeading(text) };
});

export function collectHeadings(root: Root, lineStarts: number[], len: number): HeadingInfo[] {
  const out: HeadingInfo[] = [];
  for (const node of root.children) {
    if (node.type !== 'heading' || !node.position) continue;
    const startOffset = node.position.start.offset ?? 0;
    const endOffset = Math.min(node.position.end.offset ?? startOffset, len);
    const { text, normalized } = headingTextOf(node);
    out.push({
      node: node as Heading,
      depth: node.depth,
      text,
      normalized,
      range: rangeOf(lineStarts, startOffset, endOffset),
      startOffset,
      endOffset,
    });
  }
  return out;
}

export function buildSectionTree(root: Root, headings: HeadingInfo[], lineStarts: number[], len: number): Section[] {
  const byNode = new Map<RootContent, HeadingInfo>(headings.map((h) => [h.node, h]));
  const top: Section[] = [];
  const stack: Section[] = [];
  const close = (s: Section, end: number) => {
    s.endOffset = end;
    s.range = rangeOf(lineStarts, s.heading.startOffset, end);
  };
  for (const node of root.children) {
    const h = byNode.get(node);
    if (h) {
      while (stack.length > 0 && stack[stack.length - 1]!.heading.depth >= h.depth) {
        close(stack.pop()!, h.startOffset);
      }
      const parent = stack[stack.length - 1];
      const s: Section = { heading: h, endOffset: len, range: h.range, blocks: [], children: [] };
      if (parent) {
        s.parent = parent;
        parent.children.push(s);
      } else {
        top.push(s);
      }
      for (const anc of stack) anc.blocks.push(node);
      stack.push(s);
    } else {
      for (const anc of stack) anc.blocks.push(node);
    }
  }
  for (const s of stack) close(s, len);
  return top;
}
