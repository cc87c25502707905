// The exported document, independent of the output format (PDF through Typst, Word through
// `docx`): the cover data from the front matter, and the report's blocks walked once from the
// model's mdast with what the export adds or removes:
// - HTML comments (the templates' guidance) dropped; other raw HTML kept as plain text
//   (`<img>` becomes a figure, `<br>` a line break);
// - figures numbered "Figure n : légende" from the image's alt text;
// - the annexes' sub-headings titled "Annexe n : …", each annex and English document on a new page;
// - a table of contents where the report has `[TOC]` / `[[_TOC_]]` or a Sommaire section;
// - footnote definitions attached to their references;
// - French typography on text (never on code or URLs): narrow no-break space before ; ! ? and
//   inside « », no-break space before :.
// Pure: no file access (images are resolved by the host, export/images.ts).

import type {
  Definition,
  FootnoteDefinition,
  List,
  ListItem,
  PhrasingContent,
  RootContent,
  Table,
} from 'mdast';
import { authorOf, fieldText, getField } from '../core/model/frontmatter';
import { FIELDS, GROUPS, pathsOf } from '../core/model/fields';
import { exportLayout, SOMMAIRE_TITLES } from '../core/pages/accounting';
import { PAGE_BREAK_TEXT } from '../core/pages/measure';
import { PAGE_BREAK_HTML } from '../core/pages/html';
import { parseIsoDate } from '../core/text/dates';
import { normalizeHeading } from '../core/text/normalize';
import { unwrapSpans } from '../core/text/pandoc';
import { MISSING_FILE } from './imageReasons';
import type { ReportModel } from '../core/types';

// ---------------------------------------------------------------------------------------------
// The intermediate document

export type ExportInline =
  | { type: 'text'; value: string }
  | { type: 'strong' | 'emphasis' | 'delete'; children: ExportInline[] }
  | { type: 'code'; value: string }
  | { type: 'link'; url: string; children: ExportInline[] }
  | { type: 'break' }
  | { type: 'footnote'; children: ExportBlock[] };

export interface ExportHeading {
  type: 'heading';
  /** 1…6 as written. */
  level: number;
  /** Text with the export's changes ("Annexe 2 : …"). */
  children: ExportInline[];
  /** Index of the heading in `model.root.children`: the key of its page position. */
  index: number;
  /** Recognised section id, if any. */
  sectionId?: string;
  /** Starts a new page (level 1 with `level1NewPage`, each annex and English document). */
  newPage: boolean;
  /** Listed in the sommaire (not the sommaire's own title). */
  outlined: boolean;
  /** Inside the annexes / English documents (outside the body page count). */
  outsideBody: boolean;
}

export interface ExportFigure {
  type: 'figure';
  /** The image as written in the Markdown (relative to the report). */
  src: string;
  alt: string;
  /** 1-based figure number. */
  number: number;
  /** "Figure 3 : Schéma du réseau" (or "Figure 3" without alt text). */
  caption: string;
  /** Size given in the Markdown (`{width=8cm}`, `<img width="300">`), as written. */
  width?: string;
  height?: string;
}

/**
 * The words inside the frame that stands for a figure whose file could not be used, in the PDF
 * and the Word document alike: `title` « Image introuvable : chemin » for a file that is not
 * there, else « Image inutilisable : chemin », and `reason` beside it (damaged, too large,
 * another format, on the web…), so a student whose file is there reads why it was not used.
 */
export function placeholderText(src: string, reason: string | undefined): { title: string; reason: string | null } {
  return reason === undefined || reason === MISSING_FILE ? { title: `Image introuvable : ${src}`, reason: null } : { title: `Image inutilisable : ${src}`, reason };
}

export type ExportBlock =
  | ExportHeading
  | { type: 'paragraph'; children: ExportInline[] }
  | ExportFigure
  | { type: 'list'; ordered: boolean; start: number; tight: boolean; items: ExportBlock[][] }
  | { type: 'quote'; children: ExportBlock[] }
  | { type: 'code'; value: string; lang: string | null }
  | { type: 'table'; align: ('left' | 'right' | 'center' | null)[]; rows: ExportInline[][][] }
  | { type: 'rule' }
  | { type: 'pageBreak' }
  /** The sommaire: headings of level ≤ `depth`, with their page numbers. `title` null = the report's own heading precedes it. */
  | { type: 'toc'; title: string | null; depth: number }
  /** Out of flow: marks where the block at `index` of `model.root.children` ends (page positions). */
  | { type: 'mark'; index: number };

