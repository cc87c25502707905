// Builds the report model from the text: one parse, then front matter (frontmatter.ts), profile
// (profile.ts), headings and section tree (tree.ts), recognised sections (recognize.ts) and
// inline disable regions (disabled.ts).

import type { Root } from 'mdast';
import { collectDisabledRegions } from './disabled';
import { readFrontmatter } from './frontmatter';
import { decideProfile } from './profile';
import { recognizeSections } from './recognize';
import { buildSectionTree, collectHeadings } from './tree';
import { parseMarkdown } from '../parse/parse';
import { degradedTree, isTooLarge, type Degradation } from '../parse/size';
import { computeLineStarts, lfForLoneCr, lineRange } from '../text/text';
import { DocumentMemo } from '../memo';
import type { AnalysisSettings, ModelFinding, ProfileRegistry, Range, ReportModel } from '../types';

/** What a model is built with besides its text: the previous version's model, the document's memos. */
export interface ModelContext {
  /** The model of the previous version, whose front matter is reused when unchanged. */
  previous?: ReportModel;
  /** The document's content memos (its analyzer's); a new, empty one by default. */
  memo?: DocumentMemo;
}

export function buildModel(source: string, settings: AnalysisSettings, registry: ProfileRegistry, context: ModelContext = {}): ReportModel {
  const text = lfForLoneCr(source);
  const lineStarts = computeLineStarts(text);
  if (isTooLarge(text, settings)) return degradedModel(text, lineStarts, settings, registry, context);
  try {
    return buildModelFromTree(text, lineStarts, parseMarkdown(text), settings, registry, context);
  } catch (e) {
    // Stack overflow or worse in the parser on text the size checks let through.
    return degradedModel(text, lineStarts, settings, registry, context, { reason: 'error', message: String((e as Error)?.message ?? e) });
  }
}

/** A document too large or too complex to parse: its front matter and headings only (parse/size.ts). */
function degradedModel(text: string, lineStarts: number[], settings: AnalysisSettings, registry: ProfileRegistry, context: ModelContext, why?: Degradation): ReportModel {
  const { root, finding } = degradedTree(text, lineStarts, settings, why);
  const model = buildModelFromTree(text, lineStarts, root, settings, registry, context);
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
  context: ModelContext = {},
): ReportModel {
  const memo = context.memo ?? new DocumentMemo();
  const frontmatter = readFrontmatter(root, text, lineStarts, context.previous);
  const modelFindings: ModelFinding[] = [];
  const { profile, btsSource } = decideProfile(text, lineStarts, frontmatter, settings, registry, modelFindings);
  const headings = collectHeadings(root, lineStarts, text.length);
  const sections = buildSectionTree(root, headings, lineStarts, text.length);
  const recognized = profile ? recognizeSections(sections, profile, memo) : [];
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
    memo,
  };
}

/** First line of the document a report-level finding can point at (front matter or line 0). */
export function documentAnchor(model: ReportModel): Range {
  if (model.frontmatter) {
    return lineRange(model.text, model.lineStarts, model.frontmatter.range.start.line);
  }
  return lineRange(model.text, model.lineStarts, 0);
}
