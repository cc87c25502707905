// The exported document (export/document.ts) written as a Word file with the `docx` package,
// under the page model of `rapport.pageModel.*`: the same document as the PDF (export/typst.ts).
// - the cover in a section of its own, without a footer (no page number);
// - the body in the next section, the page number centred in the footer (it continues the
//   cover's count, as in the PDF: the first body page is page 2);
// - headings in Word's built-in "Heading 1…6" styles (Word's navigation pane and its own table
//   of contents work), level-1 headings and annexes starting a new page;
// - the sommaire as Word's table-of-contents field, already filled with its page numbers, so
//   Word shows it without asking to update fields: the page each heading starts on in the
//   typesetting of the same document (Typst, the PDF export: `headingPages`, given by the host),
//   or, without it, the page layout of `docx/layout` (about ten times slower);
// - figures embedded at their real size within the text width, "Figure n : légende" below; a
//   file that cannot be used becomes a framed placeholder naming its path.
// Pure: the image files are read by the host and given through `image`.

import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  FootnoteReferenceRun,
  HeadingLevel,
  HeightRule,
  ImageRun,
  LevelFormat,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import { estimatePageNumbers } from 'docx/layout';
import { LAYOUT, PAPER_PT, PT_PER_CM, PT_PER_PX, metricsOf, type PageModel } from '../core/pages/pageModel';
import { pageModelOf, parseLength } from '../core/pages/pages';
import type { AnalysisSettings, ReportModel } from '../core/types';
import { buildExportDocument, placeholderText, type Cover, type ExportBlock, type ExportDocument, type ExportFigure, type ExportInline } from './document';
import { fitFigure, placeholderSize } from '../core/pages/measure';

/** An image file the host read (PNG, JPEG or SVG, checked by its first bytes), or why not. */
export type DocxImage =
  | { ok: true; kind: 'png' | 'jpeg' | 'svg'; bytes: Buffer; widthPx: number; heightPx: number }
  | { ok: false; reason: string };

/** Font names written in the document: Word has them; LibreOffice uses the metric-compatible Liberation fonts. */
export const DOCX_FONTS = { serif: 'Times New Roman', sans: 'Arial', mono: 'Courier New' } as const;

export interface DocxOutcome {
  bytes: Buffer;
  /** Figures (and the logo) whose file could not be used: src → French reason. */
  missingImages: Map<string, string>;
}

const TWIP_PER_PT = 20;
const twip = (pt: number) => Math.max(0, Math.round(pt * TWIP_PER_PT));
/** A point in the half-points of font sizes. */
const half = (pt: number) => Math.max(2, Math.round(pt * 2));
/** Pixels at 96 per inch, the unit of `ImageRun` sizes. */
const px = (pt: number) => Math.max(1, Math.round(pt / PT_PER_PX));

const ERROR_COLOR = 'B00020';
/** Width of the borders docx gives a table by default (size 4: half a point). */
const TABLE_BORDER_PT = 0.5;
const LINK_COLOR = '1A4F8B';

/**
 * Text safe for XML 1.0: characters Word cannot read (C0 controls but tab and newline, U+FFFE,
 * U+FFFF, lone surrogates) become U+FFFD; nothing else changes.
 */
export function xmlSafe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  strike?: boolean;
  font?: string;
  size?: number;
  color?: string;
  underline?: boolean;
}

interface Ctx {
  pm: PageModel;
  textWidth: number;
  textHeight: number;
  image: (src: string) => DocxImage;
  missing: Map<string, string>;
  footnotes: Record<number, { children: Paragraph[] }>;
  nextFootnote: number;
  /** Numbering configurations (one per ordered list, so each starts at its own number). */
  numbering: { reference: string; levels: object[] }[];
  /** Images already embedded, by src (one file per image). */
  images: Map<string, DocxImage>;
  /** Index (in `model.root.children`) of each heading written in a Word heading style, in body order. */
  headingOrder: number[];
  /** Inside a footnote: its headings are not in the body. */
  inNote: boolean;
  /** Table rows kept on one page (docx/layout numbers the sommaire). */
  keepRows: boolean;
  /** The body's line pitch (metricsOf). */
  linePitch: number;
}

