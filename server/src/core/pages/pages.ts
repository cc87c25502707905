// Page estimate of a report: how many pages each section and the whole report would take once
// typeset under the page model (pageModel.ts). Pure: reads the model built by model.ts (the mdast
// blocks with their positions, the section tree, the recognised sections), never re-parses and
// never reads a file (image sizes come from the host's `settings.imageSize`).
//
// The estimate simulates the flow of the blocks down the pages: paragraphs break between lines
// (no single line left alone at the top or bottom of a page), figures and table rows do not
// break, a heading stays with the start of what follows, a level-1 heading and explicit page
// breaks start a new page, the front matter is a one-page cover. Each top-level block gets a
// start and an end position in pages (page index + fraction of the text height).
//
// Figures reported:
// - a section's `pages` = from the top of its heading to the end of its last block: what its
//   content takes, not the blank left at the bottom of its last page by a following page break;
// - `document` = end of the last block (the last page counted by its filled fraction);
// - `body` = `document` minus the sections outside the body count (annexes, English documents:
//   `outsideBody` in the profile), each with the page break that precedes it.

import type { Heading, List, ListItem, PhrasingContent, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { fact } from '../facts';
import { generatedToc, textBesideMarker } from '../model/toc';
import { cleanHeadingText } from '../text/pandoc';
import { LAYOUT, PT_PER_CM, PT_PER_PX, metricsOf, readPageModel, type FittedConstants, type PageMetrics, type PageModel } from './pageModel';
import type { AnalysisSettings, ExactPages, ReportModel, Section } from '../types';
import { maxOf, pushAll } from '../arrays';

export interface BlockSpan {
  /** Position (in pages from the top of the document) where the block starts and ends. */
  start: number;
  end: number;
}

export interface PageEstimate {
  /** The page model and fitted constants it was computed under (what the model's facts key it by). */
  key: string;
  pageModel: PageModel;
  /** Figures counted on the typeset export (settings.exactPages), not estimated: whole pages. */
  exact: boolean;
  /** First page of a section in the export (exact figures only). */
  sectionStart(section: Section): number | null;
  /** Whole document, annexes included (fractional: the last page counts by its filled part). */
  document: number;
  /** What the BTS limit counts: the document without the `outsideBody` sections. */
  body: number;
  /** Pages of the cover (the front matter): 0 or 1. */
  cover: number;
  /** Span of each top-level block of `model.root.children`, by index. */
  blocks: BlockSpan[];
  /** Pages of a section (heading to end of its last block, subsections included). */
  sectionPages(section: Section): number;
  /**
   * Pages the section's text fills, estimated even when the figures are exact (an exact count
   * gives whole pages: a one-paragraph introduction alone on its page is "1 p."). What the plan
   * view judges a section "below its budget" by.
   */
  sectionContent(section: Section): number;
  /**
   * Pages a section occupies: its content plus the blank a following page break leaves at the
   * bottom of its last page (a half-page introduction before a new chapter takes one page).
   */
  sectionOccupied(section: Section): number;
}

// --- the flow -------------------------------------------------------------------------

type Item =
  | { kind: 'break' }
  | { kind: 'fullPage' }
  /** `n` lines of pitch `pitch` that may break between lines; `after` = space after. */
  | { kind: 'lines'; n: number; pitch: number; after: number; keep: number }
  /** An unbreakable box. */
  | { kind: 'box'; height: number; after: number }
  /** A heading: `before` is dropped at the top of a page; stays with the start of the next item. */
  /**
   * A heading: `before` is its space above, counted from where the previous block's own spacing
   * ends (dropped at the top of a page); spacing between two blocks collapses — the larger one
   * wins — so after another heading only the excess over that heading's `after` is added.
   */
  | { kind: 'heading'; height: number; before: number; after: number }
  /** Table rows: a row may break between its lines (as in Typst and Word), never inside one. */
  | { kind: 'rows'; heights: number[]; pitch: number; after: number };

const EPS = 1e-6;

class Flow {
  page = 0;
  y = 0;
  /** Position at the end of the content of the last placed item (before its space after). */
  lastEnd = 0;
  /** Space consumed after the last item: a heading's `after`, otherwise a block gap. */
  private lastGap: number;
  constructor(
    readonly height: number,
    /** Spacing after a paragraph or a block (paragraph spacing + line gap). */
    readonly blockGap: number,
  ) {
    this.lastGap = blockGap;
  }

  get pos(): number {
    return this.page + this.y / this.height;
  }

  newPage(): void {
    if (this.y > EPS) {
      this.page++;
      this.y = 0;
    }
  }

  private space(after: number): void {
    this.lastEnd = this.pos;
    this.y += after;
    if (this.y >= this.height - EPS) {
      this.page++;
      this.y = 0;
    }
  }

  private advance(h: number): void {
    this.y += h;
    while (this.y > this.height + EPS) {
      this.page++;
      this.y -= this.height;
    }
  }

  /** Height the start of an item needs on the current page (for keep-with-next). */
  static minStart(it: Item | undefined): number {
    if (!it) return 0;
    switch (it.kind) {
      case 'lines':
        return Math.min(it.n, it.keep) * it.pitch;
      case 'box':
        return it.height;
      case 'heading':
        return it.height;
      case 'rows':
        return it.heights[0] ?? 0;
      default:
        return 0;
    }
  }

  /**
   * Places an item; returns the position of its first content. `keep` is the height the start
   * of what follows needs on the same page (a heading stays with it).
   */
  place(it: Item, keep: number): number {
    const free = () => this.height - this.y;
    if (it.kind !== 'heading') this.lastGap = this.blockGap;
    switch (it.kind) {
      case 'break':
        this.lastEnd = Math.max(this.lastEnd, 0);
        this.newPage();
        return this.pos;
      case 'fullPage': {
        this.newPage();
        const start = this.pos;
        this.page++;
        this.lastEnd = this.pos;
        return start;
      }
      case 'box': {
        if (this.y > EPS && it.height > free() + EPS) this.newPage();
        const start = this.pos;
        this.advance(it.height);
        this.space(it.after);
        return start;
      }
      case 'heading': {
        const extra = () => (this.y > EPS ? Math.max(0, this.blockGap + it.before - this.lastGap) : 0);
        const need = extra() + it.height + it.after + keep;
        if (this.y > EPS && need > free() + EPS) this.newPage();
        this.y += extra();
        const start = this.pos;
        this.advance(it.height);
        this.space(it.after);
        this.lastGap = it.after;
        return start;
      }
      case 'rows': {
        let start = -1;
        for (const h of it.heights) {
          let left = h;
          while (left > free() + EPS) {
            const k = Math.floor((free() + EPS) / it.pitch);
            if (k >= 1 && left - k * it.pitch > EPS) {
              if (start < 0) start = this.pos;
              this.y += k * it.pitch;
              left -= k * it.pitch;
            } else if (this.y <= EPS) break; // a line taller than the page
            this.page++;
            this.y = 0;
          }
          if (start < 0) start = this.pos;
          this.advance(left);
        }
        if (start < 0) start = this.pos;
        this.space(it.after);
        return start;
      }
      case 'lines': {
        let left = it.n;
        let start = -1;
        while (left > 0) {
          let fit = Math.floor((free() + EPS) / it.pitch);
          if (fit >= left) {
            if (start < 0) start = this.pos;
            this.y += left * it.pitch;
            left = 0;
            break;
          }
          // Orphan: fewer than `keep` lines would stay at the bottom; widow: fewer than `keep` would move.
          if (left - fit < it.keep && left > it.keep) fit = left - it.keep;
          if (fit < Math.min(it.keep, left)) fit = 0;
          if (fit > 0) {
            if (start < 0) start = this.pos;
            this.y += fit * it.pitch;
            left -= fit;
          }
          if (this.y <= EPS && fit === 0) {
            // A line taller than the page: place it anyway.
            if (start < 0) start = this.pos;
            this.advance(it.pitch);
            left--;
          }
          if (left > 0) {
            this.page++;
            this.y = 0;
          }
        }
        if (start < 0) start = this.pos;
        this.space(it.after);
        return start;
      }
    }
  }
}

// --- blocks → items -------------------------------------------------------------------------

const PAGE_BREAK_TEXT = /^\s*(\\newpage|\\pagebreak|\\clearpage|\{\{<\s*pagebreak\s*>\}\}|<<<)\s*$/i;
const PAGE_BREAK_HTML =
  /page-break-(before|after)\s*:\s*always|break-(before|after)\s*:\s*page|<!--\s*(page\s*-?\s*break|new\s*-?\s*page|saut de page)\s*-->/i;
const ATTRS = /^\s*\{([^}]*)\}/;

