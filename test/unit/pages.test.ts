// The page estimate on documents whose size is known by construction, and the page model settings.

import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_MODEL, FITTED, LAYOUT, PT_PER_CM, describePageModel, metricsOf, readPageModel } from '../../server/src/core/pages/pageModel';
import { estimatePages } from '../../server/src/core/pages/pages';
import { sanitizeSettings } from '../../server/src/core/model/settings';
import { summarizePages } from '../../server/src/core/model/summary';
import type { AnalysisSettings } from '../../server/src/core/types';
import { analyzeText, frontmatter, md } from './helpers';
import fc from 'fast-check';
import { isSpace, linesFor, type Ctx } from '../../server/src/core/pages/measure';

const M = metricsOf(DEFAULT_PAGE_MODEL);
const H = M.textHeight;
const L = M.linePitch;
const P = DEFAULT_PAGE_MODEL.paragraphSpacingPt;

/** Characters that fill exactly `lines` body lines (the estimator's own line width). */
const charsForLines = (lines: number) => Math.floor((M.textWidth / (M.charEm[0x78]! * 12)) * lines) - 2;
const text = (chars: number) => 'x'.repeat(chars);

/** A report without front matter (BTS from the setting), so no cover page. */
function estimate(body: string, settings: AnalysisSettings = {}) {
  const r = analyzeText(body, { bts: 'sn', ...settings });
  return { ...estimatePages(r.model, { bts: 'sn', ...settings }), model: r.model };
}

describe('page model', () => {
  it('defaults to design.md: A4, 2.5 cm margins, 12 pt, 1.5 spacing, 6 pt after paragraphs, 8 cm figures', () => {
    expect(DEFAULT_PAGE_MODEL).toMatchObject({ paper: 'a4', marginCm: 2.5, fontSizePt: 12, lineSpacing: 1.5, paragraphSpacingPt: 6, figureHeightCm: 8, tableRowLines: 1, level1NewPage: true, coverPage: true });
    expect(M.textWidth).toBeCloseTo(16 * PT_PER_CM, 5);
    expect(M.textHeight).toBeCloseTo(24.7 * PT_PER_CM, 5);
    expect(L).toBeCloseTo(1.5 * LAYOUT.lineHeightEm * 12, 5);
  });

  it('validates each field; a wrong one falls back to its default with a French message', () => {
    const { model, problems } = readPageModel({ fontSizePt: '12', lineSpacing: 2, paper: 'A3', level1NewPage: 'oui', marginCm: -1 });
    expect(model.fontSizePt).toBe(12);
    expect(model.lineSpacing).toBe(2);
    expect(model.paper).toBe('a4');
    expect(model.level1NewPage).toBe(true);
    expect(model.marginCm).toBe(2.5);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/« rapport\.pageModel\.fontSizePt » vaut « 12 » : taille de police/);
    expect(problems.join('\n')).toMatch(/rapport\.pageModel\.paper.*valeurs possibles a4, letter/);
  });

  it('is validated by sanitizeSettings', () => {
    const { settings, problems } = sanitizeSettings({ pageModel: { font: 'comic', fontSizePt: 11 } });
    expect(settings.pageModel).toMatchObject({ font: 'serif', fontSizePt: 11 });
    expect(problems).toHaveLength(1);
    expect(sanitizeSettings({ pageModel: 3 }).problems[0]).toMatch(/doit être un objet/);
  });

  it('says what a page means, in French', () => {
    expect(describePageModel(DEFAULT_PAGE_MODEL)).toMatch(/^Une page = A4, marges de 2,5 cm, police à empattements \(type Times New Roman\) 12 pt, interligne 1,5/);
  });
});

