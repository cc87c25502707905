// `mission-figure` (CPI, info): a mission with no figure — no image, no diagram. The CPI guide:
// "un rapport sans visuel technique, c'est comme un devis sans chiffres".

import { hasFigure } from '../core/parse/blocks';
import { defineRule, type FindingDraft } from '../core/types';
import { missionsOf } from '../core/model/units';


export const missionFigureRule = defineRule({
  code: 'mission-figure',
  defaultSeverity: 'info',
  description: 'Conseille une figure (capture CAO, plan, photo) dans chaque mission.',
  check(model) {
    if (model.profile.options.carRequired !== true) return [];
    const out: FindingDraft<'mission-figure'>[] = [];
    for (const mission of missionsOf(model)) {
      if (mission.blocks.some(hasFigure)) continue;
      out.push({
        range: mission.heading.range,
        message: `Mission sans figure. « ${mission.heading.text} » : ajoute une capture CAO, un extrait de plan coté ou une photo, avec une légende qui dit ce qu'elle montre (« un rapport sans visuel technique, c'est comme un devis sans chiffres »).`,
        data: { mission: mission.heading.text },
      });
    }
    return out;
  },
});
