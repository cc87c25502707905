// The report's plan under its profile: each expected section in order (present or missing, its
// pages and budget) and each page group (e.g. CPI "corps" = entreprise + missions + compétences).
// Read by the budget rules, the CodeLens, the status bar breakdown and the "Plan du rapport" view.

import { hasContent } from '../rules/section-empty';
import { hasGeneratedToc } from '../rules/sections';
import { describePageModel } from './pageModel';
import { estimatePages } from './pages';
import type { AnalysisSettings, Profile, ReportModel, Section, Severity } from './types';

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
  min: number | null;
  max: number | null;
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
  min: number | null;
  max: number | null;
  /** Line of the first present member, null when none is present. */
  line: number | null;
  hasContent: boolean;
}

export interface ReportPlan {
  bts: string;
  btsName: string;
  body: number;
  document: number;
  limit: number | null;
  sections: PlanSection[];
  groups: PlanGroup[];
  /** What "a page" means under the current page model (French). */
  pageModel: string;
  /** True once the body reaches half the BTS figure: below that, short sections are just unfinished. */
  drafted: boolean;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function isAncestor(a: Section, b: Section): boolean {
  for (let p = b.parent; p; p = p.parent) if (p === a) return true;
  return false;
}

export function planOf(model: ReportModel & { profile: Profile }, settings: AnalysisSettings = {}): ReportPlan {
  const profile = model.profile;
  const estimate = estimatePages(model, settings);
  const first = new Map<string, Section>();
  for (const r of model.recognized) if (!first.has(r.id)) first.set(r.id, r.section);
  const groupOf = new Map<string, string>();
  for (const g of profile.groups) for (const id of g.sections) groupOf.set(id, g.id);

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
      return { ...base, heading: null, present: !!fm, line: fm ? fm.range.start.line : null, hasContent: !!fm, pages: fm ? estimate.cover : null };
    }
    if (!s) {
      const toc = spec.id === 'sommaire' && hasGeneratedToc(model);
      return { ...base, heading: null, present: toc, line: null, hasContent: toc, pages: null };
    }
    const content = hasContent(s.blocks) || (spec.id === 'sommaire' && hasGeneratedToc(model));
    return {
      ...base,
      heading: s.heading.text,
      present: true,
      line: s.heading.range.start.line,
      hasContent: content,
      pages: round1(estimate.sectionPages(s)),
    };
  });

  const groups: PlanGroup[] = profile.groups.map((g) => {
    const members = g.sections.map((id) => first.get(id)).filter((s): s is Section => !!s);
    const outer = members.filter((s) => !members.some((o) => o !== s && isAncestor(o, s)));
    const lines = members.map((s) => s.heading.range.start.line);
    return {
      id: g.id,
      title: g.title,
      sections: g.sections,
      pages: outer.length > 0 ? round1(outer.reduce((a, s) => a + estimate.sectionPages(s), 0)) : null,
      min: g.min ?? null,
      max: g.max ?? null,
      line: lines.length > 0 ? Math.min(...lines) : null,
      hasContent: members.some((s) => hasContent(s.blocks)) || (g.sections.includes('sommaire') && hasGeneratedToc(model)),
    };
  });

  const body = round1(estimate.body);
  const reference = profile.pages.infoBelow ?? profile.pages.limit;
  return {
    bts: profile.id,
    btsName: profile.name,
    body,
    document: round1(estimate.document),
    limit: profile.pages.limit ?? null,
    sections,
    groups,
    pageModel: describePageModel(estimate.pageModel),
    drafted: reference === undefined ? true : body >= reference / 2,
  };
}

/** French number with a decimal comma: 43.5 → "43,5"; `fixed` keeps one decimal (2 → "2,0"). */
export function frNumber(n: number, fixed = false): string {
  return n.toLocaleString('fr-FR', { minimumFractionDigits: fixed ? 1 : 0, maximumFractionDigits: fixed ? 1 : 2 });
}

/** "1 à 2", "4 au plus", "au moins 15", or "" when there is no budget. */
export function frBudget(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return `${frNumber(min)} à ${frNumber(max)}`;
  if (max !== null) return `${frNumber(max)} au plus`;
  if (min !== null) return `au moins ${frNumber(min)}`;
  return '';
}