describe('estimator on documents of known size', () => {
  it('counts the lines of a paragraph from its characters', () => {
    for (const lines of [1, 3, 10]) {
      const e = estimate(text(charsForLines(lines)));
      expect(e.document).toBeCloseTo((lines * L) / H, 2);
    }
  });

  it('fills a page with one-line paragraphs and breaks to the next', () => {
    const perPage = Math.floor((H - L) / (L + P)) + 1;
    const para = text(charsForLines(1));
    const e = estimate(Array(perPage * 3).fill(para).join('\n\n'));
    // Three full pages: the last one ends with its last paragraph.
    expect(e.document).toBeCloseTo(2 + ((perPage - 1) * (L + P) + L) / H, 2);
    const one = estimate(Array(perPage + 1).fill(para).join('\n\n'));
    expect(one.document).toBeCloseTo(1 + L / H, 2);
  });

  it('breaks a long paragraph between lines, keeping at least two lines together', () => {
    // The last line of a page needs no leading below it.
    const perPage = Math.floor((H + M.lineLead) / L);
    const e = estimate(text(charsForLines(perPage * 2 + 5)));
    expect(e.document).toBeCloseTo(2 + (5 * L) / H, 2);
  });

  it('starts a new page for each level-1 heading, unless the model says otherwise', () => {
    const doc = md('# Un', '', 'Texte.', '', '# Deux', '', 'Texte.', '', '# Trois', '', 'Texte.');
    const e = estimate(doc);
    expect(Math.floor(e.document)).toBe(2);
    const flat = estimate(doc, { pageModel: { level1NewPage: false } });
    expect(flat.document).toBeLessThan(0.3);
  });

  it('counts the front matter as a one-page cover', () => {
    const r = analyzeText(md(frontmatter('sn'), '', 'Texte.'));
    expect(estimatePages(r.model).cover).toBe(1);
    expect(estimatePages(r.model).document).toBeCloseTo(1 + (L - 0) / H, 2);
    expect(estimatePages(r.model, { pageModel: { coverPage: false } }).document).toBeCloseTo(L / H, 2);
  });

  it('gives a figure the default height, its explicit height, or its real size from the host', () => {
    const figure = 8 * PT_PER_CM;
    // Every figure has its numbered caption in the export ("Figure 1", "Figure 1 : alt"): one line here.
    const caption = LAYOUT.captionGapPt + LAYOUT.lineHeightEm * 12 * LAYOUT.captionScale;
    expect(estimate('![](a.png)').document).toBeCloseTo((figure + caption) / H, 2);
    expect(estimate('![Schéma du banc](a.png)').document).toBeCloseTo((figure + caption) / H, 2);
    expect(estimate('![](a.png){height=5cm}').document).toBeCloseTo((5 * PT_PER_CM + caption) / H, 2);
    expect(estimate('<img src="a.png" height="300">').document).toBeCloseTo((300 * 0.75 + caption) / H, 2);
    // 1600 × 800 px: wider than the text, scaled down to the text width, half as high.
    const imageSize = (src: string) => (src === 'a.png' ? { width: 1600, height: 800 } : undefined);
    expect(estimate('![](a.png)', { imageSize }).document).toBeCloseTo((M.textWidth / 2 + caption) / H, 2);
    // 200 × 100 px: its natural size (0.75 pt per px).
    expect(estimate('![](a.png)', { imageSize: () => ({ width: 200, height: 100 }) }).document).toBeCloseTo((75 + caption) / H, 2);
    // A written height keeps the image's ratio within the text width (as the export fits it):
    // 2000 × 400 px at 10 cm high would be 50 cm wide, so it is the text width wide, a fifth as high.
    expect(estimate('![](a.png){height=10cm}', { imageSize: () => ({ width: 2000, height: 400 }) }).document).toBeCloseTo((M.textWidth / 5 + caption) / H, 2);
  });

  it('counts a linked image as a figure', () => {
    const caption = LAYOUT.captionGapPt + LAYOUT.lineHeightEm * 12 * LAYOUT.captionScale;
    expect(estimate('[![](a.png)](https://example.com)').document).toBeCloseTo((8 * PT_PER_CM + caption) / H, 2);
  });

  it('puts the sommaire asked by the front matter (toc: true) after the cover', () => {
    const doc = (toc: boolean) => md(frontmatter('sn', toc ? ['toc: true'] : []), '', '# Un', '', 'Texte.', '', '## Deux', '', 'Texte.');
    const without = estimatePages(analyzeText(doc(false)).model);
    const withToc = estimatePages(analyzeText(doc(true)).model);
    expect(withToc.document - without.document).toBeCloseTo(1, 5);
  });

  it('moves a figure that does not fit to the next page', () => {
    const perPage = Math.floor((H + M.lineLead) / L);
    const caption = LAYOUT.captionGapPt + LAYOUT.lineHeightEm * 12 * LAYOUT.captionScale;
    const e = estimate(md(text(charsForLines(perPage - 3)), '', '![](a.png)'));
    expect(e.document).toBeCloseTo(1 + (8 * PT_PER_CM + caption) / H, 2);
  });

  it('counts a table row as one line and a code line at the code size', () => {
    const rows = ['| a | b |', '| - | - |', ...Array(9).fill('| 1 | 2 |')];
    expect(estimate(rows.join('\n')).document).toBeCloseTo((10 * L) / H, 2);
    const code = ['```', ...Array(20).fill('x = 1'), '```'];
    expect(estimate(code.join('\n')).document).toBeCloseTo((20 * LAYOUT.lineHeightEm * 12 * LAYOUT.codeScale) / H, 2);
  });

  it('moves a table row that does not fit to the next page, under the repeated header row', () => {
    const perPage = Math.floor((H + M.lineLead) / L);
    // Six words of 68 "x" (a ragged cell line holds one, with too little room left to hyphenate
    // the next): a six-line row after a paragraph that leaves about three lines free (room for
    // the header row and a line, not the row).
    const cell = Array(6).fill('x'.repeat(68)).join(' ');
    const e = estimate(md(text(charsForLines(perPage - 3)), '', '| a |', '| - |', `| ${cell} |`, `| b |`));
    expect(Math.floor(e.blocks[1]!.start)).toBe(0); // the header row stays on the first page
    // Next page: the header again, the six-line row, the last row.
    expect(e.document).toBeCloseTo(1 + ((1 + 6 + 1) * L) / H, 2);
    // A header row never stays alone at the bottom of a page: with one line left the table moves.
    const moved = estimate(md(text(charsForLines(perPage - 1)), '', '| a |', '| - |', '| b |'));
    expect(moved.document).toBeCloseTo(1 + (2 * L) / H, 2);
  });

  it('collapses the spacing between two headings (the larger one wins)', () => {
    const e = estimate(md('## Un', '', '### Deux', '', 'Texte.'));
    const h2 = LAYOUT.headingScale[1]! * 12 * LAYOUT.lineHeightEm;
    const h3 = LAYOUT.headingScale[2]! * 12 * LAYOUT.lineHeightEm;
    const gap = M.blockGap + DEFAULT_PAGE_MODEL.headingSpaceBeforePt; // max(after, gap + before)
    expect(e.document).toBeCloseTo((h2 + gap + h3 + DEFAULT_PAGE_MODEL.headingSpaceAfterPt + L) / H, 2);
  });

  it('counts list items as lines', () => {
    const items = Array(12).fill('- Un point.');
    expect(estimate(items.join('\n')).document).toBeCloseTo((12 * L) / H, 2);
  });

  it('counts HTML comments (template guidance) as nothing', () => {
    const base = estimate(md('Texte.', '', 'Suite.')).document;
    const withComment = estimate(md('Texte.', '', `<!-- ${'consigne '.repeat(400)} -->`, '', 'Suite.')).document;
    expect(withComment).toBe(base);
  });

  it('honours explicit page breaks', () => {
    for (const br of ['\\newpage', '<div style="page-break-after: always"></div>', '<div style="page-break-before: always"></div>', '<!-- pagebreak -->', '\\pagebreak', '<!-- pagebreak -->'.repeat(3)]) {
      const e = estimate(md('Texte.', '', br, '', 'Suite.'));
      expect(e.document, br).toBeCloseTo(1 + L / H, 2);
    }
  });

  it('counts a generated sommaire as one entry line per heading of level 1 to 3 (not its own title)', () => {
    const doc = md('# Sommaire', '', '[[_TOC_]]', '', '# Introduction', '', '## A', '', '### B', '', '#### C');
    const e = estimate(doc);
    const sommaire = e.model.sections[0]!;
    const heading = LAYOUT.headingScale[0]! * 12 * LAYOUT.lineHeightEm + DEFAULT_PAGE_MODEL.headingSpaceAfterPt;
    const entry = L + LAYOUT.tocEntryExtraEm * 12;
    expect(e.sectionPages(sommaire)).toBeCloseTo((heading + 3 * entry) / H, 2);
    // A sommaire written by hand is replaced by the generated one in the export: same figure.
    const byHand = estimate(md('# Sommaire', '', '1. Introduction', '2. A', '3. B', '4. C', '5. D', '6. E', '', '# Introduction', '', '## A', '', '### B', '', '#### C'));
    expect(byHand.sectionPages(byHand.model.sections[0]!)).toBeCloseTo((heading + 3 * entry) / H, 2);
  });

  it('grows with the font size and the line spacing', () => {
    const doc = Array(30).fill('Le technicien analyse la procédure de contrôle du banc. '.repeat(10)).join('\n\n');
    const base = estimate(doc).document;
    expect(estimate(doc, { pageModel: { fontSizePt: 14 } }).document).toBeGreaterThan(base);
    expect(estimate(doc, { pageModel: { lineSpacing: 2 } }).document).toBeCloseTo(base * (2 / 1.5), 0);
    expect(estimate(doc, { pageModel: { lineSpacing: 1 } }).document).toBeLessThan(base);
    expect(estimate(doc, { pageModel: { font: 'sans' } }).document).toBeGreaterThan(base);
  });

  it('excludes the annexes and the English documents from the body', () => {
    const doc = md(
      frontmatter('sn'),
      '',
      "# Présentation de l'entreprise",
      '',
      text(charsForLines(10)),
      '',
      '# Documents en anglais',
      '',
      text(charsForLines(40)),
      '',
      '# Annexes',
      '',
      text(charsForLines(40)),
    );
    const r = analyzeText(doc);
    const e = estimatePages(r.model);
    const heading = LAYOUT.headingScale[0]! * 12 * LAYOUT.lineHeightEm + DEFAULT_PAGE_MODEL.headingSpaceAfterPt;
    expect(e.body).toBeCloseTo(1 + (heading + 10 * L) / H, 2);
    expect(e.document).toBeGreaterThan(e.body + 2);
    const s = summarizePages(r.model);
    expect(s).toMatchObject({ body: Math.round(e.body * 10) / 10, limit: 30, document: Math.round(e.document * 10) / 10 });
    expect(s.sections.map((x) => x.id)).toEqual(['entreprise', 'documents-anglais']);
    expect(s.sections[0]).toMatchObject({ line: 9, min: 2, max: 5 });
    expect(s.sections[0]!.pages).toBeCloseTo((heading + 10 * L) / H, 1);
  });

  it('is computed once per model and page model', () => {
    const r = analyzeText(md(frontmatter('sn'), '', 'Texte.'));
    expect(estimatePages(r.model)).toBe(estimatePages(r.model, {}));
    expect(estimatePages(r.model, { pageModel: { fontSizePt: 14 } })).not.toBe(estimatePages(r.model));
  });

  it('uses the measured character widths, scaled by the fitted constant', () => {
    expect(M.charEm[0x78]).toBeCloseTo(0.5 * FITTED.widthScale.serif, 5);
  });
});

