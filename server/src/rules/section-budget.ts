// `section-budget`: a section or a page group outside the page budget of its profile
// (e.g. CPI introduction 1–2 pages, corps 15–25, conclusion 2–3; MM cadre juridique 2–4,
// QSSE ≤ 4, résumé en anglais 0,3–0,7).
//
// Too long: always reported (severity of the budget, warning by default).
// Too short: reported (info by default) only when the section has content — an empty one is
// `section-empty`'s business — and once the report is drafted (body at least half the BTS
// figure: while a report is being written, every section is "too short"). A page group is
// short when the pages its sections occupy (blank left by a page break included) are.
// The policy is analysis/plan.ts's budgetState, shared with the CodeLens and the plan view.

import { budgetFigure, planOf, type BudgetState } from '../core/model/plan';
import { approx, frBudget, frNumber } from '../core/text/numbers';
import { defineRule, type Finding, type FindingDraft, type Severity } from '../core/types';
import { firstOccurrences } from '../core/model/sections';

export const sectionBudgetRule = defineRule({
  code: 'section-budget',
  defaultSeverity: 'warning',
  description: 'Compare les pages estimées de chaque section (ou groupe de sections) à son budget.',
  check(model, ctx) {
    const plan = planOf(model, ctx.settings);
    const first = firstOccurrences(model);
    const out: FindingDraft<'section-budget'>[] = [];
    const check = (
      id: string,
      label: string,
      item: { pages: number | null; min: number | null; max: number | null; budget: BudgetState },
      severity: Severity | undefined,
      range: Finding['range'] | undefined,
      members = '',
      exact = plan.exact,
    ) => {
      const { pages, min, max } = item;
      if (pages === null || !range || (item.budget !== 'over' && item.budget !== 'under')) return;
      const budget = frBudget(min, max);
      const data = { section: id, pages, min, max };
      if (item.budget === 'over') {
        out.push({
          severity: severity ?? 'warning',
          range,
          message: `${label} : ${approx(exact)}${frNumber(pages, !exact)} p. pour ${budget} attendues. Resserre cette partie (ou déplace des documents en annexe).${members}`,
          data,
        });
      } else {
        out.push({
          severity: severity ?? 'info',
          range,
          message: `${label} : ${approx(exact)}${frNumber(pages, !exact)} p. pour ${budget} attendues. Développe cette partie.${members}`,
          data,
        });
      }
    };
    for (const s of plan.sections) {
      const spec = model.profile.sections.find((x) => x.id === s.id)!;
      if (spec.fromFrontmatter || !spec.pages) continue;
      const r = first.get(s.id);
      const judged = budgetFigure(s, plan.exact);
      check(s.id, `Section « ${spec.title} »`, { ...s, pages: judged.pages }, spec.pages.severity, r?.section.heading.range, '', judged.exact);
    }
    for (const g of plan.groups) {
      const spec = model.profile.groups.find((x) => x.id === g.id)!;
      const firstMember = g.sections.map((id) => first.get(id)).find((r) => !!r);
      // The sections of the group after the figures: the first sentence stays short (Problems panel).
      const members = ` Sections comptées : ${g.sections.map((id) => model.profile.sections.find((x) => x.id === id)?.title ?? id).join(', ')}.`;
      check(g.id, g.title, g, spec.severity, firstMember?.section.heading.range, members);
    }
    return out;
  },
});