/** Runs of a text: newlines become line breaks. */
function textRuns(value: string, style: RunStyle): TextRun[] {
  const parts = xmlSafe(value).split(/\r?\n/);
  return parts.map((p, i) => new TextRun({ ...style, text: p, ...(i > 0 ? { break: 1 } : {}) } as IRunOptions));
}

function runs(ctx: Ctx, ins: ExportInline[], style: RunStyle = {}): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const i of ins) {
    switch (i.type) {
      case 'text':
        // Spaces and line ends collapse to one space, as in the PDF (Markdown's reading): Word
        // would show every space of "Essai      Valeur" and lay out a wider line.
        out.push(...textRuns(i.value.replace(/[ \t]*\r?\n[ \t]*|[ \t]{2,}|\t/g, ' '), style));
        break;
      case 'strong':
        out.push(...runs(ctx, i.children, { ...style, bold: true }));
        break;
      case 'emphasis':
        out.push(...runs(ctx, i.children, { ...style, italics: true }));
        break;
      case 'delete':
        out.push(...runs(ctx, i.children, { ...style, strike: true }));
        break;
      case 'code':
        // At the PDF's size for inline code (a body-size monospace is much wider and breaks lines elsewhere).
        out.push(...textRuns(i.value, { ...style, font: DOCX_FONTS.mono, size: half(LAYOUT.inlineCodeScale * (style.size ? style.size / 2 : ctx.pm.fontSizePt)) }));
        break;
      case 'break':
        out.push(new TextRun({ break: 1 }));
        break;
      case 'link': {
        const inner = runs(ctx, i.children, /^(https?:|mailto:)/i.test(i.url) ? { ...style, color: LINK_COLOR, underline: true } : style);
        if (/^(https?:|mailto:)/i.test(i.url) && inner.length > 0) {
          out.push(new ExternalHyperlink({ link: xmlSafe(i.url), children: inner }));
        } else out.push(...inner);
        break;
      }
      case 'footnote': {
        const id = ctx.nextFootnote++;
        const inNote = ctx.inNote;
        ctx.inNote = true;
        const children = blocks(ctx, i.children).filter((b): b is Paragraph => b instanceof Paragraph);
        ctx.inNote = inNote;
        ctx.footnotes[id] = { children: children.length ? children : [new Paragraph({})] };
        out.push(new FootnoteReferenceRun(id));
        break;
      }
    }
  }
  return out;
}

/**
 * A figure whose file cannot be used: a red frame naming the path, then its caption. The frame
 * is a one-cell table of exactly the size the PDF's frame has (placeholderSize), so the pages
 * fall as they do in the PDF, and as they will once the file is there.
 */
function placeholder(ctx: Ctx, f: ExportFigure, reason: string): Block[] {
  ctx.missing.set(f.src, reason);
  const { width, height } = placeholderSize(
    { width: parseLength(f.width, ctx.textWidth), height: parseLength(f.height, ctx.textHeight) },
    ctx.pm.figureHeightCm * PT_PER_CM,
    ctx.textWidth,
    ctx.textHeight,
  );
  const border = { style: BorderStyle.SINGLE, size: 6, color: ERROR_COLOR };
  const none = { top: 0, bottom: 0, left: twip(6), right: twip(6) };
  return [
    new Table({
      alignment: AlignmentType.CENTER,
      width: { size: twip(width), type: WidthType.DXA },
      columnWidths: [twip(width)],
      rows: [
        new TableRow({
          height: { value: twip(height), rule: HeightRule.EXACT },
          cantSplit: true,
          children: [
            new TableCell({
              width: { size: twip(width), type: WidthType.DXA },
              verticalAlign: VerticalAlignTable.CENTER,
              margins: none,
              borders: { top: border, bottom: border, left: border, right: border },
              children: placeholderParagraphs(placeholderText(f.src, reason)),
            }),
          ],
        }),
      ],
    }),
    caption(f),
  ];
}

/** The frame's words: the path, and why, below it in smaller type (as the PDF's frame). */
function placeholderParagraphs(msg: { title: string; reason: string | null }): Paragraph[] {
  const line = (text: string, size: number, keepNext: boolean) =>
    new Paragraph({ style: 'RapportPlaceholder', alignment: AlignmentType.CENTER, keepNext, children: textRuns(text, { color: ERROR_COLOR, size }) });
  return msg.reason ? [line(msg.title, 20, true), line(msg.reason, 16, true)] : [line(msg.title, 20, true)];
}

