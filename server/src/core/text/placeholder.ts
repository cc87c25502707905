// Where the student writes first after a fix inserted a skeleton: the first placeholder « … » of
// the inserted text (outside comments), in the document as it is after the edits. Pure: the
// code-action feature sends it with the fix, the client's "insert section" uses it too.

import { computeLineStarts, offsetAt, rangeOf } from './text';
import type { Range } from '../types';

interface Edit {
  range: Range;
  newText: string;
}

/** Offset of the first « … » of `text` outside `<!-- … -->` comments, or -1. */
function firstEllipsis(text: string): number {
  const masked = text.replace(/<!--[\s\S]*?(-->|$)/g, (m) => ' '.repeat(m.length));
  return masked.indexOf('…');
}

/**
 * The range to select once `edits` are applied to `text`: the first « … » that an edit inserts
 * (edits in document order); without one, the start of the line after the first comment an
 * edit inserts (the guidance comment of an empty section: the line under it is where the text
 * goes). Undefined when the inserted text has neither (a `[[_TOC_]]` marker).
 */
export function placeholderAfterEdits(text: string, edits: Edit[]): Range | undefined {
  return placeholderIn(text, edits)?.range;
}

/**
 * The same range, with the text of its line after the edits (without the line break), against
 * which its columns count: to convert them to another encoding.
 */
export function placeholderIn(text: string, edits: Edit[]): { range: Range; line: string } | undefined {
  const starts = computeLineStarts(text);
  const sorted = edits
    .map((e) => ({ start: offsetAt(starts, e.range.start, text.length), end: offsetAt(starts, e.range.end, text.length), newText: e.newText }))
    .sort((a, b) => a.start - b.start);
  let out = '';
  let last = 0;
  const inserted: { at: number; text: string }[] = [];
  for (const e of sorted) {
    out += text.slice(last, e.start);
    inserted.push({ at: out.length, text: e.newText });
    out += e.newText;
    last = Math.max(last, e.end);
  }
  out += text.slice(last);
  const after = computeLineStarts(out);
  const found = (start: number, end: number) => {
    const range = rangeOf(after, start, end);
    const from = after[range.start.line]!;
    const next = after[range.start.line + 1];
    return { range, line: out.slice(from, next === undefined ? out.length : next).replace(/\r?\n$/, '') };
  };
  for (const ins of inserted) {
    const k = firstEllipsis(ins.text);
    if (k >= 0) return found(ins.at + k, ins.at + k + 1);
  }
  for (const ins of inserted) {
    const close = ins.text.indexOf('-->');
    const eol = close < 0 ? -1 : ins.text.indexOf('\n', close);
    if (eol >= 0) return found(ins.at + eol + 1, ins.at + eol + 1);
  }
  return undefined;
}
