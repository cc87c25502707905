// The front matter fences, for the code that must find the block before (or without) the
// Markdown parse: the unclosed-front-matter check of the model, the degraded model of
// parse/size.ts, the incremental re-parse, where the parse finds the body (parse.ts bodyStart) and
// the client's template filling.

/** The opening line: `---` on the first line (after a byte order mark), trailing spaces allowed. */
export const FRONTMATTER_OPEN = /^\uFEFF?---[ \t]*\r?\n/;

/** A line (without its line break) that closes the front matter: `---` or `...`, trailing spaces allowed. */
export const FRONTMATTER_CLOSE = /^(?:---|\.\.\.)[ \t]*\r?$/;

/** The line that closes the YAML block as remark-frontmatter reads it: `---` only, trailing spaces allowed. */
export const YAML_BLOCK_CLOSE = /^---[ \t]*\r?$/;

/** The same as FRONTMATTER_CLOSE, on any line of a text. */
export const FRONTMATTER_CLOSE_ANY_LINE = new RegExp(FRONTMATTER_CLOSE.source, 'm');

/**
 * Whether a text starts like a front matter (`---` first, even with more after it on the line):
 * the loose test the incremental re-parse uses to fall back to a full parse.
 */
export function startsWithFence(text: string): boolean {
  return text.charCodeAt(0) === 0xfeff ? text.startsWith('---', 1) : text.startsWith('---');
}