function caption(f: ExportFigure): Paragraph {
  return new Paragraph({ style: 'Caption', alignment: AlignmentType.CENTER, children: textRuns(f.caption, {}) });
}

/** A 1×1 grey PNG: the picture Word versions without SVG support show instead of an SVG. */
const SVG_FALLBACK = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mN8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==',
  'base64',
);

function imageOf(ctx: Ctx, src: string): DocxImage {
  let img = ctx.images.get(src);
  if (!img) {
    try {
      img = ctx.image(src);
    } catch (e) {
      img = { ok: false, reason: e instanceof Error ? e.message : 'fichier illisible' };
    }
    ctx.images.set(src, img);
  }
  return img;
}

function imageRun(img: Extract<DocxImage, { ok: true }>, widthPt: number, heightPt: number, alt: string): ImageRun {
  const transformation = { width: px(widthPt), height: px(heightPt) };
  const altText = { name: 'Figure', description: xmlSafe(alt).slice(0, 1000), title: '' };
  if (img.kind === 'svg') return new ImageRun({ type: 'svg', data: img.bytes, fallback: { type: 'png', data: SVG_FALLBACK }, transformation, altText });
  return new ImageRun({ type: img.kind === 'jpeg' ? 'jpg' : 'png', data: img.bytes, transformation, altText });
}

/** The figure's size: as written in the Markdown, else its real size (96 px per inch), within the text width and 90 % of the text height. */
function figureSize(ctx: Ctx, f: ExportFigure, img: { widthPx: number; heightPx: number }): { width: number; height: number } {
  const written = { width: parseLength(f.width, ctx.textWidth), height: parseLength(f.height, ctx.textHeight) };
  return fitFigure(written, { ...img, widthPt: img.widthPx * PT_PER_PX }, ctx.textWidth, ctx.textHeight);
}

function figure(ctx: Ctx, f: ExportFigure): Block[] {
  const img = imageOf(ctx, f.src);
  if (!img.ok) return placeholder(ctx, f, img.reason);
  const { width, height } = figureSize(ctx, f, img);
  return [
    new Paragraph({ style: 'RapportFigure', alignment: AlignmentType.CENTER, keepNext: true, children: [imageRun(img, width, height, f.alt)] }),
    caption(f),
  ];
}

type Block = Paragraph | Table | TableOfContents;

function list(ctx: Ctx, b: Extract<ExportBlock, { type: 'list' }>, level: number): Block[] {
  let reference = 'rapport-bullets';
  if (b.ordered) {
    reference = `rapport-numbers-${ctx.numbering.length + 1}`;
    ctx.numbering.push({ reference, levels: numberLevels(Math.max(0, Math.floor(b.start))) });
  }
  const lvl = Math.min(level, 8);
  const indent = LAYOUT.listIndentCm * PT_PER_CM;
  const out: Block[] = [];
  for (const item of b.items) {
    let first = true;
    for (const child of item) {
      if (child.type === 'list') {
        out.push(...list(ctx, child, level + 1));
        continue;
      }
      if (child.type === 'paragraph' && first) {
        out.push(
          new Paragraph({
            style: b.tight ? 'RapportListTight' : 'ListParagraph',
            numbering: { reference, level: lvl },
            children: runs(ctx, child.children),
          }),
        );
        first = false;
        continue;
      }
      if (first) {
        // An item that starts with something else than text: its marker on a line of its own.
        out.push(new Paragraph({ style: b.tight ? 'RapportListTight' : 'ListParagraph', numbering: { reference, level: lvl }, children: [] }));
        first = false;
      }
      if (child.type === 'paragraph') {
        // A further paragraph of the item: under the item's text, without a marker.
        out.push(new Paragraph({ style: b.tight ? 'RapportListTight' : 'ListParagraph', indent: { left: twip(indent * (lvl + 1)) }, children: runs(ctx, child.children) }));
      } else out.push(...block(ctx, child));
    }
    if (first) out.push(new Paragraph({ style: b.tight ? 'RapportListTight' : 'ListParagraph', numbering: { reference, level: lvl }, children: [] }));
  }
  return out;
}

const BULLETS = ['•', '◦', '▪'];

