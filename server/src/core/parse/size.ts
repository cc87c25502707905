// Documents too large to analyse in full (a base64 image pasted into the text, a log dump…):
// the front matter and the headings are still read, the rules that need only them (front matter,
// sections) still run, the others are skipped, and one `document-size` info says why.
//
// The same degraded answer covers text the Markdown parser handles in more than linear time
// or with deep recursion, which no report contains but a paste can: a block with thousands of
// emphasis or link markers (micromark's attention and label resolution are quadratic there),
// or a line nesting quotes and lists a hundred levels deep (stack overflow).

import { parseMarkdown } from './parse';
import { lineRange } from '../text/text';
import { frDecimal } from '../text/numbers';
import { FRONTMATTER_CLOSE, FRONTMATTER_OPEN } from '../text/fence';
import type { Root, RootContent } from 'mdast';
import { DEFAULT_MAX_DOCUMENT_SIZE, MAX_BLOCK_MARKERS, MAX_BLOCK_BACKTICKS, MAX_NESTING, MAX_BLOCKS, MAX_HEADINGS, MAX_LINES, MAX_IMAGES, MAX_LINE_PIPES, MAX_OPEN_COMMENTS } from './limits';
import { pushAll } from '../arrays';
import type { AnalysisSettings, ModelFinding, ReportModel } from '../types';

export function maxDocumentSize(settings: AnalysisSettings): number {
  const v = settings.maxDocumentSize;
  return typeof v === 'number' && v > 0 ? v : DEFAULT_MAX_DOCUMENT_SIZE;
}

export type Degradation =
  | { reason: 'size'; size: number; limit: number }
  | { reason: 'markers'; line: number; count: number; limit: number }
  | { reason: 'nesting'; line: number; limit: number }
  | { reason: 'structure'; what: string; line: number; count: number; limit: number }
  | { reason: 'error'; message: string };

/**
 * Why the text cannot be parsed in reasonable time and memory, or null. One linear pass, which
 * skips fenced code (a program listing in the annexes is ordinary).
 */
export function degradation(text: string, settings: AnalysisSettings): Degradation | null {
  const limit = maxDocumentSize(settings);
  if (text.length > limit) return { reason: 'size', size: text.length, limit };
  let line = 0;
  let blockLine = 0;
  let markers = 0;
  let backticks = 0;
  let lineStart = true;
  let blank = true;
  let depth = 0;
  let indent = 0;
  let blocks = 0;
  let headings = 0;
  let images = 0;
  let openComments = 0;
  let pipes = 0;
  let lines = 0;
  let counted = false;
  let fence = ''; // the opening fence while inside fenced code
  const n = text.length;
  for (let i = 0; i < n; i++) {
    // At the start of a line: a fence opens or closes; inside a fence the line is skipped.
    if (lineStart && depth === 0 && indent === 0) {
      let j = i;
      while (j < n && j - i < 3 && text.charCodeAt(j) === 32) j++;
      const f = text.charCodeAt(j);
      if (f === 96 || f === 126) {
        let k = j;
        while (k < n && text.charCodeAt(k) === f) k++;
        if (k - j >= 3) {
          if (!fence) fence = text.slice(j, k);
          else if (text[j] === fence[0] && k - j >= fence.length) fence = '';
        }
      }
      if (fence || (f === 96 && text.startsWith('```', j)) || (f === 126 && text.startsWith('~~~', j))) {
        // Skip to the end of this line (the fence line itself holds only its info string).
        let e = text.indexOf('\n', i);
        const r = text.indexOf('\r', i);
        if (r >= 0 && (e < 0 || r < e)) e = r;
        if (e < 0) break;
        i = e - 1;
        lineStart = false;
        blank = false;
        continue;
      }
    }
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (blank) {
        markers = 0;
        backticks = 0;
        blockLine = line + 1;
      }
      line++;
      lineStart = true;
      blank = true;
      depth = 0;
      indent = 0;
      counted = false;
      pipes = 0;
      continue;
    }
    if (c !== 32 && c !== 9) {
      if (blank && (++blocks > MAX_BLOCKS)) return { reason: 'structure', what: 'blocks', line, count: blocks, limit: MAX_BLOCKS };
      blank = false;
      if (!counted && (counted = true) && ++lines > MAX_LINES) return { reason: 'structure', what: 'lines', line, count: lines, limit: MAX_LINES };
    }
    if (lineStart) {
      // Container prefix: `>` and list markers (`-`, `*`, `+`, `1.`, `1)`) followed by a space.
      if (c === 62 /* > */) depth++;
      else if ((c === 45 || c === 42 || c === 43) && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)) depth++;
      else if (c === 32) indent++;
      else if (c === 9) indent += 4;
      else if (c >= 48 && c <= 57) {
        let j = i;
        while (j < n && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        const d = text.charCodeAt(j);
        if ((d === 46 || d === 41) && (text.charCodeAt(j + 1) === 32 || text.charCodeAt(j + 1) === 9)) {
          depth++;
          i = j;
        } else lineStart = false;
      } else {
        if (c === 35 /* # */ && ++headings > MAX_HEADINGS) return { reason: 'structure', what: 'headings', line, count: headings, limit: MAX_HEADINGS };
        lineStart = false;
      }
      // Lists nested by indentation: two columns or more per level.
      if (depth > MAX_NESTING || (!lineStart && indent > 2 * MAX_NESTING + 4)) return { reason: 'nesting', line, limit: MAX_NESTING };
    }
    if (c === 42 || c === 95 || c === 91 || c === 93 || c === 40 || c === 41) {
      // A run of `*` or `_` is one delimiter for the parser, whatever its length (a signature
      // line of underscores, a row of stars): it counts once. Brackets count one by one.
      const sameRun = (c === 42 || c === 95) && text.charCodeAt(i - 1) === c;
      if (!sameRun && ++markers > MAX_BLOCK_MARKERS) return { reason: 'markers', line: blockLine, count: markers, limit: MAX_BLOCK_MARKERS };
      if (c === 91 && text.charCodeAt(i - 1) === 33 && ++images > MAX_IMAGES) {
        return { reason: 'structure', what: 'images', line, count: images, limit: MAX_IMAGES };
      }
    } else if (c === 124) {
      if (++pipes > MAX_LINE_PIPES) return { reason: 'structure', what: 'cells', line, count: pipes, limit: MAX_LINE_PIPES };
    } else if (c === 96) {
      if (++backticks > MAX_BLOCK_BACKTICKS) return { reason: 'markers', line: blockLine, count: backticks, limit: MAX_BLOCK_BACKTICKS };
    } else if (c === 60 && text.charCodeAt(i + 1) === 33 && text.charCodeAt(i + 2) === 45 && text.charCodeAt(i + 3) === 45) {
      openComments++;
      i += 3;
    } else if (c === 45 && openComments > 0 && text.charCodeAt(i + 1) === 45 && text.charCodeAt(i + 2) === 62) {
      openComments--;
      i += 2;
    }
    if (openComments > MAX_OPEN_COMMENTS) return { reason: 'structure', what: 'comments', line, count: openComments, limit: MAX_OPEN_COMMENTS };
  }
  return null;
}