interface Ctx {
  m: PageMetrics;
  settings: AnalysisSettings;
  tocEntries: number;
  /** The front matter asks for a generated sommaire and the text has no marker for it. */
  frontmatterToc: boolean;
}

/**
 * Lines a text takes in `width` points at `scale` × body size: greedy filling word by word,
 * each character counting the font's average advance. Justified text is hyphenated (a word is
 * split at the end of a line when enough room is left); ragged text (table cells) is not.
 */
function linesFor(ctx: Ctx, text: string, width: number, scale = 1, bold = false, ragged = false): number {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length === 0) return 0;
  const { charEm, fallbackEm } = ctx.m;
  // Ragged text keeps the natural widths: the fitted scale stands for justification and hyphenation.
  const em = (ctx.m.model.fontSizePt * scale * (bold ? ctx.m.boldFactor : 1)) / (ragged ? ctx.m.widthScale : 1);
  const space = (charEm[' '] ?? 0.25) * em;
  const room = Math.max(width, em * 2);
  const hyphenRoom = ctx.m.hyphenRoom * scale;
  const wordWidth = (word: string) => {
    let w = 0;
    for (const c of word) w += charEm[c] ?? fallbackEm;
    return w * em;
  };
  let lines = 1;
  let used = 0;
  for (const word of words) {
    let w = wordWidth(word);
    if (used > 0) {
      const free = room - used - space;
      if (w <= free) {
        used += space + w;
        continue;
      }
      // Hyphenated: the first part, with its hyphen, ends this line.
      if (!ragged && free >= hyphenRoom && word.length >= 5) w -= free - (charEm['-'] ?? 0.33) * em;
      lines++;
      used = 0;
    }
    while (w > room) {
      w -= room;
      lines++;
    }
    used = w;
  }
  return lines;
}

