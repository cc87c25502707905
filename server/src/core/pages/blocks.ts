// Block measuring for the page estimate: each Markdown block (mdast) as flow items under the
// page metrics — paragraph lines, headings, lists, tables (rows of wrapped cells), code,
// figures, the sommaire, HTML (html.ts).

import type { Heading, List, ListItem, PhrasingContent, RootContent, Table, TableCell } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { cleanHeadingText } from '../text/pandoc';
import { LAYOUT, PT_PER_CM } from './pageModel';
import { pushAll } from '../arrays';
import type { Item } from './flow';
import { htmlImage, htmlItems } from './html';
import { TOC_INDENT_EM, TOC_NUMBER_EM, ATTRS, PAGE_BREAK_TEXT, figureHeight, figureItem, linesFor, type Ctx } from './measure';

/** The images of phrasing content, nested ones included (bold, a link, a table cell), in text order: the export makes each a figure. */
function nestedImages(nodes: PhrasingContent[]): { src?: string; alt: string; attrs: string }[] {
  const out: { src?: string; alt: string; attrs: string }[] = [];
  nodes.forEach((n, i) => {
    const next = nodes[i + 1];
    if (n.type === 'image' || n.type === 'imageReference') out.push({ src: n.type === 'image' ? n.url : undefined, alt: n.alt ?? '', attrs: next?.type === 'text' ? (ATTRS.exec(next.value)?.[1] ?? '') : '' });
    else if (n.type === 'html') {
      const img = htmlImage(n.value);
      if (img) out.push(img);
    } else if ('children' in n) out.push(...nestedImages(n.children as PhrasingContent[]));
  });
  return out;
}

/**
 * The text a block shows in the export: images are figures of their own (their alt text is
 * their caption, not text here), and the size written after an image is no text either.
 */
function shownText(node: PhrasingContent | TableCell): string {
  if (node.type === 'image' || node.type === 'imageReference') return '';
  if (!('children' in node)) return toString(node);
  const kids = node.children as PhrasingContent[];
  return kids.map((c, i) => (c.type === 'text' && kids[i - 1]?.type.startsWith('image') ? c.value.replace(ATTRS, '') : shownText(c))).join('');
}

function isBlankPhrasing(n: PhrasingContent): boolean {
  return (n.type === 'text' && n.value.trim() === '') || n.type === 'break';
}

/** Items of a paragraph: text lines, figures, page breaks, a generated table of contents. */
function paragraphItems(ctx: Ctx, children: PhrasingContent[], width: number, after: number): Item[] {
  const text = children.map((c) => toString(c)).join('');
  if (PAGE_BREAK_TEXT.test(text)) return [{ kind: 'break' }];
  const items: Item[] = [];
  const rest: PhrasingContent[] = [];
  // A linked image ([![alt](img.png)](url)) is a figure too.
  children = children.flatMap((c) => (c.type === 'link' && c.children.some((x) => x.type === 'image') ? c.children : [c]));
  // Its images, alone, in a link, in bold or in italics: figures after the text, as the export places them.
  const images = nestedImages(children);
  children.forEach((c, i) => {
    if (c.type === 'image' || c.type === 'imageReference') return;
    if (c.type === 'html') {
      if (!htmlImage(c.value)) rest.push(c);
    } else if (c.type === 'text' && children[i - 1]?.type.startsWith('image')) {
      const stripped = c.value.replace(ATTRS, '');
      if (stripped.trim()) rest.push({ ...c, value: stripped });
    } else {
      rest.push(c);
    }
  });
  const alone = rest.every(isBlankPhrasing);
  if (!alone) {
    const content = rest.map((c) => (c.type === 'html' ? '' : shownText(c))).join('');
    const n = linesFor(ctx, content, width);
    if (n > 0) items.push({ kind: 'lines', n, pitch: ctx.m.linePitch, after, keep: 2, lead: ctx.m.lineLead });
  }
  for (const img of images) {
    items.push(figureItem(ctx, figureHeight(ctx, img.src, img.attrs), img.alt, width));
  }
  return items;
}

/**
 * The generated sommaire: one line per entry at the body line pitch plus the entry's extra
 * height (the export's outline entries), a long title wrapping within the indent of its level and the room of its
 * dot leaders and page number.
 */
export function tocItems(ctx: Ctx): Item[] {
  if (ctx.tocEntries.length === 0) return [];
  const em = ctx.m.model.fontSizePt;
  let n = 0;
  for (const e of ctx.tocEntries) n += Math.max(1, linesFor(ctx, cleanHeadingText(e.text), ctx.m.textWidth - (e.level - 1) * TOC_INDENT_EM * em - TOC_NUMBER_EM * em, 1, false, true));
  return [{ kind: 'lines', n, pitch: ctx.m.linePitch + LAYOUT.tocEntryExtraEm * em, after: ctx.m.model.paragraphSpacingPt, keep: 2, lead: ctx.m.lineLead }];
}

/**
 * A heading: a page break first for a level-1 heading (`level1NewPage`) or where the export
 * starts a page (`newPage`: each annex, each English document), then its lines, bold, at its
 * size. `text` is the title as the export writes it ("Annexe 2 : …") when it differs.
 */