export interface Cover {
  titre: string | null;
  /** "Léa MARTIN". */
  auteur: string | null;
  /** "BTS Conception des Produits Industriels". */
  bts: string | null;
  /** "Épreuve U52", when the profile names it. */
  epreuve: string | null;
  etablissement: string | null;
  entreprise: string | null;
  tuteur: { nom: string | null; poste: string | null } | null;
  /** "du 5 janvier au 27 février 2026". */
  periode: string | null;
  /** "2025-2026". */
  anneeScolaire: string | null;
  /** `logo:` as written (relative to the report). */
  logo: string | null;
}

export interface ExportDocument {
  cover: Cover | null;
  blocks: ExportBlock[];
  /** The figures, in order (for the hosts that resolve the image files first). */
  figures: ExportFigure[];
  /** Title of the PDF / Word document properties. */
  title: string;
  author: string | null;
}

export interface ExportOptions {
  /** Level-1 headings start a new page (rapport.pageModel.level1NewPage). */
  level1NewPage?: boolean;
  /** The front matter makes a cover page (rapport.pageModel.coverPage). */
  coverPage?: boolean;
}

// ---------------------------------------------------------------------------------------------
// French typography

const NNBSP = '\u202f';
const NBSP = '\u00a0';

/**
 * French spacing of punctuation, applied to running text at export (the source is untouched):
 * narrow no-break space before ; ! ? and inside « », no-break space before :. Spaces already
 * written are replaced; a missing one is added after a word (not in "10:30", "?!" or "::").
 */
export function frenchTypography(text: string): string {
  return text
    .replace(/[ \t\u00a0\u202f]*([;!?])/g, (all, p: string, offset: number, s: string) => {
      const before = s[offset - 1];
      if (all.length > 1) return NNBSP + p; // spaces were written before it
      if (before === undefined || !/[\p{L}\p{N}»)\]*_'’"]/u.test(before)) return p;
      const after = s[offset + 1];
      if (after !== undefined && !/[\s.,;:!?»)\]"'’…]/u.test(after)) return p; // "a;b", "x?y" (not prose)
      return NNBSP + p;
    })
    .replace(/[ \t\u00a0\u202f]*:/g, (all, offset: number, s: string) => {
      const before = s[offset - 1];
      const after = s[offset + all.length];
      if (all.length > 1) return after === undefined || /[\s\d"'«(\p{L}]/u.test(after) ? NBSP + ':' : all;
      if (before === undefined || !/[\p{L}»)\]*_'’"]/u.test(before)) return ':';
      if (after !== undefined && !/\s/.test(after)) return ':'; // "https:", "C:\", "10:30", "a:b"
      return NBSP + ':';
    })
    .replace(/«[ \t\u00a0\u202f]*/g, '«' + NNBSP)
    .replace(/[ \t\u00a0\u202f]*»/g, NNBSP + '»');
}

// ---------------------------------------------------------------------------------------------
// Cover

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];


const dayText = (d: Date) => (d.getUTCDate() === 1 ? '1er' : String(d.getUTCDate()));

/** "du 5 janvier au 27 février 2026", "du 15 décembre 2025 au 27 février 2026". */
export function frenchPeriod(debut: Date, fin: Date): string {
  const sameYear = debut.getUTCFullYear() === fin.getUTCFullYear();
  const first = `${dayText(debut)} ${MONTHS[debut.getUTCMonth()]}${sameYear ? '' : ` ${debut.getUTCFullYear()}`}`;
  return `du ${first} au ${dayText(fin)} ${MONTHS[fin.getUTCMonth()]} ${fin.getUTCFullYear()}`;
}

/** The school year (September to August) of a date: "2025-2026". */
export function schoolYear(d: Date): string {
  const y = d.getUTCFullYear();
  return d.getUTCMonth() >= 8 ? `${y}-${y + 1}` : `${y - 1}-${y}`;
}

