// The page model: what "one page" means when the report is estimated (paper, margins, font,
// spacing, figure height…), read from the `rapport.pageModel.*` settings with their defaults
// (docs/contracts.md), plus the typographic constants of the estimator.
//
// Two kinds of constants live here:
// - LAYOUT constants *define* the layout the model stands for (heading sizes, caption size,
//   list indent…): the export typesets with them (export/typst.ts), so the estimate and the
//   exported document share one layout; a few (sommaire entries, footnotes) are measured on
//   the export.
// - FITTED constants (width scale, hyphenation room) approximate what the typesetter does with
//   text; see FITTED below. `npm run bench:pages` measures the estimate against the export.

import { FONT_WIDTHS } from './fontWidths';
import { shownValue } from '../text/shown';
import { frDecimal } from '../text/numbers';

export type FontKind = 'serif' | 'sans';
export type Paper = 'a4' | 'letter';

export interface PageModel {
  /** Paper size. */
  paper: Paper;
  /** The four margins, in centimetres. */
  marginCm: number;
  /** Body font: `serif` (Times New Roman-like) or `sans` (Arial-like). */
  font: FontKind;
  /** Body font size, in points. */
  fontSizePt: number;
  /** Line spacing as a multiple of single spacing (1, 1.15, 1.5, 2…). */
  lineSpacing: number;
  /** Space after each paragraph, in points. */
  paragraphSpacingPt: number;
  /** Space before a heading, in points. */
  headingSpaceBeforePt: number;
  /** Space after a heading, in points. */
  headingSpaceAfterPt: number;
  /** Height of a figure whose size is not known, in centimetres. */
  figureHeightCm: number;
  /** Minimum height of a table row, in lines. */
  tableRowLines: number;
  /** Each level-1 heading starts a new page. */
  level1NewPage: boolean;
  /** The front matter stands for a one-page cover. */
  coverPage: boolean;
}

export const DEFAULT_PAGE_MODEL: Readonly<PageModel> = Object.freeze({
  paper: 'a4',
  marginCm: 2.5,
  font: 'serif',
  fontSizePt: 12,
  lineSpacing: 1.5,
  paragraphSpacingPt: 6,
  headingSpaceBeforePt: 12,
  headingSpaceAfterPt: 6,
  figureHeightCm: 8,
  tableRowLines: 1,
  level1NewPage: true,
  coverPage: true,
});

/** Paper sizes in points (width, height). */
export const PAPER_PT: Record<Paper, { width: number; height: number }> = {
  a4: { width: (21 / 2.54) * 72, height: (29.7 / 2.54) * 72 },
  letter: { width: 8.5 * 72, height: 11 * 72 },
};

export const PT_PER_CM = 72 / 2.54;
/** CSS pixels: 96 per inch, used for images without a physical size. */
export const PT_PER_PX = 72 / 96;

/** Layout the model stands for (shared with the reference rendering of the benchmark). */
export const LAYOUT = Object.freeze({
  /** Height of a single-spaced line, in em (Word's "simple" for Times New Roman / Arial). */
  lineHeightEm: 1.15,
  /** Heading font size relative to the body, by level (1…6); headings are bold and single-spaced. */
  headingScale: [4 / 3, 7 / 6, 1, 1, 1, 1] as readonly number[],
  /** Captions: single-spaced, at this fraction of the body size. */
  captionScale: 10 / 12,
  /** Space between a figure and its caption, in points. */
  captionGapPt: 6,
  /**
   * Sommaire entries are this much taller than a body line (em): measured on the export at
   * 10, 11 and 12 pt and line spacings 1.15, 1.5, 2 (the line holding the dot leaders and the page
   * number reaches the font's descent, below the text's bottom edge).
   */
  tocEntryExtraEm: 0.25,
  /** Footnotes: at this fraction of the body size (Typst's footnote entries), with the body's leading. */
  footnoteScale: 0.85,
  /**
   * Leading of footnote entries, in em of their size: Typst's own (its entries do not take the
   * body's leading): measured on the export at 12 pt and 1.5 lines, a footnote line every
   * 16.8 pt = (1.15 + 0.5) × 10.2 pt. The Word export follows it (the estimate still counts
   * footnote lines at the body's leading: core/pages/blocks.ts).
   */
  footnoteLeadingEm: 0.5,
  /** Code blocks: monospace, single-spaced, at this fraction of the body size; 0.6 em per character. */
  codeScale: 10 / 12,
  codeCharWidthEm: 0.6,
  /** Inline code: monospace at this fraction of the surrounding text's size (Typst's default for raw text, which the PDF keeps; the DOCX follows it). */
  inlineCodeScale: 0.8,
  /** Indent of each list level (marker + text), in centimetres. */
  listIndentCm: 1.27,
  /** Left indent of a block quote, in centimetres. */
  quoteIndentCm: 1,
  /** Horizontal padding of a table cell (each side), in points. */
  tableCellInsetPt: 5,
});

