// The generated table of contents: a marker the export tools replace by the sommaire
// (`[[_TOC_]]`, `[TOC]`, `${toc}`, `<!-- toc -->`) on a line of its own in a top-level paragraph
// or HTML block, or `toc: true` / `sommaire: true` in the front matter. Read from the syntax tree,
// once per model: a marker inside a code block is an example, not a sommaire. The section rules,
// the plan and the page estimate all ask here.

import type { RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { fact } from '../facts';
import { memoByNode } from '../memo';
import type { ReportModel } from '../types';

/** A marker line. Horizontal whitespace only around it: `\s*` under /m would cross lines. */
const MARKER_LINE = /^[^\S\r\n]*(?:\[\[_?TOC_?\]\]|\[TOC\]|\$\{toc\}|<!--\s*toc\s*-->)[^\S\r\n]*$/im;

export interface GeneratedToc {
  /** A sommaire is generated (by a marker or by the front matter). */
  present: boolean;
  /** Top-level blocks holding a marker line, in document order. */
  markers: ReadonlySet<RootContent>;
  /** `toc: true` or `sommaire: true` in the front matter. */
  fromFrontmatter: boolean;
}

export function generatedToc(model: ReportModel): GeneratedToc {
  return fact(model, 'toc', () => {
    const markers = new Set<RootContent>();
    for (const b of model.root.children) if (isTocMarker(b)) markers.add(b);
    const d = model.frontmatter?.data;
    const fromFrontmatter = !!d && (d.toc === true || d.sommaire === true);
    return { present: markers.size > 0 || fromFrontmatter, markers, fromFrontmatter };
  });
}

/** A generated table of contents counts as a sommaire. */
export function hasGeneratedToc(model: ReportModel): boolean {
  return generatedToc(model).present;
}

/**
 * A top-level paragraph or HTML block with a line that is only a TOC marker. Cached per node:
 * every edit asks for every block, and unchanged blocks keep their node (see memo.ts).
 */
export const isTocMarker: (b: RootContent) => boolean = memoByNode((b: RootContent): boolean => {
  if (b.type === 'paragraph') return MARKER_LINE.test(toString(b));
  if (b.type === 'html') return MARKER_LINE.test(b.value);
  return false;
});

/** The lines of a marker paragraph other than the marker (text that still takes room on the page). */
export function textBesideMarker(text: string): string {
  return text
    .split(/\r?\n|\r/)
    .filter((line) => !MARKER_LINE.test(line))
    .join('\n');
}