export function coverOf(model: ReportModel): Cover | null {
  const data = model.frontmatter?.data;
  if (!data) return null;
  const f = (field: keyof typeof FIELDS) => {
    for (const path of pathsOf(field)) {
      const v = fieldText(getField(data, path));
      if (v !== null) return v;
    }
    return null;
  };
  const auteur = authorOf(data, { capitals: true });
  const tuteurFlat = typeof data[GROUPS.tuteur] === 'string' ? fieldText(data[GROUPS.tuteur]) : null;
  const tuteur = tuteurFlat ? { nom: tuteurFlat, poste: null } : f('tuteur') || f('poste') ? { nom: f('tuteur'), poste: f('poste') } : null;
  const debut = parseIsoDate(getField(data, FIELDS.debut));
  const fin = parseIsoDate(getField(data, FIELDS.fin));
  const periode = debut && fin && fin >= debut ? frenchPeriod(debut, fin) : null;
  const annee = f('annee');
  const profile = model.profile;
  return {
    titre: f('titre'),
    auteur: auteur || null,
    bts: profile?.name ?? null,
    epreuve: profile?.epreuve ? `Épreuve ${profile.epreuve}` : null,
    etablissement: f('etablissement'),
    entreprise: f('entreprise'),
    tuteur,
    periode,
    anneeScolaire: annee ?? (debut ? schoolYear(debut) : fin ? schoolYear(fin) : null),
    logo: f('logo'),
  };
}

// ---------------------------------------------------------------------------------------------
// Blocks

const TOC_TEXT = /^\s*(\[\[_?TOC_?\]\]|\[TOC\]|\$\{toc\}|<!--\s*toc\s*-->)\s*$/i;
const ATTRS = /^\s*\{([^}]*)\}/;

function attr(html: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(html);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** Text of raw HTML: tags removed, the few entities students write decoded. */
function htmlText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?(-->|$)/g, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, NBSP)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

const plain = (n: { value?: string; children?: unknown[] }): string =>
  (typeof n.value === 'string' ? n.value : '') + (n.children ? (n.children as (typeof n)[]).map(plain).join('') : '');

interface Walk {
  model: ReportModel;
  defs: Map<string, Definition>;
  notes: Map<string, FootnoteDefinition>;
  /** Footnotes being expanded (a note citing itself is not expanded again). */
  expanding: Set<string>;
  figures: ExportFigure[];
}

function inlines(w: Walk, nodes: PhrasingContent[]): ExportInline[] {
  const out: ExportInline[] = [];
  const text = (value: string) => {
    if (!value) return;
    const last = out[out.length - 1];
    if (last?.type === 'text') last.value += value;
    else out.push({ type: 'text', value });
  };
  nodes.forEach((n, i) => {
    switch (n.type) {
      case 'text': {
        // The size written after an image (`![x](a.png){width=5cm}`) is the figure's, not text.
        const prev = nodes[i - 1];
        text(unwrapSpans(prev?.type === 'image' || prev?.type === 'imageReference' ? n.value.replace(ATTRS, '') : n.value));
        break;
      }
      case 'strong':
      case 'emphasis':
      case 'delete':
        out.push({ type: n.type, children: inlines(w, n.children) });
        break;
      case 'inlineCode':
        out.push({ type: 'code', value: n.value });
        break;
      case 'break':
        out.push({ type: 'break' });
        break;
      case 'link':
        out.push({ type: 'link', url: n.url, children: inlines(w, n.children) });
        break;
      case 'linkReference': {
        const def = w.defs.get(n.identifier);
        const children = inlines(w, n.children);
        if (def) out.push({ type: 'link', url: def.url, children });
        else {
          // Not a link in Markdown either: the brackets stay as text.
          text('[');
          out.push(...children);
          text(']');
        }
        break;
      }
      case 'html':
        if (/^<br\s*\/?>$/i.test(n.value.trim())) out.push({ type: 'break' });
        // other inline tags (<b>, <span>…) are dropped; the text between them stays
        break;
      case 'footnoteReference': {
        const def = w.notes.get(n.identifier);
        if (def && !w.expanding.has(n.identifier)) {
          w.expanding.add(n.identifier);
          out.push({ type: 'footnote', children: blocks(w, def.children as RootContent[]) });
          w.expanding.delete(n.identifier);
        } else text(`[^${n.label ?? n.identifier}]`);
        break;
      }
      case 'image':
      case 'imageReference':
        break; // figures are taken out of their paragraph (see paragraph())
      default:
        text(plain(n as { value?: string; children?: unknown[] }));
    }
  });
  return out;
}

function figure(w: Walk, src: string, alt: string, size: { width?: string; height?: string }): ExportFigure {
  const number = w.figures.length + 1;
  const legend = frenchTypography(alt.trim().replace(/\s+/g, ' '));
  const f: ExportFigure = {
    type: 'figure',
    src,
    alt,
    number,
    caption: legend ? `Figure ${number}${NBSP}: ${legend}` : `Figure ${number}`,
    ...size,
  };
  w.figures.push(f);
  return f;
}

