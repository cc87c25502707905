// `annex-reference`: "voir annexe 4", "(annexe 4)", "cf. annexe IV" when the report has fewer
// annexes. Annexes are counted in the sections outside the body (countAnnexes): subsections, "Annexe N"
// labels, or list items. References to the annex of another text ("l'annexe IV de l'arrêté")
// are not references to the report's annexes.

import type { RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { nonProseSpans, paragraphText, sectionSpans } from '../core/parse/blocks';
import { outermostSections, outsideBodySections } from '../core/pages/pages';
import { memoByNode } from '../core/memo';
import { rangeOf } from '../core/text/text';
import { idsWithRoles } from '../core/model/roles';
import { defineRule, type FindingDraft, type ReportModel } from '../core/types';

// A table-of-contents line: a title, dot leaders and a page number ("Annexes ........ 16"), or
// a Word-converted entry linking to a heading ("[Annexes 16](#annexes)").
const TOC_LINE = /^[ \t]*(?:[-*+][ \t]+)?(?:[^\n]*?(?:\.{3,}|…+|\t)[ \t.…]*\d{1,3}|\[[^\]\n]*[ \t]\d{1,3}\]\(#[^)\n]*\))[ \t]*$/gm;

/** Offsets of the table-of-contents lines of the text. */
function tocLines(model: ReportModel): [number, number][] {
  const out: [number, number][] = [];
  for (const m of model.text.matchAll(TOC_LINE)) out.push([m.index, m.index + m[0].length]);
  return out;
}

const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10 };

export function annexNumber(token: string): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  const t = token.toLowerCase();
  if (!/^[ivx]+$/.test(t)) return undefined;
  let total = 0;
  for (let i = 0; i < t.length; i++) {
    const v = ROMAN[t[i]!]!;
    const next = ROMAN[t[i + 1] ?? ''] ?? 0;
    total += v < next ? -v : v;
  }
  return total > 0 ? total : undefined;
}

const LABEL = /^\s*(?:\*\*|__)?\s*annexe\s+(?:n°\s*)?(\d{1,3}|[ivx]{1,6})\b/i;

/**
 * Number of annexes of the report. Annexes are what lies outside the body: the profile's
 * annexes and English documents, and any "Annexe(s)…" heading even where the profile lists none
 * (SN, CIEL, Électrotechnique file the English documents there).
 */
export function countAnnexes(model: ReportModel): number {
  let best = 0;
  const all = outsideBodySections(model);
  for (const s of outermostSections(all)) best += s.children.length;
  for (const s of all) {
    const own = LABEL.exec(s.heading.text);
    if (own) best = Math.max(best, annexNumber(own[1]!) ?? 0, 1);
    best = Math.max(best, s.children.length);
    let labels = 0;
    const visit = (b: RootContent) => {
      const text = b.type === 'heading' ? toString(b) : b.type === 'paragraph' ? paragraphText(b) : '';
      const m = LABEL.exec(text);
      if (m) {
        labels++;
        best = Math.max(best, annexNumber(m[1]!) ?? 0);
      }
      if (b.type === 'list') {
        if (s.children.length === 0 && b === s.blocks.find((x) => x.type === 'list')) best = Math.max(best, b.children.length);
        for (const item of b.children) for (const c of item.children) visit(c);
      }
    };
    for (const b of s.blocks) visit(b);
    best = Math.max(best, labels);
  }
  return best;
}

// "annexe 4", "annexes 2", "annexe n° 3", "Annexe IV" — not "l'annexe IV de l'arrêté".
const REFERENCE =
  /\bannexes?\s+(?:n°\s*)?(\d{1,3}|[IVXivx]{1,6})\b(?!\s*(?:[A-Z]\s+)?(?:de\s+l'|du\s+|de\s+la\s+|des\s+|d')(?:arr[eê]t[eé]|d[eé]cret|r[eè]glement|directive|contrat|convention|norme|r[eé]f[eé]rentiel|circulaire|loi|code|accord))/gi;


/**
 * The same spans relative to the block's start, cached per block: the incremental parser keeps
 * the node of an unchanged block and moves its positions in place, so only offsets relative to
 * the block stay valid (see analysis/memo.ts). Blocks without a start position are walked each
 * time (nonProseSpans).
 */
const skippedIn = memoByNode((top: RootContent): [number, number][] => {
  const base = top.position?.start.offset;
  const spans = nonProseSpans(top);
  if (base === undefined) return spans;
  return spans.map(([s, e]) => [s - base, e - base] as [number, number]);
});

export const annexReferenceRule = defineRule({
  code: 'annex-reference',
  defaultSeverity: 'warning',
  description: "Signale un renvoi à une annexe qui n'existe pas (« voir annexe 4 » avec trois annexes).",
  check(model) {
    const count = countAnnexes(model);
    // Annexes themselves (their labels), the table of contents and its lines are not references.
    const skip: [number, number][] = [
      ...outsideBodySections(model).map((s) => [s.heading.startOffset, s.endOffset] as [number, number]),
      ...sectionSpans(model, idsWithRoles(model.profile, ['table-of-contents'])),
      ...tocLines(model),
    ];
    for (const c of model.root.children) {
      const spans = skippedIn(c);
      if (spans.length === 0) continue;
      const base = c.position?.start.offset;
      if (base === undefined) {
        for (const [s, e] of nonProseSpans(c)) skip.push([s, e]);
        continue;
      }
      for (const [s, e] of spans) skip.push([base + s, base + e]);
    }
    // Merged, sorted spans walked with one pointer: linear in the number of references.
    skip.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const s of skip) {
      const last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else merged.push([s[0], s[1]]);
    }
    let k = 0;
    const out: FindingDraft<'annex-reference'>[] = [];
    for (const m of model.text.matchAll(REFERENCE)) {
      const start = m.index;
      while (k < merged.length && merged[k]![1] <= start) k++;
      if (k < merged.length && merged[k]![0] <= start) continue;
      const n = annexNumber(m[1]!);
      if (n === undefined || n <= count) continue;
      out.push({
        range: rangeOf(model.lineStarts, start, start + m[0].length),
        message:
          count === 0
            ? `Renvoi à « ${m[0]} » : le rapport n'a aucune annexe. Ajoute une section « Annexes » avec cette annexe, ou retire le renvoi.`
            : `Renvoi à « ${m[0]} » : le rapport ne compte que ${count} annexe${count > 1 ? 's' : ''}. Ajoute l'annexe manquante ou corrige le numéro.`,
        data: { annex: n },
      });
    }
    return out;
  },
});
