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

import type { Code, Html, Nodes, Parent, Root, RootContent } from 'mdast';
import { rules as defaultRules } from '../../rules';
import { runRules } from '../analyze';
import { memoByNode } from '../memo';
import { buildModel, buildModelFromTree } from '../model/model';
import { parseFragment, parseMarkdown } from './parse';
import { shiftNodes } from './shift';
import { degradation, maxDocumentSize } from './size';
import { computeLineStarts, lineIndexAt } from '../text/text';
import type { AnalysisResult, AnalysisSettings, ProfileRegistry, Rule } from '../types';

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
    try {
      const out = reparseIncrementally(prev, text, canParse, hint);
      if (out) return out;
      reason = lastReason;
      if (reason === 'refused') return undefined;
    } catch (e) {
      reason = `error: ${(e as Error).message}`;
    }
  }
  return canParse(text) ? fullParse(text, reason) : undefined;
}

let lastReason = '';
function fail(reason: string): undefined {
  lastReason = reason;
  return undefined;
}

function reparseIncrementally(
  prev: ParsedText,
  text: string,
  canParse: (text: string) => boolean,
  hint: ChangeHint | undefined,
): ReparseOutcome | undefined {
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
  const opensFrontmatter = (t: string) => /^\uFEFF?---/.test(t);
  // A front matter opener that does not close changes how the whole document parses (micromark
  // then reads no list anywhere): only a full parse reproduces that.
  if (children[0]!.type !== 'yaml' && opensFrontmatter(old)) return fail('front matter open');
  if (children[0]!.type !== 'yaml' && opensFrontmatter(text)) a = 0;
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
      kept.lines.push(...d.lines);
      kept.ids.push(...d.ids);
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
    if (S === 0 && c < n && opensFrontmatter(text) && frag.children[0]?.type !== 'yaml') return fail('front matter open');
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

interface Definitions {
  /** Source of an equivalent definition for each one, e.g. `[iso]: #` or `[^1]: x`. */
  lines: string[];
  /** Their kind and identifier, to check the re-read. */
  ids: string[];
}

/** Link reference and footnote definitions of a top-level block, at any depth (cached per node). */
const definitionsOf = memoByNode((top: RootContent): Definitions => {
  const out: Definitions = { lines: [], ids: [] };
  const stack: Nodes[] = [top];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'definition') {
      out.lines.push(`[${node.label ?? node.identifier}]: #`);
      out.ids.push(`d:${node.identifier}`);
    } else if (node.type === 'footnoteDefinition') {
      out.lines.push(`[^${node.label ?? node.identifier}]: x`);
      out.ids.push(`f:${node.identifier}`);
    }
    const ch = (node as Parent).children as Nodes[] | undefined;
    if (ch) for (let i = ch.length - 1; i >= 0; i--) stack.push(ch[i]!);
  }
  return out;
});

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

/** Only spaces, tabs and line breaks between `from` and `to`, with at least one blank line. */
function blankGap(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  let breaks = 0;
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) breaks++;
    else if (ch === 13) {
      if (text.charCodeAt(i + 1) !== 10) breaks++;
    } else if (ch !== 32 && ch !== 9) return false;
  }
  return breaks >= 2;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The block is closed once a blank line follows it, given that another top-level block comes
 * after (fenced code and HTML blocks then ended at their closing line).
 */
function closedBefore(node: RootContent, text: string, lineStart: number): boolean {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
    case 'thematicBreak':
    case 'table':
    case 'blockquote':
    case 'html':
    case 'yaml':
    case 'definition':
      return true;
    case 'code':
      return FENCE_OPEN.test(text.slice(lineStart, lineStart + 40));
    default:
      return false;
  }
}

/**
 * The fragment's parse leaves no block open at its end: its last block is closed, followed by
 * a blank line. Fenced code and HTML blocks must show their closing line.
 */
