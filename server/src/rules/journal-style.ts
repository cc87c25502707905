// `journal-style`: a paragraph (or a list, or a heading) written as a diary — "Le lundi, j'ai
// fait… Le mardi, j'ai fait…". The scoring lives in analysis/journal.ts; this rule walks the
// prose of the report, skips what is not the student's own body text (code, tables, quoted
// sources, English documents and summary, annexes) and offers a Contexte → Action → Résultat
// skeleton inserted after the paragraph. The student's text is never removed by the fix; while
// such a skeleton follows the paragraph, the finding drops to an info ("reformulation en cours").

import { headingSpans, inSpans, proseBlocks, paragraphText } from '../core/parse/blocks';
import { describeCues } from '../core/writing/cues';
import { diaryHeadingCue } from '../core/writing/headings';
import { isJournal, JOURNAL_THRESHOLDS, scoreJournal } from '../core/writing/journal';
import { eolOf, rangeOf } from '../core/text/text';
import { defineRule, type FindingDraft, type ReportModel, type SectionRole } from '../core/types';
import { idsWithRoles } from '../core/model/roles';
import type { RootContent } from 'mdast';

/** Roles of the sections whose text is not judged as the student's analytical writing. */
export const JOURNAL_SKIPPED_ROLES: readonly SectionRole[] = ['english-documents', 'english-summary', 'annexes'];

const CAR_LABEL = /^\s*(?:contexte|context)\b/i;

/** True when the block is the first paragraph of a Contexte → Action → Résultat skeleton. */
function startsCarSkeleton(node: RootContent | undefined): boolean {
  if (!node || node.type !== 'paragraph') return false;
  const first = node.children[0];
  if (!first || (first.type !== 'strong' && first.type !== 'emphasis')) return false;
  return CAR_LABEL.test(paragraphText(first));
}

export function carSkeleton(eol: string): string {
  return [
    '<!-- Reformule le paragraphe ci-dessus en Contexte → Action → Résultat, puis supprime-le. -->',
    '',
    '**Contexte.** …',
    '',
    '**Action.** …',
    '',
    '**Résultat.** …',
  ].join(eol);
}

export const journalStyleRule = defineRule({
  code: 'journal-style',
  defaultSeverity: 'warning',
  description: 'Signale les paragraphes écrits comme un journal de bord (jours, dates, « ensuite… puis… », « j\'ai fait… »).',
  check(model, ctx) {
    const sensitivity = ctx.settings.journal?.sensitivity ?? 'normal';
    const eol = eolOf(model.text);
    const out: FindingDraft<'journal-style'>[] = [];
    // Annexes are skipped even in a BTS whose profile does not list them.
    const annexes = headingSpans(model, (h) => /^annexes?\b/.test(h));
    const skipped = idsWithRoles(model.profile, JOURNAL_SKIPPED_ROLES);
    for (const block of proseBlocks(model)) {
      if (block.sectionId && skipped.includes(block.sectionId)) continue;
      if (inSpans(annexes, block.start)) continue;

      if (block.kind === 'heading') {
        if (isRecognizedHeading(model, block.start)) continue;
        const cue = diaryHeadingCue(block.text, model.memo);
        if (!cue) continue;
        out.push({
          range: block.range,
          message: `Titre en journal de bord (« ${cue} »). Le jury attend un plan par missions ou activités, pas par jours ou semaines : renomme la partie d'après ce que tu as fait (par exemple « Mission 2 : mise en plan du carter »).`,
          data: { score: JOURNAL_THRESHOLDS[sensitivity], cues: [cue] },
        });
        continue;
      }

      const result = scoreJournal(block.text, model.memo);
      if (!isJournal(result, sensitivity)) continue;
      const cues = result.cues.map((c) => c.text);
      const list = block.kind === 'list';
      const what = list ? 'Liste' : 'Paragraphe';
      if (startsCarSkeleton(block.next)) {
        out.push({
          severity: 'info',
          range: block.range,
          message: `${what} en journal de bord en cours de reformulation. Complète le Contexte, l'Action et le Résultat qui suivent, puis supprime ${list ? 'cette liste' : 'ce paragraphe'}.`,
          data: { score: result.score, cues },
        });
        continue;
      }
      out.push({
        range: block.range,
        message: `${what} ${list ? 'écrite' : 'écrit'} comme un journal de bord. Indices : ${describeCues(result.cues)}. Le jury attend une analyse : reformule en Contexte → Action → Résultat (la situation, ce que tu as fait et pourquoi, le résultat obtenu, chiffré si possible).`,
        data: { score: result.score, cues },
        fixes: [
          {
            title: 'Ajouter un canevas Contexte → Action → Résultat après ce paragraphe',
            edits: [{ range: rangeOf(model.lineStarts, block.end, block.end), newText: `${eol}${eol}${carSkeleton(eol)}` }],
            preferred: true,
          },
        ],
      });
    }
    return out;
  },
});

function isRecognizedHeading(model: ReportModel, start: number): boolean {
  return model.recognized.some((r) => r.section.heading.startOffset === start);
}
