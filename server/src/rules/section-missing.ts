// `section-missing`: a section the BTS requires is absent. Quick fix: insert it in the expected order.

import { defineRule, type FindingDraft } from '../core/types';
import { documentAnchor } from '../core/model/model';
import { firstOccurrences, insertionEdit, insertionEdits, isPresent } from '../core/model/sections';

export const sectionMissingRule = defineRule({
  code: 'section-missing',
  defaultSeverity: 'error',
  description: 'Signale les sections obligatoires du BTS qui manquent au rapport.',
  check(model) {
    const first = firstOccurrences(model);
    const out: FindingDraft<'section-missing'>[] = [];
    const missing = model.profile.sections.filter((s) => s.missing && !isPresent(model, s, first));
    const insertable = missing.filter((s) => !s.fromFrontmatter);
    const all =
      insertable.length > 1
        ? { title: `Insérer les ${insertable.length} sections manquantes`, edits: insertionEdits(model, insertable) }
        : undefined;
    for (const spec of missing) {
      if (!spec.missing) continue;
      const anchor = documentAnchor(model);
      if (spec.fromFrontmatter) {
        out.push({
          severity: spec.missing, range: anchor,
          message: `${spec.title} absente. Ajoute un en-tête YAML (bts, auteur, etablissement, entreprise, stage) en tête du fichier : il sert de page de couverture.`,
          data: { section: spec.id },
        });
        continue;
      }
      // One vocabulary per severity: an error is "obligatoire" and "exigée", a warning "attendue" and "demandée".
      const [label, verb] = spec.missing === 'error' ? ['Section obligatoire absente', "l'exige"] : ['Section attendue absente', 'la demande'];
      out.push({
        severity: spec.missing, range: anchor,
        message: `${label} : ${spec.title}. Le ${model.profile.name} ${verb} : ajoute un titre « ${spec.title} ».`,
        data: { section: spec.id },
        fixes: [
          { title: `Insérer la section « ${spec.title} »`, edits: [insertionEdit(model, spec)], preferred: true },
          ...(all ? [all] : []),
        ],
      });
    }
    return out;
  },
});