/** Length in points of a CSS/LaTeX-like dimension (`6cm`, `40mm`, `300px`, `50%`, `3in`). */
export function parseLength(v: string | undefined, percentOf: number): number | undefined {
  if (!v) return undefined;
  const m = /^\s*([0-9]+(?:[.,][0-9]+)?)\s*(cm|mm|in|pt|px|%)?\s*$/i.exec(v.replace(/^["']|["']$/g, ''));
  if (!m) return undefined;
  const n = Number(m[1]!.replace(',', '.'));
  switch ((m[2] ?? 'px').toLowerCase()) {
    case 'cm':
      return n * PT_PER_CM;
    case 'mm':
      return (n / 10) * PT_PER_CM;
    case 'in':
      return n * 72;
    case 'pt':
      return n;
    case '%':
      return (n / 100) * percentOf;
    default:
      return n * PT_PER_PX;
  }
}

function attr(attrs: string, name: string): string | undefined {
  // Attributes are short; a cap keeps pathological input (unclosed quotes, repeats) linear.
  const m = new RegExp(`(?:^|[\\s;{])${name}\\s*[=:]\\s*("[^"]*"|'[^']*'|[^\\s;}>]+)`, 'i').exec(attrs.slice(0, 2000));
  return m ? m[1]!.replace(/^["']|["']$/g, '') : undefined;
}

/** Height in points of a figure, from its explicit size, the image's pixel size, or the default. */
function figureHeight(ctx: Ctx, src: string | undefined, width: number, attrs: string): number {
  const maxH = ctx.m.textHeight * 0.9;
  const h = parseLength(attr(attrs, 'height'), ctx.m.textHeight);
  const w = parseLength(attr(attrs, 'width'), width);
  let size: { width: number; height: number } | undefined;
  if (src && ctx.settings.imageSize) {
    try {
      const s = ctx.settings.imageSize(src);
      if (s && s.width > 0 && s.height > 0) size = s;
    } catch {
      size = undefined;
    }
  }
  let out: number;
  if (h !== undefined) out = h;
  else if (size) {
    const natural = Math.min(w ?? size.width * PT_PER_PX, width);
    out = (natural * size.height) / size.width;
  } else {
    const def = ctx.m.model.figureHeightCm * PT_PER_CM;
    out = w !== undefined ? Math.min(def, w * 0.75) : def;
  }
  return Math.min(Math.max(out, 0), maxH);
}

function figureItem(ctx: Ctx, imgHeight: number, caption: string, width: number): Item {
  const m = ctx.m;
  let height = imgHeight;
  if (caption.trim()) {
    const capPitch = LAYOUT.lineHeightEm * m.model.fontSizePt * LAYOUT.captionScale;
    // "Figure 12 : " precedes the caption text.
    height += LAYOUT.captionGapPt + linesFor(ctx, `Figure 12 : ${caption}`, width, LAYOUT.captionScale) * capPitch;
  }
  return { kind: 'box', height, after: m.blockGap };
}

function isBlankPhrasing(n: PhrasingContent): boolean {
  return (n.type === 'text' && n.value.trim() === '') || n.type === 'break';
}

/** Items of a paragraph: text lines, figures, page breaks, a generated table of contents. */
function paragraphItems(ctx: Ctx, children: PhrasingContent[], width: number, after: number): Item[] {
  const text = children.map((c) => toString(c)).join('');
  if (PAGE_BREAK_TEXT.test(text)) return [{ kind: 'break' }];
  const items: Item[] = [];
  const images: { src?: string; alt: string; attrs: string }[] = [];
  const rest: PhrasingContent[] = [];
  // A linked image ([![alt](img.png)](url)) is a figure too.
  children = children.flatMap((c) => (c.type === 'link' && c.children.some((x) => x.type === 'image') ? c.children : [c]));
  children.forEach((c, i) => {
    if (c.type === 'image' || c.type === 'imageReference') {
      const nextNode = children[i + 1];
      const attrs = nextNode?.type === 'text' ? (ATTRS.exec(nextNode.value)?.[1] ?? '') : '';
      images.push({ src: c.type === 'image' ? c.url : undefined, alt: c.alt ?? '', attrs });
    } else if (c.type === 'html') {
      const img = htmlImage(c.value);
      if (img) images.push(img);
      else rest.push(c);
    } else if (c.type === 'text' && images.length > 0 && children[i - 1]?.type.startsWith('image')) {
      const stripped = c.value.replace(ATTRS, '');
      if (stripped.trim()) rest.push({ ...c, value: stripped });
    } else {
      rest.push(c);
    }
  });
  const alone = rest.every(isBlankPhrasing);
  if (!alone) {
    const content = rest.map((c) => (c.type === 'html' ? '' : toString(c))).join('');
    const n = linesFor(ctx, content, width);
    if (n > 0) items.push({ kind: 'lines', n, pitch: ctx.m.linePitch, after, keep: 2 });
  }
  for (const img of images) {
    items.push(figureItem(ctx, figureHeight(ctx, img.src, width, img.attrs), alone ? img.alt : '', width));
  }
  return items;
}

function htmlImage(html: string): { src?: string; alt: string; attrs: string } | undefined {
  // `[^<>]*`, not `[^>]*`: many `<img` without `>` would make each match scan to the end (quadratic).
  const m = /<img\b([^<>]*)>/i.exec(html);
  if (!m) return undefined;
  const attrs = m[1]!;
  const style = attr(attrs, 'style');
  return { src: attr(attrs, 'src'), alt: attr(attrs, 'alt') ?? '', attrs: style ? `${attrs} ${style.replace(/:/g, '=')}` : attrs };
}

function tocItems(ctx: Ctx): Item[] {
  if (ctx.tocEntries === 0) return [];
  return [{ kind: 'lines', n: ctx.tocEntries, pitch: ctx.m.linePitch, after: ctx.m.model.paragraphSpacingPt, keep: 2 }];
}

function headingItems(ctx: Ctx, h: Heading, width: number, first: boolean): Item[] {
  const m = ctx.m;
  const scale = LAYOUT.headingScale[Math.min(h.depth, 6) - 1]!;
  const n = linesFor(ctx, cleanHeadingText(toString(h)), width, scale, true);
  const items: Item[] = [];
  if (h.depth === 1 && m.model.level1NewPage && !first) items.push({ kind: 'break' });
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
      ...row.children.map((cell) => linesFor(ctx, toString(cell), colWidth, 1, r === 0, true)),
    );
    return lines * m.linePitch;
  });
  return [{ kind: 'rows', heights, pitch: m.linePitch, after: m.blockGap }];
}

function codeItems(ctx: Ctx, value: string, width: number): Item[] {
  const m = ctx.m;
  const size = m.model.fontSizePt * LAYOUT.codeScale;
  const perLine = Math.max(8, Math.floor(width / (LAYOUT.codeCharWidthEm * size)));
  const n = value.split(/\r?\n/).reduce((acc, l) => acc + Math.max(1, Math.ceil(l.length / perLine)), 0);
  return [{ kind: 'lines', n, pitch: LAYOUT.lineHeightEm * size, after: m.blockGap, keep: 1 }];
}

function htmlItems(ctx: Ctx, source: string, width: number, after: number): Item[] {
  // Whitespace runs as one space before the marker patterns (`<!-- page` + 100,000 spaces would
  // make their `\s*…\s*` quadratic); a block holding a marker is measured on that flat text.
  const flat = source.replace(/\s{2,}/g, ' ');
  if (PAGE_BREAK_HTML.test(flat)) {
    const html = flat;
    // All markers at once (a block may hold many): breaks collapse, so one before and/or one after.
    const before = /page-break-before|break-before/i.test(html);
    const afterBreak = /page-break-after|break-after|<!--/i.test(html.replace(/page-break-before\s*:\s*always|break-before\s*:\s*page/gi, ''));
    const rest = htmlContentItems(ctx, html.replace(new RegExp(PAGE_BREAK_HTML.source, 'gi'), ''), width, after);
    return [...(before ? [{ kind: 'break' } as Item] : []), ...rest, ...(afterBreak || !before ? [{ kind: 'break' } as Item] : [])];
  }
  return htmlContentItems(ctx, source, width, after);
}

/** Figures and text of an HTML block, page-break markers already removed. */
function htmlContentItems(ctx: Ctx, html: string, width: number, after: number): Item[] {
  const noComments = html.replace(/<!--[\s\S]*?(-->|$)/g, '');
  if (!noComments.trim()) return [];
  const items: Item[] = [];
  for (const m of noComments.matchAll(/<img\b[^<>]*>/gi)) {
    const img = htmlImage(m[0])!;
    items.push(figureItem(ctx, figureHeight(ctx, img.src, width, img.attrs), img.alt, width));
  }
  const text = noComments
    .replace(/<img\b[^<>]*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^<>]*>/g, '')
    .replace(/&[a-z]+;|&#\d+;/gi, 'x');
  const n = linesFor(ctx, text, width);
  if (n > 0) items.unshift({ kind: 'lines', n, pitch: ctx.m.linePitch, after, keep: 2 });
  else if (/<br\s*\/?>/i.test(noComments) && items.length === 0) items.push({ kind: 'box', height: ctx.m.linePitch, after: 0 });
  return items;
}

function blockItems(ctx: Ctx, b: RootContent, width: number, after: number): Item[] {
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
      const pitch = LAYOUT.lineHeightEm * m.model.fontSizePt * LAYOUT.captionScale;
      const n = linesFor(ctx, `1. ${toString(b)}`, width, LAYOUT.captionScale);
      return n > 0 ? [{ kind: 'lines', n, pitch, after: 0, keep: 1 }] : [];
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
      return n > 0 ? [{ kind: 'lines', n, pitch: m.linePitch, after, keep: 2 }] : [];
    }
  }
}

