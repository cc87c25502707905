// `remerciements-tuteur` (CPI): the thanks must name the maître de stage and his or her poste
// ("remercie ton maître de stage par son nom et son poste. Ça compte." — the CPI methodology guide, docs/sources.md).
// With `tuteur: { nom, poste }` in the front matter, the name and the position are looked for;
// without it, any name-like capitalised word and a position word will do.

import { toString } from 'mdast-util-to-string';
import { getField } from '../core/model/frontmatter';
import { FIELDS } from '../core/model/fields';
import { foldText } from '../core/text/normalize';
import { sectionWithRole } from '../core/model/roles';
import { defineRule, type FindingDraft } from '../core/types';

const POSITION_WORDS =
  /\b(responsable|chef|cheffe|directeur|directrice|dirigeant|dirigeante|gerant|gerante|ingenieur|ingenieure|technicien|technicienne|charge|chargee|manager|president|presidente|conducteur|conductrice|coordinateur|coordinatrice|superviseur|superviseuse|animateur|animatrice|referent|referente|pdg|dg|metrologue|dessinateur|dessinatrice|projeteur|projeteuse|electricien|electricienne|tuteur|tutrice|maitre de stage)\b/;

/** Significant words of a name or position (accents folded, short words dropped). */
function words(s: string): string[] {
  return foldText(s).split(/[^a-z0-9]+/).filter((w) => w.length > 2);
}

export const remerciementsTuteurRule = defineRule({
  code: 'remerciements-tuteur',
  defaultSeverity: 'warning',
  description: 'Vérifie que les remerciements nomment le maître de stage et son poste (CPI).',
  check(model) {
    if (!model.profile.options.thanksNameTutor) return [];
    const thanks = sectionWithRole(model, 'thanks');
    if (!thanks) return [];
    // HTML comments (the templates' guidance) are not the student's text.
    const raw = thanks.blocks
      .filter((b) => b.type !== 'html')
      .map((b) => toString(b))
      .join(' ');
    const text = foldText(raw);
    if (text.trim() === '') return []; // section-empty says it already

    const data = model.frontmatter?.data ?? null;
    const nom = getField(data, FIELDS.tuteur);
    const poste = getField(data, FIELDS.poste);
    const missing: string[] = [];
    if (typeof nom === 'string' && nom.trim()) {
      if (!words(nom).some((w) => text.includes(w))) missing.push('nom');
    } else if (!/\b(m|mme|mr|monsieur|madame)\b\.?\s+\p{Lu}|\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+/u.test(raw)) {
      missing.push('nom');
    }
    if (typeof poste === 'string' && poste.trim()) {
      const w = words(poste);
      if (w.length > 0 && !w.some((x) => text.includes(x))) missing.push('poste');
    } else if (!POSITION_WORDS.test(text)) {
      missing.push('poste');
    }
    if (missing.length === 0) return [];

    const who = typeof nom === 'string' && nom.trim() ? nom.trim() : 'ton maître de stage';
    const what =
      missing.length === 2
        ? `le nom et le poste de ${who}`
        : missing[0] === 'nom'
          ? `le nom de ton maître de stage`
          : `le poste de ${who}${typeof poste === 'string' && poste.trim() ? ` (${poste.trim()})` : ''}`;
    const finding: FindingDraft<'remerciements-tuteur'> = {
      range: thanks.heading.range,
      message: `Les remerciements ne citent pas ${what}. Le jury attend que tu remercies ton maître de stage par son nom et son poste.`,
      data: { missing },
    };
    return [finding];
  },
});
