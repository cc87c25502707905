// `section-empty`: a recognised section with no text of its own or in its subsections
// (HTML comments — the templates' guidance — do not count). Sections outside the body (annexes,
// English documents) whose content is only sub-headings ("## Annexe 1 : plan") are not empty.

import { hasContent } from '../core/model/content';
import { hasGeneratedToc } from '../core/model/toc';
import { idWithRole } from '../core/model/roles';
import type { Finding, Rule } from '../core/types';

export const sectionEmptyRule: Rule = {
  code: 'section-empty',
  defaultSeverity: 'warning',
  description: 'Signale une section reconnue qui ne contient encore aucun texte.',
  check(model) {
    const out: Finding[] = [];
    const toc = idWithRole(model.profile, 'table-of-contents');
    for (const r of model.recognized) {
      if (r.id === toc && hasGeneratedToc(model)) continue;
      if (hasContent(r.section.blocks)) continue;
      const spec = model.profile.sections.find((s) => s.id === r.id)!;
      // Annexes and English documents list what is attached: sub-headings alone are content.
      if (spec.outsideBody && r.section.children.length > 0) continue;
      out.push({
        code: 'section-empty', severity: 'warning', range: r.section.heading.range,
        message: `La section « ${spec.title} » est vide : rédige son contenu ou supprime le titre.`,
        data: { section: r.id },
      });
    }
    return out;
  },
};