// --- the estimate -------------------------------------------------------------------------

/**
 * Items of a block, by node: the incremental parser keeps the node objects of unchanged blocks,
 * so an edit re-measures only the blocks it touched. Not cached: blocks whose items depend on
 * something else than their text (image files, the table of contents).
 */
const itemCache = new WeakMap<RootContent, { key: object; items: Item[]; first?: boolean }>();

/**
 * One token per metrics key (page model + fitted constants), so that checking a cached block's
 * key is an identity test rather than a comparison of long strings, block after block.
 */
const metricsTokens = new Map<string, object>();
function metricsToken(key: string): object {
  let token = metricsTokens.get(key);
  if (!token) {
    if (metricsTokens.size > 100) metricsTokens.clear();
    metricsTokens.set(key, (token = {}));
  }
  return token;
}

function cacheable(b: RootContent): boolean {
  if (b.type === 'html') return !/<img\b/i.test(b.value);
  if (b.type === 'paragraph' || b.type === 'list' || b.type === 'blockquote' || b.type === 'table') {
    let ok = true;
    const walk = (n: { type: string; children?: unknown[]; value?: string }) => {
      if (!ok) return;
      if (n.type === 'image' || n.type === 'imageReference' || (n.type === 'html' && /<img\b/i.test(n.value ?? ''))) ok = false;
      else for (const c of (n.children ?? []) as (typeof n)[]) walk(c);
    };
    walk(b as unknown as { type: string });
    return ok;
  }
  return b.type === 'code' || b.type === 'thematicBreak';
}