function closedAtEnd(frag: Root, fragText: string): boolean {
  const last = frag.children[frag.children.length - 1];
  if (!last) return true;
  const end = last.position?.end.offset;
  const start = last.position?.start.offset;
  if (end === undefined || start === undefined || !blankGap(fragText, end, fragText.length)) return false;
  switch (last.type) {
    case 'paragraph':
    case 'heading':
    case 'thematicBreak':
    case 'table':
    case 'blockquote':
    case 'yaml':
    case 'definition':
      return true;
    case 'code':
      return fenceClosed(last, fragText.slice(start, end));
    case 'html':
      return htmlClosed(last);
    default:
      return false;
  }
}

function fenceClosed(_node: Code, source: string): boolean {
  const lines = source.split(/\r\n|\r|\n/);
  if (lines.length < 2) return false;
  const open = FENCE_OPEN.exec(lines[0]!);
  const close = /^ {0,3}(`+|~+)[ \t]*$/.exec(lines[lines.length - 1]!);
  return !!open && !!close && close[1]![0] === open[1]![0] && close[1]!.length >= open[1]!.length;
}

/** HTML blocks of kinds 1–5 end at a marker; kinds 6 and 7 at a blank line. */
function htmlClosed(node: Html): boolean {
  const value = node.value.replace(/^[ \t]+/, '');
  const lines = value.split(/\r\n|\r|\n/);
  const lastLine = lines[lines.length - 1]!;
  const from = lines.length === 1;
  const endsWith = (marker: string, openerLength: number) => lastLine.indexOf(marker, from ? openerLength : 0) >= 0;
  if (/^<(?:script|pre|style|textarea)(?:[ \t>]|$)/i.test(value)) return /<\/(?:script|pre|style|textarea)>/i.test(from ? lastLine.slice(4) : lastLine);
  if (value.startsWith('<!--')) return endsWith('-->', 4);
  if (value.startsWith('<?')) return endsWith('?>', 2);
  if (value.startsWith('<![CDATA[')) return endsWith(']]>', 9);
  if (/^<![A-Za-z]/.test(value)) return endsWith('>', 2);
  return true;
}

// ---------------------------------------------------------------------------

export interface UpdateInfo {
  path: ReparseOutcome['path'];
  reason?: string;
  parsedChars: number;
}

/**
 * Keeps one document's tree between versions. `update(text, settings)` answers the same as
 * `analyze(text, settings, registry, rules)`, re-parsing only the blocks the edit touched.
 */
export class IncrementalAnalyzer {
  private parsed: ParsedText | undefined;
  /** How the last update parsed the text (for tests and the benchmark). */
  last: UpdateInfo = { path: 'full', parsedChars: 0 };

  constructor(
    private readonly registry: ProfileRegistry,
    private readonly rules: Rule[] = defaultRules,
  ) {}

  /** `hint`: where the text changed since the previous update (see `mergeChange`); optional. */
  update(text: string, settings: AnalysisSettings, hint?: ChangeHint): AnalysisResult {
    let model;
    try {
      const outcome =
        text.length > maxDocumentSize(settings)
          ? undefined
          : reparseGuarded(this.parsed, text, (t) => degradation(t, settings) === null, hint);
      if (!outcome) {
        // Too large or too complex to parse: the degraded model of analysis/size.ts.
        this.parsed = undefined;
        this.last = { path: 'full', reason: 'degraded', parsedChars: 0 };
        model = buildModel(text, settings, this.registry);
        return { model, findings: runRules(model, settings, this.registry, this.rules) };
      }
      this.parsed = outcome.parsed;
      this.last = { path: outcome.path, parsedChars: outcome.parsedChars, ...(outcome.reason ? { reason: outcome.reason } : {}) };
      const { root, lineStarts } = outcome.parsed;
      model = buildModelFromTree(text, lineStarts, root, settings, this.registry);
    } catch {
      // The full path degrades gracefully (analysis/size.ts) where the parser cannot cope.
      this.parsed = undefined;
      this.last = { path: 'full', reason: 'error', parsedChars: text.length };
      model = buildModel(text, settings, this.registry);
    }
    return { model, findings: runRules(model, settings, this.registry, this.rules) };
  }

  /** Forgets the tree: the next update parses in full. */
  reset(): void {
    this.parsed = undefined;
  }
}
