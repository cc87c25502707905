// The exported document (export/document.ts) written as Typst source, under the page model of
// `rapport.pageModel.*`. The layout is the one the page estimate stands for (LAYOUT in
// core/pages/pageModel.ts, the same as the calibration benchmark's reference rendering), plus
// what a handed-in report has: a cover page without a number, page numbers in the footer, a
// sommaire with page numbers and dot leaders, numbered figures.
//
// Every piece of the report's text is written as a Typst string literal (`#"…"`), so no
// character of the source is ever read as Typst markup or code. No package import: the whole
// layout is here. Pure: images are resolved by the host (export/images.ts) and given here as
// paths inside the compiler's virtual file system.

import { LAYOUT, PT_PER_CM, PT_PER_PX, metricsOf, type PageModel } from '../core/pages/pageModel';
import { parseLength } from '../core/pages/pages';
import { placeholderText, type Cover, type ExportBlock, type ExportDocument, type ExportFigure, type ExportInline } from './document';
import { fitFigure, placeholderSize } from '../core/pages/measure';

/** An image ready for Typst: its path in the compiler's virtual files and its pixel size. */
export interface TypstImage {
  path: string;
  widthPx: number;
  heightPx: number;
}

/** A figure whose file could not be used, and why (in French): its frame says so. */
export interface MissingImage {
  reason: string;
}

/** Font families of the page model (shipped with the extension: export/fonts.ts). */
export const TYPST_FONTS = { serif: 'Liberation Serif', sans: 'Liberation Sans', mono: 'Liberation Mono' } as const;

/** Label of the metadata that holds the page of every heading and block end (see readPositions). */
export const POSITIONS_LABEL = 'rapport-positions';

/** A Typst string literal for any JavaScript string. */
export function typstString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f || (c >= 0xd800 && c <= 0xdfff)) out += `\\u{${c.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}

const pt = (n: number) => `${(Number.isFinite(n) ? n : 0).toFixed(3)}pt`;
/** Text as Typst markup: one string literal (nothing to escape in markup). */
const text = (s: string) => (s ? `#${typstString(s)}` : '');

function inline(ins: ExportInline[]): string {
  return ins
    .map((i) => {
      switch (i.type) {
        case 'text':
          return text(i.value.replace(/[ \t]*\r?\n[ \t]*/g, ' '));
        case 'strong':
          return `#strong[${inline(i.children)}]`;
        case 'emphasis':
          return `#emph[${inline(i.children)}]`;
        case 'delete':
          return `#strike[${inline(i.children)}]`;
        case 'code':
          return `#raw(${typstString(i.value)})`;
        case 'break':
          return '#linebreak()';
        case 'link':
          return /^(https?:|mailto:)/i.test(i.url) ? `#link(${typstString(i.url)})[${inline(i.children)}]` : inline(i.children);
        case 'footnote':
          return `#footnote[${blocks(i.children, null)}]`;
      }
    })
    .join('');
}

interface Ctx {
  pm: PageModel;
  textWidth: number;
  textHeight: number;
  linePitch: number;
  image: (f: ExportFigure) => TypstImage | MissingImage | null;
}

function figure(ctx: Ctx, f: ExportFigure): string {
  const w = parseLength(f.width, ctx.textWidth);
  const h = parseLength(f.height, ctx.textHeight);
  const img = ctx.image(f);
  const caption = `caption: [${text(f.caption)}]`;
  if (!img || 'reason' in img) {
    const { width, height } = placeholderSize({ width: w, height: h }, ctx.pm.figureHeightCm * PT_PER_CM, ctx.textWidth, ctx.textHeight);
    // The path, and why, below it in smaller type; whatever the frame cannot hold is cut at its
    // edge (a small figure's frame), never drawn over the caption.
    const msg = placeholderText(f.src, img?.reason);
    const words = `text(size: 10pt, fill: rgb("#b00020"), ${typstString(msg.title)})${msg.reason ? ` + linebreak() + text(size: 8pt, fill: rgb("#b00020"), ${typstString(msg.reason)})` : ''}`;
    return `#figure(block(width: ${pt(width)}, height: ${pt(height)}, stroke: 0.75pt + rgb("#b00020"), inset: 6pt, clip: true, align(center + horizon, ${words})), numbering: none, ${caption})`;
  }
  const { width, height } = fitFigure({ width: w, height: h }, { ...img, widthPt: img.widthPx * PT_PER_PX }, ctx.textWidth, ctx.textHeight);
  return `#figure(image(${typstString(img.path)}, width: ${pt(width)}, height: ${pt(height)}, fit: "stretch"), numbering: none, ${caption})`;
}

/**
 * Code as written, with a zero-width space every 16 characters of a run of 32 or more without
 * white space (a long string, a URL, a hash): Typst wraps a code line at spaces only, and such a
 * run went on past the right edge of the page, cut off (the page estimate counts the wrapped
 * lines). Nothing visible is added.
 */
function breakable(code: string): string {
  // By character, with its accents (a letter and its combining marks, a surrogate pair stay whole).
  return code.replace(/\S{32,}/gu, (run) => run.replace(/(?:\P{M}\p{M}*){16}(?=\S)/gu, '$&\u200b'));
}