function bulletLevels(): object[] {
  const step = LAYOUT.listIndentCm * PT_PER_CM;
  return Array.from({ length: 9 }, (_, i) => ({
    level: i,
    format: LevelFormat.BULLET,
    text: BULLETS[i % 3],
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: twip(step * (i + 1)), hanging: twip(step / 2) } } },
  }));
}

function numberLevels(start: number): object[] {
  const step = LAYOUT.listIndentCm * PT_PER_CM;
  const formats = [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN];
  return Array.from({ length: 9 }, (_, i) => ({
    level: i,
    format: formats[i % 3],
    text: `%${i + 1}.`,
    start: i === 0 ? start : 1,
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: twip(step * (i + 1)), hanging: twip(step / 2) } } },
  }));
}

function table(ctx: Ctx, b: Extract<ExportBlock, { type: 'table' }>): Table {
  const cols = Math.max(1, ...b.rows.map((r) => r.length), b.align.length);
  const colWidth = twip(ctx.textWidth / cols);
  const align = (i: number) => ({ center: AlignmentType.CENTER, right: AlignmentType.RIGHT, left: AlignmentType.LEFT })[b.align[i] ?? 'left'] ?? AlignmentType.LEFT;
  const inset = twip(LAYOUT.tableCellInsetPt);
  const rows = (b.rows.length ? b.rows : [[]]).map(
    (r, ri) =>
      new TableRow({
        tableHeader: ri === 0,
        // A row taller than the room left breaks across pages, as Typst breaks it in the PDF
        // (between lines, no widow or orphan); kept whole only when docx/layout numbers the
        // sommaire (it cannot follow a 1.5-spaced row split across pages).
        ...(ctx.keepRows ? { cantSplit: true } : {}),
        ...(ctx.pm.tableRowLines > 1 ? { height: { value: twip(ctx.pm.tableRowLines * ctx.linePitch), rule: HeightRule.ATLEAST } } : {}),
        children: Array.from(
          { length: cols },
          (_, ci) =>
            new TableCell({
              width: { size: colWidth, type: WidthType.DXA },
              margins: { left: inset, right: inset },
              children: [new Paragraph({ style: 'RapportTableText', alignment: align(ci), children: runs(ctx, r[ci] ?? [], ri === 0 ? { bold: true } : {}) })],
            }),
        ),
      }),
  );
  return new Table({ rows, width: { size: twip(ctx.textWidth), type: WidthType.DXA }, columnWidths: Array.from({ length: cols }, () => colWidth) });
}

function code(ctx: Ctx, b: Extract<ExportBlock, { type: 'code' }>): Paragraph[] {
  const { pm } = ctx;
  const lead = metricsOf(pm).lineLead;
  const lines = xmlSafe(b.value.replace(/\t/g, '    ')).split(/\r?\n/);
  return lines.map(
    (line, i) =>
      new Paragraph({
        style: 'RapportCode',
        // The block may break across pages between its lines, as Typst breaks it in the PDF, but
        // not after its first line nor before its last (no orphan or widow line).
        keepNext: i === 0 || i === lines.length - 2,
        // After the block, the PDF's space between blocks: the body's leading + paragraph spacing
        // (the code's own lines are single-spaced, they carry no leading).
        spacing: { before: 0, after: i === lines.length - 1 ? twip(lead + pm.paragraphSpacingPt) : 0 },
        children: [new TextRun({ text: line })],
      }),
  );
}

function heading(ctx: Ctx, b: Extract<ExportBlock, { type: 'heading' }>): Paragraph {
  const level = Math.min(Math.max(b.level, 1), 6);
  const headings = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];
  const children = runs(ctx, b.children);
  if (!b.outlined) {
    // The sommaire's own title: looks like a heading, stays out of the table of contents.
    return new Paragraph({ style: `RapportUnlisted${level}`, pageBreakBefore: b.newPage, ...atPageTop(b.newPage), children });
  }
  if (!ctx.inNote) ctx.headingOrder.push(b.index);
  return new Paragraph({ heading: headings[level - 1], pageBreakBefore: b.newPage, ...atPageTop(b.newPage), children });
}

/**
 * A heading that starts a new page has no space above it, as in the PDF (Typst drops the space
 * above a block at the top of a page; LibreOffice keeps a paragraph's space before after a break).
 */
function atPageTop(newPage: boolean): { spacing?: { before: number } } {
  return newPage ? { spacing: { before: 0 } } : {};
}

