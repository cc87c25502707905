// Model queries about the profile's sections, shared by the section rules, the plan and the
// "Plan du rapport" view: first occurrences, presence, where a missing section goes and the edit
// that inserts it.

import { fact } from '../facts';
import { hasGeneratedToc } from './toc';
import { eolOf, rangeOf } from '../text/text';
import type { Profile, Range, ReportModel, SectionSpec, TextEdit } from '../types';
import { toString } from 'mdast-util-to-string';
import { bestMatch } from './recognize';
import { minOf } from '../arrays';

/** The first recognised section of each id (computed once per model; do not modify). */
export function firstOccurrences(model: ReportModel): ReadonlyMap<string, ReportModel['recognized'][number]> {
  return fact(model, 'firstOccurrences', () => {
    const first = new Map<string, ReportModel['recognized'][number]>();
    for (const r of model.recognized) if (!first.has(r.id)) first.set(r.id, r);
    return first;
  });
}

export function isPresent(model: ReportModel, spec: SectionSpec, first: ReadonlyMap<string, unknown>): boolean {
  if (spec.fromFrontmatter) return model.frontmatter !== null;
  if (spec.role === 'table-of-contents' && hasGeneratedToc(model)) return true;
  return first.has(spec.id);
}

/**
 * Where a missing section goes, computed from the sections the report has (as recognised, in
 * document order): at a boundary between them — before the first, or after one that no other
 * contains — the one that puts the fewest present sections on the wrong side of it (a body
 * section never after the annexes when it can go before them); among those, right after the
 * closest section that precedes it in the profile's order, else the earliest. So the insertion
 * never adds to the disorder, and never lands after a heading that already is that section.
 * Without any section: at the end, at the shallowest heading level.
 */
function insertionPoint(model: ReportModel & { profile: Profile }, spec: SectionSpec): { offset: number; depth: number } {
  const order = model.profile.sections.map((s) => s.id);
  const rank = order.indexOf(spec.id);
  const present = [...firstOccurrences(model).values()]
    .filter((r) => !r.shared && order.includes(r.id))
    .sort((a, b) => a.section.heading.startOffset - b.section.heading.startOffset);
  if (present.length === 0) {
    const depth = minOf(model.headings.map((h) => h.depth), 1);
    return { offset: model.text.length, depth };
  }
  const outside = new Set(model.profile.sections.filter((s) => s.outsideBody).map((s) => s.id));
  const contains = (o: (typeof present)[number], r: (typeof present)[number]) =>
    o !== r && o.section.heading.startOffset <= r.section.heading.startOffset && o.section.endOffset >= r.section.endOffset;
  const outer = present.filter((r) => !present.some((o) => contains(o, r)));
  const slots: { offset: number; depth: number; after?: string }[] = [
    { offset: outer[0]!.section.heading.startOffset, depth: outer[0]!.section.heading.depth },
    ...outer.map((r) => ({ offset: r.section.endOffset, depth: r.section.heading.depth, after: r.id })),
  ];
  const cost = (offset: number) => {
    let c = 0;
    for (const r of present) {
      const before = r.section.heading.startOffset < offset;
      const k = order.indexOf(r.id);
      if (before && k > rank) c += outside.has(r.id) && !spec.outsideBody ? 1.5 : 1;
      else if (!before && k < rank) c += 1;
    }
    return c;
  };
  const best = minOf(slots.map((s) => cost(s.offset)), 0);
  const fitting = slots.filter((s) => cost(s.offset) === best);
  const predecessor = present
    .filter((r) => order.indexOf(r.id) < rank)
    .sort((a, b) => order.indexOf(b.id) - order.indexOf(a.id))[0];
  const afterPredecessor = predecessor && fitting.find((s) => s.offset === predecessor.section.endOffset);
  const chosen = afterPredecessor ?? fitting[0]!;
  return { offset: chosen.offset, depth: chosen.depth };
}

/**
 * The edits that insert the headings and skeletons of missing sections where the profile
 * expects them. Sections that go to the same place become one edit, in the profile's order.
 */
export function insertionEdits(model: ReportModel & { profile: Profile }, specs: SectionSpec[]): TextEdit[] {
  const { text, lineStarts } = model;
  const eol = eolOf(text);
  const byOffset = new Map<number, string>();
  for (const spec of specs) {
    const { offset, depth } = insertionPoint(model, spec);
    const body = spec.skeleton ? `${spec.skeleton.replace(/\n/g, eol)}${eol}${eol}` : '';
    const block = `${'#'.repeat(depth)} ${spec.title}${eol}${eol}${body}`;
    const previous = byOffset.get(offset);
    if (previous !== undefined) {
      byOffset.set(offset, previous + block);
      continue;
    }
    const before = text.slice(0, offset);
    const lead = before.length === 0 || /(\r?\n){2}$/.test(before) ? '' : /\r?\n$/.test(before) ? eol : eol + eol;
    byOffset.set(offset, lead + block);
  }
  return [...byOffset].map(([offset, newText]) => ({ range: rangeOf(lineStarts, offset, offset), newText }));
}

/** The edit that inserts one missing section. */
export function insertionEdit(model: ReportModel & { profile: Profile }, spec: SectionSpec): TextEdit {
  return insertionEdits(model, [spec])[0]!;
}

/**
 * A paragraph that is only bold text and names a section of the profile — `**1. INTRODUCTION**`,
 * the heading Word's "Gras" made instead of a heading style — with the section it names, in
 * document order (computed once per model). The section rules say so instead of only "absente".
 */
export interface BoldHeading {
  text: string;
  sectionId: string;
  range: Range;
}

export function boldHeadings(model: ReportModel & { profile: Profile }): readonly BoldHeading[] {
  return fact(model, 'boldHeadings', () => {
    const specs = model.profile.sections.filter((s) => !s.fromFrontmatter);
    const out: BoldHeading[] = [];
    for (const node of model.root.children) {
      if (node.type !== 'paragraph' || !node.position) continue;
      const kids = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
      if (kids.length !== 1 || kids[0]!.type !== 'strong') continue;
      const text = toString(kids[0]!).replace(/\s+/g, ' ').trim();
      if (text.length === 0 || text.length > 120) continue;
      // The whole bold text is the section's name (numbering aside), as a heading would be recognised exactly.
      const m = bestMatch(text, specs);
      if (!m || m.score < 3) continue;
      out.push({ text, sectionId: m.id, range: rangeOf(model.lineStarts, node.position.start.offset!, node.position.end.offset!) });
    }
    return out;
  });
}
