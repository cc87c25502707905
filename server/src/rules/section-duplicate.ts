// `section-duplicate`: a mandatory section written twice; related information points at the first.

import { defineRule, type FindingDraft, type ReportModel } from '../core/types';

export const sectionDuplicateRule = defineRule({
  code: 'section-duplicate',
  defaultSeverity: 'warning',
  description: 'Signale une section obligatoire présente deux fois.',
  check(model) {
    const seen = new Map<string, ReportModel['recognized'][number]>();
    const out: FindingDraft<'section-duplicate'>[] = [];
    for (const r of model.recognized) {
      const first = seen.get(r.id);
      if (!first) {
        seen.set(r.id, r);
        continue;
      }
      const spec = model.profile.sections.find((s) => s.id === r.id)!;
      out.push({
        range: r.section.heading.range,
        message: `La section « ${spec.title} » apparaît deux fois. Regroupe-les en une seule (première occurrence ligne ${first.section.heading.range.start.line + 1}).`,
        data: { section: r.id },
        related: [{ range: first.section.heading.range, message: `Première section « ${spec.title} »` }],
      });
    }
    return out;
  },
});
