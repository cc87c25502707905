// `car-incomplete` (CPI): each mission of the section of role `missions` should show a Contexte, an Action
// and a Résultat — subheadings, bold labels or clear phrases. Quick fix: append the missing
// labelled parts in their place: a Contexte under the mission's heading, a Résultat at its end
// (nothing of the student's text is removed).

import { CAR_PARTS, partsEdits, findParts, frenchList } from '../core/model/parts';
import { missionsOf } from '../core/model/units';
import type { Finding, Rule } from '../core/types';

const ARTICLE: Record<string, string> = { contexte: 'le Contexte', action: "l'Action", resultat: 'le Résultat' };

export const carIncompleteRule: Rule = {
  code: 'car-incomplete',
  defaultSeverity: 'warning',
  description: 'Vérifie que chaque mission montre un Contexte, une Action et un Résultat.',
  check(model) {
    if (model.profile.options.carRequired !== true) return [];
    const out: Finding[] = [];
    for (const mission of missionsOf(model)) {
      const { found, bySubheading } = findParts(mission, CAR_PARTS);
      const missing = CAR_PARTS.filter((p) => !found.has(p.id));
      if (missing.length === 0) continue;
      const names = frenchList(missing.map((p) => ARTICLE[p.id]!));
      out.push({
        code: 'car-incomplete',
        severity: 'warning',
        range: mission.heading.range,
        message: `Mission incomplète : il manque ${names}. « ${mission.heading.text} » : le jury attend chaque mission en Contexte → Action → Résultat : ajoute ${missing.length > 1 ? 'ces parties' : 'cette partie'} (titre, étiquette en gras ou phrase claire).`,
        data: { missing: missing.map((p) => p.id) },
        fixes: [
          {
            title: `Ajouter ${names} à la mission`,
            edits: partsEdits(model, mission, CAR_PARTS, found, bySubheading),
            preferred: true,
          },
        ],
      });
    }
    return out;
  },
};
