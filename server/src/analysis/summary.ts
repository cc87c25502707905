// The per-file summary shared by the CLI JSON output and the editor views:
// recognised sections with their heading line, and the page figures.
// Page figures stay null until a page estimator is plugged in (see pages.ts when present).

import type { ReportModel } from './types';

export interface SectionSummary {
  id: string;
  title: string;
  line: number;
  pages: number | null;
  min: number | null;
  max: number | null;
}

export interface PagesSummary {
  body: number | null;
  limit: number | null;
  document: number | null;
  sections: SectionSummary[];
}

export function summarizePages(model: ReportModel): PagesSummary {
  const profile = model.profile;
  const sections: SectionSummary[] = [];
  if (profile) {
    for (const spec of profile.sections) {
      if (spec.fromFrontmatter && model.frontmatter) {
        sections.push({ id: spec.id, title: spec.title, line: model.frontmatter.range.start.line, pages: null, min: spec.pages?.min ?? null, max: spec.pages?.max ?? null });
      }
    }
    for (const r of model.recognized) {
      const spec = profile.sections.find((s) => s.id === r.id);
      sections.push({
        id: r.id,
        title: r.section.heading.text,
        line: r.section.heading.range.start.line,
        pages: null,
        min: spec?.pages?.min ?? null,
        max: spec?.pages?.max ?? null,
      });
    }
  }
  return { body: null, limit: profile?.pages.limit ?? null, document: null, sections };
}
