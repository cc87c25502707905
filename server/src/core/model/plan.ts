// The report's plan under its profile: each expected section in order (present or missing, its
// pages and budget) and each page group (e.g. CPI "corps" = entreprise + missions + compétences).
// Read by the budget rules, the CodeLens, the status bar breakdown and the "Plan du rapport" view.

import { hasContent } from './content';
import { getField } from './frontmatter';
import { fact } from '../facts';
import { hasGeneratedToc } from './toc';
import { describePageModel } from '../pages/pageModel';
import { estimatePages, outsideBodySections, type PageEstimate } from '../pages/pages';
import type { AnalysisSettings, Profile, ReportModel, Section, Severity } from '../types';
import { minOf } from '../arrays';

export interface PlanSection {
  id: string;
  /** Canonical title of the profile. */
  title: string;
  /** Heading text as written, when present. */
  heading: string | null;
  present: boolean;
  /** 0-based line of the heading (of the front matter for the cover), null when missing. */
  line: number | null;
  /** The section has content of its own (text, figure, table…). */
  hasContent: boolean;
  pages: number | null;
  /** Pages its text fills, estimated even when `pages` is an exact whole-page count (PageEstimate.sectionContent). */
  contentPages: number | null;
  /** Pages occupied, with the blank a following page break leaves (see PageEstimate.sectionOccupied). */
  occupied: number | null;
  /** First page in the export (exact figures only), else null. */
  startPage: number | null;
  min: number | null;
  max: number | null;
  /** Against the budget: `over` (content above max), `under` (see budgetState), `ok`, or `none`. */
  budget: BudgetState;
  /** Severity of `section-missing` when absent; null for an optional section. */
  missing: Severity | null;
  outsideBody: boolean;
  /** Page group the section belongs to, if any. */
  group: string | null;
}

export interface PlanGroup {
  id: string;
  title: string;
  sections: string[];
  pages: number | null;
  occupied: number | null;
  min: number | null;
  max: number | null;
  budget: BudgetState;
  /** Line of the first present member, null when none is present. */
  line: number | null;
  hasContent: boolean;
}

/**
 * A part of the report the profile does not list ("Glossaire", "Bibliographie", an
 * "Introduction" in an SN report): shown "hors plan" with its pages, so that the figures
 * shown add up to the document; never part of the order check.
 */
export interface PlanExtra {
  /** Heading text as written (clean title). */
  heading: string;
  /** 0-based line of the heading. */
  line: number;
  pages: number;
  occupied: number;
  /** Outside the body count (an "Annexes" heading the profile does not list). */
  outsideBody: boolean;
}