export function headingItems(ctx: Ctx, h: Heading, width: number, first: boolean, newPage = false, text?: string): Item[] {
  const m = ctx.m;
  const scale = LAYOUT.headingScale[Math.min(h.depth, 6) - 1]!;
  const n = linesFor(ctx, cleanHeadingText(text ?? toString(h)), width, scale, true);
  const items: Item[] = [];
  if (((h.depth === 1 && m.model.level1NewPage) || newPage) && !first) items.push({ kind: 'break' });
  items.push({
    kind: 'heading',
    height: Math.max(n, 1) * LAYOUT.lineHeightEm * m.model.fontSizePt * scale,
    before: m.model.headingSpaceBeforePt,
    after: m.model.headingSpaceAfterPt,
  });
  return items;
}

function listItems(ctx: Ctx, list: List, width: number, nested: boolean): Item[] {
  const m = ctx.m;
  const inner = width - LAYOUT.listIndentCm * PT_PER_CM;
  const items: Item[] = [];
  const spread = list.spread || list.children.some((li) => li.spread);
  list.children.forEach((li: ListItem, i) => {
    const lastOfAll = i === list.children.length - 1 && !nested;
    li.children.forEach((c, j) => {
      const lastHere = j === li.children.length - 1;
      const after = spread || (lastOfAll && lastHere) ? m.model.paragraphSpacingPt : 0;
      if (c.type === 'list') pushAll(items, listItems(ctx, c, inner, true));
      else pushAll(items, blockItems(ctx, c, inner, after));
    });
  });
  if (!nested && items.length > 0) {
    const last = items[items.length - 1]!;
    if ('after' in last) last.after = Math.max(last.after, m.model.paragraphSpacingPt);
  }
  return items;
}

function tableItems(ctx: Ctx, t: Table, width: number): Item[] {
  const m = ctx.m;
  const cols = Math.max(1, ...t.children.map((r) => r.children.length));
  const colWidth = width / cols - 2 * LAYOUT.tableCellInsetPt;
  const heights = t.children.map((row, r) => {
    const lines = Math.max(
      m.model.tableRowLines,
      ...row.children.map((cell) => linesFor(ctx, shownText(cell), colWidth, 1, r === 0, true)),
    );
    return lines * m.linePitch;
  });
  // The images of its cells: figures after the table, as the export places them.
  const figures = t.children.flatMap((row) => row.children.flatMap((cell) => nestedImages(cell.children)));
  return [
    { kind: 'rows', heights, pitch: m.linePitch, after: m.blockGap, header: true },
    ...figures.map((img) => figureItem(ctx, figureHeight(ctx, img.src, img.attrs), img.alt, width)),
  ];
}

function codeItems(ctx: Ctx, value: string, width: number): Item[] {
  const m = ctx.m;
  const size = m.model.fontSizePt * LAYOUT.codeScale;
  const perLine = Math.max(8, Math.floor(width / (LAYOUT.codeCharWidthEm * size)));
  const n = value.split(/\r?\n/).reduce((acc, l) => acc + Math.max(1, Math.ceil(l.length / perLine)), 0);
  return [{ kind: 'lines', n, pitch: LAYOUT.lineHeightEm * size, after: m.blockGap, keep: 1 }];
}

export function blockItems(ctx: Ctx, b: RootContent, width: number, after: number): Item[] {
  const m = ctx.m;
  switch (b.type) {
    case 'paragraph':
      return paragraphItems(ctx, b.children, width, after);
    case 'heading':
      return headingItems(ctx, b, width, false);
    case 'list':
      return listItems(ctx, b, width, false);
    case 'table':
      return tableItems(ctx, b, width);
    case 'code':
      return codeItems(ctx, b.value, width);
    case 'blockquote':
      return b.children.flatMap((c) => blockItems(ctx, c, width - LAYOUT.quoteIndentCm * PT_PER_CM, m.model.paragraphSpacingPt));
    case 'html':
      return htmlItems(ctx, b.value, width, after);
    case 'thematicBreak':
      return [{ kind: 'box', height: m.linePitch, after: 0 }];
    case 'footnoteDefinition': {
      // At the foot of the page in the export (Typst footnote entries: smaller text, the body's
      // leading); counted where it is written, by its height.
      const size = m.model.fontSizePt * LAYOUT.footnoteScale;
      const pitch = LAYOUT.lineHeightEm * size + m.lineLead;
      const n = linesFor(ctx, `1 ${toString(b)}`, width - size, LAYOUT.footnoteScale);
      return n > 0 ? [{ kind: 'lines', n, pitch, after: 0, keep: 1, lead: m.lineLead }] : [];
    }
    case 'yaml': {
      const items: Item[] = m.model.coverPage ? [{ kind: 'fullPage' }] : [];
      // `toc: true` / `sommaire: true` without a marker: the sommaire follows the cover (as Pandoc does).
      if (ctx.frontmatterToc) items.push({ kind: 'break' }, ...headingItems(ctx, { type: 'heading', depth: 1, children: [{ type: 'text', value: 'Sommaire' }] }, ctx.m.textWidth, true), ...tocItems(ctx));
      return items;
    }
    default: {
      // Anything else with text (math, definitions from plugins…): plain paragraph lines.
      const n = 'children' in b || 'value' in b ? linesFor(ctx, toString(b), width) : 0;
      return n > 0 ? [{ kind: 'lines', n, pitch: m.linePitch, after, keep: 2, lead: m.lineLead }] : [];
    }
  }
}