describe('line filling (measure.ts linesFor)', () => {
  it('counts white space as JavaScript\'s \\s does, for every UTF-16 code', () => {
    const wrong: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isSpace(c) !== /\s/.test(String.fromCharCode(c))) wrong.push(c);
    expect(wrong).toEqual([]);
  });

  // The reference: words from split(/\s+/), characters by code point, widths from the table.
  const reference = (ctx: Ctx, text: string, width: number, scale: number, bold: boolean, ragged: boolean): number => {
    const words = text.split(/\s+/).filter(Boolean);
    if (words.length === 0) return 0;
    const of = (c: string) => (c.length === 1 && !Number.isNaN(ctx.m.charEm[c.charCodeAt(0)] ?? NaN) ? ctx.m.charEm[c.charCodeAt(0)]! : ctx.m.fallbackEm);
    const em = (ctx.m.model.fontSizePt * scale * (bold ? ctx.m.boldFactor : 1)) / (ragged ? ctx.m.widthScale : 1);
    const space = of(' ') * em;
    const room = Math.max(width, em * 2);
    const hyphenRoom = (ragged ? ctx.m.raggedHyphenRoom : ctx.m.hyphenRoom) * scale;
    let lines = 1;
    let used = 0;
    for (const word of words) {
      let w = 0;
      for (const c of word) w += of(c);
      w *= em;
      if (used > 0) {
        const free = room - used - space;
        if (w <= free) {
          used += space + w;
          continue;
        }
        if (free >= hyphenRoom && word.length >= 5) w -= free - of('-') * em;
        lines++;
        used = 0;
      }
      while (w > room) {
        w -= room;
        lines++;
      }
      used = w;
    }
    return lines;
  };

  it('gives the reference count on texts of every kind of character and width', () => {
    const ctx: Ctx = { m: M, settings: {}, tocEntries: [], frontmatterToc: false };
    const letter = fc.constantFrom('a', 'e', 'é', 'œ', 'W', 'i', '€', '😀', '\ud800', '\udc00', '-', '…', '漢');
    const word = fc.array(letter, { minLength: 1, maxLength: 12 }).map((l) => l.join(''));
    const gap = fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', '\u202f', '\u2003', '\ufeff', ' \r\n ');
    const text = fc.array(fc.tuple(gap, word), { maxLength: 80 }).map((ws) => ws.flat().join(''));
    fc.assert(
      fc.property(text, fc.constantFrom(M.textWidth, 120, 20, 3), fc.constantFrom(1, 0.8, 1.6), fc.boolean(), fc.boolean(), (t, width, scale, bold, ragged) => {
        expect(linesFor(ctx, t, width, scale, bold, ragged)).toBe(reference(ctx, t, width, scale, bold, ragged));
      }),
      { numRuns: 3000, seed: 5 },
    );
    // Every place of a line end for words of 4, 5 and 6 letters (the shortest a line end may split; W: wide enough not to fit the room a split needs).
    for (const w of ['WWWW', 'WWWWW', 'eeeee', 'eeeeee']) {
      for (let k = 1; k < 120; k++) {
        const t = `${'ab '.repeat(k)}${w} ${'mot '.repeat(40)}`;
        for (const [bold, ragged] of [[false, false], [true, false], [true, true], [false, true]] as const) {
          expect(linesFor(ctx, t, M.textWidth, 1, bold, ragged)).toBe(reference(ctx, t, M.textWidth, 1, bold, ragged));
        }
      }
    }
  });
});