/** Whether the document has a sommaire (a `[TOC]` or a Sommaire section), at any depth. */
export function hasToc(bs: readonly ExportBlock[]): boolean {
  return bs.some((b) => b.type === 'toc' || (b.type === 'quote' && hasToc(b.children)) || (b.type === 'list' && b.items.some((i) => hasToc(i))));
}

/** The parts of docx's XML objects the estimator reads: `{ 'w:p': [...] }`, `{ _attr: {...} }`. */
type XmlNode = { [key: string]: unknown };

/**
 * The table of contents' page numbers from the typesetting: the k-th paragraph of the body in a
 * Word heading style is the k-th heading `order` lists; its bookmark (docx names the headings
 * the sommaire lists `_Toc…`) gets the page that heading starts on in `pages`. A heading
 * without a known page keeps a blank number (Word fills it in when it updates the table).
 */
export function typesetPageNumbers(order: readonly number[], pages: ReadonlyMap<number, number>) {
  return (body: unknown): { bookmarks: ReadonlyMap<string, string>; bookmarkPageNumbers: ReadonlyMap<string, number> } => {
    const bookmarks = new Map<string, string>();
    const numbers = new Map<string, number>();
    let k = 0;
    const attr = (n: unknown, key: string): unknown => ((n as XmlNode | undefined)?._attr as XmlNode | undefined)?.[key];
    const paragraph = (items: unknown[]) => {
      let heading = false;
      let bookmark: string | undefined;
      for (const item of items) {
        const x = item as XmlNode;
        if (Array.isArray(x['w:pPr'])) {
          for (const p of x['w:pPr'] as unknown[]) {
            const style = attr((p as XmlNode)['w:pStyle'], 'w:val');
            if (typeof style === 'string' && /^Heading[1-6]$/.test(style)) heading = true;
          }
        }
        const name = attr(x['w:bookmarkStart'], 'w:name');
        if (typeof name === 'string' && bookmark === undefined) bookmark = name;
      }
      if (!heading) return;
      const index = order[k++];
      const page = index === undefined ? undefined : pages.get(index);
      if (bookmark !== undefined && page !== undefined) {
        bookmarks.set(bookmark, String(page));
        numbers.set(bookmark, page);
      }
    };
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) {
        for (const c of n) walk(c);
        return;
      }
      if (!n || typeof n !== 'object') return;
      for (const [key, value] of Object.entries(n as XmlNode)) {
        if (key === '_attr') continue;
        if (key === 'w:p' && Array.isArray(value)) paragraph(value);
        // The sommaire's own entries (TOC1…) are paragraphs in a structured block: no heading there.
        else walk(value);
      }
    };
    walk(body);
    return { bookmarks, bookmarkPageNumbers: numbers };
  };
}

function block(ctx: Ctx, b: ExportBlock): Block[] {
  switch (b.type) {
    case 'heading':
      return [heading(ctx, b)];
    case 'paragraph':
      // In a footnote, the footnote text style (Word does not give it to the note's paragraphs).
      return [new Paragraph({ ...(ctx.inNote ? { style: 'FootnoteText' } : {}), children: runs(ctx, b.children) })];
    case 'figure':
      return figure(ctx, b);
    case 'list':
      return list(ctx, b, 0);
    case 'quote':
      return quote(ctx, b.children);
    case 'code':
      return code(ctx, b);
    case 'table':
      return [table(ctx, b), new Paragraph({ style: 'RapportAfterTable', children: [] })];
    case 'rule':
      return [new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '808080', space: 1 } }, children: [] })];
    case 'pageBreak':
      return [new Paragraph({ children: [new PageBreak()] })];
    case 'toc': {
      const out: Block[] = [];
      if (b.title) out.push(new Paragraph({ style: 'RapportUnlisted1', pageBreakBefore: ctx.pm.level1NewPage, ...atPageTop(ctx.pm.level1NewPage), children: textRuns(b.title, {}) }));
      out.push(new TableOfContents('Sommaire', { hyperlink: true, headingStyleRange: `1-${Math.min(Math.max(b.depth, 1), 6)}` }));
      return out;
    }
    case 'mark':
      return [];
  }
}

function blocks(ctx: Ctx, bs: ExportBlock[]): Block[] {
  const out: Block[] = [];
  for (const b of bs) out.push(...block(ctx, b));
  return out;
}

