// Incremental analysis: after an edit, re-parse only the top-level blocks around it and reuse
// the syntax trees of the others, with their positions moved. Correctness first: whenever the
// blocks kept cannot be proven to parse the same, fall back to a full parse.
//
// Why it is sound. CommonMark's block parser reads lines in order, keeping a stack of open
// blocks; its state at the start of a line depends only on the lines before. At a line where
// that stack is empty, the rest of the document parses as a document of its own. The stack is
// empty at the start of a top-level block B when the block before it is closed by the blank
// line(s) between them: a paragraph, heading, table, block quote, thematic break, definition
// or front matter, and a fenced code or HTML block followed by B (at top level those only end
// at their closing line). Lists, indented code and footnote definitions stay open across
// blank lines, so a boundary after one of them is not used.
//
//   text:  [ kept prefix ][ re-parsed fragment ][ kept tail ]
//                        S                     R (old) / R + delta (new)
//
// - S and R are block starts of the old tree where the old stack is empty (left side: the
//   text before S is unchanged, so the new stack is empty there too).
// - The fragment (new text between S and R + delta) is parsed on its own; its last block must
//   be provably closed by a blank line, so the new stack is empty at R + delta; otherwise the
//   fragment grows by a block, and in the end runs to the end of the document.
// - Link reference and footnote definitions resolve references anywhere: an edit that touches a
//   definition, or writes one, is re-parsed in full; otherwise the definitions of the rest of
//   the document are appended to the fragment (after it, so they change no position) for its
//   references to resolve as in the whole document, and removed from its tree.
// - A document that opens a front matter it does not close is re-parsed in full (micromark then
//   parses the rest differently: no lists at all).
//
// The oracle test (test/unit/incremental.test.ts) checks the trees and the findings against a
// full analysis after random edit sequences.
//
// Nodes of the kept tail are the previous tree's objects, moved in place: after `reparse`, the
// previous tree is no longer valid for the previous text.

import type { Root } from 'mdast';
import { blankGap, closedAtEnd, closedBefore } from './blockEnds';
import { definitionsOf, type Definitions } from './definitions';
import { parseFragment, parseMarkdown } from './parse';
import { shiftNodes } from './shift';
import { computeLineStarts, lineIndexAt } from '../text/text';
import { startsWithFence } from '../text/fence';
import { pushAll } from '../arrays';

export interface ParsedText {
  text: string;
  root: Root;
  lineStarts: number[];
}

export interface ReparseOutcome {
  parsed: ParsedText;
  path: 'full' | 'incremental' | 'unchanged';
  /** Why the full path was taken. */
  reason?: string;
  /** Characters parsed again. */
  parsedChars: number;
}

/** Extra blocks the fragment may grow by on its right before it runs to the end of the text. */
const MAX_RIGHT_GROWTH = 3;

export function fullParse(text: string, reason: string): ReparseOutcome {
  return {
    parsed: { text, root: parseMarkdown(text), lineStarts: computeLineStarts(text) },
    path: 'full',
    reason,
    parsedChars: text.length,
  };
}

/** Parses `text` reusing what can be reused of `prev` (the previous text and its tree). */
export function reparse(prev: ParsedText | undefined, text: string): ReparseOutcome {
  return reparseGuarded(prev, text, () => true)!;
}

/**
 * Same as `reparse`, but asks `canParse` before parsing any text (the part re-parsed, or the
 * whole text on the full path); undefined when it refuses (see analysis/size.ts).
 */
export function reparseGuarded(
  prev: ParsedText | undefined,
  text: string,
  canParse: (text: string) => boolean,
  hint?: ChangeHint,
): ReparseOutcome | undefined {
  if (prev && prev.text === text) return { parsed: prev, path: 'unchanged', parsedChars: 0 };
  let reason = 'first';
  if (prev) {
    const out = reparseIncrementally(prev, text, canParse, hint);
    if (!('refused' in out)) return out;
    reason = out.refused;
    if (reason === 'refused') return undefined;
  }
  return canParse(text) ? fullParse(text, reason) : undefined;
}

