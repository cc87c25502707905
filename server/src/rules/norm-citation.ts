// `norm-citation` (CPI, info): no standard cited anywhere in the report (ISO, NF, EN, DIN, IEC…).
// The CPI guide asks to "citer les normes et procédés utilisés". Reported once, on the missions
// heading, and only once the missions have some text.

import { documentAnchor } from '../core/model/model';
import { defineRule, type FindingDraft } from '../core/types';
import { missionsOf } from '../core/model/units';
import { sectionWithRole } from '../core/model/roles';

// "ISO 8015", "NF EN ISO 1101", "NF C 15-100", "ISO/IEC 17025", "IEC 61131-3", "DIN 912", "EN AW-6082", "UTE C 18-510".
const NORM =
  /\b(?:NF|EN|ISO|IEC|CEI|DIN|UTE|ASTM|ANSI|IEEE|ASME|IPC|BS|JIS|AFNOR|VDI|UL)(?:[ /](?:EN|ISO|IEC|CEI|AW))?(?:[ /](?:EN|ISO|IEC|CEI))?[ -]?(?:[A-Z][ -]?)?\d{2,}/;

export function citesNorm(text: string): boolean {
  return NORM.test(text);
}

export const normCitationRule = defineRule({
  code: 'norm-citation',
  defaultSeverity: 'info',
  description: 'Conseille de citer les normes utilisées (ISO, NF, EN, DIN, IEC…).',
  check(model) {
    if (model.profile.options.carRequired !== true) return [];
    if (missionsOf(model).length === 0) return [];
    const body = model.frontmatter ? model.text.slice(model.lineStarts[model.frontmatter.range.end.line + 1] ?? model.text.length) : model.text;
    if (citesNorm(body)) return [];
    const missions = sectionWithRole(model, 'missions');
    const out: FindingDraft<'norm-citation'>[] = [
      {
        range: missions ? missions.heading.range : documentAnchor(model),
        message:
          "Aucune norme citée dans le rapport. Cite les normes et procédés que tu as utilisés (par exemple ISO 8015 ou NF EN ISO 1101 pour la cotation, ISO 2768 pour les tolérances générales, NF EN 10025 pour un acier).",
        data: {},
      },
    ];
    return out;
  },
});