function sizeAttrs(attrs: string): { width?: string; height?: string } {
  const size: { width?: string; height?: string } = {};
  const wm = /\bwidth\s*=\s*("?)([^\s"}]+)\1/.exec(attrs);
  const hm = /\bheight\s*=\s*("?)([^\s"}]+)\1/.exec(attrs);
  if (wm) size.width = wm[2];
  if (hm) size.height = hm[2];
  return size;
}

/** A paragraph: its text, then its images as numbered figures. */
function paragraph(w: Walk, children: PhrasingContent[]): ExportBlock[] {
  // Its images, alone or inside a link (a linked image), in bold or in italics: figures after
  // the text (the inline text has no room for a figure), never dropped.
  const figs = nestedFigures(w, children);
  const rest: PhrasingContent[] = [];
  children.forEach((c, i) => {
    if (isImageNode(c)) return;
    const prev = children[i - 1];
    if (c.type === 'text' && (prev?.type === 'image' || prev?.type === 'imageReference')) {
      const v = c.value.replace(ATTRS, '');
      if (v) rest.push({ ...c, value: v });
      return;
    }
    rest.push(c);
  });
  const out: ExportBlock[] = [];
  const ins = trimInlines(inlines(w, rest));
  if (ins.length > 0) out.push({ type: 'paragraph', children: ins });
  out.push(...figs);
  return out;
}

/** Drops leading / trailing white space and empty texts; null when nothing visible remains. */
function trimInlines(ins: ExportInline[]): ExportInline[] {
  const out = [...ins];
  while (out.length && out[0]!.type === 'text' && !(out[0] as { value: string }).value.trim()) out.shift();
  while (out.length && (out[out.length - 1]!.type === 'break' || (out[out.length - 1]!.type === 'text' && !(out[out.length - 1] as { value: string }).value.trim()))) out.pop();
  if (out[0]?.type === 'text') out[0] = { type: 'text', value: out[0].value.replace(/^\s+/, '') };
  const last = out[out.length - 1];
  if (last?.type === 'text') out[out.length - 1] = { type: 'text', value: last.value.replace(/\s+$/, '') };
  return out;
}

function typography(ins: ExportInline[]): ExportInline[] {
  return ins.map((i) => {
    switch (i.type) {
      case 'text':
        return { type: 'text', value: frenchTypography(i.value) };
      case 'strong':
      case 'emphasis':
      case 'delete':
      case 'link':
        return { ...i, children: typography(i.children) };
      default:
        return i;
    }
  });
}

function listBlocks(w: Walk, n: List): ExportBlock {
  const items = n.children.map((li: ListItem) => {
    const content = blocks(w, li.children as RootContent[]);
    if (li.checked === true || li.checked === false) {
      const first = content[0];
      const box = li.checked ? '■ ' : '□ '; // in the shipped fonts (☐ ☒ are not)
      if (first?.type === 'paragraph') first.children.unshift({ type: 'text', value: box });
      else content.unshift({ type: 'paragraph', children: [{ type: 'text', value: box.trim() }] });
    }
    return content;
  });
  return { type: 'list', ordered: !!n.ordered, start: n.start ?? 1, tight: !(n.spread || n.children.some((li) => li.spread)), items };
}

/** An image of the Markdown (`![x](a.png)`, `![x][ref]`) or an HTML `<img>`. */
function isImageNode(n: PhrasingContent): boolean {
  return n.type === 'image' || n.type === 'imageReference' || (n.type === 'html' && /^<img\b/i.test(n.value.trim()));
}

/** The images of phrasing content, nested ones included (a link, bold, a table cell), as figures, in text order. */
function nestedFigures(w: Walk, nodes: PhrasingContent[]): ExportFigure[] {
  const out: ExportFigure[] = [];
  nodes.forEach((n, i) => {
    if (n.type === 'image' || n.type === 'imageReference') {
      const url = n.type === 'image' ? n.url : w.defs.get(n.identifier)?.url;
      const next = nodes[i + 1];
      if (url) out.push(figure(w, url, n.alt ?? '', sizeAttrs(next?.type === 'text' ? (ATTRS.exec(next.value)?.[1] ?? '') : '')));
    } else if (n.type === 'html' && /^<img\b/i.test(n.value.trim())) {
      const src = attr(n.value, 'src');
      if (src) out.push(figure(w, src, attr(n.value, 'alt') ?? '', { width: attr(n.value, 'width'), height: attr(n.value, 'height') }));
    } else if ('children' in n) out.push(...nestedFigures(w, n.children as PhrasingContent[]));
  });
  return out;
}