/** Why the incremental path does not apply (the full parse is then taken, with this reason). */
interface Refusal {
  refused: string;
}
const fail = (reason: string): Refusal => ({ refused: reason });

function reparseIncrementally(
  prev: ParsedText,
  text: string,
  canParse: (text: string) => boolean,
  hint: ChangeHint | undefined,
): ReparseOutcome | Refusal {
  const old = prev.text;
  const children = prev.root.children;
  const n = children.length;
  if (n === 0) return fail('empty tree');
  // Definitions resolve references anywhere in the document (see the header).
  const defs: Definitions[] = children.map(definitionsOf);

  const oldLen = old.length;
  const newLen = text.length;
  const delta = newLen - oldLen;
  const minLen = Math.min(oldLen, newLen);
  // The unchanged prefix [0, p) and suffix (s characters): from the editor's changes when given
  // (a consistent hint), else by comparing the texts.
  let p = 0;
  let s = 0;
  if (hint && hint.start >= 0 && hint.start <= hint.oldEnd && hint.oldEnd <= oldLen && hint.start <= hint.newEnd && newLen - hint.newEnd === oldLen - hint.oldEnd) {
    p = hint.start;
    s = oldLen - hint.oldEnd;
  } else {
    while (p < minLen && old.charCodeAt(p) === text.charCodeAt(p)) p++;
    while (s < minLen - p && old.charCodeAt(oldLen - 1 - s) === text.charCodeAt(newLen - 1 - s)) s++;
  }
  const oldEnd = oldLen - s;

  const starts: number[] = new Array(n);
  const ends: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const pos = children[i]!.position;
    if (pos?.start.offset === undefined || pos.end.offset === undefined) return fail('no position');
    starts[i] = pos.start.offset;
    ends[i] = pos.end.offset;
  }
  const ls = prev.lineStarts;
  const lineStartOf = (offset: number) => ls[lineIndexAt(ls, offset)]!;
  /** The old parser's block stack is empty at the start of block i's line. */
  const boundaryOk = (i: number) =>
    closedBefore(children[i - 1]!, old, lineStartOf(starts[i - 1]!)) && blankGap(old, ends[i - 1]!, lineStartOf(starts[i]!));

  // Left boundary: the last block starting at or before the change, moved back to a safe boundary.
  let a = 0;
  {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= p) lo = mid;
      else hi = mid - 1;
    }
    a = starts[lo]! <= p ? lo : 0;
  }
  // A front matter opened but never closed: closing it anywhere changes the start of the tree.
  // A front matter opener that does not close changes how the whole document parses (micromark
  // then reads no list anywhere): only a full parse reproduces that.
  if (children[0]!.type !== 'yaml' && startsWithFence(old)) return fail('front matter open');
  if (children[0]!.type !== 'yaml' && startsWithFence(text)) a = 0;
  while (a > 0 && !boundaryOk(a)) a--;
  const S = a === 0 ? 0 : lineStartOf(starts[a]!);
  if (S > p) return fail('left boundary after change');
  if (S > 0 && (text.charCodeAt(S) === 0xfeff || (text.charCodeAt(S - 1) === 13 && text.charCodeAt(S) === 10))) {
    return fail('left boundary line break');
  }

  // Right boundary: the first block starting on a line at or after the end of the change.
  let c = a + 1;
  {
    let lo = a + 1;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lineStartOf(starts[mid]!) >= oldEnd) hi = mid;
      else lo = mid + 1;
    }
    c = lo;
  }
  const nextBoundary = (i: number) => {
    while (i < n && !boundaryOk(i)) i++;
    return i;
  };
  c = nextBoundary(c);

  let frag: Root;
  let fragText: string;
  let R: number;
  for (let growth = 0; ; growth++) {
    R = c < n ? lineStartOf(starts[c]!) : oldLen;
    fragText = text.slice(S, R + delta);
    // Blank lines bound the fragment, so the checks of analysis/size.ts apply to it alone.
    if (!canParse(fragText)) return fail('refused');
    const kept: Definitions = { lines: [], ids: [] };
    for (let i = 0; i < n; i++) {
      const d = defs[i]!;
      if (d.ids.length === 0) continue;
      if (i >= a && i < c) return fail('definition edited');
      pushAll(kept.lines, d.lines);
      pushAll(kept.ids, d.ids);
    }
    // Appended definitions need a fragment closed at its end (checked below), not one running to the end.
    if (kept.ids.length > 0 && c >= n) return fail('definitions after the end');
    const suffix = kept.lines.length > 0 ? kept.lines.join('\n\n') + '\n' : '';
    frag = S === 0 ? parseMarkdown(fragText + suffix) : parseFragment(fragText + suffix);
    if (suffix) {
      const extra = frag.children.filter((x) => (x.position?.start.offset ?? 0) >= fragText.length);
      frag.children = frag.children.slice(0, frag.children.length - extra.length);
      const got = extra.flatMap((x) => definitionsOf(x).ids);
      if (extra.length !== kept.ids.length || got.join('\u0000') !== kept.ids.join('\u0000')) return fail('definitions not re-read');
      const last = frag.children[frag.children.length - 1];
      if (last && (last.position?.end.offset ?? Infinity) > fragText.length) return fail('definitions swallowed');
    }
    if (frag.children.some((x) => definitionsOf(x).ids.length > 0)) return fail('definition written');
    // A front matter opened and not closed in the fragment may close anywhere further down.
    if (S === 0 && c < n && startsWithFence(text) && frag.children[0]?.type !== 'yaml') return fail('front matter open');
    if (c >= n || closedAtEnd(frag, fragText)) break;
    c = growth >= MAX_RIGHT_GROWTH ? n : nextBoundary(c + 1);
  }
  const Rn = R + delta;
  // The kept tail would start the document (where a front matter or a BOM may be read).
  if (c < n && Rn === 0) return fail('tail at document start');
  if (c < n && text.charCodeAt(Rn - 1) === 13 && text.charCodeAt(Rn) === 10) return fail('right boundary line break');

  // Line starts: unchanged before S, the fragment's own, the tail's moved by delta.
  const iS = lineIndexAt(ls, S);
  if (ls[iS] !== S) return fail('left boundary not a line start');
  const fragLs = computeLineStarts(fragText);
  const lineStarts = ls.slice(0, iS);
  for (let k = 0; k < fragLs.length; k++) lineStarts.push(fragLs[k]! + S);
  let tailLineDelta = 0;
  if (c < n) {
    const iR = lineIndexAt(ls, R);
    if (ls[iR] !== R || fragLs[fragLs.length - 1] !== fragText.length) return fail('right boundary not a line start');
    tailLineDelta = iS + fragLs.length - 1 - iR;
    for (let k = iR + 1; k < ls.length; k++) lineStarts.push(ls[k]! + delta);
  }

  // Commit: move the fragment's nodes to the document, and the kept tail by the edit's size.
  const fragNodes = frag.children;
  if (S > 0) shiftNodes(fragNodes, { offset: S, line: iS });
  const tail = children.slice(c);
  shiftNodes(tail, { offset: delta, line: tailLineDelta });
  const last = lineStarts.length - 1;
  const root: Root = {
    type: 'root',
    children: [...children.slice(0, a), ...fragNodes, ...tail],
    position: {
      start: { line: 1, column: 1, offset: 0 },
      end: { line: last + 1, column: newLen - lineStarts[last]! + 1, offset: newLen },
    },
  };
  return { parsed: { text, root, lineStarts }, path: 'incremental', parsedChars: fragText.length };
}

/**
 * Where the text changed since the last update, from the editor's change events: the text before
 * `start` and the text after `oldEnd` (old text) / `newEnd` (new text) are unchanged.
 */
export interface ChangeHint {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * Adds one change (offsets `start`–`end` of the current text replaced by `newLength` characters)
 * to the hint accumulated since the last update.
 */
export function mergeChange(hint: ChangeHint | undefined, start: number, end: number, newLength: number): ChangeHint {
  if (!hint) return { start, oldEnd: end, newEnd: start + newLength };
  return {
    start: Math.min(hint.start, start),
    oldEnd: Math.max(hint.oldEnd, end + (hint.oldEnd - hint.newEnd)),
    newEnd: Math.max(hint.newEnd, end) + newLength - (end - start),
  };
}

