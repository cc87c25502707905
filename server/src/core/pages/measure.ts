// Measuring for the page estimate: how many lines a text takes (greedy line filling with the
// fonts' measured advances, hyphenation of justified text), lengths written in the Markdown, and
// the size of a figure (from the Markdown, the image file or the page model's default, fitted as
// the export fits it) with its caption.

import { LAYOUT, PT_PER_CM, PT_PER_PX, type PageMetrics } from './pageModel';
import type { AnalysisSettings } from '../types';
import type { Item } from './flow';

export const PAGE_BREAK_TEXT = /^\s*(\\newpage|\\pagebreak|\\clearpage|\{\{<\s*pagebreak\s*>\}\}|<<<)\s*$/i;
/** Sommaire entries: indent of each level below the first, room of the dot leaders and page number (em). */
export const TOC_INDENT_EM = 1.2;
export const TOC_NUMBER_EM = 3;
export const ATTRS = /^\s*\{([^}]*)\}/;

export interface Ctx {
  m: PageMetrics;
  settings: AnalysisSettings;
  /** Entries of the generated sommaire (accounting.ts exportLayout). */
  tocEntries: readonly { level: number; text: string }[];
  /** The front matter asks for a generated sommaire and the text has no marker for it. */
  frontmatterToc: boolean;
}

/**
 * Lines a text takes in `width` points at `scale` × body size: greedy filling word by word,
 * each character counting the font's average advance. Justified text is hyphenated (a word is
 * split at the end of a line when enough room is left); ragged text (table cells) keeps its natural widths and is hyphenated too (the export sets `hyphenate: true`).
 */
export function linesFor(ctx: Ctx, text: string, width: number, scale = 1, bold = false, ragged = false): number {
  const { charEm, fallbackEm } = ctx.m;
  // Ragged text keeps the natural widths: the fitted scale stands for justification and hyphenation.
  const em = (ctx.m.model.fontSizePt * scale * (bold ? ctx.m.boldFactor : 1)) / (ragged ? ctx.m.widthScale : 1);
  const space = widthOr(charEm, 0x20, 0.25) * em;
  const hyphen = widthOr(charEm, 0x2d, 0.33) * em;
  const room = Math.max(width, em * 2);
  const hyphenRoom = (ragged ? ctx.m.raggedHyphenRoom : ctx.m.hyphenRoom) * scale;
  let lines = 0;
  let used = 0;
  // Word by word (runs between white space, as `\s` counts it), each character (code point)
  // counting its advance: one pass over the text, no array of words.
  for (let i = 0; i < text.length; ) {
    if (isSpace(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let sum = 0;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (isSpace(c)) break;
      // A surrogate pair is one character, outside the table.
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
      sum += widthOr(charEm, c, fallbackEm);
    }
    let w = sum * em;
    if (lines === 0) lines = 1;
    else if (used > 0) {
      const free = room - used - space;
      if (w <= free) {
        used += space + w;
        continue;
      }
      // Hyphenated: the first part, with its hyphen, ends this line.
      if (free >= hyphenRoom && i - start >= 5) w -= free - hyphen;
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

/** The advance of the character of code `c` in the table, or `fallback` outside it (surrogates included). */
function widthOr(table: Float64Array, c: number, fallback: number): number {
  const w = c < table.length ? table[c]! : NaN;
  return w === w ? w : fallback;
}

/** JavaScript's `\s`: the Unicode white space and line terminators. */
export function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
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

export function attr(attrs: string, name: string): string | undefined {
  // Attributes are short; a cap keeps pathological input (unclosed quotes, repeats) linear.
  const m = new RegExp(`(?:^|[\\s;{])${name}\\s*[=:]\\s*("[^"]*"|'[^']*'|[^\\s;}>]+)`, 'i').exec(attrs.slice(0, 2000));
  return m ? m[1]!.replace(/^["']|["']$/g, '') : undefined;
}

/**
 * The size in points a figure takes, as the export sizes it (fitFigure, as export/typst.ts and
 * export/docx.ts call it): with its image file, the size written in the Markdown (height first), else
 * its real size, within the text width and 90 % of the text height, keeping the image's ratio;
 * without a file (a placeholder), the written height, or ¾ of the written width, or the page
 * model's default height.
 */
export function figureHeight(ctx: Ctx, src: string | undefined, attrs: string): number {
  const { textWidth, textHeight } = ctx.m;
  const h = parseLength(attr(attrs, 'height'), textHeight);
  const w = parseLength(attr(attrs, 'width'), textWidth);
  let size: { width: number; height: number } | undefined;
  if (src && ctx.settings.imageSize) {
    try {
      const s = ctx.settings.imageSize(src);
      if (s && s.width > 0 && s.height > 0) size = s;
    } catch {
      size = undefined;
    }
  }
  if (!size) return placeholderSize({ width: w, height: h }, ctx.m.model.figureHeightCm * PT_PER_CM, textWidth, textHeight).height;
  return Math.max(0, fitFigure({ width: w, height: h }, { widthPx: size.width, heightPx: size.height, widthPt: size.width * PT_PER_PX }, textWidth, textHeight).height);
}

/**
 * The size in points of the frame that stands for a figure without a usable file: the written
 * height, or ¾ of the written width, or the page model's default height (`defaultHeight`), within
 * 90 % of the text height; the written width or 60 % of the text width. Shared by the PDF and
 * Word exports and the estimate, so the pages fall as they will once the file is there.
 */
export function placeholderSize(
  written: { width: number | undefined; height: number | undefined },
  defaultHeight: number,
  textWidth: number,
  textHeight: number,
): { width: number; height: number } {
  const w = written.width;
  const height = Math.max(0, Math.min(written.height ?? (w !== undefined ? Math.min(defaultHeight, w * 0.75) : defaultHeight), textHeight * 0.9));
  return { width: Math.max(0, Math.min(w ?? textWidth * 0.6, textWidth)), height };
}

/**
 * The size in points a figure takes in the export: as written in the Markdown (`width`/`height`,
 * already in points), else its real size (`widthPt`), within the text width and 90 % of the text
 * height, keeping the image's ratio. Shared by the PDF and Word exports and the estimate.
 */
export function fitFigure(
  written: { width: number | undefined; height: number | undefined },
  img: { widthPx: number; heightPx: number; widthPt: number },
  textWidth: number,
  textHeight: number,
): { width: number; height: number } {
  const maxH = textHeight * 0.9;
  const ratio = img.heightPx > 0 && img.widthPx > 0 ? img.heightPx / img.widthPx : 0.75;
  let width: number;
  let height: number;
  if (written.height !== undefined) {
    height = Math.min(written.height, maxH);
    width = Math.min(height / ratio, textWidth);
    height = width * ratio;
  } else {
    width = Math.min(written.width ?? img.widthPt, textWidth);
    height = width * ratio;
  }
  if (height > maxH) {
    height = maxH;
    width = height / ratio;
  }
  return { width, height };
}

/** A figure: the image and its numbered caption ("Figure 12 : alt", or "Figure 12"), unbreakable. */
export function figureItem(ctx: Ctx, imgHeight: number, alt: string, width: number): Item {
  const m = ctx.m;
  const capPitch = LAYOUT.lineHeightEm * m.model.fontSizePt * LAYOUT.captionScale;
  const caption = alt.trim() ? `Figure 12 : ${alt}` : 'Figure 12';
  const height = imgHeight + LAYOUT.captionGapPt + linesFor(ctx, caption, width, LAYOUT.captionScale) * capPitch;
  return { kind: 'box', height, after: m.blockGap };
}

