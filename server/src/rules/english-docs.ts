// `english-docs` (SN, CIEL, Électrotechnique — option `englishDocuments`): the `english-documents`
// section holds three English documents, one technical and two press or web extracts, about one
// page each. Documents are the section's subsections, else the items of its list, else its
// "Document N" paragraphs. An absent section is section-missing's business, an empty one
// section-empty's: neither is reported again here.

import type { RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { paragraphText } from '../core/parse/blocks';
import { sectionWithRole } from '../core/model/roles';
import { foldText } from '../core/text/fold';
import { defineRule, type FindingDraft, type Section } from '../core/types';
import { hasContent } from '../core/model/content';

interface EnglishDoc {
  title: string;
  text: string;
}

const TECHNICAL = /\b(?:techni\w*|datasheet|data sheet|fiche technique|documentation|manuel|manual|notice|guide|norme|standard|specifications?|application note|user guide)\b/;
const PRESS = /\b(?:presse|press|web|article|journal|magazine|site|blog|news|revue|extrait|newspaper|website)\b/;
/** Words above which a document is clearly more than one page (about 480 words a page). */
const MAX_WORDS = 720;

export function englishDocuments(section: Section): EnglishDoc[] {
  if (section.children.length > 0) {
    return section.children.map((c) => ({
      title: c.heading.text,
      text: c.blocks.map((b) => (b.type === 'heading' ? toString(b) : paragraphText(b))).join('\n'),
    }));
  }
  const own = section.blocks.filter((b) => b.type !== 'html');
  const list = own.find((b): b is Extract<RootContent, { type: 'list' }> => b.type === 'list');
  if (list) return list.children.map((item) => ({ title: paragraphText(item.children[0] ?? item), text: paragraphText(item) }));
  const docs: EnglishDoc[] = [];
  for (const b of own) {
    const t = paragraphText(b);
    if (/^\s*(?:\*\*)?\s*(?:document|doc\.?)\s*\d/i.test(t)) docs.push({ title: t.split(/[.:]/)[0]!.trim(), text: t });
    else if (docs.length > 0) docs[docs.length - 1]!.text += `\n${t}`;
  }
  return docs;
}

export const englishDocsRule = defineRule({
  code: 'english-docs',
  defaultSeverity: 'warning',
  description: 'Vérifie les trois documents en anglais : un document technique et deux extraits de presse ou du web, une page chacun.',
  check(model) {
    const expected = model.profile.options.englishDocuments;
    if (typeof expected !== 'number') return [];
    const section = sectionWithRole(model, 'english-documents');
    if (!section || (section.children.length === 0 && !hasContent(section.blocks))) return [];
    const docs = englishDocuments(section);
    const count = docs.length;
    const range = section.heading.range;
    const out: FindingDraft<'english-docs'>[] = [];
    if (count !== expected) {
      out.push({
        range,
        message:
          count === 0
            ? `Aucun document en anglais repéré. Présente ${expected} documents d'une page chacun (un document technique lié au stage, deux extraits de presse ou du web), chacun sous un titre « Document N ».`
            : `${count} document${count > 1 ? 's' : ''} en anglais au lieu de ${expected}. Il en faut ${expected}, d'une page chacun — un document technique lié au stage et deux extraits de presse ou du web.`,
        data: { count },
      });
      return out;
    }
    const kinds = docs.map((d) => {
      const f = foldText(d.title);
      return TECHNICAL.test(f) ? 'technique' : PRESS.test(f) ? 'presse' : undefined;
    });
    if (kinds.every((k) => k !== undefined)) {
      const technical = kinds.filter((k) => k === 'technique').length;
      if (technical !== 1) {
        out.push({
          range,
          message: `${technical} document${technical > 1 ? 's' : ''} technique${technical > 1 ? 's' : ''} sur ${count}. Il faut un document technique lié au stage et deux extraits de presse ou du web qui donnent un autre regard sur le sujet.`,
          data: { count, technical, press: count - technical },
        });
      }
    }
    for (const d of docs) {
      const words = d.text.split(/\s+/).filter(Boolean).length;
      if (words > MAX_WORDS) {
        out.push({
          range,
          message: `« ${d.title} » fait environ ${Math.round((words / 480) * 10) / 10} pages (${words} mots). Chaque document en anglais doit tenir sur une page ; garde l'extrait le plus utile.`,
          data: { count, document: d.title, words },
        });
      }
    }
    return out;
  },
});
