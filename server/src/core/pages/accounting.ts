// Body / annex accounting of the page estimate and of the export: which sections stay outside
// the body page count (annexes, English documents), as the BTS counts.

import type { ReportModel, Section } from '../types';


/**
 * Sections outside the body count: the profile's `outsideBody` sections (annexes, English
 * documents) and, for every BTS, any section titled "Annexe(s)…" even if the profile does not
 * list one.
 */
export function outsideBodySections(model: ReportModel): Section[] {
  if (!model.profile) return [];
  const outsideIds = new Set(model.profile.sections.filter((s) => s.outsideBody).map((s) => s.id));
  const out = model.recognized.filter((r) => outsideIds.has(r.id)).map((r) => r.section);
  const visit = (s: Section) => {
    if (/^annexes?\b/.test(s.heading.normalized) && !out.includes(s)) out.push(s);
    else s.children.forEach(visit);
  };
  model.sections.forEach(visit);
  return out;
}

/**
 * The sections of `list` that no other one contains, by offsets (a section standing for several
 * headings — the English documents filed in the annexes — shares its heading with another).
 */
export function outermostSections(list: Section[]): Section[] {
  const contains = (o: Section, s: Section) => o.heading.startOffset <= s.heading.startOffset && o.endOffset >= s.endOffset;
  const same = (o: Section, s: Section) => o.heading.startOffset === s.heading.startOffset && o.endOffset === s.endOffset;
  return list.filter((s, i) => !list.some((o, j) => o !== s && contains(o, s) && (!same(o, s) || j < i)));
}
