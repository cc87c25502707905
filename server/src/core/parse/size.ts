// Documents too large to analyse in full (a base64 image pasted into the text, a log dump…):
// the front matter is still read, the rules are skipped, and one `document-size` info says why.
//
// The same degraded answer covers text the Markdown parser handles in more than linear time
// or with deep recursion, which no report contains but a paste can: a block with thousands of
// emphasis or link markers (micromark's attention and label resolution are quadratic there),
// or a line nesting quotes and lists a hundred levels deep (stack overflow).

import { buildModelFromTree } from '../model/model';
import { parseMarkdown } from './parse';
import { lineRange } from '../text/text';
import type { AnalysisSettings, Finding, ProfileRegistry, ReportModel } from '../types';

/**
 * Above this many characters (UTF-16 units) the document is not parsed. A 100-page report is
 * about 0.3 million; one million takes one to four seconds to parse on a small, busy machine.
 */
export const DEFAULT_MAX_DOCUMENT_SIZE = 1_000_000;

export function maxDocumentSize(settings: AnalysisSettings): number {
  const v = settings.maxDocumentSize;
  return typeof v === 'number' && v > 0 ? v : DEFAULT_MAX_DOCUMENT_SIZE;
}

/** Markers `* _ [ ] ( )` allowed in one block (text between blank lines). */
export const MAX_BLOCK_MARKERS = 3000;
/** Quote and list levels allowed on one line. */
export const MAX_NESTING = 64;

export type Degradation =
  | { reason: 'size'; size: number; limit: number }
  | { reason: 'markers'; line: number; count: number; limit: number }
  | { reason: 'nesting'; line: number; limit: number }
  | { reason: 'error'; message: string };

/** Why the text cannot be parsed in reasonable time and memory, or null. One linear pass. */
export function degradation(text: string, settings: AnalysisSettings): Degradation | null {
  const limit = maxDocumentSize(settings);
  if (text.length > limit) return { reason: 'size', size: text.length, limit };
  let line = 0;
  let blockLine = 0;
  let markers = 0;
  let lineStart = true;
  let blank = true;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (blank) {
        markers = 0;
        blockLine = line + 1;
      }
      line++;
      lineStart = true;
      blank = true;
      depth = 0;
      continue;
    }
    if (c !== 32 && c !== 9) blank = false;
    if (lineStart) {
      // Container prefix: `>` and list markers (`-`, `*`, `+`, `1.`, `1)`) followed by a space.
      if (c === 62 /* > */) depth++;
      else if ((c === 45 || c === 42 || c === 43) && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)) depth++;
      else if (c >= 48 && c <= 57) {
        let j = i;
        while (j < text.length && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        const d = text.charCodeAt(j);
        if ((d === 46 || d === 41) && (text.charCodeAt(j + 1) === 32 || text.charCodeAt(j + 1) === 9)) {
          depth++;
          i = j;
        } else lineStart = false;
      } else if (c !== 32 && c !== 9) lineStart = false;
      if (depth > MAX_NESTING) return { reason: 'nesting', line, limit: MAX_NESTING };
    }
    if (c === 42 || c === 95 || c === 91 || c === 93 || c === 40 || c === 41) {
      if (++markers > MAX_BLOCK_MARKERS) return { reason: 'markers', line: blockLine, count: markers, limit: MAX_BLOCK_MARKERS };
    }
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

/** The front matter block at the start of the text (`---` … `---`), looked for in the first 64 KB. */
function frontmatterPrefix(text: string): string {
  const head = text.slice(0, 65536);
  const open = /^\uFEFF?---[ \t]*\r?\n/.exec(head);
  if (!open) return '';
  const close = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;
  const rest = head.slice(open[0].length);
  const m = close.exec(rest);
  return m ? head.slice(0, open[0].length + m.index + m[0].length) : '';
}

export function buildDegradedModel(
  text: string,
  lineStarts: number[],
  settings: AnalysisSettings,
  registry: ProfileRegistry,
  why: Degradation = degradation(text, settings) ?? { reason: 'error', message: 'inconnu' },
): ReportModel {
  const root = parseMarkdown(frontmatterPrefix(text));
  root.children = root.children.filter((c) => c.type === 'yaml');
  const last = lineStarts.length - 1;
  root.position = {
    start: { line: 1, column: 1, offset: 0 },
    end: { line: last + 1, column: text.length - lineStarts[last]! + 1, offset: text.length },
  };
  const model = buildModelFromTree(text, lineStarts, root, settings, registry);
  model.degraded = true;
  model.modelFindings.push(degradedFinding(text, lineStarts, why));
  return model;
}

function degradedFinding(text: string, lineStarts: number[], why: Degradation): Finding {
  const mb = (n: number) => (n / 1_000_000).toLocaleString('fr-FR', { maximumFractionDigits: 1 });
  const at = (line: number) => lineRange(text, lineStarts, Math.min(line, lineStarts.length - 1));
  const base = { code: 'document-size', severity: 'info' as const };
  switch (why.reason) {
    case 'size':
      return {
        ...base,
        range: at(0),
        message:
          `Document trop volumineux pour être analysé (${mb(why.size)} millions de caractères, limite ${mb(why.limit)}) : ` +
          "seul l'en-tête est vérifié. Un rapport de 100 pages en compte environ 0,3 million ; " +
          "vérifie qu'aucune image n'est collée dans le texte (base64) et découpe les très longues annexes en fichiers séparés.",
        data: { reason: 'size', size: why.size, limit: why.limit },
      };
    case 'markers':
      return {
        ...base,
        range: at(why.line),
        message:
          `Ce bloc contient plus de ${why.limit.toLocaleString('fr-FR')} caractères de mise en forme (* _ [ ] ( )) sans ligne vide : ` +
          "l'analyse du rapport est suspendue, seul l'en-tête est vérifié. Sépare ce texte en paragraphes ou mets-le dans un bloc de code (```).",
        data: { reason: 'markers', line: why.line, count: why.count, limit: why.limit },
      };
    case 'nesting':
      return {
        ...base,
        range: at(why.line),
        message:
          `Cette ligne imbrique plus de ${why.limit} niveaux de citations (>) ou de listes : l'analyse du rapport est suspendue, ` +
          "seul l'en-tête est vérifié. Réduis l'imbrication.",
        data: { reason: 'nesting', line: why.line, limit: why.limit },
      };
    default:
      return {
        ...base,
        range: at(0),
        message:
          "Le texte n'a pas pu être analysé en entier (structure trop complexe) : seul l'en-tête est vérifié. " +
          'Cherche un passage collé inhabituel (très longue ligne de symboles, imbrication profonde).',
        data: { reason: 'error', message: why.message },
      };
  }
}
