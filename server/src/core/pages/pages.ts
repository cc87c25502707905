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

import type { RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { fact } from '../facts';
import { generatedToc, textBesideMarker } from '../model/toc';
import { metricsOf, readPageModel, type FittedConstants, type PageModel } from './pageModel';
import type { AnalysisSettings, ExactPages, ReportModel, Section } from '../types';
import { maxOf } from '../arrays';
import { Flow, keepAfter, type Item } from './flow';
import { blockItems, headingItems, tocItems } from './blocks';
import { linesFor, type Ctx } from './measure';
import { exportLayout, outermostSections, outsideBodySections } from './accounting';

export { parseLength } from './measure';
export { outermostSections, outsideBodySections } from './accounting';

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

// --- the estimate -------------------------------------------------------------------------

/**
 * Items of a block, by node: the incremental parser keeps the node objects of unchanged blocks,
 * so an edit re-measures only the blocks it touched. Not cached: blocks whose items depend on
 * something else than their text (image files, the table of contents).
 */
const itemCache = new WeakMap<RootContent, { key: string; items: Item[]; first?: boolean }>();

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
  // Kept on the model too, under the figures themselves: the same counts give the same estimate.
  const exactKey = JSON.stringify([exact.document, exact.body, exact.cover, exact.sections]);
  return fact(model, `pages:${key}|exact:${exactKey}`, () => overlayExact(model, estimate, exact, exactKey));
}

/** The estimate with the export's figures where the export has them (whole pages). */
function overlayExact(model: ReportModel, estimate: PageEstimate, exact: ExactPages, exactKey: string): PageEstimate {
  const index = new Map<RootContent, number>();
  model.root.children.forEach((c, i) => index.set(c, i));
  const byIndex = new Map(exact.sections.map((s) => [s.index, s]));
  const of = (s: Section) => {
    const i = index.get(s.heading.node);
    return i === undefined ? undefined : byIndex.get(i);
  };
  return {
    ...estimate,
    // Facts computed from an estimate (the plan) are keyed by this: the exact figures are another estimate.
    key: `${estimate.key}|exact:${exactKey}`,
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
  // What the export does to the flow: a page for each annex, "Annexe n :" titles, the sommaire.
  const layout = exportLayout(model);
  const ctx: Ctx = {
    m,
    settings,
    tocEntries: layout.tocEntries,
    frontmatterToc: false,
  };
  const toc = generatedToc(model);
  // `toc: true` without a marker or a Sommaire section: the export puts the sommaire after the cover.
  if (toc.fromFrontmatter && toc.markers.size === 0 && !layout.sommaire) ctx.frontmatterToc = true;
  const flow = new Flow(m.textHeight, m.blockGap);
  const children = model.root.children;
  const blocks: BlockSpan[] = [];
  // Items of every block first, so that a heading can see what follows it.
  const perBlock: Item[][] = [];
  // Page model and fitted constants: the items of a block hold for one key only.
  const metricsKey = key;
  let seenContent = false;
  // One generated sommaire, where the export puts it: after the cover (front matter), under the
  // Sommaire heading, or at the first marker; the hand-written content of a Sommaire section is
  // replaced by it.
  let tocPlaced = ctx.frontmatterToc;
  const sommaireTitle = (): Item[] =>
    headingItems(ctx, { type: 'heading', depth: 1, children: [{ type: 'text', value: 'Sommaire' }] }, m.textWidth, true);
  for (const b of children) {
    let items: Item[];
    if (layout.replaced.has(b)) {
      items = [];
    } else if (toc.markers.has(b)) {
      // The sommaire's entries, and the paragraph's other lines if any (not cached: they depend on the headings).
      items = tocPlaced ? [] : [...sommaireTitle(), ...tocItems(ctx)];
      tocPlaced = true;
      const rest = b.type === 'paragraph' ? textBesideMarker(toString(b)) : '';
      const n = rest.trim() ? linesFor(ctx, rest, m.textWidth) : 0;
      if (n > 0) items = [{ kind: 'lines', n, pitch: m.linePitch, after: pageModel.paragraphSpacingPt, keep: 2, lead: m.lineLead }, ...items];
    } else if (b.type === 'heading') {
      // A heading's items depend on its text, the metrics and whether content came before it.
      const first = !seenContent;
      const special = layout.newPage.has(b) || layout.title.has(b) || layout.sommaire === b;
      const hit = special ? undefined : itemCache.get(b);
      if (hit && hit.key === metricsKey && hit.first === first) items = hit.items;
      else {
        items = headingItems(ctx, b, m.textWidth, first, layout.newPage.has(b), layout.title.get(b));
        if (layout.sommaire === b && !tocPlaced) {
          items = [...items, ...tocItems(ctx)];
          tocPlaced = true;
        }
        if (!special) itemCache.set(b, { key: metricsKey, items, first });
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
      const s = flow.place(it, it.kind === 'heading' ? keepAfter(flat, k + 1, m.blockGap) : 0);
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
const round2 = (n: number) => Math.round(n * 100) / 100;
