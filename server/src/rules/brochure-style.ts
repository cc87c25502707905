// `brochure-style` (CPI, info): the company presentation reads like its commercial brochure —
// "leader", "n°1", "savoir-faire reconnu", "solutions innovantes", superlatives, the company
// speaking as "nous". The CPI guide: "Ne copie-colle jamais la plaquette commerciale".

import { proseBlocks, sectionSpans, inSpans } from '../core/parse/blocks';
import { foldSameLength } from '../core/text/fold';
import { allMatches } from '../core/text/text';
import { contentMemo, memoized, type DocumentMemo } from '../core/memo';
import { idsWithRoles } from '../core/model/roles';
import { defineRule, type FindingDraft } from '../core/types';

interface Cue {
  label: string;
  re: RegExp;
}

const CUES: Cue[] = [
  { label: 'leader', re: /\bleaders?\b|\bnumero (?:un|1)\b|\bn° ?1\b|\bno 1\b|\bchampion\b/g },
  { label: 'superlatif', re: /\b(?:le|la|les) (?:plus (?!souvent|possible|tot|vite|tard|simple|simplement)\w+|meilleure?s?)\b|\bsans egal\b|\binegalee?s?\b/g },
  {
    label: 'vocabulaire publicitaire',
    re: /\b(?:innovante?s?|incontournables?|excellence|exceptionnel(?:le)?s?|irreprochables?|haut de gamme|de pointe|premier plan|sur mesure|cles en main|passionnee?s?|avec passion|a l'ecoute|satisfaction (?:de nos |des )?clients?|au service de (?:ses|nos) clients|savoir-faire (?:reconnu|unique|d'exception|inegale)|solutions? (?:globales?|performantes?)|depuis plus de \d+ ans|reference incontournable|reconnue? (?:mondialement|pour son|pour sa))\b/g,
  },
  {
    label: '« nous » de l\'entreprise',
    re: /\b(?:nous (?:sommes|proposons|offrons|accompagnons|concevons|fabriquons|mettons|disposons|garantissons|assurons|innovons|intervenons|ecoutons)|nos (?:clients|produits|solutions|equipes|collaborateurs|partenaires|valeurs|services|metiers|savoir-faire|experts)|notre (?:savoir-faire|expertise|entreprise|societe|mission|ambition|engagement|force|passion))\b/g,
  },
  { label: 'point d\'exclamation', re: /!(?=\s|$)/g },
];

const CUES_OF = contentMemo((text: string) => findCues(text));

/** The cues of a text (kept in the document's `memo` when given: paragraphs rarely change between two analyses; do not modify). */
export function brochureCues(text: string, memo?: DocumentMemo): { label: string; text: string }[] {
  return memoized(memo, CUES_OF, text);
}

function findCues(text: string): { label: string; text: string }[] {
  const folded = foldSameLength(text);
  const out: { label: string; text: string }[] = [];
  for (const c of CUES) {
    let n = 0;
    for (const m of allMatches(c.re, folded)) {
      if (n++ >= 2) break;
      out.push({ label: c.label, text: text.slice(m.index, m.index + m[0].length) });
    }
  }
  return out;
}

export const brochureStyleRule = defineRule({
  code: 'brochure-style',
  defaultSeverity: 'info',
  description: "Signale une présentation de l'entreprise au ton de plaquette commerciale.",
  check(model) {
    if (model.profile.options.carRequired !== true) return [];
    const spans = sectionSpans(model, idsWithRoles(model.profile, ['company']));
    if (spans.length === 0) return [];
    const out: FindingDraft<'brochure-style'>[] = [];
    for (const block of proseBlocks(model)) {
      if (block.kind === 'heading' || !inSpans(spans, block.start)) continue;
      const cues = brochureCues(block.text, model.memo);
      if (cues.length < 2) continue;
      const shown = [...new Set(cues.map((c) => `« ${c.text} »`))].slice(0, 4).join(', ');
      out.push({
        range: block.range,
        message: `Ton de plaquette commerciale. Expressions relevées : ${shown}. Le jury repère la brochure recopiée : décris l'entreprise avec tes mots et des faits — activité, effectif, clients, chiffre d'affaires, place du bureau d'études — sans superlatifs ni « nous ».`,
        data: { cues: cues.map((c) => c.text) },
      });
    }
    return out;
  },
});
