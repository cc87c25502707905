import { unzipSync, strFromU8 } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildExportDocument, type ExportBlock, type ExportInline } from '../../server/src/export/document';
import { toDocx, xmlSafe, type DocxImage } from '../../server/src/export/docx';
import { DEFAULT_PAGE_MODEL, LAYOUT, PT_PER_CM, type PageModel } from '../../server/src/core/pages/pageModel';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXPORTERS } from '../../server/src/export/formats';
import { renderReport } from '../../server/src/export/render';
import { analyzeText, frontmatter, md, repoRoot } from './helpers';
import { png } from '../../bench/png.mjs';

const NN = '\u202f';
const NB = '\u00a0';


const IMAGES: Record<string, DocxImage> = {
  'images/schema.png': { ok: true, kind: 'png', bytes: png(400, 200), widthPx: 400, heightPx: 200 },
  'images/large.png': { ok: true, kind: 'png', bytes: png(3000, 1500), widthPx: 3000, heightPx: 1500 },
  'images/logo.png': { ok: true, kind: 'png', bytes: png(120, 60), widthPx: 120, heightPx: 60 },
  'images/plan.svg': { ok: true, kind: 'svg', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100"/></svg>'), widthPx: 200, heightPx: 100 },
};
const loader = (src: string): DocxImage => IMAGES[src] ?? { ok: false, reason: 'fichier introuvable' };

interface Docx {
  files: Record<string, Uint8Array>;
  xml: string;
  text: string;
  missing: Map<string, string>;
  part: (name: string) => string;
}

async function exportDocx(text: string, pm: Partial<PageModel> = {}): Promise<Docx> {
  const { model } = analyzeText(text);
  const model_ = { ...DEFAULT_PAGE_MODEL, ...pm };
  const doc = buildExportDocument(model, { level1NewPage: model_.level1NewPage, coverPage: model_.coverPage });
  const out = await toDocx(doc, model_, loader);
  const files = unzipSync(new Uint8Array(out.bytes));
  const part = (name: string) => (files[name] ? strFromU8(files[name]!) : '');
  const xml = part('word/document.xml');
  return { files, xml, text: textOf(xml), missing: out.missingImages, part };
}

/** The text of the runs (w:t), XML entities decoded, paragraphs on their own lines. */
function textOf(xml: string): string {
  const decode = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<\/w:p>/g)]
    .map((m) => (m[0] === '<w:tab/>' ? '\t' : m[0] === '</w:p>' ? '\n' : decode(m[1]!)))
    .join('');
}

/** The paragraphs (w:p) of the body, as XML strings. */
const paragraphs = (xml: string) => [...xml.matchAll(/<w:p>[\s\S]*?<\/w:p>|<w:p [\s\S]*?<\/w:p>/g)].map((m) => m[0]);
/** The first body paragraph (not a sommaire entry) whose text has `s`. */
const paragraphWith = (xml: string, s: string) => paragraphs(xml).find((p) => textOf(p).includes(s) && !/w:val="TOC\d"/.test(p));

const REPORT = md(
  frontmatter('cpi', ['titre: "Conception d\'un support moteur"', 'logo: images/logo.png']),
  '',
  '# Remerciements',
  '',
  'Je remercie M. Durand, mon tuteur, pour son accueil !',
  '',
  '# Sommaire',
  '',
  '[TOC]',
  '',
  '# Introduction',
  '',
  'Le stage a duré huit semaines : voici le « bilan ».',
  '',
  '## Contexte',
  '',
  'Texte du contexte[^1].',
  '',
  '[^1]: Une note de bas de page.',
  '',
  '# Présentation de l\'entreprise',
  '',
  '![Schéma du réseau](images/schema.png)',
  '',
  '# Annexes',
  '',
  '## Plan de la pièce',
  '',
  'Le plan.',
  '',
  '## Annexe 2 : Nomenclature',
  '',
  'La nomenclature.',
);

