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
const GFM_PARTS: ({ autolink: string; needs: RegExp } | { extension: Extension; needs: RegExp })[] = [
  { autolink: 'emailAutolink', needs: /@/ },
  { autolink: 'wwwAutolink', needs: /www\./i },
  { autolink: 'protocolAutolink', needs: /:\/\// },
  { extension: gfmFootnote(), needs: /\[\^/ },
  { extension: gfmStrikethrough(), needs: /~/ },
  { extension: gfmTable(), needs: /\||:-|-:/ },
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
const GFM_MDAST_NO_TRANSFORMS = gfmFromMarkdown().map((e) => {
  const { transforms: _, ...rest } = e as { transforms?: unknown };
  return rest;
});

const processors = new Map<string, Processor<Root>>();

/** The frozen processor with these GFM parts (`frontmatter`: with the YAML front matter). */
function processorFor(mask: number, frontmatter: boolean): Processor<Root> {
  const key = `${mask}${frontmatter ? 'f' : ''}`;
  let p = processors.get(key);
  if (!p) {
    const kept = GFM_PARTS.filter((_, i) => mask & (1 << i));
    // The autolink constructs kept stay one extension, in their order at each character.
    const autolinks = kept.flatMap((x) => ('autolink' in x ? [x.autolink] : []));
    const micromark = [...(autolinks.length > 0 ? [autolinkOnly(autolinks)] : []), ...kept.flatMap((x) => ('extension' in x ? [x.extension] : []))];
    function gfmParts(this: Processor): void {
      const data = this.data() as { micromarkExtensions?: Extension[]; fromMarkdownExtensions?: unknown[] };
      (data.micromarkExtensions ??= []).push(...micromark);
      (data.fromMarkdownExtensions ??= []).push(autolinks.length > 0 ? gfmFromMarkdown() : GFM_MDAST_NO_TRANSFORMS);
    }
    const base = unified().use(remarkParse).use(gfmParts);
    p = (frontmatter ? base.use(remarkFrontmatter, ['yaml']) : base).freeze() as unknown as Processor<Root>;
    processors.set(key, p);
  }
  return p;
}

/**
 * Parses a whole document. Positions are offsets into `text` itself: micromark drops a leading
 * UTF-8 BOM and counts from after it, so they are shifted back by one when the text starts with one.
 * `parts` (tests): the GFM parts to use instead of those the text needs.
 */
export function parseMarkdown(text: string, parts = partsNeeded(text)): Root {
  const root = processorFor(parts, true).parse(text);
  if (text.charCodeAt(0) === 0xfeff) {
    shiftNodes([root], { offset: 1, line: 0, column: 1, columnLine: 1 });
    root.position!.start = { line: 1, column: 1, offset: 0 };
  }
  return root;
}

/**
 * Parses a run of top-level blocks that does not start the document (no front matter there);
 * positions count from the start of `text`. The caller checks `text` does not start with a BOM.
 */
export function parseFragment(text: string, parts = partsNeeded(text)): Root {
  return processorFor(parts, false).parse(text);
}
