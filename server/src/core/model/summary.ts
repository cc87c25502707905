// The per-file summary shared by the CLI JSON output and the editor views:
// recognised sections with their heading line, and the page figures (analysis/pages.ts).
// Contract (docs/contracts.md): `pages.body`, `pages.limit`, `pages.document`, and
// `pages.sections[]` = { id, title, line (0-based heading line), pages, min, max }.

import { estimatePages } from '../pages/pages';
import type { AnalysisSettings, Profile, ReportModel } from '../types';
import { planOf } from './plan';

export interface SectionSummary {
  id: string;
  title: string;
  line: number;
  pages: number | null;
  min: number | null;
  max: number | null;
  /** First page in the export (1-based, the cover is page 1): with exact figures only. */
  startPage?: number;
}

export interface PagesSummary {
  body: number | null;
  limit: number | null;
  document: number | null;
  /** Counted on the typeset export (`check --exact`, the editor after a pause), not estimated. */
  exact: boolean;
  sections: SectionSummary[];
  /** Headings the profile does not list ("hors plan"), with their pages: { title, line, pages }. */
  extras: { title: string; line: number; pages: number }[];
}

/** Page figures are shown with one decimal. */
export const round1 = (n: number) => Math.round(n * 10) / 10;

export function summarizePages(model: ReportModel, settings: AnalysisSettings = {}): PagesSummary {
  const profile = model.profile;
  if (!profile) return { body: null, limit: null, document: null, exact: false, sections: [], extras: [] };
  const estimate = estimatePages(model, settings);
  const sections: SectionSummary[] = [];
  for (const spec of profile.sections) {
    if (spec.fromFrontmatter && model.frontmatter) {
      sections.push({
        id: spec.id,
        title: spec.title,
        line: model.frontmatter.range.start.line,
        pages: estimate.cover,
        min: spec.pages?.min ?? null,
        max: spec.pages?.max ?? null,
        ...(estimate.exact && estimate.cover ? { startPage: 1 } : {}),
      });
    }
  }
  for (const r of model.recognized) {
    const spec = profile.sections.find((s) => s.id === r.id);
    sections.push({
      id: r.id,
      title: r.section.heading.text,
      line: r.section.heading.range.start.line,
      pages: round1(estimate.sectionPages(r.section)),
      min: spec?.pages?.min ?? null,
      max: spec?.pages?.max ?? null,
    });
    const start = estimate.sectionStart(r.section);
    if (estimate.exact && start !== null) sections[sections.length - 1]!.startPage = start;
  }
  return {
    body: round1(estimate.body),
    limit: profile.pages.limit ?? null,
    document: round1(estimate.document),
    exact: estimate.exact,
    sections,
    extras: planOf(model as ReportModel & { profile: Profile }, settings).extras.map((x) => ({ title: x.heading, line: x.line, pages: x.pages })),
  };
}