describe('DOCX export: document structure', () => {
  it('writes a cover section without a footer, then the body with the page number in the footer', async () => {
    const d = await exportDocx(REPORT);
    const sects = [...d.xml.matchAll(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)].map((m) => m[0]);
    expect(sects).toHaveLength(2);
    expect(sects[0]).not.toContain('w:footerReference');
    expect(sects[1]).toContain('w:footerReference');
    const footerName = Object.keys(d.files).find((f) => /^word\/footer\d*\.xml$/.test(f))!;
    expect(d.part(footerName)).toMatch(/PAGE/);
    // A4, 2.5 cm margins (twips)
    expect(sects[0]).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(sects[1]).toMatch(/w:top="1417"/);
  });

  it('fills the cover from the front matter and the profile', async () => {
    const d = await exportDocx(REPORT);
    const cover = d.text.slice(0, d.text.indexOf('Remerciements'));
    for (const s of [
      "Conception d'un support moteur",
      'Léa MARTIN',
      'BTS Conception des Produits Industriels',
      'Épreuve U52',
      'Lycée Jean Moulin',
      'MécaPrécis SAS',
      "Durand, Responsable bureau d'études",
      'du 5 janvier au 27 février 2026',
      'Année scolaire 2025-2026',
    ]) {
      expect(cover).toContain(s);
    }
    // the logo is embedded as a picture on the cover
    expect(Object.keys(d.files).filter((f) => f.startsWith('word/media/'))).toHaveLength(2);
    expect(d.xml.indexOf('<w:drawing>')).toBeLessThan(d.xml.indexOf('Remerciements'));
  });

  it('turns \\newpage and \\pagebreak alone in a paragraph into page breaks, not text', async () => {
    const d = await exportDocx(md('# T', '', 'Avant.', '', '\\newpage', '', 'Milieu.', '', '\\pagebreak', '', 'Après.'));
    expect(d.text).not.toMatch(/newpage|pagebreak/);
    expect(d.xml.match(/<w:br w:type="page"\/>/g)).toHaveLength(2);
    const body = d.xml.slice(d.xml.indexOf('Avant.'));
    expect(body.indexOf('<w:br w:type="page"/>')).toBeLessThan(body.indexOf('Milieu.'));
    expect(body.lastIndexOf('<w:br w:type="page"/>')).toBeGreaterThan(body.indexOf('Milieu.'));
    expect(body.lastIndexOf('<w:br w:type="page"/>')).toBeLessThan(body.indexOf('Après.'));
  });

  it('writes headings in the built-in Heading styles, level 1 on a new page', async () => {
    const d = await exportDocx(REPORT);
    const h1 = paragraphWith(d.xml, 'Introduction')!;
    expect(h1).toContain('<w:pStyle w:val="Heading1"/>');
    expect(h1).toContain('<w:pageBreakBefore/>');
    const h2 = paragraphWith(d.xml, 'Contexte')!;
    expect(h2).toContain('<w:pStyle w:val="Heading2"/>');
    expect(h2).not.toContain('pageBreakBefore');
    const styles = d.part('word/styles.xml');
    expect(styles).toMatch(/w:styleId="Heading1"><w:name w:val="Heading 1"\/>[\s\S]*?<w:outlineLvl w:val="0"\/>/);
    expect(styles).toMatch(/w:styleId="Heading2"><w:name w:val="Heading 2"\/>[\s\S]*?<w:outlineLvl w:val="1"\/>/);
  });

  it('writes the sommaire as a TOC field already filled with page numbers, not dirty', async () => {
    const d = await exportDocx(REPORT);
    expect(d.xml).toMatch(/<w:instrText[^>]*>TOC \\h \\o &quot;1-3&quot;<\/w:instrText>/);
    expect(d.xml).not.toContain('w:dirty="true"');
    expect(d.part('word/settings.xml')).not.toContain('<w:updateFields w:val="true"/>');
    // The entries: each outlined heading with a page number after a dot-leader tab.
    const toc = /<w:sdtContent>([\s\S]*?)<\/w:sdtContent>/.exec(d.xml)![1]!;
    const entries = textOf(toc).split('\n').filter((l) => l.includes('\t'));
    const byTitle = new Map(entries.map((l) => [l.split('\t')[0]!.trim(), Number(l.split('\t').pop())]));
    expect([...byTitle.keys()]).toEqual(expect.arrayContaining(['Remerciements', 'Introduction', 'Contexte', "Présentation de l'entreprise", 'Annexes', `Annexe 1${NB}: Plan de la pièce`, `Annexe 2${NB}: Nomenclature`]));
    expect(byTitle.has('Sommaire')).toBe(false);
    // cover = 1, Remerciements = 2, Sommaire = 3, Introduction = 4 (each level-1 heading on a new page)
    expect(byTitle.get('Remerciements')).toBe(2);
    expect(byTitle.get('Introduction')).toBe(4);
    expect(byTitle.get('Contexte')).toBe(4);
    expect(byTitle.get("Présentation de l'entreprise")).toBe(5);
    expect(byTitle.get(`Annexe 2${NB}: Nomenclature`)).toBeGreaterThan(byTitle.get(`Annexe 1${NB}: Plan de la pièce`)!);
    expect(d.xml).toMatch(/<w:tab w:val="right" w:pos="\d+" w:leader="dot"\/>/);
    // the sommaire's own title is not a built-in heading (it is not listed in itself)
    const title = paragraphs(d.xml).find((p) => textOf(p).trim() === 'Sommaire')!;
    expect(title).not.toContain('Heading1');
  });

  it('titles the annexes "Annexe n : …" on new pages', async () => {
    const d = await exportDocx(REPORT);
    const a1 = paragraphs(d.xml).filter((p) => textOf(p).includes(`Annexe 1${NB}: Plan de la pièce`));
    expect(a1.some((p) => p.includes('<w:pageBreakBefore/>') && p.includes('Heading2'))).toBe(true);
    expect(d.text).toContain(`Annexe 2${NB}: Nomenclature`);
    expect(d.text).not.toContain('Annexe 2 : Annexe 2');
  });

  it('applies the page model: font, size, line spacing, paragraph spacing, margins, paper', async () => {
    const d = await exportDocx(REPORT, { font: 'sans', fontSizePt: 11, lineSpacing: 1.15, paragraphSpacingPt: 8, marginCm: 2, paper: 'letter' });
    const styles = d.part('word/styles.xml');
    const defaults = styles.slice(styles.indexOf('<w:docDefaults>'), styles.indexOf('</w:docDefaults>'));
    expect(defaults).toContain('w:ascii="Arial"');
    expect(defaults).toContain('<w:sz w:val="22"/>');
    expect(defaults).toMatch(/w:after="160"/);
    expect(defaults).toMatch(/w:line="276"/);
    expect(defaults).toContain('<w:jc w:val="both"/>');
    expect(defaults).toContain('w:val="fr-FR"');
    expect(d.xml).toMatch(/<w:pgSz w:w="12240" w:h="15840"/);
    expect(d.xml).toMatch(/w:left="1134"/);
    const serif = await exportDocx(REPORT);
    expect(serif.part('word/styles.xml')).toContain('w:ascii="Times New Roman"');
  });

  it('without level1NewPage, level-1 headings follow on', async () => {
    const d = await exportDocx(REPORT, { level1NewPage: false });
    expect(paragraphWith(d.xml, 'Introduction')).not.toContain('pageBreakBefore');
  });

  it('without coverPage, there is one section and no cover', async () => {
    const d = await exportDocx(REPORT, { coverPage: false });
    expect([...d.xml.matchAll(/<w:sectPr/g)]).toHaveLength(1);
    expect(d.text).not.toContain('Lycée Jean Moulin');
  });
});

