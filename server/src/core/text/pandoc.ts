// Markdown converted from Word (usually by pandoc) carries markup that CommonMark keeps as
// text: heading attributes `{#id .unnumbered}`, empty anchor spans `[]{#_Toc48213 .anchor}`,
// bracketed spans `[texte]{.mark}`, `\ ` for a no-break space. The heading text read by every
// rule, the Plan, the CodeLens and the JSON is the clean title these leave behind.

// An attribute block: `{#id}`, `{.class}`, `{#id .a .b key="v"}`, `{-}` (pandoc's short
// `.unnumbered`). Only blocks that start with `#`, `.` or `-` and hold attribute-shaped words,
// so "{x}" in a real title stays.
const ATTRS = String.raw`\{[ \t]*(?:[#.][^\s{}]+|-|[A-Za-z][\w-]*=(?:"[^"]*"|[^\s{}]+))(?:[ \t]+(?:[#.][^\s{}]+|[A-Za-z][\w-]*=(?:"[^"]*"|[^\s{}]+)))*[ \t]*\}`;
const EMPTY_SPAN = new RegExp(String.raw`\[[ \t\u00a0]*\]` + ATTRS, 'g');
const SPAN = new RegExp(String.raw`\[([^\[\]]*)\]` + ATTRS, 'g');
const TRAILING_ATTRS = new RegExp(String.raw`[ \t]*` + ATTRS + String.raw`[ \t]*$`);

/**
 * A text with pandoc's anchors removed and its bracketed spans unwrapped (`[souligné]{.underline}`
 * → `souligné`), nothing else changed: what the student wrote in Word, without the markup that
 * CommonMark leaves as text.
 */
export function unwrapSpans(text: string): string {
  let s = text.replace(EMPTY_SPAN, '');
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(SPAN, '$1');
  }
  return s;
}

/** Spaces a title may hold: no-break (U+00A0), narrow no-break (U+202F), thin (U+2009). */
const SPACES = /[\u00a0\u202f\u2009\u2007]/g;

/**
 * The clean title of a heading's plain text: pandoc attributes and anchors removed, bracketed
 * spans unwrapped, `\ ` and the no-break spaces turned into ordinary spaces, runs of spaces
 * collapsed. Clean Markdown comes out unchanged (apart from collapsed spaces).
 */
export function cleanHeadingText(text: string): string {
  // Runs of spaces as one first: TRAILING_ATTRS starts with `[ \t]*` and would be quadratic on them.
  let s = unwrapSpans(text.replace(/[ \t]{2,}/g, ' '));
  s = s.replace(TRAILING_ATTRS, '');
  return s
    .replace(/\\ /g, ' ')
    .replace(SPACES, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}
