// `page-budget`: the estimated body of the report (hors annexes) against the BTS page limit.
// Above the limit (or above `warnAbove`, "about 20" → 22): the profile's severity. Below
// `infoBelow` (Électrotechnique: 15): info, only once every mandatory section is written —
// a report being drafted is short by nature. The judgement is analysis/plan.ts's `bodyBudget`,
// shared with the status bar and the plan view.

import { documentAnchor } from '../core/model/model';
import { estimatePages } from '../core/pages/pages';
import { planOf } from '../core/model/plan';
import { approx, frNumber } from '../core/text/numbers';
import { defineRule, type FindingDraft, type RelatedInformation } from '../core/types';

export const pageBudgetRule = defineRule({
  code: 'page-budget',
  defaultSeverity: 'warning',
  description: 'Compare le nombre de pages estimé hors annexes à la limite du BTS.',
  check(model, ctx) {
    const { limit, severity, warnAbove, infoBelow } = model.profile.pages;
    if (limit === undefined && infoBelow === undefined) return [];
    const plan = planOf(model, ctx.settings);
    const pages = plan.body;
    const range = documentAnchor(model);
    const name = model.profile.name;
    const out: FindingDraft<'page-budget'>[] = [];
    const longest = (): RelatedInformation[] => {
      const estimate = estimatePages(model, ctx.settings);
      return model.recognized
        .filter((r) => !plan.sections.find((s) => s.id === r.id)?.outsideBody)
        .map((r) => ({ r, p: estimate.sectionPages(r.section) }))
        .sort((a, b) => b.p - a.p)
        .slice(0, 3)
        .map(({ r, p }) => ({ range: r.section.heading.range, message: `« ${r.section.heading.text} » : ${approx(plan.exact)}${frNumber(p, !plan.exact)} p.` }));
    };

    const above = warnAbove ?? limit;
    if (above !== undefined && plan.bodyBudget === 'over') {
      const budget = warnAbove !== undefined && limit !== undefined ? `pour environ ${limit} (${warnAbove} p. au plus)` : `pour ${above} p. au plus`;
      out.push({
        severity: severity ?? 'warning',
        range,
        message: `Rapport trop long : ${approx(plan.exact)}${frNumber(pages, !plan.exact)} p. hors annexes ${budget}. Le ${name} le limite : resserre les parties les plus longues ou déplace des documents en annexe.`,
        data: { pages, limit: limit ?? above },
        related: longest(),
      });
    } else if (infoBelow !== undefined && plan.bodyBudget === 'under') {
      out.push({
        severity: 'info',
        range,
        message: `Rapport court : ${approx(plan.exact)}${frNumber(pages, !plan.exact)} p. hors annexes pour ${limit !== undefined ? `environ ${limit}` : `au moins ${infoBelow}`} attendues. Développe l'analyse de ton travail.`,
        data: { pages, limit: limit ?? infoBelow },
      });
    }
    return out;
  },
});
