// Shared helpers for the section rules: where a section is expected, how to insert one.

import { documentAnchor } from '../analysis/model';
import { eolOf, rangeOf } from '../analysis/text';
import type { Profile, ReportModel, SectionSpec, TextEdit } from '../analysis/types';

export function firstOccurrences(model: ReportModel): Map<string, ReportModel['recognized'][number]> {
  const first = new Map<string, ReportModel['recognized'][number]>();
  for (const r of model.recognized) if (!first.has(r.id)) first.set(r.id, r);
  return first;
}

export function isPresent(model: ReportModel, spec: SectionSpec, first: Map<string, unknown>): boolean {
  if (spec.fromFrontmatter) return model.frontmatter !== null;
  if (spec.id === 'sommaire' && hasGeneratedToc(model)) return true;
  return first.has(spec.id);
}

/** A generated table of contents counts as a sommaire. */
export function hasGeneratedToc(model: ReportModel): boolean {
  if (/^\s*(\[\[_?TOC_?\]\]|\[TOC\]|\$\{toc\}|<!--\s*toc\s*-->)\s*$/im.test(model.text)) return true;
  const d = model.frontmatter?.data;
  return !!d && (d.toc === true || d.sommaire === true);
}

/** The edit that inserts a section heading and its skeleton where the profile expects it. */
export function insertionEdit(model: ReportModel & { profile: Profile }, spec: SectionSpec): TextEdit {
  const { text, lineStarts } = model;
  const eol = eolOf(text);
  const order = model.profile.sections.map((s) => s.id);
  const idx = order.indexOf(spec.id);
  const first = firstOccurrences(model);

  let offset: number | undefined;
  let depth = 1;
  for (let i = idx - 1; i >= 0 && offset === undefined; i--) {
    const r = first.get(order[i]!);
    if (r) {
      offset = r.section.endOffset;
      depth = r.section.heading.depth;
    }
  }
  if (offset === undefined) {
    for (let i = idx + 1; i < order.length && offset === undefined; i++) {
      const r = first.get(order[i]!);
      if (r) {
        offset = r.section.heading.startOffset;
        depth = r.section.heading.depth;
      }
    }
  }
  if (offset === undefined) {
    const top = model.headings.find((h) => h.depth === Math.min(...model.headings.map((x) => x.depth)));
    depth = top?.depth ?? 1;
    offset = text.length;
  }
  const before = text.slice(0, offset);
  const lead = before.length === 0 || /(\r?\n){2}$/.test(before) ? '' : /\r?\n$/.test(before) ? eol : eol + eol;
  const body = spec.skeleton ? `${spec.skeleton.replace(/\n/g, eol)}${eol}${eol}` : '';
  const newText = `${lead}${'#'.repeat(depth)} ${spec.title}${eol}${eol}${body}`;
  return { range: rangeOf(lineStarts, offset, offset), newText };
}

export { documentAnchor };