/** A table, then the images of its cells as figures (a table cell has no room for one). */
function tableBlock(w: Walk, n: Table): ExportBlock[] {
  const table: ExportBlock = {
    type: 'table',
    align: (n.align ?? []).map((a) => a ?? null),
    rows: n.children.map((row) => row.children.map((cell) => typography(inlines(w, cell.children)))),
  };
  return [table, ...n.children.flatMap((row) => row.children.flatMap((cell) => nestedFigures(w, cell.children)))];
}

/** Blocks of a container (list item, quote, footnote). */
function blocks(w: Walk, nodes: RootContent[]): ExportBlock[] {
  const out: ExportBlock[] = [];
  for (const n of nodes) out.push(...block(w, n));
  return out;
}

function block(w: Walk, n: RootContent): ExportBlock[] {
  switch (n.type) {
    case 'paragraph': {
      if (TOC_TEXT.test(plain(n))) return [{ type: 'toc', title: null, depth: 3 }];
      // `\newpage`, `\pagebreak`… alone in a paragraph: a page break, as the estimate counts it.
      if (PAGE_BREAK_TEXT.test(plain(n))) return [{ type: 'pageBreak' }];
      return paragraph(w, n.children).map((b) => (b.type === 'paragraph' ? { ...b, children: typography(b.children) } : b));
    }
    case 'heading':
      return [{ type: 'paragraph', children: typography(inlines(w, n.children)) }];
    case 'blockquote':
      return [{ type: 'quote', children: blocks(w, n.children as RootContent[]) }];
    case 'list':
      return [listBlocks(w, n)];
    case 'code':
      return [{ type: 'code', value: n.value, lang: n.lang ?? null }];
    case 'table':
      return tableBlock(w, n);
    case 'thematicBreak':
      return [{ type: 'rule' }];
    case 'html': {
      const v = n.value;
      if (PAGE_BREAK_HTML.test(v)) return [{ type: 'pageBreak' }];
      if (/^\s*<!--/.test(v) && /-->\s*$/.test(v) && !/-->[\s\S]*\S[\s\S]*<!--/.test(v.replace(/^\s*<!--/, '').replace(/-->\s*$/, ''))) return [];
      const imgs = [...v.matchAll(/<img\b[^>]*>/gi)];
      const out: ExportBlock[] = [];
      const text = htmlText(v.replace(/<img\b[^>]*>/gi, '')).trim();
      if (text) out.push({ type: 'paragraph', children: typography([{ type: 'text', value: text.replace(/\s*\n\s*/g, ' ') }]) });
      for (const m of imgs) {
        const src = attr(m[0], 'src');
        if (src) out.push(figure(w, src, attr(m[0], 'alt') ?? '', { width: attr(m[0], 'width'), height: attr(m[0], 'height') }));
      }
      return out;
    }
    case 'yaml':
    case 'definition':
    case 'footnoteDefinition':
      return [];
    default: {
      const t = plain(n as { value?: string; children?: unknown[] }).trim();
      return t ? [{ type: 'paragraph', children: [{ type: 'text', value: t }] }] : [];
    }
  }
}

/** The exported document of a report model. */
/**
 * A report the analysis could not read in full (core/parse/size.ts: too large, or a passage the
 * parser would take minutes on) has only its front matter and headings in its model: exported,
 * it would come out as a cover and empty sections. The exports refuse it (formats.ts, the
 * editor's export), with the `document-size` finding's line and words, so the student fixes that
 * passage instead of handing in an empty document; the exact counts are not made (the estimate
 * stands: `check --exact`, `classe --exact`, the editor's typesetting process).
 */
export function notExportable(model: ReportModel): string | null {
  if (!model.degraded) return null;
  const why = model.modelFindings.find((f) => f.code === 'document-size');
  const where = why ? ` (ligne ${why.range.start.line + 1})` : '';
  return `le rapport n'a pas pu être lu en entier${where}, le document exporté n'en contiendrait que les titres. ${why?.message ?? ''}`.trim();
}

