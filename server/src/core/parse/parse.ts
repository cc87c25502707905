// The one Markdown parse of a document: unified + remark-parse + GFM + remark-frontmatter.
//
// GFM is assembled here from its parts instead of remark-gfm, so that a syntax extension whose
// construct cannot match anywhere in the text is left out of that parse: micromark tries the
// e-mail autolink literal at every letter and digit, the table at every line, and that is most
// of the parse's time (on the 30 bench reports the parse's CPU time goes from about 2.5 s to 1.5 s). Each extension is left out only when
// a character sequence without which it cannot succeed is absent from the whole text, so the
// tree is the same as with every extension (test/unit/parse.test.ts compares them); the mdast
// side (gfmFromMarkdown) is always there, but for the autolink literals' search of the text nodes,
// left out with the autolink constructs.

import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import type { Extension } from 'micromark-util-types';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import type { Root } from 'mdast';
import { shiftNodes } from './shift';
import { FRONTMATTER_OPEN, YAML_BLOCK_CLOSE } from '../text/fence';

type Construct = { name?: string };

/** The autolink literal extension keeping only the constructs named. */
function autolinkOnly(names: readonly string[]): Extension {
  const text: Record<string, Construct | Construct[]> = {};
  for (const [code, value] of Object.entries((gfmAutolinkLiteral() as { text: Record<string, Construct | Construct[]> }).text)) {
    const kept = (Array.isArray(value) ? value : [value]).filter((c) => names.includes(c.name ?? ''));
    if (kept.length > 0) text[code] = kept;
  }
  return { text } as Extension;
}

/**
 * The GFM syntax extensions, in remark-gfm's order, each with what a text must contain for it to
 * match anything (a sequence its tokenizer consumes in every success):
 * - e-mail autolink: `@`; www autolink: `www.` (any case); http(s) autolink: `://`;
 * - footnotes (definition `[^x]:`, call `[^x]`): `[^`; strikethrough: `~`;
 * - table: a `|`, or a delimiter cell with a colon (`:-`, `-:`), the one pipe-less table;
 * - task list item: `[` then a space, tab, line break, `x` or `X`, then `]`.
 */
/** Stands for the table in GFM_PARTS: processorFor puts the table construct of the text there (tableWhere). */
const GFM_TABLE: Extension = gfmTable();

