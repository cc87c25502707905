// Builds the report model from the text: one parse, then front matter, profile,
// headings, section tree, recognised sections and inline disable regions.

import type { Heading, Html, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { FIELDS } from './fields';
import { getField, readFrontmatter } from './frontmatter';
import { memoByNode } from '../memo';
import { normalizeHeading, normalizeValue } from '../text/normalize';
import { cleanHeadingText } from '../text/pandoc';
import { recognizeSections } from './recognize';
import { parseMarkdown } from '../parse/parse';
import { degradedTree, isTooLarge, type Degradation } from '../parse/size';
import { computeLineStarts, lfForLoneCr, lineRange, rangeOf } from '../text/text';
import { FRONTMATTER_CLOSE_ANY_LINE, FRONTMATTER_OPEN } from '../text/fence';
import type {
  AnalysisSettings,
  DisabledRegion,
  ModelFinding,
  FrontmatterInfo,
  HeadingInfo,
  Profile,
  ProfileRegistry,
  Range,
  ReportModel,
  Section,
} from '../types';

export function buildModel(source: string, settings: AnalysisSettings, registry: ProfileRegistry): ReportModel {
  const text = lfForLoneCr(source);
  const lineStarts = computeLineStarts(text);
  if (isTooLarge(text, settings)) return degradedModel(text, lineStarts, settings, registry);
  try {
    return buildModelFromTree(text, lineStarts, parseMarkdown(text), settings, registry);
  } catch (e) {
    // Stack overflow or worse in the parser on text the size checks let through.
    return degradedModel(text, lineStarts, settings, registry, { reason: 'error', message: String((e as Error)?.message ?? e) });
  }
}

/** A document too large or too complex to parse: its front matter and headings only (parse/size.ts). */
function degradedModel(text: string, lineStarts: number[], settings: AnalysisSettings, registry: ProfileRegistry, why?: Degradation): ReportModel {
  const { root, finding } = degradedTree(text, lineStarts, settings, why);
  const model = buildModelFromTree(text, lineStarts, root, settings, registry);
  model.degraded = true;
  model.modelFindings.push(finding);
  return model;
}

/** The model of a text already parsed (full parse, or the incremental path of parse/incremental.ts). */
export function buildModelFromTree(
  text: string,
  lineStarts: number[],
  root: Root,
  settings: AnalysisSettings,
  registry: ProfileRegistry,
  /** The model of the previous version, whose front matter is reused when unchanged. */
  previous?: ReportModel,
): ReportModel {
  const frontmatter = readFrontmatter(root, text, lineStarts, previous);
  const modelFindings: ModelFinding[] = [];
  const { profile, btsSource } = decideProfile(text, lineStarts, frontmatter, settings, registry, modelFindings);
  const headings = collectHeadings(root, lineStarts, text.length);
  const sections = buildSectionTree(root, headings, lineStarts, text.length);
  const recognized = profile ? recognizeSections(sections, profile) : [];
  return {
    text,
    lineStarts,
    root,
    frontmatter,
    profile,
    btsSource,
    headings,
    sections,
    recognized,
    disabled: collectDisabledRegions(root),
    modelFindings,
    degraded: false,
    facts: new Map(),
  };
}

// --- profile -----------------------------------------------------------------

const BTS_LINE = /^bts\s*:/m;

function decideProfile(
  text: string,
  lineStarts: number[],
  fm: FrontmatterInfo | null,
  settings: AnalysisSettings,
  registry: ProfileRegistry,
  out: ModelFinding[],
): { profile: Profile | null; btsSource: ReportModel['btsSource'] } {
  const fallback = settings.bts ? registry.resolve(settings.bts) ?? null : null;
  const accepted = registry.ids().join(', ');

  if (!fm) {
    const unclosed = unclosedFrontmatter(text);
    if (unclosed !== null || fallback) {
      if (unclosed !== null) {
        out.push({
          code: 'frontmatter',
          severity: 'error',
          range: lineRange(text, lineStarts, 0),
          message:
            "L'en-tête YAML n'est pas fermé : ajoute une ligne « --- » après le dernier champ (par exemple après « " +
            unclosed +
            " »).",
          data: { field: 'frontmatter' },
        });
      }
      return fallback ? { profile: fallback, btsSource: 'setting' } : { profile: null, btsSource: 'none' };
    }
    return { profile: null, btsSource: 'none' };
  }

  const looksLikeReport = BTS_LINE.test(text.slice(0, offsetOfRangeEnd(fm.range, lineStarts, text.length)));
  if (fm.errors.length > 0) {
    if (!looksLikeReport && !fallback) return { profile: null, btsSource: 'none' };
    for (const e of fm.errors) {
      out.push({
        code: 'frontmatter',
        severity: 'error',
        range: e.range,
        message: `En-tête YAML invalide. ${e.message.charAt(0).toUpperCase()}${e.message.slice(1)} Corrige la syntaxe (une ligne « champ: valeur » par champ, deux espaces pour les sous-champs).`,
        data: { field: 'yaml' },
      });
    }
    return fallback ? { profile: fallback, btsSource: 'setting' } : { profile: null, btsSource: 'none' };
  }

  const bts = getField(fm.data, FIELDS.bts);
  if (bts === undefined || bts === null || bts === '') {
    return fallback ? { profile: fallback, btsSource: 'setting' } : { profile: null, btsSource: 'none' };
  }
  const range = fm.keyLines.get('bts') ?? fm.range;
  if (typeof bts !== 'string') {
    out.push({
      code: 'frontmatter',
      severity: 'error',
      range,
      message: `Le champ « bts » doit être un texte. Valeurs acceptées : ${accepted}.`,
      data: { field: 'bts' },
    });
    return fallback ? { profile: fallback, btsSource: 'setting' } : { profile: null, btsSource: 'none' };
  }
  const profile = registry.resolve(bts);
  if (!profile) {
    out.push({
      code: 'frontmatter',
      severity: 'error',
      range,
      message: `BTS inconnu : « ${bts} ». Valeurs acceptées : ${accepted} (ou le nom complet du BTS).`,
      data: { field: 'bts', value: bts, accepted: registry.ids() },
      fixes: suggestBts(bts, registry).map((id) => ({
        title: `Remplacer par « bts: ${id} »`,
        edits: [{ range, newText: `bts: ${id}` }],
      })),
    });
    return fallback ? { profile: fallback, btsSource: 'setting' } : { profile: null, btsSource: 'none' };
  }
  return { profile, btsSource: 'frontmatter' };
}

function offsetOfRangeEnd(r: Range, lineStarts: number[], len: number): number {
  return Math.min((lineStarts[r.end.line] ?? len) + r.end.character, len);
}

/** A document that opens with `---` and a `bts:` line but never closes its front matter. */
function unclosedFrontmatter(text: string): string | null {
  const m = FRONTMATTER_OPEN.exec(text);
  if (!m) return null;
  const head = text.slice(m[0].length, m[0].length + 4000);
  if (FRONTMATTER_CLOSE_ANY_LINE.test(head)) return null;
  const lines = head.split(/\r?\n/);
  if (!lines.some((l) => BTS_LINE.test(l))) return null;
  let last = 'bts';
  for (const l of lines) {
    const k = /^([A-Za-z_][\w-]*)\s*:/.exec(l);
    if (k) last = k[1]!;
    else if (l.trim() === '' || l.startsWith('#')) break;
  }
  return last;
}

function suggestBts(value: string, registry: ProfileRegistry): string[] {
  const v = normalizeValue(value);
  const hits = registry.ids().filter((id) => {
    const p = registry.profiles.get(id)!;
    return p.aliases.some((a) => {
      const n = normalizeValue(a);
      return n.length > 1 && (n.includes(v) || v.includes(n) || editDistance(n, v) <= 2);
    });
  });
  return hits.slice(0, 3);
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}


// --- headings and sections -----------------------------------------------------

/** Text and normalised text of a heading, cached per node (unchanged blocks keep their node). */
const headingTextOf = memoByNode((node: Heading) => {
  // The clean title (Word-converted headings lose their pandoc attributes and anchors), whitespace
  // runs as one space first so that the heading patterns (parts, numbering) stay linear.
  const text = cleanHeadingText(toString(node).replace(/\s{2,}/g, ' '));
  return { text, normalized: normalizeHeading(text) };
});

function collectHeadings(root: Root, lineStarts: number[], len: number): HeadingInfo[] {
  const out: HeadingInfo[] = [];
  for (const node of root.children) {
    if (node.type !== 'heading' || !node.position) continue;
    const startOffset = node.position.start.offset ?? 0;
    const endOffset = Math.min(node.position.end.offset ?? startOffset, len);
    const { text, normalized } = headingTextOf(node);
    out.push({
      node: node as Heading,
      depth: node.depth,
      text,
      normalized,
      range: rangeOf(lineStarts, startOffset, endOffset),
      startOffset,
      endOffset,
    });
  }
  return out;
}

function buildSectionTree(root: Root, headings: HeadingInfo[], lineStarts: number[], len: number): Section[] {
  const byNode = new Map<RootContent, HeadingInfo>(headings.map((h) => [h.node, h]));
  const top: Section[] = [];
  const stack: Section[] = [];
  const close = (s: Section, end: number) => {
    s.endOffset = end;
    s.range = rangeOf(lineStarts, s.heading.startOffset, end);
  };
  for (const node of root.children) {
    const h = byNode.get(node);
    if (h) {
      while (stack.length > 0 && stack[stack.length - 1]!.heading.depth >= h.depth) {
        close(stack.pop()!, h.startOffset);
      }
      const parent = stack[stack.length - 1];
      const s: Section = { heading: h, endOffset: len, range: h.range, blocks: [], children: [] };
      if (parent) {
        s.parent = parent;
        parent.children.push(s);
      } else {
        top.push(s);
      }
      for (const anc of stack) anc.blocks.push(node);
      stack.push(s);
    } else {
      for (const anc of stack) anc.blocks.push(node);
    }
  }
  for (const s of stack) close(s, len);
  return top;
}

// --- inline disabling ------------------------------------------------------------

const DIRECTIVE = /<!--\s*rapport-(disable|enable)((?:\s+[a-z][a-z-]*)*)\s*-->/g;

function collectDisabledRegions(root: Root): DisabledRegion[] {
  const regions: DisabledRegion[] = [];
  const open: DisabledRegion[] = [];
  for (const node of root.children.flatMap(htmlNodesOf)) {
    const line = (node.position?.start.line ?? 1) - 1;
    for (const m of node.value.matchAll(DIRECTIVE)) {
      const codes = (m[2] ?? '').trim().split(/\s+/).filter(Boolean);
      if (m[1] === 'disable') {
        const r: DisabledRegion = { codes, startLine: line, endLine: Infinity };
        regions.push(r);
        open.push(r);
      } else {
        for (let i = open.length - 1; i >= 0; i--) {
          const r = open[i]!;
          if (codes.length === 0 || r.codes.length === 0 || r.codes.some((c) => codes.includes(c))) {
            r.endLine = line;
            open.splice(i, 1);
          }
        }
      }
    }
  }
  return regions;
}

/**
 * HTML nodes of a top-level block, in document order. Cached per node object: the incremental
 * parser keeps the objects of unchanged blocks (positions are read at use, moved in place).
 */
const htmlNodesOf = memoByNode((top: RootContent): Html[] => {
  const out: Html[] = [];
  const stack: RootContent[] = [top];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'html') out.push(node);
    const children = (node as { children?: RootContent[] }).children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return out;
});

export function isDisabled(model: ReportModel, code: string, line: number): boolean {
  return model.disabled.some(
    (r) => line >= r.startLine && line < r.endLine && (r.codes.length === 0 || r.codes.includes(code)),
  );
}

/** First line of the document a report-level finding can point at (front matter or line 0). */
export function documentAnchor(model: ReportModel): Range {
  if (model.frontmatter) {
    return lineRange(model.text, model.lineStarts, model.frontmatter.range.start.line);
  }
  return lineRange(model.text, model.lineStarts, 0);
}
