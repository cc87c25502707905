// Read-only views of the report model that several rules share: the prose blocks (paragraphs,
// lists, headings) with their offsets and enclosing recognised section, and the "units" of a
// section (missions, activities, documents). Pure; built from model.root and model.sections.

import type { Heading, List, ListItem, Paragraph, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { fact } from '../facts';
import { memoByNode } from '../memo';
import { rangeOf } from '../text/text';
import type { Range, ReportModel, Section } from '../types';

export interface ProseBlock {
  kind: 'paragraph' | 'list' | 'heading';
  node: Paragraph | List | Heading;
  /** Plain text; a paragraph's soft line breaks become spaces, list items are separated by new lines. */
  text: string;
  start: number;
  end: number;
  range: Range;
  /** Innermost recognised section containing the block. */
  sectionId: string | undefined;
  /** The next top-level block after this one that is not an HTML comment, if any. */
  next: RootContent | undefined;
}

/**
 * Plain text of a paragraph on one line. Cached per node: the text depends on the node's content
 * only, and unchanged blocks keep their node objects across edits (see memo.ts).
 */
export const paragraphText: (node: RootContent) => string = memoByNode((node: RootContent): string =>
  // Line breaks and whitespace runs as one space: one pass, linear (the patterns run on this text
  // then never see a run of spaces, whose `\s*…\s*` would be quadratic).
  toString(node).replace(/\s{2,}|[\r\n]/g, ' '),
);

const listText = memoByNode((list: List): string => list.children.map((item: ListItem) => paragraphText(item)).join('\n'));

const isComment = memoByNode((n: RootContent): boolean => n.type === 'html' && /^\s*<!--[\s\S]*-->\s*$/.test(n.value));

/**
 * Paragraphs, lists and headings of the document, in order. Code blocks, tables, block quotes
 * (quoted sources), HTML and the front matter are not prose and are left out.
 */
export function proseBlocks(model: ReportModel): ProseBlock[] {
  // Several rules read the same blocks of one model version: computed once per model.
  return fact(model, 'proseBlocks', () => collectProseBlocks(model));
}

function collectProseBlocks(model: ReportModel): ProseBlock[] {
  const out: ProseBlock[] = [];
  const spans = model.recognized
    .map((r) => ({ id: r.id, start: r.section.heading.startOffset, end: r.section.endOffset }))
    .sort((a, b) => a.start - b.start);
  const sectionAt = (offset: number) => {
    let id: string | undefined;
    for (const s of spans) {
      if (s.start > offset) break;
      if (offset < s.end) id = s.id; // later starts are nested deeper
    }
    return id;
  };
  const children = model.root.children;
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!;
    if (node.type !== 'paragraph' && node.type !== 'list' && node.type !== 'heading') continue;
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) continue;
    let next: RootContent | undefined;
    for (let j = i + 1; j < children.length; j++) {
      if (!isComment(children[j]!)) {
        next = children[j];
        break;
      }
    }
    out.push({
      kind: node.type,
      node,
      text: node.type === 'list' ? listText(node) : paragraphText(node),
      start,
      end,
      range: rangeOf(model.lineStarts, start, end),
      sectionId: sectionAt(start),
      next,
    });
  }
  return out;
}

/** Offsets [start, end) of the recognised sections with these ids. */
export function sectionSpans(model: ReportModel, ids: string[]): [number, number][] {
  return model.recognized
    .filter((r) => ids.includes(r.id))
    .map((r) => [r.section.heading.startOffset, r.section.endOffset] as [number, number]);
}

export const inSpans = (spans: [number, number][], offset: number) => spans.some(([s, e]) => offset >= s && offset < e);

/** First recognised section with this id. */
/** End offset of a section's own text, trailing blank lines excluded. */
export function contentEnd(model: ReportModel, section: Section): number {
  let end = section.endOffset;
  while (end > section.heading.endOffset && /\s/.test(model.text[end - 1]!)) end--;
  return end;
}

/** Offsets [start, end) of the sections (any depth) whose heading satisfies the test. */
export function headingSpans(model: ReportModel, test: (normalizedHeading: string) => boolean): [number, number][] {
  const out: [number, number][] = [];
  const walk = (s: Section) => {
    if (test(s.heading.normalized)) out.push([s.heading.startOffset, s.endOffset]);
    else s.children.forEach(walk);
  };
  model.sections.forEach(walk);
  return out;
}

const DIAGRAM_LANGS = /^(?:mermaid|plantuml|puml|dot|graphviz|svg|tikz|wavedrom|circuitikz)$/i;

/**
 * A figure: an image, an HTML <img>/<figure>/<svg>…, or a diagram code block (mermaid, plantuml…).
 * Cached per top-level block (content only, see memo.ts); nested nodes are walked.
 */
export const hasFigure: (node: RootContent) => boolean = memoByNode((node: RootContent): boolean => figureIn(node));

function figureIn(node: RootContent): boolean {
  if (node.type === 'image' || node.type === 'imageReference') return true;
  if (node.type === 'html') return /<(?:img|figure|svg|picture|object|embed)\b/i.test(node.value);
  if (node.type === 'code') return DIAGRAM_LANGS.test(node.lang ?? '');
  return 'children' in node && (node.children as RootContent[]).some(figureIn);
}

/** Code, inline code, HTML and front matter inside `node`: [start, end) offsets, absolute. Not prose. */
export function nonProseSpans(node: RootContent): [number, number][] {
  const out: [number, number][] = [];
  const walk = (n: RootContent) => {
    if (n.type === 'code' || n.type === 'inlineCode' || n.type === 'html' || n.type === 'yaml') {
      const s = n.position?.start.offset;
      const e = n.position?.end.offset;
      if (s !== undefined && e !== undefined) out.push([s, e]);
      return;
    }
    if ('children' in n) for (const c of n.children as RootContent[]) walk(c);
  };
  walk(node);
  return out;
}

/**
 * A placeholder paragraph: once an opening label ("**Contexte.**", "Résultat :") is set aside,
 * only ellipses remain ("…", "..."), as the templates and the quick fixes write them.
 */
export function isPlaceholder(b: RootContent): boolean {
  if (b.type !== 'paragraph') return false;
  const first = b.children[0];
  const rest = first && (first.type === 'strong' || first.type === 'emphasis') ? b.children.slice(1) : b.children;
  let text = rest.map((c) => toString(c)).join('');
  if (rest === b.children) text = text.replace(/^\s*[^:.—–…]{2,40}\s*[:—–]\s*/, '');
  return /^[\s.…:—–-]*$/.test(text);
}