/** A block quote: its paragraphs indented with a grey rule on the left (nested quotes further in). */
function quote(ctx: Ctx, bs: ExportBlock[], depth = 1): Block[] {
  const out: Block[] = [];
  const indent = { left: twip(LAYOUT.quoteIndentCm * PT_PER_CM * depth) };
  const border = { left: { style: BorderStyle.SINGLE, size: 6, color: '999999', space: 6 } };
  for (const b of bs) {
    if (b.type === 'paragraph') out.push(new Paragraph({ indent, border, children: runs(ctx, b.children) }));
    else if (b.type === 'quote') out.push(...quote(ctx, b.children, depth + 1));
    else out.push(...block(ctx, b));
  }
  return out;
}

function coverChildren(ctx: Ctx, c: Cover): Paragraph[] {
  const size = ctx.pm.fontSizePt;
  const line = (text: string | null, opts: RunStyle & { after?: number; before?: number } = {}) =>
    text
      ? new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: twip(opts.before ?? 0), after: twip(opts.after ?? 4), line: 240, lineRule: LineRuleType.AUTO },
          children: textRuns(text, { bold: opts.bold, size: opts.size }),
        })
      : null;
  const out: (Paragraph | null)[] = [];
  if (c.logo) {
    const img = imageOf(ctx, c.logo);
    if (img.ok) {
      const h = 2.5 * PT_PER_CM;
      const ratio = img.widthPx > 0 && img.heightPx > 0 ? img.widthPx / img.heightPx : 1;
      const w = Math.min(h * ratio, ctx.textWidth);
      out.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: twip(8) }, children: [imageRun(img, w, w / ratio, 'Logo')] }));
    } else ctx.missing.set(c.logo, img.reason);
  }
  out.push(line(c.etablissement, { size: half(size * 1.05) }));
  out.push(line(c.anneeScolaire ? `Année scolaire ${c.anneeScolaire}` : null));
  out.push(line(c.bts, { bold: true, size: half(size * 1.15), before: 150 }));
  out.push(line(c.epreuve));
  out.push(line('Rapport de stage', { size: half(size * 1.1) }));
  out.push(line(c.titre, { bold: true, size: half(size * 1.9), before: 34, after: 34 }));
  out.push(line(c.auteur, { size: half(size * 1.3), after: 150 }));
  const info = (label: string, value: string | null) =>
    value
      ? new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: twip(4), line: 240, lineRule: LineRuleType.AUTO },
          children: [new TextRun({ text: `${label}\u00a0: `, bold: true }), ...textRuns(value, {})],
        })
      : null;
  out.push(info("Entreprise d'accueil", c.entreprise));
  const t = c.tuteur ? [c.tuteur.nom, c.tuteur.poste].filter(Boolean).join(', ') : '';
  out.push(info('Tuteur en entreprise', t || null));
  out.push(info('Période de stage', c.periode));
  return out.filter((p): p is Paragraph => p !== null);
}