function list(ctx: Ctx | null, b: Extract<ExportBlock, { type: 'list' }>): string {
  // A tight item's blocks follow each other at the line pitch, as list paragraphs without
  // spacing do in a word processor (the estimate counts them so).
  const inner = b.tight && ctx ? `#set par(spacing: ${pt(ctx.linePitch - LAYOUT.lineHeightEm * ctx.pm.fontSizePt)}); #set block(spacing: ${pt(ctx.linePitch - LAYOUT.lineHeightEm * ctx.pm.fontSizePt)}); ` : '';
  const items = b.items.map((item) => `[${inner}${blocks(item, ctx)}]`).join(', ');
  return b.ordered ? `#enum(tight: ${b.tight}, start: ${Math.max(0, Math.floor(b.start))}, ${items})` : `#list(tight: ${b.tight}, ${items})`;
}

function table(b: Extract<ExportBlock, { type: 'table' }>): string {
  const cols = Math.max(1, ...b.rows.map((r) => r.length), b.align.length);
  const cell = (c: ExportInline[] | undefined, head: boolean) => (head ? `[#strong[${inline(c ?? [])}]]` : `[${inline(c ?? [])}]`);
  const row = (r: ExportInline[][], head: boolean) => Array.from({ length: cols }, (_, i) => cell(r[i], head)).join(', ');
  const align = Array.from({ length: cols }, (_, i) => b.align[i] ?? 'left').join(', ');
  const [head, ...body] = b.rows;
  const parts = [`columns: (1fr,) * ${cols}`, `align: (${align},)`];
  if (head) parts.push(`table.header(${row(head, true)})`);
  for (const r of body) parts.push(row(r, false));
  return `#table(${parts.join(', ')})`;
}

function block(b: ExportBlock, ctx: Ctx | null): string {
  switch (b.type) {
    case 'heading': {
      const brk = b.newPage ? '#pagebreak(weak: true)\n' : '';
      return `${brk}#heading(level: ${Math.min(Math.max(b.level, 1), 6)}, outlined: ${b.outlined})[${inline(b.children)}] <h${b.index}>`;
    }
    case 'paragraph':
      return inline(b.children);
    case 'figure':
      return ctx ? figure(ctx, b) : text(b.caption);
    case 'list':
      return list(ctx, b);
    case 'quote':
      return `#block(inset: (left: ${LAYOUT.quoteIndentCm}cm), stroke: (left: 0.75pt + luma(60%)))[${blocks(b.children, ctx)}]`;
    case 'code':
      return `#raw(block: true, ${b.lang && /^[\w+#.-]{1,30}$/.test(b.lang) ? `lang: ${typstString(b.lang)}, ` : ''}${typstString(breakable(b.value))})`;
    case 'table':
      return table(b);
    case 'rule':
      return '#line(length: 100%, stroke: 0.5pt)';
    case 'pageBreak':
      return '#pagebreak(weak: true)';
    case 'toc':
      return `#outline(title: ${b.title ? `[${text(b.title)}]` : 'none'}, depth: ${b.depth})`;
    case 'mark':
      return `#metadata(${b.index}) <rapport-mark>`;
  }
}

function blocks(bs: ExportBlock[], ctx: Ctx | null): string {
  return bs.map((b) => block(b, ctx)).filter(Boolean).join('\n\n');
}

function preamble(pm: PageModel, doc: ExportDocument): string {
  const m = metricsOf(pm);
  const L = m.linePitch;
  const size = pm.fontSizePt;
  const box = LAYOUT.lineHeightEm * size;
  const lead = L - box;
  const P = pm.paragraphSpacingPt;
  const hs = LAYOUT.headingScale.map((s) => pt(s * size));
  const cap = LAYOUT.captionScale * size;
  const codeSize = LAYOUT.codeScale * size;
  const listIndent = (LAYOUT.listIndentCm * PT_PER_CM) / 2;
  const meta = [`title: ${typstString(doc.title)}`];
  if (doc.author) meta.push(`author: ${typstString(doc.author)}`);
  return `#set document(${meta.join(', ')})
#set page(paper: "${pm.paper === 'letter' ? 'us-letter' : 'a4'}", margin: ${pm.marginCm}cm, numbering: "1", number-align: center + bottom)
#set text(font: "${TYPST_FONTS[pm.font]}", size: ${pt(size)}, lang: "fr", region: "FR", hyphenate: true, top-edge: 0.9em, bottom-edge: -0.25em)
#set par(justify: true, leading: ${pt(lead)}, spacing: ${pt(lead + P)})
#set block(spacing: ${pt(lead + P)})
#show heading: it => block(above: ${pt(lead + P + pm.headingSpaceBeforePt)}, below: ${pt(pm.headingSpaceAfterPt)}, sticky: true, {
  set text(size: (${hs.join(', ')}).at(it.level - 1), weight: "bold")
  set par(leading: 0pt, justify: false)
  it.body
})
#set list(indent: ${pt(listIndent)}, body-indent: ${pt(listIndent)})
#set enum(indent: ${pt(listIndent)}, body-indent: ${pt(listIndent)})
#show table: set par(justify: false)
#set table(inset: (x: ${pt(LAYOUT.tableCellInsetPt)}, y: ${pt(lead / 2 + ((pm.tableRowLines - 1) * L) / 2)}), stroke: 0.5pt)
#set figure(gap: ${pt(LAYOUT.captionGapPt)})
#show figure.caption: set text(size: ${pt(cap)})
#show figure.caption: set par(leading: 0pt)
#show raw: set text(font: "${TYPST_FONTS.mono}")
#show raw.where(block: true): set text(size: ${pt(codeSize)})
#show raw.where(block: true): set par(leading: 0pt, justify: false)
#show link: set text(fill: rgb("#1a4f8b"))
#show outline.entry: it => block(above: ${pt(lead)}, below: ${pt(lead)}, { set text(weight: "regular"); it.indented(it.prefix(), it.inner()) })
`;
}