const GFM_PARTS: ({ autolink: string; needs: RegExp } | { extension: Extension; needs: RegExp })[] = [
  { autolink: 'emailAutolink', needs: /@/ },
  { autolink: 'wwwAutolink', needs: /www\./i },
  { autolink: 'protocolAutolink', needs: /:\/\// },
  { extension: gfmFootnote(), needs: /\[\^/ },
  { extension: gfmStrikethrough(), needs: /~/ },
  { extension: GFM_TABLE, needs: /\||:-|-:/ },
  { extension: gfmTaskListItem(), needs: /\[(?:\r\n|[\s xX])\]/ },
];

/** Every GFM part (the reference the trimmed parses are compared to in the tests). */
export const ALL_PARTS = (1 << GFM_PARTS.length) - 1;

/** The parts a text needs, as a bit set over GFM_PARTS. */
export function partsNeeded(text: string): number {
  let mask = 0;
  GFM_PARTS.forEach((p, i) => {
    if (p.needs.test(text)) mask |= 1 << i;
  });
  return mask;
}

/**
 * gfmFromMarkdown without its one tree transform, the autolink literals' search of the text
 * nodes (for `@`, `www.`, `http://`, `https://`): for a text without any autolink sequence,
 * where that search can find nothing.
 */
const GFM_MDAST = gfmFromMarkdown();
const GFM_MDAST_NO_TRANSFORMS = GFM_MDAST.map((e) => {
  const { transforms: _, ...rest } = e as { transforms?: unknown };
  return rest;
});

/** The table construct micromark is given (wrapped per text by `tableWhere`). */
const TABLE = (GFM_TABLE as unknown as { flow: { null: TableConstruct } }).flow.null;
type TableConstruct = { name?: string; tokenize: Tokenizer; resolveAll?: unknown };
type Tokenizer = (this: TokenizeContext, effects: unknown, ok: State, nok: State) => State;
type State = (code: number | null) => State | undefined;
type TokenizeContext = { now(): { line: number }; events: [string, { type: string }, unknown][] };

/**
 * Per line of `text` (1-based, as micromark counts them), whether a table can start there: its
 * head row is followed by a delimiter row, which has a pipe or a colon against a hyphen (a line
 * with a pipe is let through too, a wider net than needed). micromark tries the table at the start of every line of flow and reads
 * the whole line before it can tell; on the other lines the attempt is refused at once, with the
 * same outcome (test/unit/parse.test.ts compares the trees).
 */
export function tableLines(text: string): Uint8Array {
  const lines = text.split(/\r\n|\r|\n/);
  const may = new Uint8Array(lines.length + 2);
  for (let i = 0; i < lines.length; i++) {
    const here = lines[i]!;
    const next = lines[i + 1] ?? '';
    if (here.includes('|') || next.includes('|') || next.includes(':-') || next.includes('-:')) may[i + 1] = 1;
  }
  return may;
}

/** Whether the last event before the current line's prefix closes a table row (a body row may follow). */
function afterTableRow(events: TokenizeContext['events']): boolean {
  for (let i = events.length - 1; i >= 0; i--) {
    const type = events[i]![1].type;
    if (type === 'lineEnding' || type === 'linePrefix') continue;
    return type === 'tableHead' || type === 'tableRow';
  }
  return false;
}

/** The GFM table, tried only on the lines `tableLines` allows and after a table's rows (body rows need no pipe). */
function tableWhere(may: Uint8Array): Extension {
  const construct: TableConstruct = {
    ...TABLE,
    tokenize(effects, ok, nok) {
      const self = this;
      const table = TABLE.tokenize.call(this, effects, ok, nok);
      return (code) => (may[self.now().line] === 1 || afterTableRow(self.events) ? table(code) : nok(code));
    },
  };
  return { flow: { null: construct } } as unknown as Extension;
}

/**
 * The processor for one text with these GFM parts (`frontmatter`: with the YAML front matter).
 * Made per parse: the table construct knows the text's lines (tableLines); micromark combines
 * the extensions at each parse anyway.
 */
function processorFor(text: string, mask: number, frontmatter: boolean): Processor<Root> {
  const kept = GFM_PARTS.filter((_, i) => mask & (1 << i));
  // The autolink constructs kept stay one extension, in their order at each character.
  const autolinks = kept.flatMap((x) => ('autolink' in x ? [x.autolink] : []));
  const micromark = [
    ...(autolinks.length > 0 ? [autolinkOnly(autolinks)] : []),
    ...kept.flatMap((x) => ('extension' in x ? [x.extension === GFM_TABLE ? tableWhere(tableLines(text)) : x.extension] : [])),
  ];
  function gfmParts(this: Processor): void {
    const data = this.data() as { micromarkExtensions?: Extension[]; fromMarkdownExtensions?: unknown[] };
    (data.micromarkExtensions ??= []).push(...micromark);
    (data.fromMarkdownExtensions ??= []).push(autolinks.length > 0 ? GFM_MDAST : GFM_MDAST_NO_TRANSFORMS);
  }
  const base = unified().use(remarkParse).use(gfmParts);
  return (frontmatter ? base.use(remarkFrontmatter, ['yaml']) : base) as unknown as Processor<Root>;
}

/**
 * Parses a whole document. Positions are offsets into `text` itself: micromark drops a leading
 * UTF-8 BOM and counts from after it, so they are shifted back by one when the text starts with one.
 * The GFM parts are those the body needs (after the front matter); `parts` (tests): the parts to
 * use instead.
 */
export function parseMarkdown(text: string, parts?: number): Root {
  if (parts !== undefined) return parseWith(text, parts);
  const plan = partsToParse(text);
  const root = parseWith(text, plan.parts);
  if (plan.whole === plan.parts) return root;
  // The parse without the parts only the front matter asked for is kept when the front matter
  // was read as such, up to the body; else (a block the front matter construct did not take)
  // the text is parsed again with every part it needs.
  const first = root.children[0];
  return first?.type === 'yaml' && (first.position?.end.offset ?? -1) >= plan.bodyStart ? root : parseWith(text, plan.whole);
}

/**
 * The GFM parts parseMarkdown parses a document with: those its body needs (`parts`), after the
 * front matter (`bodyStart`, bodyStart()), and those the whole text needs (`whole`), for the
 * parse again when the front matter was not one. A sequence found only in the front matter (the
 * tutor's e-mail address: `@`) is no construct there: the YAML block is one node, never
 * tokenised as Markdown.
 */
export function partsToParse(text: string): { parts: number; whole: number; bodyStart: number } {
  const whole = partsNeeded(text);
  const start = bodyStart(text);
  return { parts: start > 0 ? partsNeeded(text.slice(start)) : whole, whole, bodyStart: start };
}

function parseWith(text: string, parts: number): Root {
  const root = processorFor(text, parts, true).parse(text);
  if (text.charCodeAt(0) === 0xfeff) {
    shiftNodes([root], { offset: 1, line: 0, column: 1, columnLine: 1 });
    root.position!.start = { line: 1, column: 1, offset: 0 };
  }
  return root;
}

/**
 * Where the body starts in a text opening with a front matter: the start of the first `---`
 * line after the opening one (the closing fence); 0 without an opening fence or a closing one.
 * parseMarkdown checks on the tree that the front matter did run up to there.
 */
export function bodyStart(text: string): number {
  const open = FRONTMATTER_OPEN.exec(text);
  if (!open) return 0;
  for (let at = open[0].length; at < text.length; ) {
    const eol = text.indexOf('\n', at);
    const end = eol < 0 ? text.length : eol;
    if (text.startsWith('---', at) && YAML_BLOCK_CLOSE.test(text.slice(at, end))) return at;
    at = end + 1;
  }
  return 0;
}

/**
 * Parses a run of top-level blocks that does not start the document (no front matter there);
 * positions count from the start of `text`. The caller checks `text` does not start with a BOM.
 */
export function parseFragment(text: string, parts = partsNeeded(text)): Root {
  return processorFor(text, parts, false).parse(text);
}