function styles(pm: PageModel) {
  const size = pm.fontSizePt;
  const font = DOCX_FONTS[pm.font];
  const line = Math.round(240 * pm.lineSpacing);
  const m = metricsOf(pm);
  // The leading of a body line: what the PDF adds between two lines of a paragraph (Typst's `leading`).
  const lead = m.lineLead;
  const headingStyle = (level: number) => ({
    run: { font, size: half((LAYOUT.headingScale[level - 1] ?? 1) * size), bold: true, color: '000000', italics: false },
    paragraph: {
      spacing: { before: twip(pm.paragraphSpacingPt + pm.headingSpaceBeforePt), after: twip(pm.headingSpaceAfterPt), line: 240, lineRule: LineRuleType.AUTO },
      keepNext: true,
      keepLines: true,
      alignment: AlignmentType.LEFT,
      // Word's navigation pane and table of contents read the outline level.
      outlineLevel: level - 1,
    },
  });
  const unlisted = (level: number) => ({
    id: `RapportUnlisted${level}`,
    name: `Titre non repris ${level}`,
    basedOn: 'Normal',
    next: 'Normal',
    quickFormat: true,
    ...headingStyle(level),
  });
  return {
    default: {
      document: {
        run: { font, size: half(size), language: { value: 'fr-FR' } },
        // Widows and orphans avoided, as Typst does in the PDF.
        paragraph: { spacing: { after: twip(pm.paragraphSpacingPt), line, lineRule: LineRuleType.AUTO }, alignment: AlignmentType.JUSTIFIED, widowControl: true },
      },
      heading1: headingStyle(1),
      heading2: headingStyle(2),
      heading3: headingStyle(3),
      heading4: headingStyle(4),
      heading5: headingStyle(5),
      heading6: headingStyle(6),
      listParagraph: { paragraph: { spacing: { after: twip(pm.paragraphSpacingPt) } } },
      // Footnotes as the PDF sets them: at LAYOUT.footnoteScale of the body size, with Typst's
      // leading for footnote entries (LAYOUT.footnoteLeadingEm).
      footnoteText: {
        run: { size: half(LAYOUT.footnoteScale * size) },
        paragraph: {
          spacing: { before: 0, after: 0, line: twip((LAYOUT.lineHeightEm + LAYOUT.footnoteLeadingEm) * LAYOUT.footnoteScale * size), lineRule: LineRuleType.AT_LEAST },
        },
      },
      hyperlink: { run: { color: LINK_COLOR, underline: {} } },
    },
    paragraphStyles: [
      ...[1, 2, 3, 4, 5, 6].map(unlisted),
      // The sommaire's entries (Word's "toc 1…6", replacing docx's, which leave 5 pt after each):
      // as tall as the PDF's, a body line and LAYOUT.tocEntryExtraEm (the line of dot leaders
      // and page number reaches below the text's bottom edge); each level indented one font size more.
      ...[1, 2, 3, 4, 5, 6].map((level) => ({
        id: `TOC${level}`,
        name: `toc ${level}`,
        basedOn: 'Normal',
        next: 'Normal',
        uiPriority: 39,
        semiHidden: true,
        unhideWhenUsed: true,
        paragraph: { spacing: { before: 0, after: twip(LAYOUT.tocEntryExtraEm * size) }, ...(level > 1 ? { indent: { left: twip((level - 1) * size) } } : {}) },
      })),
      {
        id: 'Caption',
        name: 'caption',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { size: half(LAYOUT.captionScale * size), italics: false, color: '000000' },
        // After the caption, the PDF's space after a figure block: the body's leading + the paragraph
        // spacing (the caption's own line is single-spaced, it carries no leading).
        paragraph: { spacing: { before: twip(LAYOUT.captionGapPt), after: twip(lead + pm.paragraphSpacingPt), line: 240, lineRule: LineRuleType.AUTO }, alignment: AlignmentType.CENTER },
      },
      { id: 'RapportFigure', name: 'Figure', basedOn: 'Normal', next: 'Caption', paragraph: { spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO }, keepNext: true, alignment: AlignmentType.CENTER } },
      { id: 'RapportPlaceholder', name: 'Image manquante', basedOn: 'Normal', next: 'Caption', paragraph: { spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO } } },
      {
        id: 'RapportCode',
        name: 'Code',
        basedOn: 'Normal',
        next: 'Normal',
        run: { font: DOCX_FONTS.mono, size: half(LAYOUT.codeScale * size) },
        paragraph: { spacing: { line: 240, lineRule: LineRuleType.AUTO }, alignment: AlignmentType.LEFT, shading: { type: ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' } },
      },
      {
        id: 'RapportListTight',
        name: 'Liste compacte',
        basedOn: 'ListParagraph',
        next: 'RapportListTight',
        // No space between the items (same style), the paragraph spacing after the list, as in the PDF.
        paragraph: { spacing: { after: twip(pm.paragraphSpacingPt) }, contextualSpacing: true },
      },
      { id: 'RapportTableText', name: 'Texte de tableau', basedOn: 'Normal', paragraph: { spacing: { before: 0, after: 0 }, alignment: AlignmentType.LEFT } },
      // The empty paragraph Word needs after a table: as tall as the PDF's space between blocks
      // (leading + paragraph spacing) less the table's top and bottom borders, which LibreOffice
      // adds to the table's height and Typst draws over its edge. LibreOffice sets a cell's text at
      // the top of its row, Typst in its middle (the leading split above and below): with this
      // height, the table and the text after it take the PDF's height (bench/docx-constructs.mjs;
      // a single line there left about 2 pt more per table at 12 pt and 1.5 lines).
      { id: 'RapportAfterTable', name: 'Après tableau', basedOn: 'Normal', paragraph: { spacing: { before: 0, after: 0, line: Math.max(20, twip(lead + pm.paragraphSpacingPt - 2 * TABLE_BORDER_PT)), lineRule: LineRuleType.EXACT } } },
    ],
  };
}

