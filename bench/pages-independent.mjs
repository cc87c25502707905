// The independent reference of the page-estimate calibration (bench/calibrate.mjs): the page
// model typeset by Typst from its own, minimal Markdown → Typst conversion (the layout the
// estimate was first calibrated on, before the export existed): A4, margins, font, line and
// paragraph spacing, headings, a page break before each level-1 heading, figures as boxes of
// their size, tables with one line per row… It does NOT know what the export adds (cover
// content, the sommaire's generated entries, "Annexe n :" titles, each annex on a new page,
// numbered captions, footnotes at the foot of the page), so it differs from the export where the
// export differs from the bare model. Returns body / document in pages (page index + fraction of
// the text height) and the number of pages.

export function independentLayout(lib, compiler) {
const FONTS = { serif: 'Liberation Serif', sans: 'Liberation Sans', mono: 'Liberation Mono' };
// --- Markdown (mdast) → Typst ----------------------------------------------------------------
const str = (s) => JSON.stringify(String(s));
const pt = (n) => `${n.toFixed(3)}pt`;

function inline(nodes) {
  return nodes
    .map((n) => {
      switch (n.type) {
        case 'text':
          return `#${str(n.value.replace(/\s+/g, ' '))}`;
        case 'strong':
          return `#strong[${inline(n.children)}]`;
        case 'emphasis':
          return `#emph[${inline(n.children)}]`;
        case 'inlineCode':
          return `#raw(${str(n.value)})`;
        case 'link':
          return inline(n.children);
        case 'break':
          return '#linebreak()';
        default:
          return '';
      }
    })
    .join('');
}

const plain = (n) => (n.value ?? '') + (n.children ? n.children.map(plain).join('') : '');

const ATTRS = /^\s*\{([^}]*)\}/;
function sizeFromAttrs(attrs) {
  const h = /height\s*=\s*([0-9.]+)cm/.exec(attrs);
  return h ? Number(h[1]) * lib.PT_PER_CM : undefined;
}

function converter(doc, pm) {
  const m = lib.metricsOf(pm);
  const figure = (src, alt, attrs, html) => {
    let h;
    let w = m.textWidth * 0.6;
    const px = doc.images[src];
    if (html) h = Number(/height="(\d+)"/.exec(html)[1]) * lib.PT_PER_PX;
    else if (sizeFromAttrs(attrs) !== undefined) h = sizeFromAttrs(attrs);
    else if (px) {
      w = Math.min(m.textWidth, px.width * lib.PT_PER_PX);
      h = (w * px.height) / px.width;
    } else h = pm.figureHeightCm * lib.PT_PER_CM;
    const body = `rect(width: ${pt(w)}, height: ${pt(h)}, stroke: 0.5pt)`;
    return alt ? `#figure(${body}, caption: [#${str(alt)}])` : `#figure(${body})`;
  };
  const block = (n) => {
    switch (n.type) {
      case 'paragraph': {
        const text = plain(n);
        if (/^\s*\[\[_?TOC_?\]\]\s*$/.test(text)) return '#outline(title: none, depth: 3)';
        const imgs = [];
        const rest = [];
        n.children.forEach((c, i) => {
          if (c.type === 'image') imgs.push({ src: c.url, alt: c.alt, attrs: n.children[i + 1]?.type === 'text' ? ATTRS.exec(n.children[i + 1].value)?.[1] ?? '' : '' });
          else if (c.type === 'text' && n.children[i - 1]?.type === 'image') {
            const v = c.value.replace(ATTRS, '');
            if (v.trim()) rest.push({ ...c, value: v });
          } else rest.push(c);
        });
        const parts = [];
        const txt = inline(rest).trim();
        if (txt && rest.some((c) => c.type !== 'text' || c.value.trim())) parts.push(txt);
        for (const img of imgs) parts.push(figure(img.src, parts.length === 0 ? img.alt : '', img.attrs));
        return parts.join('\n\n');
      }
      case 'blockquote':
        return `#block(inset: (left: ${lib.LAYOUT.quoteIndentCm}cm))[${n.children.map(block).join('\n\n')}]`;
      case 'list': {
        // A tight item's blocks (its text, a nested list) follow each other at the line pitch, as
        // list paragraphs without spacing do in a word processor.
        const tight = !(n.spread || n.children.some((li) => li.spread));
        const lead = m.linePitch - lib.LAYOUT.lineHeightEm * pm.fontSizePt;
        const inner = tight ? `#set par(spacing: ${pt(lead)}); #set block(spacing: ${pt(lead)}); ` : '';
        return `#${n.ordered ? 'enum' : 'list'}(tight: ${tight}, ${n.children.map((li) => `[${inner}${li.children.map(block).join('\n\n')}]`).join(', ')})`;
      }
      case 'table': {
        const cols = Math.max(...n.children.map((r) => r.children.length));
        const cells = n.children.flatMap((row, r) =>
          row.children.map((cell) => (r === 0 ? `[#strong[${inline(cell.children)}]]` : `[${inline(cell.children)}]`)),
        );
        return `#table(columns: (1fr,) * ${cols}, ${cells.join(', ')})`;
      }
      case 'code':
        return `#raw(block: true, ${str(n.value)})`;
      case 'html': {
        if (/<img/i.test(n.value)) return figure(/src="([^"]+)"/.exec(n.value)?.[1], /alt="([^"]*)"/.exec(n.value)?.[1] ?? '', '', n.value);
        return '';
      }
      default:
        return '';
    }
  };
  return { block, m };
}

