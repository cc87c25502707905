// Model queries about the profile's sections, shared by the section rules, the plan and the
// "Plan du rapport" view: first occurrences, presence, where a missing section goes and the edit
// that inserts it.

import { fact } from '../facts';
import { hasGeneratedToc } from './toc';
import { eolOf, rangeOf } from '../text/text';
import type { Profile, ReportModel, SectionSpec, TextEdit } from '../types';
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

/** Where a missing section goes: after the closest preceding section of the profile's order
 * (at its level), else before the closest following one, else at the end. */
function insertionPoint(model: ReportModel & { profile: Profile }, spec: SectionSpec): { offset: number; depth: number } {
  const order = model.profile.sections.map((s) => s.id);
  const idx = order.indexOf(spec.id);
  const first = firstOccurrences(model);
  for (let i = idx - 1; i >= 0; i--) {
    const r = first.get(order[i]!);
    if (r) return { offset: r.section.endOffset, depth: r.section.heading.depth };
  }
  for (let i = idx + 1; i < order.length; i++) {
    const r = first.get(order[i]!);
    if (r) return { offset: r.section.heading.startOffset, depth: r.section.heading.depth };
  }
  const depth = minOf(model.headings.map((h) => h.depth), 1);
  return { offset: model.text.length, depth };
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