/** Page model of the settings (already validated by sanitizeSettings; bad fields fall back again). */
export function pageModelOf(settings: AnalysisSettings = {}): PageModel {
  return readPageModel(settings.pageModel).model;
}

/**
 * The page estimate of a report model, computed once per model and page model.
 * `fitted` overrides the fitted constants (used by the calibration benchmark).
 */
export function estimatePages(model: ReportModel, settings: AnalysisSettings = {}, fitted?: FittedConstants): PageEstimate {
  const pageModel = pageModelOf(settings);
  const exact = settings.exactPages && settings.exactPages.text === model.text && !fitted ? settings.exactPages.pages : undefined;
  const key = JSON.stringify([pageModel, fitted ?? null]);
  const estimate = fact(model, `pages:${key}`, () => compute(model, settings, pageModel, fitted, key));
  if (!exact) return estimate;
  const exactHit = exactCache.get(model);
  if (exactHit && exactHit.exact === exact && exactHit.base === estimate) return exactHit.estimate;
  const withExact = overlayExact(model, estimate, exact);
  exactCache.set(model, { exact, base: estimate, estimate: withExact });
  return withExact;
}

const exactIds = new WeakMap<ExactPages, number>();
let exactCount = 0;
const exactCache = new WeakMap<ReportModel, { exact: ExactPages; base: PageEstimate; estimate: PageEstimate }>();

