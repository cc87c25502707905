// Where a top-level block provably ends, for the incremental re-parse (incremental.ts): the
// CommonMark block parser's stack is empty after a closed block and a blank line.

import type { Code, Html, Root, RootContent } from 'mdast';

/** Only spaces, tabs and line breaks between `from` and `to`, with at least one blank line. */
export function blankGap(text: string, from: number, to: number): boolean {
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
export function closedBefore(node: RootContent, text: string, lineStart: number): boolean {
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
export function closedAtEnd(frag: Root, fragText: string): boolean {
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
