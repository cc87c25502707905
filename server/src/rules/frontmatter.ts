// `frontmatter`: required fields of the profile, field types, stage dates.
// (Invalid YAML and an unknown BTS are reported while the model is built: see analysis/model.ts.)

import { getField } from '../core/model/frontmatter';
import { documentAnchor } from '../core/model/model';
import { parseIsoDate } from '../core/text/dates';
import { shownValue } from '../core/text/shown';
import { defineRule, type FindingDraft } from '../core/types';
import { DATE_FIELDS, FIELDS, GROUPS, OBJECT_FIELDS, STRING_FIELDS } from '../core/model/fields';

export const frontmatterRule = defineRule({
  code: 'frontmatter',
  defaultSeverity: 'error',
  description: "Vérifie l'en-tête YAML : champs obligatoires, types et dates du stage.",
  check(model) {
    const fm = model.frontmatter;
    const out: FindingDraft<'frontmatter'>[] = [];
    if (!fm || !fm.data) return out;
    const data = fm.data;
    const at = (field: string) => fm.keyLines.get(field) ?? documentAnchor(model);
    const mistyped = new Set<string>();

    for (const field of STRING_FIELDS) {
      const v = data[field];
      if (v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'number') {
        mistyped.add(field);
        out.push({
          range: at(field),
          message: `Le champ « ${field} » doit être un texte (par exemple ${field}: "…").`,
          data: { field },
        });
      }
    }
    for (const [field, example] of Object.entries(OBJECT_FIELDS)) {
      const v = data[field];
      if (v !== undefined && v !== null && (typeof v !== 'object' || Array.isArray(v))) {
        mistyped.add(field);
        out.push({
          range: at(field),
          // A list of authors (a report written in pairs): each candidate hands in a report of
          // their own, under their own name.
          message:
            field === GROUPS.auteur && Array.isArray(v) && v.length > 1
              ? `Un seul auteur par rapport : chaque candidat rend le sien, à son nom. Écris ton nom seul, par exemple : ${example}.`
              : `Le champ « ${field} » doit contenir des sous-champs, par exemple : ${example}.`,
          data: { field },
        });
      }
    }

    for (const field of DATE_FIELDS) {
      const v = getField(data, field);
      if (mistyped.has(field.split('.')[0]!)) continue;
      if (v !== undefined && v !== null && !parseIsoDate(v)) {
        out.push({
          range: at(field),
          message: `Date invalide pour « ${field} » : « ${shownValue(v)} ». Écris-la au format AAAA-MM-JJ, par exemple 2026-01-05.`,
          data: { field },
        });
      }
    }
    const debut = parseIsoDate(getField(data, FIELDS.debut));
    const fin = parseIsoDate(getField(data, FIELDS.fin));
    if (debut && fin && fin < debut) {
      out.push({
        range: at(FIELDS.fin),
        message: 'La fin du stage (stage.fin) est avant son début (stage.debut) : vérifie les deux dates.',
        data: { field: FIELDS.fin },
      });
    }

    for (const spec of model.profile.frontmatter) {
      if (mistyped.has(spec.field.split('.')[0]!)) continue; // already reported as a type error
      const v = getField(data, spec.field);
      const empty = v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
      if (empty) {
        out.push({
          severity: spec.severity, range: at(spec.field.split('.')[0]!),
          message: `Champ manquant dans l'en-tête : ${spec.label}.` +
            (spec.values ? ` Valeurs acceptées : ${spec.values.join(', ')}.` : ' Il figure sur la page de couverture.'),
          data: { field: spec.field },
        });
      } else if (spec.values && !spec.values.some((a) => a.toLowerCase() === shownValue(v).trim().toLowerCase())) {
        out.push({
          range: at(spec.field),
          message: `Valeur inconnue pour « ${spec.field} » : « ${shownValue(v)} ». Valeurs acceptées : ${spec.values.join(', ')}.`,
          data: { field: spec.field },
        });
      }
    }
    return out;
  },
});