/**
 * FITTED constants. Derived by `npm run bench:pages -- --fit` (bench/calibrate.mjs): the
 * export calibration corpus (`calibrationCorpus()` in bench/pages-corpus.mjs: 20 seeded reports of
 * 3 to 70 pages of varied shape, five page models) is exported with the real export
 * (export/render.ts: Typst 0.14, the shipped Liberation Serif / Sans / Mono); a coordinate-descent
 * grid search over these values minimises mean + ½ worst absolute relative error of the
 * estimated flow (fractional end of the body and of the document) on half a of that corpus
 * only; half b is then out of sample (bench/results/pages-calibration.md gives both halves).
 * Before the export existed they were fitted on a construct-level corpus against an independent
 * Typst rendering of the page model (bench/pages-independent.mjs); only the serif width scale
 * (0.96 → 0.97) and the ragged-text hyphenation room (new) moved. The sans width scale
 * (0.955 → 0.97) was measured apart from both halves: 60 paragraphs of other seeded prose, their
 * lines counted by Typst at 10, 11 and 12 pt under the export's text settings (−1.4 % lines at
 * 0.955, within ±0.5 % at 0.97). `boldFactor` is not fitted.
 * Character widths themselves are measured, not fitted: fontWidths.ts (bench/pages-metrics.mjs).
 */
export const FITTED = Object.freeze({
  /**
   * Scale applied to the measured advance widths (fontWidths.ts): justified lines shrink their
   * spaces a little and hyphenate, so a line holds more than its natural width.
   */
  widthScale: { serif: 0.97, sans: 0.97 } as Readonly<Record<FontKind, number>>,
  /** Bold text is wider by this factor (headings, table headers). */
  boldFactor: 1.08,
  /** Justified text: a word is hyphenated at a line end when at least this much room is left, in em. */
  hyphenRoomEm: 4.5,
  /**
   * Ragged text (table cells; the export hyphenates them too): the same, in em. Fitted on half
   * of the export calibration corpus (`npm run bench:pages -- --fit`), judged on the other half.
   */
  raggedHyphenRoomEm: 3.25,
});

export type FittedConstants = {
  widthScale: Record<FontKind, number>;
  boldFactor: number;
  hyphenRoomEm: number;
  raggedHyphenRoomEm?: number;
};

const NUMERIC: { key: keyof PageModel; min: number; max: number; label: string }[] = [
  { key: 'marginCm', min: 0, max: 10, label: 'marges (cm)' },
  { key: 'fontSizePt', min: 6, max: 72, label: 'taille de police (pt)' },
  { key: 'lineSpacing', min: 0.5, max: 4, label: 'interligne' },
  { key: 'paragraphSpacingPt', min: 0, max: 72, label: 'espace après paragraphe (pt)' },
  { key: 'headingSpaceBeforePt', min: 0, max: 144, label: 'espace avant titre (pt)' },
  { key: 'headingSpaceAfterPt', min: 0, max: 144, label: 'espace après titre (pt)' },
  { key: 'figureHeightCm', min: 0, max: 30, label: 'hauteur de figure (cm)' },
  { key: 'tableRowLines', min: 0.5, max: 10, label: 'lignes par rangée de tableau' },
];

/**
 * Reads `rapport.pageModel` (untrusted JSON): each field of the wrong type or out of range
 * falls back to its default, with one French message per problem.
 */
export function readPageModel(raw: unknown): { model: PageModel; problems: string[] } {
  const model: PageModel = { ...DEFAULT_PAGE_MODEL };
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { model, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { model, problems: ['« rapport.pageModel » doit être un objet : modèle de page par défaut utilisé.'] };
  }
  const r = raw as Record<string, unknown>;
  const bad = (key: string, v: unknown, expected: string) =>
    problems.push(`« rapport.pageModel.${key} » vaut « ${shownValue(v)} » : ${expected}. Valeur par défaut (${String(DEFAULT_PAGE_MODEL[key as keyof PageModel])}) utilisée.`);

  if (r.paper !== undefined && r.paper !== null) {
    if (r.paper === 'a4' || r.paper === 'letter') model.paper = r.paper;
    else bad('paper', r.paper, 'valeurs possibles a4, letter');
  }
  if (r.font !== undefined && r.font !== null) {
    if (r.font === 'serif' || r.font === 'sans') model.font = r.font;
    else bad('font', r.font, 'valeurs possibles serif (type Times New Roman), sans (type Arial)');
  }
  for (const { key, min, max, label } of NUMERIC) {
    const v = r[key];
    if (v === undefined || v === null) continue;
    if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) (model[key] as number) = v;
    else bad(key, v, `${label} : un nombre entre ${min} et ${max} est attendu`);
  }
  for (const key of ['level1NewPage', 'coverPage'] as const) {
    const v = r[key];
    if (v === undefined || v === null) continue;
    if (typeof v === 'boolean') model[key] = v;
    else bad(key, v, 'true ou false est attendu');
  }
  return { model, problems };
}

