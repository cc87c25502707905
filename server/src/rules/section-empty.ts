// `section-empty`: a recognised section with no text of its own or in its subsections
// (HTML comments — the templates' guidance — do not count). Sections outside the body (annexes,
// English documents) whose content is only sub-headings ("## Annexe 1 : plan") are not empty.

import type { RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { hasFigure } from '../core/parse/blocks';
import { memoByNode } from '../core/memo';
import { hasGeneratedToc } from '../core/model/toc';
import type { Finding, Rule } from '../core/types';

export function hasContent(blocks: RootContent[]): boolean {
  return blocks.some(blockHasContent);
}

/** Cached per block: it depends on the block's content only (see analysis/memo.ts). */
const blockHasContent = memoByNode((b: RootContent): boolean => {
  if (b.type === 'heading' || b.type === 'yaml') return false;
  if (b.type === 'html') return b.value.replace(/<!--[\s\S]*?(-->|$)/g, '').trim().length > 0;
  if (b.type === 'image' || b.type === 'table' || b.type === 'code' || b.type === 'thematicBreak') return b.type !== 'thematicBreak';
  return toString(b).trim().length > 0 || hasFigure(b);
});

export const sectionEmptyRule: Rule = {
  code: 'section-empty',
  defaultSeverity: 'warning',
  description: 'Signale une section reconnue qui ne contient encore aucun texte.',
  check(model) {
    const out: Finding[] = [];
    for (const r of model.recognized) {
      if (r.id === 'sommaire' && hasGeneratedToc(model)) continue;
      if (hasContent(r.section.blocks)) continue;
      const spec = model.profile.sections.find((s) => s.id === r.id)!;
      // Annexes and English documents list what is attached: sub-headings alone are content.
      if (spec.outsideBody && r.section.children.length > 0) continue;
      out.push({
        code: 'section-empty', severity: 'warning', range: r.section.heading.range,
        message: `La section « ${spec.title} » est vide : rédige son contenu ou supprime le titre.`,
        data: { section: r.id },
      });
    }
    return out;
  },
};
