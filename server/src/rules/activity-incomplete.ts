// `activity-incomplete` (SN, CIEL, MM): each activity of the section of role `activities` should state its
// objectifs, résultats, contraintes and commentaires personnels. Quick fix: append the missing
// labelled parts at the end of the activity. MM (option `maxActivities`): more than two
// activities is reported on the section heading, with `data.count` and `data.max`.

import { ACTIVITY_PARTS, partsEdits, findParts, frenchList } from '../core/model/parts';
import { activitiesOf } from '../core/model/units';
import type { Finding, Rule } from '../core/types';

const NAMES: Record<string, string> = {
  objectifs: 'les objectifs assignés',
  resultats: 'les résultats',
  contraintes: 'les contraintes',
  commentaires: 'tes commentaires personnels',
};

export const activityIncompleteRule: Rule = {
  code: 'activity-incomplete',
  defaultSeverity: 'warning',
  description: 'Vérifie que chaque activité indique objectifs, résultats, contraintes et commentaires personnels.',
  check(model) {
    const acts = activitiesOf(model);
    if (!acts) return [];
    const out: Finding[] = [];
    const max = model.profile.options.maxActivities;
    if (typeof max === 'number' && acts.units.length > max) {
      out.push({
        code: 'activity-incomplete',
        severity: 'warning',
        range: acts.section.heading.range,
        message: `Trop d'activités : ${acts.units.length} décrites, ${max} au plus. Le ${model.profile.name} en demande une ou deux : garde les ${max} plus riches et analyse-les en profondeur.`,
        data: { missing: [], count: acts.units.length, max },
      });
    }
    for (const act of acts.units) {
      const { found, bySubheading } = findParts(act, ACTIVITY_PARTS);
      const missing = ACTIVITY_PARTS.filter((p) => !found.has(p.id));
      if (missing.length === 0) continue;
      const names = frenchList(missing.map((p) => NAMES[p.id]!));
      out.push({
        code: 'activity-incomplete',
        severity: 'warning',
        range: act.heading.range,
        message: `${missing.length === ACTIVITY_PARTS.length ? 'Activité sans objectifs, résultats, contraintes ni commentaires personnels.' : `Activité incomplète : il manque ${names}.`} « ${act.heading.text} » : chaque activité explicite ces quatre éléments ; ajoute ${missing.length > 1 ? 'les parties manquantes' : 'la partie manquante'}.`,
        data: { missing: missing.map((p) => p.id) },
        fixes: [
          {
            title: `Ajouter ${frenchList(missing.map((p) => `« ${p.label} »`))} à l'activité`,
            edits: partsEdits(model, act, ACTIVITY_PARTS, found, bySubheading),
            preferred: true,
          },
        ],
      });
    }
    return out;
  },
};