function preamble(pm) {
  const m = lib.metricsOf(pm);
  const L = m.linePitch;
  const size = pm.fontSizePt;
  const box = lib.LAYOUT.lineHeightEm * size;
  const lead = L - box;
  const P = pm.paragraphSpacingPt;
  const hs = lib.LAYOUT.headingScale.map((s) => pt(s * size));
  const cap = lib.LAYOUT.captionScale * size;
  const codeSize = lib.LAYOUT.codeScale * size;
  const listIndent = (lib.LAYOUT.listIndentCm * lib.PT_PER_CM) / 2;
  return `
#set page(paper: "${pm.paper === 'letter' ? 'us-letter' : 'a4'}", margin: ${pm.marginCm}cm)
#set text(font: "${FONTS[pm.font]}", size: ${pt(size)}, lang: "fr", top-edge: 0.9em, bottom-edge: -0.25em, fallback: false)
#set par(justify: true, leading: ${pt(lead)}, spacing: ${pt(lead + P)})
#set block(spacing: ${pt(lead + P)})
#show heading: it => {
  ${pm.level1NewPage ? 'if it.level == 1 { pagebreak(weak: true) }' : ''}
  block(above: ${pt(lead + P + pm.headingSpaceBeforePt)}, below: ${pt(pm.headingSpaceAfterPt)}, sticky: true, {
    set text(size: (${hs.join(', ')}).at(it.level - 1), weight: "bold")
    set par(leading: 0pt, justify: false)
    it.body
  })
}
#set list(indent: ${pt(listIndent)}, body-indent: ${pt(listIndent)})
#set enum(indent: ${pt(listIndent)}, body-indent: ${pt(listIndent)})
#show table: set par(justify: false)
#set table(inset: (x: ${pt(lib.LAYOUT.tableCellInsetPt)}, y: ${pt(lead / 2 + ((pm.tableRowLines - 1) * L) / 2)}), stroke: 0.5pt)
#set figure(gap: ${pt(lib.LAYOUT.captionGapPt)})
#show figure.caption: set text(size: ${pt(cap)})
#show figure.caption: set par(leading: 0pt)
#show raw.where(block: true): set text(font: "${FONTS.mono}", size: ${pt(codeSize)})
#show raw.where(block: true): set par(leading: 0pt, justify: false)
#show outline.entry: it => block(above: ${pt(lead)}, below: ${pt(lead)}, { set text(weight: "regular"); it.indented(it.prefix(), it.inner()) })
`;
}

function toTypst(doc, model, pm) {
  const { block } = converter(doc, pm);
  const out = [preamble(pm)];
  const outsideIds = new Set(model.profile.sections.filter((s) => s.outsideBody).map((s) => s.id));
  const firstOutside = model.recognized.find((r) => outsideIds.has(r.id))?.section.heading.node;
  const marker = (label) => `#place[] <${label}>`; // out of flow: does not move anything
  model.root.children.forEach((n, i) => {
    if (n === firstOutside) out.push(marker('body-end'));
    if (n.type === 'yaml') {
      if (pm.coverPage) out.push(`#page[#align(center + horizon)[#text(size: 20pt)[Rapport de stage]]]`);
    } else if (n.type === 'heading') {
      out.push(`#heading(level: ${n.depth})[${inline(n.children)}] <h-${i}>`);
    } else {
      const t = block(n);
      if (t) out.push(t);
      out.push(marker(`e-${i}`));
    }
  });
  if (!firstOutside) out.push(marker('body-end'));
  out.push(marker('doc-end'));
  return out.join('\n\n');
}

function typeset(src, labels, pm) {
  const query = `\n#context { for l in (${labels.map((l) => str(l)).join(', ')},) { let q = query(label(l)); if q.len() > 0 { [#metadata((l, q.first().location().position())) <pos>] } } }`;
  const r = compiler.compile({ mainFileContent: src + query });
  if (!r.result) {
    r.printErrors();
    throw new Error('Typst compilation failed');
  }
  const m = lib.metricsOf(pm);
  const top = pm.marginCm * lib.PT_PER_CM;
  const pos = new Map();
  for (const { value } of compiler.query(r.result, { selector: '<pos>' })) {
    const [label, p] = value;
    pos.set(label, { page: p.page, y: parseFloat(p.y) });
  }
  const at = (label, isEnd) => {
    const p = pos.get(label);
    if (!p) return undefined;
    // An end marker sits one paragraph space below the content it closes.
    let y = p.y - top - (isEnd ? pm.paragraphSpacingPt : 0);
    if (y < 0) y = 0;
    return p.page - 1 + y / m.textHeight;
  };
  return { pages: r.result.numOfPages, at };
}


return function measure(d) {
  const src = toTypst(d, d.model, d.pm);
  const ts = typeset(src, ['body-end', 'doc-end'], d.pm);
  return { body: ts.at('body-end', true), document: ts.at('doc-end', true), pages: ts.pages };
};
}