export interface ReportPlan {
  bts: string;
  btsName: string;
  body: number;
  document: number;
  limit: number | null;
  sections: PlanSection[];
  groups: PlanGroup[];
  /** Headings outside the profile's sections, in document order ("hors plan"). */
  extras: PlanExtra[];
  /** What "a page" means under the current page model (French). */
  pageModel: string;
  /** The figures are counted on the typeset export (whole pages), not estimated. */
  exact: boolean;
  /**
   * True once the body reaches half the BTS figure (`draftReference`), or, for a BTS that gives
   * none, once every mandatory section is written: before that, short sections are just unfinished.
   */
  drafted: boolean;
  /** That figure: the length of a complete report (`pages.expected`), else the lower bound (`infoBelow`); null without either. */
  draftReference: number | null;
  /**
   * The body against the BTS figure, as page-budget judges it: over above the limit (or above
   * `warnAbove`); under below `infoBelow` once every mandatory section is written.
   */
  bodyBudget: BudgetState;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export type BudgetState = 'over' | 'under' | 'ok' | 'none';

/**
 * One policy for every consumer (section-budget, CodeLens, plan view): over when the content
 * exceeds the maximum; under only when the section has content (an empty one is
 * section-empty's), the report is drafted, and `short` — the figure the minimum is checked
 * against — stays below it. Sections are measured by their content; page groups by the pages
 * their sections occupy (CPI thanks + sommaire, "1 to 2 pages": two short pages, each opened
 * by a level-1 heading, make 2 pages).
 */
export function budgetState(
  pages: number | null,
  short: number | null,
  min: number | null,
  max: number | null,
  hasContent: boolean,
  drafted: boolean,
): BudgetState {
  if (pages === null || (min === null && max === null)) return 'none';
  if (max !== null && pages > max) return 'over';
  if (min !== null && hasContent && drafted && (short ?? pages) < min) return 'under';
  return 'ok';
}

/**
 * The figure a section's budget is judged on: its pages — but for exact figures, a section
 * within one page is measured by the estimate of its text, since a whole-page count cannot
 * judge a budget of a fraction of a page (MM's English summary, 0.3 to 0.7: one page every time,
 * "Resserre" where the estimate said "Développe").
 */
export function budgetFigure(x: Pick<PlanSection, 'pages' | 'contentPages'>, exact: boolean): { pages: number | null; exact: boolean } {
  // `contentPages < 1` too: a third of a page across a page break counts 2 whole pages.
  if (exact && x.pages !== null && x.contentPages !== null && (x.pages <= 1 || x.contentPages < 1)) return { pages: x.contentPages, exact: false };
  return { pages: x.pages, exact };
}

const isFilled = (v: unknown) => v !== undefined && v !== null && (v instanceof Date || String(v).trim() !== '');

function isAncestor(a: Section, b: Section): boolean {
  for (let p = b.parent; p; p = p.parent) if (p === a) return true;
  return false;
}

/** The plan of a report, computed once per model and page model (rules, summary and CodeLens share it). */
export function planOf(model: ReportModel & { profile: Profile }, settings: AnalysisSettings = {}): ReportPlan {
  const estimate = estimatePages(model, settings);
  return fact(model, `plan:${estimate.key}`, () => computePlan(model, estimate));
}

function computePlan(model: ReportModel & { profile: Profile }, estimate: PageEstimate): ReportPlan {
  const profile = model.profile;
  const first = new Map<string, Section>();
  for (const r of model.recognized) if (!first.has(r.id)) first.set(r.id, r.section);
  const groupOf = new Map<string, string>();
  for (const g of profile.groups) for (const id of g.sections) groupOf.set(id, g.id);

  const body = round1(estimate.body);
  // Half a maximum says nothing of a report's length (CPI's 40 pages, MM's 50): the reference is
  // the length the texts give for a complete report, else the lower bound; without either the
  // report is drafted once every mandatory section is written (`written`, below).
  const reference = profile.pages.expected ?? profile.pages.infoBelow ?? null;

  const sections: PlanSection[] = profile.sections.map((spec) => {
    const s = first.get(spec.id);
    const base = {
      id: spec.id,
      title: spec.title,
      min: spec.pages?.min ?? null,
      max: spec.pages?.max ?? null,
      missing: spec.missing ?? null,
      outsideBody: !!spec.outsideBody,
      group: groupOf.get(spec.id) ?? null,
    };
    if (spec.fromFrontmatter) {
      const fm = model.frontmatter;
      const pages = fm ? estimate.cover : null;
      // The cover is written once the header gives every field the profile asks for.
      const filled = !!fm && profile.frontmatter.every((f) => isFilled(getField(fm.data, f.field)));
      return { ...base, heading: null, present: !!fm, line: fm ? fm.range.start.line : null, hasContent: filled, pages, contentPages: pages, occupied: pages, startPage: fm && estimate.exact && estimate.cover ? 1 : null, budget: 'none' as BudgetState };
    }
    if (!s) {
      const toc = spec.role === 'table-of-contents' && hasGeneratedToc(model);
      return { ...base, heading: null, present: toc, line: null, hasContent: toc, pages: null, contentPages: null, occupied: null, startPage: null, budget: 'none' as const };
    }
    const content = hasContent(s.blocks) || (spec.role === 'table-of-contents' && hasGeneratedToc(model));
    const pages = round1(estimate.sectionPages(s));
    const occupied = round1(estimate.sectionOccupied(s));
    return {
      ...base,
      heading: s.heading.text,
      present: true,
      line: s.heading.range.start.line,
      hasContent: content,
      pages,
      contentPages: round1(estimate.sectionContent(s)),
      occupied,
      startPage: estimate.sectionStart(s),
      budget: 'none' as BudgetState,
    };
  });
  // Every mandatory section written (present, with content).
  const written = sections.every((x) => x.missing !== 'error' || (x.present && x.hasContent));
  const drafted = reference === null ? written : body >= reference / 2;
  for (const x of sections) {
    const judged = budgetFigure(x, estimate.exact).pages;
    x.budget = budgetState(judged, judged, x.min, x.max, x.hasContent, drafted);
  }

  const groups: PlanGroup[] = profile.groups.map((g) => {
    const members = g.sections.map((id) => first.get(id)).filter((s): s is Section => !!s);
    const outer = members.filter((s) => !members.some((o) => o !== s && isAncestor(o, s)));
    const lines = members.map((s) => s.heading.range.start.line);
    // A group is measured by the pages its sections occupy (see budgetState).
    const occupied = outer.length > 0 ? round1(outer.reduce((a, s) => a + estimate.sectionOccupied(s), 0)) : null;
    const pages = occupied;
    const content = members.some((s) => hasContent(s.blocks)) || (g.sections.some((id) => profile.sections.find((s) => s.id === id)?.role === 'table-of-contents') && hasGeneratedToc(model));
    return {
      id: g.id,
      title: g.title,
      sections: g.sections,
      pages,
      occupied,
      min: g.min ?? null,
      max: g.max ?? null,
      budget: budgetState(pages, occupied, g.min ?? null, g.max ?? null, content, drafted),
      line: lines.length > 0 ? minOf(lines, 0) : null,
      hasContent: content,
    };
  });

  const { limit, warnAbove, infoBelow } = profile.pages;
  const above = warnAbove ?? limit;
  const bodyBudget: BudgetState =
    above === undefined && infoBelow === undefined
      ? 'none'
      : above !== undefined && body > above
        ? 'over'
        : infoBelow !== undefined && body < infoBelow && written
          ? 'under'
          : 'ok';
  return {
    bts: profile.id,
    btsName: profile.name,
    body,
    document: round1(estimate.document),
    limit: profile.pages.limit ?? null,
    sections,
    groups,
    extras: extrasOf(model, estimate),
    pageModel: describePageModel(estimate.pageModel),
    exact: estimate.exact,
    drafted,
    draftReference: reference,
    bodyBudget,
  };
}

/**
 * The outermost headings that no recognised section covers (nor contains one): the parts of
 * the report outside the profile's plan.
 */
function extrasOf(model: ReportModel & { profile: Profile }, estimate: PageEstimate): PlanExtra[] {
  const spans = model.recognized.map((r) => [r.section.heading.startOffset, r.section.endOffset] as const);
  const covered = (s: Section) => spans.some(([a, b]) => a <= s.heading.startOffset && s.endOffset <= b);
  const holds = (s: Section) => spans.some(([a]) => a > s.heading.startOffset && a < s.endOffset);
  const outside = new Set(outsideBodySections(model));
  const out: PlanExtra[] = [];
  // The cover page made from the front matter, where the profile has no cover section.
  if (estimate.cover > 0 && model.frontmatter && !model.profile.sections.some((s) => s.fromFrontmatter)) {
    out.push({ heading: 'Page de couverture', line: model.frontmatter.range.start.line, pages: estimate.cover, occupied: estimate.cover, outsideBody: false });
  }
  const visit = (s: Section) => {
    if (covered(s)) return;
    if (holds(s)) {
      s.children.forEach(visit);
      return;
    }
    out.push({
      heading: s.heading.text,
      line: s.heading.range.start.line,
      pages: round1(estimate.sectionPages(s)),
      occupied: round1(estimate.sectionOccupied(s)),
      outsideBody: outside.has(s),
    });
  };
  model.sections.forEach(visit);
  return out;
}
