// HTML sniffing for the page estimate: page-break markers students write in raw HTML
// (`<div style="page-break-after: always">`, `<!-- saut de page -->`), `<img>` figures and the
// text of other HTML blocks (comments, the templates' guidance, take no room).

import { figureHeight, figureItem, linesFor, attr, type Ctx } from './measure';
import type { Item } from './flow';

export const PAGE_BREAK_HTML =
  /page-break-(before|after)\s*:\s*always|break-(before|after)\s*:\s*page|<!--\s*(page\s*-?\s*break|new\s*-?\s*page|saut de page)\s*-->/i;

export function htmlImage(html: string): { src?: string; alt: string; attrs: string } | undefined {
  // `[^<>]*`, not `[^>]*`: many `<img` without `>` would make each match scan to the end (quadratic).
  const m = /<img\b([^<>]*)>/i.exec(html);
  if (!m) return undefined;
  const attrs = m[1]!;
  // Only the width / height attributes size it, as in the export (a CSS `style` does not).
  return { src: attr(attrs, 'src'), alt: attr(attrs, 'alt') ?? '', attrs: attrs.replace(/\bstyle\s*=\s*("[^"]*"|'[^']*')/gi, '') };
}

export function htmlItems(ctx: Ctx, source: string, width: number, after: number): Item[] {
  // Whitespace runs as one space before the marker patterns (`<!-- page` + 100,000 spaces would
  // make their `\s*…\s*` quadratic); a block holding a marker is measured on that flat text.
  const flat = source.replace(/\s{2,}/g, ' ');
  if (PAGE_BREAK_HTML.test(flat)) {
    const html = flat;
    // All markers at once (a block may hold many): breaks collapse, so one before and/or one after.
    const before = /page-break-before|break-before/i.test(html);
    const afterBreak = /page-break-after|break-after|<!--/i.test(html.replace(/page-break-before\s*:\s*always|break-before\s*:\s*page/gi, ''));
    const rest = htmlContentItems(ctx, html.replace(new RegExp(PAGE_BREAK_HTML.source, 'gi'), ''), width, after);
    return [...(before ? [{ kind: 'break' } as Item] : []), ...rest, ...(afterBreak || !before ? [{ kind: 'break' } as Item] : [])];
  }
  return htmlContentItems(ctx, source, width, after);
}

/** Figures and text of an HTML block, page-break markers already removed. */
function htmlContentItems(ctx: Ctx, html: string, width: number, after: number): Item[] {
  const noComments = html.replace(/<!--[\s\S]*?(-->|$)/g, '');
  if (!noComments.trim()) return [];
  const items: Item[] = [];
  for (const m of noComments.matchAll(/<img\b[^<>]*>/gi)) {
    const img = htmlImage(m[0])!;
    items.push(figureItem(ctx, figureHeight(ctx, img.src, img.attrs), img.alt, width));
  }
  const text = noComments
    .replace(/<img\b[^<>]*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^<>]*>/g, '')
    .replace(/&[a-z]+;|&#\d+;/gi, 'x');
  const n = linesFor(ctx, text, width);
  if (n > 0) items.unshift({ kind: 'lines', n, pitch: ctx.m.linePitch, after, keep: 2, lead: ctx.m.lineLead });
  else if (/<br\s*\/?>/i.test(noComments) && items.length === 0) items.push({ kind: 'box', height: ctx.m.linePitch, after: 0 });
  return items;
}