/**
 * The Word file of an exported document. `image` reads the file a figure's `src` names (and the
 * cover's logo); a figure whose file cannot be used gets a framed placeholder and is listed in
 * `missingImages`.
 */
export interface DocxOptions {
  /** false: the sommaire's numbers are left for Word to fill in. */
  fillToc?: boolean;
  /**
   * The page each heading starts on (by its index in `model.root.children`, the cover being
   * page 1), from the typesetting of the same document: the sommaire's numbers. Without it,
   * docx/layout lays the pages out (much slower).
   */
  headingPages?: ReadonlyMap<number, number>;
}

export async function toDocx(doc: ExportDocument, pm: PageModel, image: (src: string) => DocxImage, options: DocxOptions = {}): Promise<DocxOutcome> {
  const m = metricsOf(pm);
  const toc = hasToc(doc.blocks);
  // docx/layout numbers the sommaire: without page numbers from the typesetting.
  const layout = toc && options.fillToc !== false && !options.headingPages;
  const ctx: Ctx = {
    pm,
    textWidth: m.textWidth,
    textHeight: m.textHeight,
    image,
    missing: new Map(),
    footnotes: {},
    nextFootnote: 1,
    numbering: [],
    images: new Map(),
    headingOrder: [],
    inNote: false,
    keepRows: layout,
    linePitch: m.linePitch,
  };
  const paper = PAPER_PT[pm.paper];
  const margin = twip(pm.marginCm * PT_PER_CM);
  const page = {
    size: { width: twip(paper.width), height: twip(paper.height) },
    margin: { top: margin, bottom: margin, left: margin, right: margin, header: twip(Math.min(36, (pm.marginCm * PT_PER_CM) / 2)), footer: twip(Math.min(36, (pm.marginCm * PT_PER_CM) / 2)) },
  };
  const body = blocks(ctx, doc.blocks);
  if (body.length === 0) body.push(new Paragraph({}));
  const footer = new Footer({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO }, children: [new TextRun({ children: [PageNumber.CURRENT] })] })],
  });
  const sections = [];
  if (doc.cover) {
    sections.push({ properties: { page }, children: coverChildren(ctx, doc.cover) });
  }
  sections.push({ properties: { page }, footers: { default: footer }, children: body });
  const document = new Document({
    creator: xmlSafe(doc.author ?? 'Rapport BTS'),
    title: xmlSafe(doc.title),
    styles: styles(pm),
    numbering: {
      config: [{ reference: 'rapport-bullets', levels: bulletLevels() }, ...ctx.numbering] as never,
    },
    footnotes: ctx.footnotes,
    features: { updateFields: false },
    // French hyphenation (the language of the text is fr-FR), as in the PDF, unless docx/layout
    // numbers the sommaire: it does not follow Word's hyphenation and would leave them blank.
    ...(layout ? {} : { hyphenation: { autoHyphenation: true } }),
    // The table of contents' page numbers: the typesetting's, or laid out as Word does by
    // docx/layout (a number it cannot work out exactly is left blank for Word, never guessed).
    // Without a sommaire there is nothing to number.
    ...(!toc || options.fillToc === false
      ? {}
      : { pageNumbers: options.headingPages ? (typesetPageNumbers(ctx.headingOrder, options.headingPages) as unknown as typeof estimatePageNumbers) : estimatePageNumbers }),
    sections,
  });
  const bytes = await Packer.toBuffer(document);
  return { bytes, missingImages: ctx.missing };
}

/** The Word file of a report under the page model of its settings (the CLI's and the editor's `--format docx`). */
export async function renderDocx(model: ReportModel, settings: AnalysisSettings, image: (src: string) => DocxImage, options: DocxOptions = {}): Promise<DocxOutcome> {
  const pm = pageModelOf(settings);
  const doc = buildExportDocument(model, { level1NewPage: pm.level1NewPage, coverPage: pm.coverPage });
  return toDocx(doc, pm, image, options);
}
