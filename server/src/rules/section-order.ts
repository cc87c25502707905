// `section-order`: recognised sections out of the order the BTS expects (info).
// The sections kept in place are a longest increasing run of the expected order; the others are flagged.

import { defineRule, type FindingDraft } from '../core/types';
import { firstOccurrences } from '../core/model/sections';

export const sectionOrderRule = defineRule({
  code: 'section-order',
  defaultSeverity: 'info',
  description: "Signale une section placée hors de l'ordre attendu par le BTS.",
  check(model) {
    const order = model.profile.sections.map((s) => s.id);
    const present = [...firstOccurrences(model).values()].filter((r) => order.includes(r.id));
    const ranks = present.map((r) => order.indexOf(r.id));
    const keep = longestIncreasing(ranks);
    const out: FindingDraft<'section-order'>[] = [];
    present.forEach((r, i) => {
      if (keep.has(i)) return;
      const spec = model.profile.sections.find((s) => s.id === r.id)!;
      const prevId = order.slice(0, ranks[i]).reverse().find((id) => present.some((p) => p.id === id));
      const prev = prevId ? model.profile.sections.find((s) => s.id === prevId)! : undefined;
      out.push({
        range: r.section.heading.range,
        message: prev
          ? `« ${spec.title} » est attendue après « ${prev.title} ». C'est l'ordre du plan du ${model.profile.name}.`
          : `« ${spec.title} » est attendue plus haut dans le rapport, avant les autres sections.`,
        data: { section: r.id },
      });
    });
    return out;
  },
});

/** Indexes of one longest strictly increasing subsequence. */
function longestIncreasing(a: number[]): Set<number> {
  const len = a.map(() => 1);
  const prev = a.map(() => -1);
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < i; j++) {
      if (a[j]! < a[i]! && len[j]! + 1 > len[i]!) {
        len[i] = len[j]! + 1;
        prev[i] = j;
      }
    }
  }
  let best = -1;
  for (let i = 0; i < a.length; i++) if (best < 0 || len[i]! > len[best]!) best = i;
  const keep = new Set<number>();
  for (let i = best; i >= 0; i = prev[i]!) keep.add(i);
  return keep;
}