/**
 * What the export says of the report beside the images: an en-tête it cannot read (YAML errors)
 * leaves the document without its cover and the settings written there (the sommaire asked for
 * in it, the page model): exported all the same, with this warning, so the student knows why.
 */
export function frontmatterWarning(model: ReportModel): string | null {
  const fm = model.frontmatter;
  if (!fm || fm.data !== null) return null;
  const line = (fm.errors[0]?.range ?? fm.range).start.line + 1;
  return `en-tête illisible (ligne ${line}) : le document est exporté sans page de garde ni les réglages de l'en-tête ; corrige-le (l'erreur signalée sur l'en-tête dit quoi), puis exporte de nouveau`;
}

export function buildExportDocument(model: ReportModel, options: ExportOptions = {}): ExportDocument {
  const level1NewPage = options.level1NewPage ?? true;
  const coverPage = options.coverPage ?? true;
  const defs = new Map<string, Definition>();
  const notes = new Map<string, FootnoteDefinition>();
  const collect = (nodes: RootContent[]) => {
    for (const n of nodes) {
      if (n.type === 'definition') defs.set(n.identifier, n);
      else if (n.type === 'footnoteDefinition') notes.set(n.identifier, n);
      else if ('children' in n && Array.isArray(n.children)) collect(n.children as RootContent[]);
    }
  };
  collect(model.root.children);
  const w: Walk = { model, defs, notes, expanding: new Set(), figures: [] };

  // The page-break, annex-title and sommaire rules, as the estimate follows them (core/pages/accounting.ts).
  const layout = exportLayout(model);

  const cover = coverPage ? coverOf(model) : null;
  const out: ExportBlock[] = [];
  const hasTocMarker = model.root.children.some((b) => b.type === 'paragraph' && TOC_TEXT.test(plain(b)));
  const fm = model.frontmatter?.data;
  if (!hasTocMarker && fm && (fm.toc === true || fm.sommaire === true) && !model.headings.some((h) => SOMMAIRE_TITLES.has(normalizeHeading(h.text)))) {
    out.push({ type: 'toc', title: 'Sommaire', depth: 3 });
  }
  const children = model.root.children;
  for (let i = 0; i < children.length; i++) {
    const n = children[i]!;
    if (layout.replaced.has(n)) {
      // A hand-written sommaire is replaced by the generated one.
      if (n.type !== 'heading') out.push({ type: 'mark', index: i });
      continue;
    }
    if (n.type === 'heading') {
      const title = layout.title.get(n);
      const ins = title !== undefined ? typography([{ type: 'text', value: title }]) : typography(inlines(w, n.children));
      const sectionId = layout.sectionId.get(n);
      const isSommaire = layout.sommaires.has(n);
      out.push({
        type: 'heading',
        level: n.depth,
        children: ins,
        index: i,
        ...(sectionId ? { sectionId } : {}),
        newPage: (n.depth === 1 && level1NewPage) || layout.newPage.has(n),
        outlined: !isSommaire,
        outsideBody: layout.outsideBody.has(n),
      });
      if (isSommaire) {
        // Its content is the generated table of contents (a [TOC] marker in it, or a list
        // written by hand, which would have no page numbers).
        out.push({ type: 'toc', title: null, depth: 3 });
        out.push({ type: 'mark', index: i });
      }
      continue;
    }
    for (const b of block(w, n)) {
      out.push(b.type === 'toc' ? { ...b, title: 'Sommaire' } : b);
    }
    if (n.type !== 'yaml' && n.type !== 'definition' && n.type !== 'footnoteDefinition') out.push({ type: 'mark', index: i });
  }
  // A [TOC] marker right under the Sommaire heading was already replaced; one elsewhere keeps its "Sommaire" title.
  let seenToc = false;
  const dedup = out.filter((b) => {
    if (b.type !== 'toc') return true;
    if (seenToc) return false;
    return (seenToc = true);
  });
  const cv = cover;
  return {
    cover: cv,
    blocks: dedup,
    figures: w.figures,
    title: cv?.titre ?? (model.headings[0]?.text || 'Rapport de stage'),
    author: cv?.auteur ?? null,
  };
}

/** Plain text of inline content (sommaire entries, tests). */
export function inlineText(ins: ExportInline[]): string {
  return ins
    .map((i) => {
      switch (i.type) {
        case 'text':
        case 'code':
          return i.value;
        case 'break':
          return '\n';
        case 'footnote':
          return '';
        default:
          return inlineText(i.children);
      }
    })
    .join('');
}
