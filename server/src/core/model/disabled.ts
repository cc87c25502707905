// Inline disabling: `<!-- rapport-disable code… -->` … `<!-- rapport-enable -->` regions, read
// from the HTML nodes of the tree, and the test `runRules` applies to each finding.

import type { Html, Root, RootContent } from 'mdast';
import { memoByNode } from '../memo';
import type { DisabledRegion, ReportModel } from '../types';

const DIRECTIVE = /<!--\s*rapport-(disable|enable)((?:\s+[a-z][a-z-]*)*)\s*-->/g;

export function collectDisabledRegions(root: Root): DisabledRegion[] {
  const regions: DisabledRegion[] = [];
  const open: DisabledRegion[] = [];
  for (const node of root.children.flatMap(htmlNodesOf)) {
    const line = (node.position?.start.line ?? 1) - 1;
    for (const m of node.value.matchAll(DIRECTIVE)) {
      const codes = (m[2] ?? '').trim().split(/\s+/).filter(Boolean);
      if (m[1] === 'disable') {
        const r: DisabledRegion = { codes, startLine: line, endLine: Infinity };
        regions.push(r);
        open.push(r);
      } else {
        for (let i = open.length - 1; i >= 0; i--) {
          const r = open[i]!;
          if (codes.length === 0 || r.codes.length === 0 || r.codes.some((c) => codes.includes(c))) {
            r.endLine = line;
            open.splice(i, 1);
          }
        }
      }
    }
  }
  return regions;
}

/**
 * HTML nodes of a top-level block, in document order. Cached per node object: the incremental
 * parser keeps the objects of unchanged blocks (positions are read at use, moved in place).
 */
const htmlNodesOf = memoByNode((top: RootContent): Html[] => {
  const out: Html[] = [];
  const stack: RootContent[] = [top];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'html') out.push(node);
    const children = (node as { children?: RootContent[] }).children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return out;
});

export function isDisabled(model: ReportModel, code: string, line: number): boolean {
  return model.disabled.some(
    (r) => line >= r.startLine && line < r.endLine && (r.codes.length === 0 || r.codes.includes(code)),
  );
}
