// `section-empty`: a recognised section with no text of its own or in its subsections, shown as
// information "à rédiger" (a fresh template is not a wall of warnings). HTML comments — the
// templates' guidance — and placeholders ("…", "**Contexte.** …") do not count as text.
// Sections outside the body (annexes, English documents) whose content is only sub-headings
// ("## Annexe 1 : plan") are not empty.

import { hasContent } from '../core/model/content';
import { hasGeneratedToc } from '../core/model/toc';
import { idWithRole } from '../core/model/roles';
import { defineRule, type FindingDraft } from '../core/types';

export const sectionEmptyRule = defineRule({
  code: 'section-empty',
  defaultSeverity: 'info',
  description: 'Signale une section reconnue qui reste à rédiger (aucun texte encore).',
  check(model) {
    const out: FindingDraft<'section-empty'>[] = [];
    const toc = idWithRole(model.profile, 'table-of-contents');
    for (const r of model.recognized) {
      if (r.id === toc && hasGeneratedToc(model)) continue;
      if (hasContent(r.section.blocks)) continue;
      const spec = model.profile.sections.find((s) => s.id === r.id)!;
      // Annexes and English documents list what is attached: sub-headings alone are content.
      if (spec.outsideBody && r.section.children.length > 0) continue;
      // A section the BTS asks for is never to be deleted; an optional one may be.
      const how = spec.missing
        ? 'Les consignes en commentaire et les « … » ne comptent pas comme du texte.'
        : 'Section facultative : rédige-la, ou retire son titre si elle ne te sert pas.';
      out.push({
        range: r.section.heading.range,
        message: `« ${spec.title} » : à rédiger. ${how}`,
        data: { section: r.id },
      });
    }
    return out;
  },
});
