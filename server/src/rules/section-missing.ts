// `section-missing`: a section the BTS requires is absent. Quick fix: insert it in the expected order.

import { defineRule, type FindingDraft } from '../core/types';
import { documentAnchor } from '../core/model/model';
import { boldHeadings, firstOccurrences, insertionEdit, insertionEdits, isPresent } from '../core/model/sections';

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
      // Written, but in bold instead of as a heading (Word's "Gras"): said where it is, and made a heading by the fix.
      const bold = boldHeadings(model).find((b) => b.sectionId === spec.id);
      if (bold) {
        out.push({
          severity: spec.missing, range: bold.range,
          message: `${label} : ${spec.title}. « ${bold.text} » est écrit en gras, pas comme un titre : fais-en un titre (« # ${bold.text} ») pour que la section compte.`,
          data: { section: spec.id },
          fixes: [
            { title: `Faire de « ${bold.text} » un titre`, edits: [{ range: bold.range, newText: `# ${bold.text}` }], preferred: true },
            { title: `Insérer la section « ${spec.title} »`, edits: [insertionEdit(model, spec)] },
          ],
        });
        continue;
      }
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