/** The estimate with the export's figures where the export has them (whole pages). */
function overlayExact(model: ReportModel, estimate: PageEstimate, exact: ExactPages): PageEstimate {
  const index = new Map<RootContent, number>();
  model.root.children.forEach((c, i) => index.set(c, i));
  const byIndex = new Map(exact.sections.map((s) => [s.index, s]));
  const of = (s: Section) => {
    const i = index.get(s.heading.node);
    return i === undefined ? undefined : byIndex.get(i);
  };
  let id = exactIds.get(exact);
  if (id === undefined) exactIds.set(exact, (id = ++exactCount));
  return {
    ...estimate,
    // Facts computed from an estimate (the plan) are keyed by this: the exact figures are another estimate.
    key: `${estimate.key}|exact:${id}`,
    exact: true,
    document: exact.document,
    body: exact.body,
    cover: exact.cover,
    sectionPages: (s) => of(s)?.pages ?? estimate.sectionPages(s),
    sectionContent: (s) => estimate.sectionContent(s),
    sectionOccupied: (s) => of(s)?.pages ?? estimate.sectionOccupied(s),
    sectionStart: (s) => of(s)?.startPage ?? null,
  };
}

function compute(model: ReportModel, settings: AnalysisSettings, pageModel: PageModel, fitted: FittedConstants | undefined, key: string): PageEstimate {
  const m = metricsOf(pageModel, fitted);
  const ctx: Ctx = {
    m,
    settings,
    tocEntries: model.headings.filter((h) => h.depth <= 3 && h.text.trim() !== '').length,
    frontmatterToc: false,
  };
  const toc = generatedToc(model);
  if (toc.fromFrontmatter && toc.markers.size === 0) {
    ctx.frontmatterToc = true;
    ctx.tocEntries += 1;
  }
  const flow = new Flow(m.textHeight, m.blockGap);
  const children = model.root.children;
  const blocks: BlockSpan[] = [];
  // Items of every block first, so that a heading can see what follows it.
  const perBlock: Item[][] = [];
  const metricsKey = metricsToken(key);
  let seenContent = false;
  for (const b of children) {
    let items: Item[];
    if (toc.markers.has(b)) {
      // The sommaire's entries, and the paragraph's other lines if any (not cached: they depend on the headings).
      items = tocItems(ctx);
      const rest = b.type === 'paragraph' ? textBesideMarker(toString(b)) : '';
      const n = rest.trim() ? linesFor(ctx, rest, m.textWidth) : 0;
      if (n > 0) items = [{ kind: 'lines', n, pitch: m.linePitch, after: pageModel.paragraphSpacingPt, keep: 2 }, ...items];
    } else if (b.type === 'heading') {
      // A heading's items depend on its text, the metrics and whether content came before it.
      const first = !seenContent;
      const hit = itemCache.get(b);
      if (hit && hit.key === metricsKey && hit.first === first) items = hit.items;
      else {
        items = headingItems(ctx, b, m.textWidth, first);
        itemCache.set(b, { key: metricsKey, items, first });
      }
    } else {
      // Blocks the incremental parser kept (same node, same content) reuse their items.
      const hit = itemCache.get(b);
      if (hit && hit.key === metricsKey) items = hit.items;
      else {
        items = blockItems(ctx, b, m.textWidth, pageModel.paragraphSpacingPt);
        if (cacheable(b)) itemCache.set(b, { key: metricsKey, items });
      }
    }
    if (items.length > 0 && b.type !== 'yaml') seenContent = true;
    if (b.type === 'yaml') seenContent = ctx.frontmatterToc;
    perBlock.push(items);
  }
  const flat: Item[] = [];
  for (const items of perBlock) for (const it of items) flat.push(it);
  let k = 0;
  for (const items of perBlock) {
    if (items.length === 0) {
      const p = flow.pos;
      blocks.push({ start: p, end: p });
      continue;
    }
    let start = -1;
    for (const it of items) {
      const s = flow.place(it, it.kind === 'heading' ? keepAfter(flat, k + 1) : 0);
      k++;
      if (start < 0 && it.kind !== 'break') start = s;
    }
    const end = flow.lastEnd;
    if (start < 0) start = end;
    blocks.push({ start, end: Math.max(end, start) });
  }
  const document = maxOf(blocks.map((b) => b.end), 0);
  const cover = children[0]?.type === 'yaml' && pageModel.coverPage ? 1 : 0;

  const index = new Map<RootContent, number>();
  for (let i = 0; i < children.length; i++) index.set(children[i]!, i);
  const lastIndex = (s: Section): number => {
    const last = s.blocks[s.blocks.length - 1] ?? s.heading.node;
    return index.get(last) ?? index.get(s.heading.node) ?? 0;
  };
  const sectionPages = (s: Section): number => {
    const i = index.get(s.heading.node);
    if (i === undefined) return 0;
    return Math.max(0, blocks[lastIndex(s)]!.end - blocks[i]!.start);
  };

  // Body: remove the outermost outside-body sections with the page break before them.
  let outside = 0;
  if (model.profile) {
    const outer = outermostSections(outsideBodySections(model));
    for (const s of outer) {
      const i = index.get(s.heading.node);
      if (i === undefined) continue;
      const before = i > 0 ? blocks[i - 1]!.end : 0;
      outside += Math.max(0, blocks[lastIndex(s)]!.end - before);
    }
  }
  return {
    key,
    pageModel,
    exact: false,
    sectionStart: () => null,
    document: round2(document),
    body: round2(Math.max(0, document - outside)),
    cover,
    blocks,
    sectionPages: (s) => round2(sectionPages(s)),
    sectionContent: (s) => round2(sectionPages(s)),
    sectionOccupied: (s) => {
      const i = index.get(s.heading.node);
      if (i === undefined) return 0;
      const next = blocks[lastIndex(s) + 1];
      return round2(Math.max(sectionPages(s), next ? next.start - blocks[i]!.start : 0));
    },
  };
}

