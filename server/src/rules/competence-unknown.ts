// `competence-unknown` (MM, option `competences`): a code that looks like a competence of the
// référentiel (C01…, A4-T1…) but is not one of the stage's competences (C99, A4-T9).

import { competenceMentions, competenceTable, sameFamily } from '../core/model/competences';
import { defineRule, type FindingDraft } from '../core/types';

export const competenceUnknownRule = defineRule({
  code: 'competence-unknown',
  defaultSeverity: 'warning',
  description: "Signale un code de compétence qui n'existe pas dans la liste du BTS (par exemple C99 ou A4-T9).",
  check(model) {
    const table = competenceTable(model.profile);
    if (table.length === 0) return [];
    const out: FindingDraft<'competence-unknown'>[] = [];
    for (const m of competenceMentions(model)) {
      if (m.competence) continue;
      const family = sameFamily(m.code, table);
      const codes = (family.length > 0 ? family : table).map((c) => c.code);
      out.push({
        range: m.range,
        message: `Code de compétence inconnu : « ${m.code} ». Les codes valables ${family.length > 0 ? 'de cette famille ' : ''}sont ${codes.join(', ')} : corrige le code (la complétion propose la liste avec les intitulés).`,
        data: { code: m.code },
      });
    }
    return out;
  },
});
