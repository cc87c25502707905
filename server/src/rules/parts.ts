// The parts rule: each unit a report describes should show its labelled parts — subheadings,
// bold labels or clear phrases (core/model/parts.ts). One rule, configured per BTS by the profile,
// under two codes the settings and the docs already know:
//
// - `car-incomplete` (CPI, option `carRequired`): each mission of the section of role `missions`
//   shows a Contexte, an Action and a Résultat. Quick fix: append the missing parts in their
//   place — a Contexte under the mission's heading, a Résultat at its end.
// - `activity-incomplete` (SN, CIEL, MM: a section of role `activities`): each activity states its
//   objectifs, résultats, contraintes and commentaires personnels. Quick fix: append the missing
//   parts at the end of the activity. MM (option `maxActivities`): more than two activities is
//   reported on the section heading, with `data.count` and `data.max`.
//
// Nothing of the student's text is removed by the fixes.

import { ACTIVITY_PARTS, CAR_PARTS, findParts, frenchList, partsEdits, type PartSpec } from '../core/model/parts';
import { activitiesOf, missionsOf } from '../core/model/units';
import { defineRule, type FindingDraft, type Profile, type ReportModel, type Rule, type Section } from '../core/types';

type Report = ReportModel & { profile: Profile };

interface PartsConfig<C extends 'car-incomplete' | 'activity-incomplete'> {
  code: C;
  description: string;
  parts: PartSpec[];
  /** The units of this report, or undefined when the profile or the report has none. */
  units(model: Report): { section?: Section; units: Section[] } | undefined;
  /** The finding's message for a unit missing `missing` (its French names in `names`). */
  message(unit: Section, missing: PartSpec[], names: string): string;
  fixTitle(missing: PartSpec[], names: string): string;
  /** French names of the parts, as the message lists them. */
  names: Record<string, string>;
  /** Findings on the whole section (MM: too many activities). */
  extra?(model: Report, section: Section | undefined, units: Section[]): FindingDraft<C>[];
}

function partsRule<C extends 'car-incomplete' | 'activity-incomplete'>(config: PartsConfig<C>): Rule<C> {
  return defineRule<C>({
    code: config.code,
    defaultSeverity: 'warning',
    description: config.description,
    check(model) {
      const found = config.units(model);
      if (!found) return [];
      const out: FindingDraft<C>[] = config.extra?.(model, found.section, found.units) ?? [];
      for (const unit of found.units) {
        const parts = findParts(unit, config.parts);
        const missing = config.parts.filter((p) => !parts.found.has(p.id));
        if (missing.length === 0) continue;
        const names = frenchList(missing.map((p) => config.names[p.id]!));
        out.push({
          range: unit.heading.range,
          message: config.message(unit, missing, names),
          data: { missing: missing.map((p) => p.id) } as FindingDraft<C>['data'],
          fixes: [
            {
              title: config.fixTitle(missing, names),
              edits: partsEdits(model, unit, config.parts, parts.found, parts.bySubheading),
              preferred: true,
            },
          ],
        });
      }
      return out;
    },
  });
}

export const carIncompleteRule = partsRule({
  code: 'car-incomplete',
  description: 'Vérifie que chaque mission montre un Contexte, une Action et un Résultat.',
  parts: CAR_PARTS,
  units: (model) => (model.profile.options.carRequired === true ? { units: missionsOf(model) } : undefined),
  names: { contexte: 'le Contexte', action: "l'Action", resultat: 'le Résultat' },
  message: (mission, missing, names) =>
    `Mission incomplète : il manque ${names}. « ${mission.heading.text} » : le jury attend chaque mission en Contexte → Action → Résultat : ajoute ${missing.length > 1 ? 'ces parties' : 'cette partie'} (titre, étiquette en gras ou phrase claire).`,
  fixTitle: (_missing, names) => `Ajouter ${names} à la mission`,
});

export const activityIncompleteRule = partsRule({
  code: 'activity-incomplete',
  description: 'Vérifie que chaque activité indique objectifs, résultats, contraintes et commentaires personnels.',
  parts: ACTIVITY_PARTS,
  units: (model) => activitiesOf(model),
  names: {
    objectifs: 'les objectifs assignés',
    resultats: 'les résultats',
    contraintes: 'les contraintes',
    commentaires: 'tes commentaires personnels',
  },
  message: (act, missing, names) =>
    `${missing.length === ACTIVITY_PARTS.length ? 'Activité sans objectifs, résultats, contraintes ni commentaires personnels.' : `Activité incomplète : il manque ${names}.`} « ${act.heading.text} » : chaque activité explicite ces quatre éléments ; ajoute ${missing.length > 1 ? 'les parties manquantes' : 'la partie manquante'}.`,
  fixTitle: (missing) => `Ajouter ${frenchList(missing.map((p) => `« ${p.label} »`))} à l'activité`,
  extra(model, section, units) {
    const max = model.profile.options.maxActivities;
    if (!section || typeof max !== 'number' || units.length <= max) return [];
    return [
      {
        range: section.heading.range,
        message: `Trop d'activités : ${units.length} décrites, ${max} au plus. Le ${model.profile.name} en demande une ou deux : garde les ${max} plus riches et analyse-les en profondeur.`,
        data: { missing: [], count: units.length, max },
      },
    ];
  },
});
