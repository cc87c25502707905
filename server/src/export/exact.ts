// Exact page figures of a typeset report: where each section starts and ends in the exported
// PDF (1-based pages, the cover is page 1), the document total and the body as the BTS counts
// it (without the annexes and English documents). Plain data: it crosses from the worker
// thread to the language server.

import { outsideBodySections } from '../core/pages/pages';
import type { ExactPages, ExactSection, ReportModel, Section } from '../core/types';
import type { ExportDocument } from './document';
import type { Positions } from './typst';

export type { ExactPages, ExactSection };

function lastIndexOf(s: Section, index: Map<unknown, number>): number {
  const last = s.blocks[s.blocks.length - 1];
  return (last && index.get(last)) ?? index.get(s.heading.node) ?? 0;
}

export function exactPages(model: ReportModel, doc: ExportDocument, pos: Positions, pages: number): ExactPages {
  const children = model.root.children;
  const index = new Map<unknown, number>(children.map((c, i) => [c, i]));
  const sections: ExactSection[] = [];
  const byIndex = new Map<number, ExactSection>();
  const visit = (s: Section) => {
    const i = index.get(s.heading.node);
    const start = i === undefined ? undefined : pos.headings.get(i);
    if (i !== undefined && start !== undefined) {
      // The section ends on the page of its last block's end (or of the last heading inside it).
      let end = start;
      const last = lastIndexOf(s, index);
      for (let k = i; k <= last; k++) {
        const e = pos.ends.get(k) ?? pos.headings.get(k);
        if (e !== undefined && e > end) end = e;
      }
      const x = { index: i, startPage: start, endPage: end, pages: end - start + 1 };
      sections.push(x);
      byIndex.set(i, x);
    }
    s.children.forEach(visit);
  };
  model.sections.forEach(visit);
  let outside = 0;
  if (model.profile) {
    const outs = outsideBodySections(model);
    const outer = outs.filter((s) => !outs.some((o) => o !== s && isAncestor(o, s)));
    for (const s of outer) {
      const i = index.get(s.heading.node);
      const x = i === undefined ? undefined : byIndex.get(i);
      if (x) outside += x.pages;
    }
  }
  return { document: pages, body: Math.max(0, pages - outside), cover: doc.cover ? 1 : 0, sections };
}

function isAncestor(a: Section, b: Section): boolean {
  for (let p = b.parent; p; p = p.parent) if (p === a) return true;
  return false;
}
