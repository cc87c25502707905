// Offsets, positions and ranges over a document's text.

import type { Position, Range } from '../types';

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Index of the line containing `offset` (binary search over the line starts). */
export function lineIndexAt(lineStarts: number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function positionAt(lineStarts: number[], offset: number): Position {
  const line = lineIndexAt(lineStarts, offset);
  return { line, character: offset - lineStarts[line]! };
}

export function offsetAt(lineStarts: number[], pos: Position, textLength: number): number {
  if (pos.line >= lineStarts.length) return textLength;
  return Math.min(lineStarts[pos.line]! + pos.character, textLength);
}

export function rangeOf(lineStarts: number[], start: number, end: number): Range {
  return { start: positionAt(lineStarts, start), end: positionAt(lineStarts, end) };
}

/** Range of a whole line, without its line break. */
export function lineRange(text: string, lineStarts: number[], line: number): Range {
  const start = lineStarts[line] ?? text.length;
  let end = lineStarts[line + 1] ?? text.length;
  while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return { start: { line, character: 0 }, end: { line, character: end - start } };
}

export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** Apply edits (non-overlapping) to a text; used by tests and the CLI. */
export function applyEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const starts = computeLineStarts(text);
  const withOffsets = edits
    .map((e) => ({
      start: offsetAt(starts, e.range.start, text.length),
      end: offsetAt(starts, e.range.end, text.length),
      newText: e.newText,
    }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of withOffsets) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/**
 * Old Mac line endings (a lone `\r`) as `\n`: same length, same offsets and the same lines as LSP
 * counts them, but the Markdown and YAML parsers see ordinary lines. CRLF is left as it is.
 */
export function lfForLoneCr(text: string): string {
  const i = text.indexOf('\r');
  if (i < 0) return text;
  return text.replace(/\r(?!\n)/g, '\n');
}

/**
 * The matches of the global regular expression `re` in `text`, as `text.matchAll(re)` gives
 * them, without the copy of `re` that matchAll makes at each call (the diary scoring runs some
 * forty expressions on every paragraph). `re` is used from its start; its lastIndex is left at 0.
 */
export function allMatches(re: RegExp, text: string): RegExpExecArray[] {
  // As matchAll: a non-global expression is refused (exec would find its first match forever).
  if (!re.global) throw new TypeError(`allMatches: ${re} is not global`);
  const byCodePoint = re.unicode || re.flags.includes('v');
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m);
    // An empty match moves on by one character, as matchAll does (by code point with the u or v flag).
    if (m[0].length === 0) re.lastIndex += byCodePoint && (text.codePointAt(re.lastIndex) ?? 0) > 0xffff ? 2 : 1;
  }
  re.lastIndex = 0;
  return out;
}

/**
 * One expression that matches wherever any of `expressions` does: a text it finds nothing in
 * holds no match of any of them, in one pass instead of one per expression (the diary scoring
 * skips its patterns on most analytical paragraphs so). The expressions must have no flag but
 * `g` and no backreference, so that their union means exactly that.
 */
export function anyOf(expressions: readonly RegExp[]): RegExp {
  for (const re of expressions) {
    if (re.flags.replace('g', '') !== '' || /\\[1-9k]/.test(re.source)) throw new Error(`anyOf: ${re} cannot be joined`);
  }
  return new RegExp(expressions.map((re) => `(?:${re.source})`).join('|'));
}