/** Derived dimensions, in points. */
export interface PageMetrics {
  model: PageModel;
  /** Width of the text block. */
  textWidth: number;
  /** Height of the text block. */
  textHeight: number;
  /** Distance from one body line to the next. */
  linePitch: number;
  /** The gap between two body lines (the pitch minus a line's height): the last line of a page does not need it. */
  lineLead: number;
  /**
   * Space after a non-text block (figure, table, code): the paragraph spacing plus the gap
   * between two body lines, which a paragraph's last line already carries.
   */
  blockGap: number;
  /** Average advance of one body character of French prose (effective), for rough sizes. */
  charWidth: number;
  /**
   * Effective advance of each known character, in em (measured widths × fitted scale), by UTF-16
   * code: NaN for a character outside the table, and beyond the table's end.
   */
  charEm: Float64Array;
  /** Effective advance of a character outside the table, in em. */
  fallbackEm: number;
  /** The fitted scale inside `charEm` (ragged text, which neither shrinks nor hyphenates, undoes it). */
  widthScale: number;
  /** Room needed to hyphenate a word at a line end (justified text, ragged text). */
  hyphenRoom: number;
  raggedHyphenRoom: number;
  boldFactor: number;
}

/** Measured average advance of the calibration prose, spaces included (Typst `measure`). */
const PROSE_AVERAGE_EM: Record<FontKind, number> = { serif: 0.397, sans: 0.442 };
/** Characters outside the table (other scripts, symbols) count as a wide lowercase letter. */
const FALLBACK_EM = 0.55;

/** The measured widths × `scale`, by UTF-16 code (every character of the table is one code unit). */
function scaleWidths(font: FontKind, scale: number): Float64Array {
  const entries = Object.entries(FONT_WIDTHS[font]);
  const table = new Float64Array(Math.max(...entries.map(([c]) => c.charCodeAt(0))) + 1).fill(NaN);
  for (const [c, w] of entries) table[c.charCodeAt(0)] = w * scale;
  return table;
}
/** The widths at the fitted scales, computed once at load and shared by every metrics object: never write to them. Other scales (calibration) are computed when asked. */
const FITTED_WIDTHS: Record<FontKind, Float64Array> = {
  serif: scaleWidths('serif', FITTED.widthScale.serif),
  sans: scaleWidths('sans', FITTED.widthScale.sans),
};
function scaledWidths(font: FontKind, scale: number): Float64Array {
  return scale === FITTED.widthScale[font] ? FITTED_WIDTHS[font] : scaleWidths(font, scale);
}

export function metricsOf(model: PageModel, fitted: FittedConstants = FITTED): PageMetrics {
  const paper = PAPER_PT[model.paper];
  const margin = model.marginCm * PT_PER_CM;
  return {
    model,
    textWidth: Math.max(paper.width - 2 * margin, 36),
    textHeight: Math.max(paper.height - 2 * margin, 36),
    linePitch: LAYOUT.lineHeightEm * model.fontSizePt * model.lineSpacing,
    lineLead: LAYOUT.lineHeightEm * model.fontSizePt * (model.lineSpacing - 1),
    blockGap: model.paragraphSpacingPt + LAYOUT.lineHeightEm * model.fontSizePt * (model.lineSpacing - 1),
    charWidth: PROSE_AVERAGE_EM[model.font] * fitted.widthScale[model.font] * model.fontSizePt,
    charEm: scaledWidths(model.font, fitted.widthScale[model.font]),
    fallbackEm: FALLBACK_EM * fitted.widthScale[model.font],
    widthScale: fitted.widthScale[model.font],
    hyphenRoom: fitted.hyphenRoomEm * model.fontSizePt,
    raggedHyphenRoom: (fitted.raggedHyphenRoomEm ?? FITTED.raggedHyphenRoomEm) * model.fontSizePt,
    boldFactor: fitted.boldFactor,
  };
}

const num = (n: number, digits = 1) => frDecimal(n, digits);

/** One French sentence saying what "a page" means under this model (hover, status bar). */
export function describePageModel(m: PageModel): string {
  const paper = m.paper === 'a4' ? 'A4' : 'Letter';
  const font = m.font === 'serif' ? 'police à empattements (type Times New Roman)' : 'police sans empattement (type Arial)';
  const parts = [
    `${paper}, marges de ${num(m.marginCm, 2)} cm`,
    `${font} ${num(m.fontSizePt)} pt`,
    `interligne ${num(m.lineSpacing, 2)}`,
    `${num(m.paragraphSpacingPt)} pt après chaque paragraphe`,
    `figure de ${num(m.figureHeightCm)} cm de haut si sa taille est inconnue`,
    m.tableRowLines === 1 ? 'une ligne par rangée de tableau' : `${num(m.tableRowLines)} lignes par rangée de tableau`,
  ];
  if (m.level1NewPage) parts.push('chaque titre de niveau 1 commence une nouvelle page');
  if (m.coverPage) parts.push("l'en-tête YAML compte pour une page de couverture");
  return `Une page = ${parts.join(', ')}.`;
}