export function isTooLarge(text: string, settings: AnalysisSettings): boolean {
  return degradation(text, settings) !== null;
}

/** True for the model of a document too large to analyse: only the front matter rule runs on it. */
export function isDegraded(model: ReportModel): boolean {
  return model.degraded;
}

/** The front matter block at the start of the text (`---` … `---`), however long: one scan of its lines. */
function frontmatterPrefix(text: string): string {
  const open = FRONTMATTER_OPEN.exec(text.slice(0, 16));
  if (!open) return '';
  let i = open[0].length;
  while (i < text.length) {
    let e = text.indexOf('\n', i);
    if (e < 0) e = text.length;
    const line = text.slice(i, Math.min(e, i + 16)).replace(/\r$/, '');
    if (FRONTMATTER_CLOSE.test(line) && e - i < 16) return text.slice(0, Math.min(e + 1, text.length));
    i = e + 1;
  }
  return '';
}

/**
 * The ATX headings (`# Titre`) outside fenced code, as heading nodes: the section rules still
 * run on a document too complex to parse in full. At most MAX_HEADINGS, titles cut at 200 characters.
 */
function headingNodes(text: string, lineStarts: number[], from: number): RootContent[] {
  const out: RootContent[] = [];
  let fence = '';
  for (let l = 0; l < lineStarts.length && out.length < MAX_HEADINGS; l++) {
    const start = lineStarts[l]!;
    if (start < from) continue;
    let end = l + 1 < lineStarts.length ? lineStarts[l + 1]! : text.length;
    while (end > start && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
    const head = text.slice(start, Math.min(end, start + 8));
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(head);
    if (f) {
      if (!fence) fence = f[1]!;
      else if (f[1]![0] === fence[0] && f[1]!.length >= fence.length) fence = '';
      continue;
    }
    if (fence) continue;
    const m = /^ {0,3}(#{1,6})(?:[ \t]|$)/.exec(head);
    if (!m) continue;
    let title = text.slice(start + m[0].length, Math.min(end, start + m[0].length + 200)).trim();
    let k = title.length;
    while (k > 0 && title[k - 1] === '#') k--;
    if (k === 0 || title[k - 1] === ' ' || title[k - 1] === '\t') title = title.slice(0, k).trim();
    const column = (o: number) => o - start + 1;
    const position = {
      start: { line: l + 1, column: 1, offset: start },
      end: { line: l + 1, column: column(end), offset: end },
    };
    out.push({ type: 'heading', depth: m[1]!.length as 1 | 2 | 3 | 4 | 5 | 6, children: title ? [{ type: 'text', value: title, position }] : [], position });
  }
  return out;
}

/** The rules that still run on a degraded model: they need only the front matter and the headings. */
export const DEGRADED_RULES: ReadonlySet<string> = new Set(['frontmatter', 'section-missing', 'section-order', 'section-duplicate']);

/**
 * The tree of a degraded document (its front matter and its ATX headings) and the one
 * `document-size` finding saying why; model/model.ts builds the degraded model from them.
 */
export function degradedTree(
  text: string,
  lineStarts: number[],
  settings: AnalysisSettings,
  why: Degradation = degradation(text, settings) ?? { reason: 'error', message: 'inconnu' },
): { root: Root; finding: ModelFinding } {
  const prefix = frontmatterPrefix(text);
  const root = parseMarkdown(prefix);
  root.children = root.children.filter((c) => c.type === 'yaml');
  pushAll(root.children, headingNodes(text, lineStarts, prefix.length));
  const last = lineStarts.length - 1;
  root.position = {
    start: { line: 1, column: 1, offset: 0 },
    end: { line: last + 1, column: text.length - lineStarts[last]! + 1, offset: text.length },
  };
  return { root, finding: degradedFinding(text, lineStarts, why) };
}

function degradedFinding(text: string, lineStarts: number[], why: Degradation): ModelFinding<'document-size'> {
  const mb = (n: number) => frDecimal(n / 1_000_000, 1);
  const at = (line: number) => lineRange(text, lineStarts, Math.min(line, lineStarts.length - 1));
  const base = { code: 'document-size' as const, severity: 'info' as const };
  switch (why.reason) {
    case 'size':
      return {
        ...base,
        range: at(0),
        message:
          `Document trop volumineux pour être analysé (${mb(why.size)} millions de caractères, limite ${mb(why.limit)}) : ` +
          "seuls l'en-tête et les titres des sections sont vérifiés. Un rapport de 100 pages en compte environ 0,3 million ; " +
          "vérifie qu'aucune image n'est collée dans le texte (base64) et découpe les très longues annexes en fichiers séparés.",
        data: { reason: 'size', size: why.size, limit: why.limit },
      };
    case 'markers':
      return {
        ...base,
        range: at(why.line),
        message:
          `Ce bloc contient plus de ${frDecimal(why.limit, 3)} caractères de mise en forme (* _ [ ] ( ) \`) sans ligne vide : ` +
          "l'analyse détaillée est suspendue, seuls l'en-tête et les titres des sections sont vérifiés. Sépare ce texte en paragraphes ou mets-le dans un bloc de code (```).",
        data: { reason: 'markers', line: why.line, count: why.count, limit: why.limit },
      };
    case 'nesting':
      return {
        ...base,
        range: at(why.line),
        message:
          `Cette ligne imbrique plus de ${why.limit} niveaux de citations (>) ou de listes : l'analyse détaillée est suspendue, ` +
          "seuls l'en-tête et les titres des sections sont vérifiés. Réduis l'imbrication.",
        data: { reason: 'nesting', line: why.line, limit: why.limit },
      };
    case 'structure': {
      const what: Record<string, string> = {
        blocks: 'paragraphes ou blocs',
        lines: 'lignes (hors blocs de code)',
        headings: 'titres',
        images: 'images',
        comments: 'commentaires « <!-- » non fermés',
        cells: 'cellules de tableau sur une même ligne',
      };
      return {
        ...base,
        range: at(why.line),
        message:
          `Ce document contient plus de ${frDecimal(why.limit, 3)} ${what[why.what] ?? why.what} : ` +
          "l'analyse détaillée est suspendue, seuls l'en-tête et les titres des sections sont vérifiés. " +
          'Cherche un passage collé inhabituel (export, journal de machine) et mets-le dans un bloc de code (```) ou en annexe séparée.',
        data: { reason: 'structure', what: why.what, line: why.line, count: why.count, limit: why.limit },
      };
    }
    default:
      return {
        ...base,
        range: at(0),
        message:
          "Le texte n'a pas pu être analysé en entier (structure trop complexe) : seuls l'en-tête et les titres des sections sont vérifiés. " +
          'Cherche un passage collé inhabituel (très longue ligne de symboles, imbrication profonde).',
        data: { reason: 'error', message: why.message },
      };
  }
}