/**
 * Sections outside the body count: the profile's `outsideBody` sections (annexes, English
 * documents) and, for every BTS, any section titled "Annexe(s)…" even if the profile does not
 * list one.
 */
export function outsideBodySections(model: ReportModel): Section[] {
  if (!model.profile) return [];
  const outsideIds = new Set(model.profile.sections.filter((s) => s.outsideBody).map((s) => s.id));
  const out = model.recognized.filter((r) => outsideIds.has(r.id)).map((r) => r.section);
  const visit = (s: Section) => {
    if (/^annexes?\b/.test(s.heading.normalized) && !out.includes(s)) out.push(s);
    else s.children.forEach(visit);
  };
  model.sections.forEach(visit);
  return out;
}

/**
 * The sections of `list` that no other one contains, by offsets (a section standing for several
 * headings — the English documents filed in the annexes — shares its heading with another).
 */
export function outermostSections(list: Section[]): Section[] {
  const contains = (o: Section, s: Section) => o.heading.startOffset <= s.heading.startOffset && o.endOffset >= s.endOffset;
  const same = (o: Section, s: Section) => o.heading.startOffset === s.heading.startOffset && o.endOffset === s.endOffset;
  return list.filter((s, i) => !list.some((o, j) => o !== s && contains(o, s) && (!same(o, s) || j < i)));
}

/** What must follow a heading on its page: the next headings (a chain moves together) and the start of the next block. */
function keepAfter(flat: Item[], from: number): number {
  let h = 0;
  for (let i = from; i < flat.length; i++) {
    const it = flat[i]!;
    if (it.kind === 'heading') {
      h += it.height + it.after + Math.max(0, it.before);
      continue;
    }
    if (it.kind === 'break' || it.kind === 'fullPage') return h;
    return h + Flow.minStart(it);
  }
  return h;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
