// What the analysis parses in full: past these limits a document gets the degraded model of
// parse/size.ts. Their one home, with no import: the parser's guards and the memos' caps read them.

/**
 * Above this many characters (UTF-16 units) the document is not parsed. A 100-page report is
 * about 0.3 million; one million takes one to four seconds to parse on a small, busy machine.
 */
export const DEFAULT_MAX_DOCUMENT_SIZE = 1_000_000;

/**
 * Markers `* _ [ ] ( )` allowed in one block (text between blank lines), outside fenced code; a
 * run of `*` or of `_` counts once (the parser's cost grows with the delimiter runs: 20,000
 * `*a` take it seconds, 100,000 underscores in a row 36 ms).
 */
export const MAX_BLOCK_MARKERS = 3000;
/** Backticks allowed in one block outside fenced code (code spans are matched by run length). */
export const MAX_BLOCK_BACKTICKS = 2000;
/** Quote and list levels allowed on one line, by markers or by indentation. */
export const MAX_NESTING = 16;
/** Blocks (text after a blank line), lines of tables, headings and images allowed in a document. */
export const MAX_BLOCKS = 15_000;
export const MAX_HEADINGS = 3000;
export const MAX_LINES = 30_000;
export const MAX_IMAGES = 3000;
/** `|` on one line outside fenced code: table cells (GFM tables thousands of columns wide take seconds and hundreds of MB). */
export const MAX_LINE_PIPES = 1000;
/** `<!--` left without a `-->` after them (micromark looks for the end of each one to the end of its block). */
export const MAX_OPEN_COMMENTS = 200;