function coverPage(c: Cover, logo: TypstImage | null): string {
  const line = (s: string | null, opts = '') => (s ? `#text(${opts}${typstString(s)})` : '');
  const lines: string[] = [];
  const top: string[] = [];
  if (logo) top.push(`#image(${typstString(logo.path)}, height: 2.5cm)`);
  if (c.etablissement) top.push(line(c.etablissement, 'size: 1.05em, '));
  if (c.anneeScolaire) top.push(line(`Année scolaire ${c.anneeScolaire}`));
  lines.push(`#align(center)[${top.join(' \\\n')}]`);
  lines.push('#v(1fr)');
  const mid: string[] = [];
  if (c.bts) mid.push(line(c.bts, 'size: 1.15em, weight: "bold", '));
  if (c.epreuve) mid.push(line(c.epreuve));
  mid.push(line('Rapport de stage', 'size: 1.1em, '));
  lines.push(`#align(center)[${mid.join(' \\\n')}]`);
  lines.push('#v(1.2cm)');
  if (c.titre) lines.push(`#align(center)[#block(width: 85%)[#set par(justify: false, leading: 0.4em); #text(size: 1.9em, weight: "bold", ${typstString(c.titre)})]]`);
  lines.push('#v(1.2cm)');
  if (c.auteur) lines.push(`#align(center)[${line(c.auteur, 'size: 1.3em, ')}]`);
  lines.push('#v(1fr)');
  const info: string[] = [];
  if (c.entreprise) info.push(`#strong[Entreprise d'accueil :] ${text(c.entreprise)}`);
  if (c.tuteur) {
    const t = [c.tuteur.nom, c.tuteur.poste].filter(Boolean).join(', ');
    if (t) info.push(`#strong[Tuteur en entreprise :] ${text(t)}`);
  }
  if (c.periode) info.push(`#strong[Période de stage :] ${text(c.periode)}`);
  if (info.length) lines.push(`#align(center)[#set par(justify: false); ${info.join(' \\\n')}]`);
  return `#page(numbering: none)[\n#set par(justify: false)\n${lines.join('\n')}\n]`;
}

/**
 * The Typst source of an exported document. `image` gives the Typst file of each figure and of
 * the cover's logo (`src` only) — or why it could not be used, or null (not there): a framed
 * placeholder then names the path, and the reason (placeholderText).
 */
export function toTypst(doc: ExportDocument, pm: PageModel, image: (f: ExportFigure) => TypstImage | MissingImage | null): string {
  const m = metricsOf(pm);
  const ctx: Ctx = { pm, textWidth: m.textWidth, textHeight: m.textHeight, linePitch: m.linePitch, image };
  const out = [preamble(pm, doc)];
  if (doc.cover) {
    const logo = doc.cover.logo ? image({ type: 'figure', src: doc.cover.logo, alt: '', number: 0, caption: '' }) : null;
    out.push(coverPage(doc.cover, logo && 'path' in logo ? logo : null));
  }
  out.push(blocks(doc.blocks, ctx));
  // Where each heading and each block end falls: one metadata read back by the host.
  out.push(
    `#context [#metadata((headings: query(heading).filter(h => h.has("label")).map(h => (str(h.label), h.location().page())), marks: query(<rapport-mark>).map(x => (x.value, x.location().page())), last: here().page())) <${POSITIONS_LABEL}>]`,
  );
  return out.join('\n\n') + '\n';
}

/** Page of each heading (by its index in the model's root) and of the end of each block. */
export interface Positions {
  headings: Map<number, number>;
  ends: Map<number, number>;
  last: number;
}

/** Reads the positions metadata (`query(<POSITIONS_LABEL>)`'s value). */
export function readPositions(value: unknown): Positions {
  const v = (value ?? {}) as { headings?: [string, number][]; marks?: [number, number][]; last?: number };
  const headings = new Map<number, number>();
  for (const [label, page] of v.headings ?? []) {
    const m = /^<?h(\d+)>?$/.exec(String(label));
    if (m) headings.set(Number(m[1]), Number(page));
  }
  const ends = new Map<number, number>();
  for (const [i, page] of v.marks ?? []) ends.set(Number(i), Number(page));
  return { headings, ends, last: Number(v.last ?? 0) };
}