describe('DOCX export: the sommaire numbered from the typesetting', () => {
  /** The sommaire's entries of a DOCX: title → page number (undefined when left blank). */
  function tocOf(bytes: Buffer): Map<string, number | undefined> {
    const xml = strFromU8(unzipSync(new Uint8Array(bytes))['word/document.xml']!);
    const toc = /<w:sdtContent>([\s\S]*?)<\/w:sdtContent>/.exec(xml)![1]!;
    const out = new Map<string, number | undefined>();
    for (const p of paragraphs(toc)) {
      const title = textOf(p).split('\t')[0]!.trim();
      const num = /PAGEREF[^<]*<\/w:instrText><w:fldChar w:fldCharType="separate"\/>(?:<w:t[^>]*>(\d+)<\/w:t>)?/.exec(p);
      if (title && num) out.set(title, num[1] === undefined ? undefined : Number(num[1]));
    }
    return out;
  }
  const inlineText = (ins: ExportInline[]): string => ins.map((i) => ('value' in i && i.type !== 'code' ? i.value : i.type === 'code' ? i.value : 'children' in i && i.type !== 'footnote' ? inlineText(i.children) : '')).join('');

  for (const [name, text, file] of [
    ['a small report', REPORT, null],
    ['the example report', readFileSync(join(repoRoot, 'examples', 'rapport-cpi.md'), 'utf8'), join(repoRoot, 'examples', 'rapport-cpi.md')],
  ] as const) {
    it(`${name}: each entry has the page its heading starts on in the PDF export (Typst)`, async () => {
      const { model } = analyzeText(text);
      const typeset = renderReport(model, {}, file, { pdf: false });
      const startOf = new Map(typeset.exact.sections.map((x) => [x.index, x.startPage]));
      const expected = new Map<string, number>();
      for (const b of typeset.doc.blocks) if (b.type === 'heading' && b.outlined && b.level <= 3) expected.set(inlineText(b.children).trim(), startOf.get(b.index)!);
      const out = await EXPORTERS.docx!(model, {}, file);
      const toc = tocOf(out.bytes);
      expect(toc.size).toBeGreaterThan(4);
      expect([...toc.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [title, page] of toc) expect(page, title).toBe(expected.get(title));
      // French hyphenation, as in the PDF (docx/layout, the slower fallback, cannot follow it).
      expect(strFromU8(unzipSync(new Uint8Array(out.bytes))['word/settings.xml']!)).toContain('<w:autoHyphenation');
    });
  }
});

describe('DOCX export: every construct', () => {
  it('embeds figures at their real size within the text width, with "Figure n : légende"', async () => {
    const d = await exportDocx(md('# Titre', '', '![Schéma du réseau](images/schema.png)', '', '![Vue large](images/large.png)', '', '![](images/plan.svg)'));
    const extents = [...d.xml.matchAll(/<wp:extent cx="(\d+)" cy="(\d+)"\/>/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(extents).toHaveLength(3);
    // 400 × 200 px at 96 dpi = 3 810 000 × 1 905 000 EMU
    expect(extents[0]).toEqual([3810000, 1905000]);
    // 3000 px wide is wider than the 16 cm of text: scaled down to the text width, ratio kept
    const textWidthEmu = 16 * 360000;
    expect(Math.abs(extents[1]![0]! - textWidthEmu)).toBeLessThan(20000);
    expect(extents[1]![1]! / extents[1]![0]!).toBeCloseTo(0.5, 2);
    expect(d.text).toContain(`Figure 1${NB}: Schéma du réseau`);
    expect(d.text).toContain(`Figure 2${NB}: Vue large`);
    expect(d.text).toContain('Figure 3');
    expect(paragraphWith(d.xml, 'Figure 1')).toContain('<w:pStyle w:val="Caption"/>');
    // SVG with its PNG fallback
    expect(Object.keys(d.files).some((f) => f.endsWith('.svg'))).toBe(true);
    expect(d.xml).toContain('asvg:svgBlip');
    expect(d.missing.size).toBe(0);
  });

  it('a missing image becomes a framed placeholder naming the path', async () => {
    const d = await exportDocx(md('# Titre', '', '![Photo de l\'atelier](images/absente.png)'));
    const p = paragraphWith(d.xml, 'Image introuvable')!;
    expect(textOf(p)).toContain('Image introuvable : images/absente.png');
    // The frame: a one-cell table with red borders, exactly as tall as the PDF's frame (the page
    // model's figure height, 8 cm: 4535 twips), 60 % of the text width wide.
    const frame = [...d.xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]).find((t) => t.includes('Image introuvable'))!;
    expect(frame).toMatch(/<w:tcBorders>[\s\S]*<w:top [^>]*w:color="B00020"/);
    expect(frame).toContain('<w:trHeight w:val="4535" w:hRule="exact"/>');
    expect(frame).toContain(`<w:tblW w:type="dxa" w:w="${Math.round(0.6 * 16 * PT_PER_CM * 20)}"/>`);
    expect(d.text).toContain(`Figure 1${NB}: Photo de l'atelier`);
    expect(d.missing.get('images/absente.png')).toBe('fichier introuvable');
    expect(Object.keys(d.files).filter((f) => f.startsWith('word/media/'))).toHaveLength(0);
  });

  it('a size given in the Markdown wins', async () => {
    const d = await exportDocx(md('# T', '', '![S](images/schema.png){width=8cm}'));
    const [cx, cy] = /<wp:extent cx="(\d+)" cy="(\d+)"/.exec(d.xml)!.slice(1).map(Number);
    expect(Math.abs(cx! - 8 * 360000)).toBeLessThan(10000);
    expect(cy! / cx!).toBeCloseTo(0.5, 2);
  });

  it('writes tables with a repeated header row in bold', async () => {
    const d = await exportDocx(md('# T', '', '| Tâche | Durée |', '| :--- | ---: |', '| Étude | 2 j |', '| Essais | 3 j |'));
    const tbl = /<w:tbl>[\s\S]*<\/w:tbl>/.exec(d.xml)![0];
    const rows = [...tbl.matchAll(/<w:tr>[\s\S]*?<\/w:tr>|<w:tr [\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('<w:tblHeader/>');
    expect(rows[0]).toContain('<w:b/>');
    expect(rows[1]).not.toContain('<w:tblHeader/>');
    expect(textOf(rows[1]!)).toContain('Étude');
    expect(rows[1]).toContain('<w:jc w:val="right"/>');
    expect(tbl).toContain('<w:tblBorders>');
    // A row may break across pages between its lines, as Typst breaks it in the PDF.
    expect(rows[1]).not.toContain('<w:cantSplit');
  });

  it('a written size gives the placeholder frame the same size as in the PDF', async () => {
    const d = await exportDocx(md('# T', '', '![Plan](images/absent.png){width=6cm}'));
    // ¾ of the written width, as the PDF's frame (and the estimate).
    expect(d.xml).toContain(`<w:trHeight w:val="${Math.round(4.5 * PT_PER_CM * 20)}" w:hRule="exact"/>`);
    expect(d.xml).toContain(`<w:tblW w:type="dxa" w:w="${Math.round(6 * PT_PER_CM * 20)}"/>`);
  });

  it('without the typesetting (docx/layout numbers the sommaire), table rows are kept on one page', async () => {
    const d = await exportDocx(md('# Sommaire', '', '[TOC]', '', '# T', '', '| Tâche | Durée |', '| --- | --- |', '| Étude | 2 j |'));
    const tbl = /<w:tbl>[\s\S]*<\/w:tbl>/.exec(d.xml)![0];
    expect(tbl).toContain('<w:cantSplit/>');
  });

  it('a table longer than a page still leaves every sommaire entry numbered', async () => {
    const rows = Array.from({ length: 70 }, (_, i) => `| Ligne ${i + 1} | Une cellule assez longue pour occuper de la place sur la ligne du tableau |`);
    const d = await exportDocx(md('# Sommaire', '', '[TOC]', '', '# Essais', '', '| N° | Observation |', '| --- | --- |', ...rows, '', '# Conclusion', '', 'Fin.'));
    const toc = /<w:sdtContent>([\s\S]*?)<\/w:sdtContent>/.exec(d.xml)![1]!;
    const nums = [...toc.matchAll(/PAGEREF[^<]*<\/w:instrText><w:fldChar w:fldCharType="separate"\/>(?:<w:t[^>]*>(\d+)<\/w:t>)?/g)].map((m) => m[1]);
    expect(nums).toHaveLength(2);
    expect(nums.every((n) => n !== undefined)).toBe(true);
    expect(Number(nums[1])).toBeGreaterThan(Number(nums[0]) + 1);
  });

  it('writes bullet and numbered lists, nested, each numbered list from its own start', async () => {
    const d = await exportDocx(md('# T', '', '- un', '- deux', '  - deux bis', '', 'Texte.', '', '3. trois', '4. quatre', '', 'Texte.', '', '1. encore'));
    const numbering = d.part('word/numbering.xml');
    expect(numbering).toContain('w:val="bullet"');
    expect(numbering).toContain('w:val="decimal"');
    expect(numbering).toMatch(/<w:start w:val="3"\/>/);
    const deuxBis = paragraphWith(d.xml, 'deux bis')!;
    expect(deuxBis).toMatch(/<w:ilvl w:val="1"\/>/);
    const trois = paragraphWith(d.xml, 'trois')!;
    const encore = paragraphWith(d.xml, 'encore')!;
    const numId = (p: string) => /<w:numId w:val="(\d+)"\/>/.exec(p)![1];
    expect(numId(trois)).not.toBe(numId(encore));
    expect(numId(trois)).not.toBe(numId(paragraphWith(d.xml, 'un')!));
  });

  it('a list item of several paragraphs keeps each once, the later ones without a marker; its footnote is one note', async () => {
    const d = await exportDocx(md('# T', '', '- Premier point[^a].', '', '  Suite du point.', '', '- Second point.', '', '[^a]: La note.'));
    expect(paragraphs(d.xml).filter((p) => textOf(p).includes('Premier point'))).toHaveLength(1);
    const suite = paragraphWith(d.xml, 'Suite du point.')!;
    expect(suite).not.toContain('<w:numPr>');
    expect(suite).toMatch(/<w:ind w:left="720"/);
    expect([...d.xml.matchAll(/<w:footnoteReference/g)]).toHaveLength(1);
  });

  it('writes quotes indented with a rule, code in a monospace font with its lines and spaces', async () => {
    const d = await exportDocx(md('# T', '', '> Une citation.', '>', '> > Imbriquée.', '', '```js', 'if (a < b) {', '  return "x";', '}', '```'));
    const q = paragraphWith(d.xml, 'Une citation.')!;
    expect(q).toMatch(/<w:ind w:left="567"/);
    expect(q).toMatch(/<w:pBdr>\s*<w:left /);
    expect(paragraphWith(d.xml, 'Imbriquée.')).toMatch(/<w:ind w:left="1134"/);
    const c = paragraphWith(d.xml, 'if (a < b) {')!;
    expect(c).toContain('<w:pStyle w:val="RapportCode"/>');
    expect(d.part('word/styles.xml')).toMatch(/w:styleId="RapportCode"[\s\S]*?Courier New/);
    expect(d.xml).toContain('<w:t xml:space="preserve">  return &quot;x&quot;;</w:t>');
  });

  it('collapses runs of spaces and tabs in text to one space, as the PDF does, but not in code', async () => {
    const d = await exportDocx(md('# T', '', 'Essai        Valeur\tmesurée', '  Résistance de terre      18 Ω', '', '```', 'a     b', '```'));
    expect(d.text).toContain('Essai Valeur mesurée Résistance de terre 18 Ω');
    expect(d.xml).toContain('<w:t xml:space="preserve">a     b</w:t>');
  });

  it('footnotes are set as in the PDF: at the footnote scale of the body size, with the leading of Typst\'s footnote entries', async () => {
    const d = await exportDocx(md('# T', '', 'Texte[^n].', '', '[^n]: La note.'));
    const styles = d.part('word/styles.xml');
    const notes = [...styles.matchAll(/<w:style [^>]*w:styleId="FootnoteText"[\s\S]*?<\/w:style>/g)].map((m) => m[0]);
    expect(notes).toHaveLength(1);
    const size = DEFAULT_PAGE_MODEL.fontSizePt;
    expect(notes[0]).toContain(`<w:sz w:val="${Math.round(2 * LAYOUT.footnoteScale * size)}"/>`);
    // 16.8 pt at 12 pt: the pitch of a footnote line measured in the PDF.
    expect(notes[0]).toMatch(/<w:spacing [^>]*w:line="337" w:lineRule="atLeast"/);
    // The note's own paragraphs take that style.
    expect(d.part('word/footnotes.xml')).toMatch(/<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"\/>/);
  });

  it('writes footnotes, links, emphasis, strong, strike-through and inline code', async () => {
    const d = await exportDocx(
      md('# T', '', 'Voir **gras**, *italique*, ~~barré~~, `npm ci` et [le site](https://exemple.fr/a?b=1&c=2)[^n].', '', '[^n]: La note, avec *style*.'),
    );
    expect(d.xml).toContain('<w:footnoteReference w:id="1"/>');
    expect(strFromU8(d.files['word/footnotes.xml']!)).toContain('La note, avec ');
    const rels = d.part('word/_rels/document.xml.rels');
    expect(rels).toContain('Target="https://exemple.fr/a?b=1&amp;c=2" TargetMode="External"');
    expect(d.xml).toContain('<w:hyperlink');
    const p = paragraphWith(d.xml, 'gras')!;
    expect(p).toMatch(/<w:b\/>[\s\S]*?gras/);
    expect(p).toMatch(/<w:i\/>[\s\S]*?italique/);
    expect(p).toMatch(/<w:strike\/>[\s\S]*?barré/);
    expect(p).toMatch(/Courier New[\s\S]*?npm ci/);
  });

  it('applies French typography without touching code, and drops HTML comments', async () => {
    const d = await exportDocx(
      md('# T', '', '<!-- Conseil : décrire l\'entreprise -->', '', 'Pourquoi ? Voilà : « oui » ; enfin !', '', '`a ? b : c`', '', 'Un <!-- caché --> texte.'),
    );
    expect(d.text).toContain(`Pourquoi${NN}? Voilà${NB}: «${NN}oui${NN}»${NN}; enfin${NN}!`);
    expect(d.text).toContain('a ? b : c');
    expect(d.text).not.toContain('Conseil');
    expect(d.text).not.toContain('caché');
    expect(d.xml).not.toContain('&lt;!--');
  });

  it('keeps raw HTML and special characters as text, never as broken XML', async () => {
    const nasty = 'A & B < C > D "E" \'F\' \u0001\u0008 \uffff \ud800 <b>gras</b> <script>x</script> ]]> &amp;';
    const d = await exportDocx(md('# T', '', nasty, '', '<div>Bloc <em>HTML</em></div>'));
    expect(d.text).toContain('A & B < C > D "E" \'F\'');
    expect(d.text).toContain('Bloc HTML');
    expect(d.xml).not.toMatch(/[\u0001\u0008\uffff]/);
    expect(d.text).toContain(']]>');
  });

  it('xmlSafe replaces only what XML cannot hold', () => {
    expect(xmlSafe('a\u0000b\tc\nd\ud83d\ude00e\ud800')).toBe('a\ufffdb\tc\nd\ud83d\ude00e\ufffd');
  });

  it('an empty report still makes a valid document', async () => {
    const d = await exportDocx('');
    expect(d.xml).toContain('<w:body>');
    expect(d.part('[Content_Types].xml')).toContain('wordprocessingml');
  });
});

/** What the export shows of the blocks: their text, code, captions and notes (not URLs or code languages). */
function visibleText(bs: ExportBlock[]): string {
  const ins = (xs: ExportInline[]): string =>
    xs.map((i) => (i.type === 'text' || i.type === 'code' ? i.value : i.type === 'break' ? ' ' : i.type === 'footnote' ? visibleText(i.children) : ins(i.children))).join('');
  return bs
    .map((b) => {
      switch (b.type) {
        case 'heading':
        case 'paragraph':
          return ins(b.children);
        case 'figure':
          return b.caption;
        case 'list':
          return b.items.map(visibleText).join(' ');
        case 'quote':
          return visibleText(b.children);
        case 'code':
          return b.value;
        case 'table':
          return b.rows.map((r) => r.map(ins).join(' ')).join(' ');
        case 'toc':
          return b.title ?? '';
        default:
          return '';
      }
    })
    .join(' ');
}

describe('DOCX export: random Markdown', () => {
  const word = fc.stringMatching(/^[A-Za-zÀ-ÿ0-9]{1,8}$/);
  const special = fc.constantFrom('#', '$', '*', '_', '@', '<', '>', '[', ']', '\\', '~', '"', '&', '`', '|', '<!--', '-->', '<br>', '<img src="x.png">', '\u0000', '\u202f', '😀', '\ud800', '{', '}', ':', ';', '?', '!', '«', '»', '[^1]', '![a](b.png)', '\n', '\n\n', '- ', '1. ', '> ', '```', '# ', '---');
  const token = fc.oneof({ weight: 3, arbitrary: word }, { weight: 1, arbitrary: special }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });
  const markdown = fc.array(token, { maxLength: 60 }).map((ts) => ts.join(' '));

  it('exports any Markdown without an exception, and keeps its words', async () => {
    await fc.assert(
      fc.asyncProperty(markdown, async (text) => {
        const d = await exportDocx(text);
        expect(d.xml).toContain('<w:body>');
        // Every plain word of a paragraph line survives (the export may add spaces, never drop text).
        const { model } = analyzeText(text);
        const doc = buildExportDocument(model);
        const visible = visibleText(doc.blocks);
        for (const w of text.match(/[A-Za-zÀ-ÿ]{4,8}/g) ?? []) {
          if (visible.includes(w)) expect(d.text.replace(/\s+/g, ' ')).toContain(w);
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('a report without a sommaire has no table-of-contents field and keeps French hyphenation', async () => {
    const { model } = analyzeText(md('# Introduction', '', 'Texte.', '', '# Conclusion', '', 'Fin.'));
    const out = await EXPORTERS.docx!(model, {}, null);
    const files = unzipSync(new Uint8Array(out.bytes));
    expect(strFromU8(files['word/document.xml']!)).not.toContain('TOC \\');
    expect(strFromU8(files['word/settings.xml']!)).toContain('<w:autoHyphenation');
  });

  it('through the CLI\'s path (Typst for the sommaire\'s numbers), any Markdown with a [TOC] exports, every entry numbered', async () => {
    await fc.assert(
      fc.asyncProperty(markdown, markdown, async (a, b) => {
        const text = md('# Sommaire', '', '[TOC]', '', '# Un', '', a, '', '## Deux', '', b, '', '# Trois', '', 'Fin.');
        const { model } = analyzeText(text);
        const out = await EXPORTERS.docx!(model, {}, null);
        const xml = strFromU8(unzipSync(new Uint8Array(out.bytes))['word/document.xml']!);
        const toc = /<w:sdtContent>([\s\S]*?)<\/w:sdtContent>/.exec(xml)![1]!;
        const nums = [...toc.matchAll(/PAGEREF[^<]*<\/w:instrText><w:fldChar w:fldCharType="separate"\/>(?:<w:t[^>]*>(\d+)<\/w:t>)?/g)].map((m) => m[1]);
        // At least "Un" (an unclosed "<!--" in the random text hides what follows it).
        expect(nums.length).toBeGreaterThanOrEqual(1);
        expect(nums.every((n) => n !== undefined)).toBe(true);
        const pages = nums.map(Number);
        expect([...pages].sort((x, y) => x - y)).toEqual(pages);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
