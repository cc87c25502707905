// Markdown → Typst (server/src/export/typst.ts) on every construct, typeset for real and read
// back from the PDF (pdftotext), and random Markdown exported without an exception and with its
// text preserved (fast-check).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_MODEL } from '../../server/src/core/pages/pageModel';
import { buildExportDocument } from '../../server/src/export/document';
import { renderReport } from '../../server/src/export/render';
import { toTypst, typstString } from '../../server/src/export/typst';
import { planOf } from '../../server/src/core/model/plan';
import { breakdownText } from '../../server/src/lsp/features/codeLens';
import { analyzeText, frontmatter, md } from './helpers';

const tmp = mkdtempSync(join(tmpdir(), 'rapport-typst-'));
let n = 0;

function typst(text: string): string {
  const { model } = analyzeText(text);
  return toTypst(buildExportDocument(model), DEFAULT_PAGE_MODEL, () => null);
}

/** Exports the Markdown (a report file in a temporary folder) and returns the PDF's text. */
function exportText(text: string, files: Record<string, Buffer> = {}): { text: string; pages: number; missing: Map<string, string> } {
  const dir = mkdtempSync(join(tmp, 'r'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  const file = join(dir, 'rapport.md');
  writeFileSync(file, text);
  const { model } = analyzeText(text);
  const r = renderReport(model, {}, file, { pdf: true });
  const pdf = join(tmp, `${++n}.pdf`);
  writeFileSync(pdf, r.pdf!);
  const out = spawnSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`pdftotext failed: ${out.stderr}`);
  return { text: out.stdout, pages: r.exact.document, missing: r.missingImages };
}

/** PDF text with line-end hyphens joined and spaces normalised. */
const flat = (s: string) => s.replace(/[-\u00ad]\n/g, '').replace(/\u00ad/g, '').replace(/[\s\u00a0\u202f\u2060]+/g, ' ');

// A real PNG (the extension's icon), and a small SVG.
const PNG = readFileSync(join(__dirname, '..', '..', 'media', 'icon.png'));
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150"><rect width="300" height="150" fill="#08c"/></svg>');

describe('typstString', () => {
  it('escapes quotes, backslashes, control characters and lone surrogates', () => {
    expect(typstString('a"b\\c\nd\te\u0001f')).toBe('"a\\"b\\\\c\\nd\\te\\u{1}f"');
    expect(typstString('x\ud800y')).toBe('"x\\u{d800}y"');
    expect(typstString('#$*_@<>[]~`')).toBe('"#$*_@<>[]~`"');
  });
});

describe('Markdown → Typst constructs', () => {
  it('headings are real headings with their index label, level 1 on a new page', () => {
    const src = typst(md('# Un', '', 'texte', '', '## Deux'));
    expect(src).toMatch(/#pagebreak\(weak: true\)\n#heading\(level: 1, outlined: true\)\[#"Un"\] <h0>/);
    expect(src).toMatch(/#heading\(level: 2, outlined: true\)\[#"Deux"\] <h2>/);
  });
  it('\\newpage and \\pagebreak alone in a paragraph are page breaks, not text', () => {
    const src = typst(md('# T', '', 'Avant.', '', '\\newpage', '', 'Milieu.', '', '\\pagebreak', '', 'Après.'));
    expect(src).not.toMatch(/newpage|#"\\\\pagebreak"/);
    expect(src.match(/#pagebreak\(weak: true\)/g)).toHaveLength(3); // the level-1 heading's, then the two breaks
    const out = exportText(md('# T', '', 'Avant.', '', '\\newpage', '', 'Milieu.', '', '\\pagebreak', '', 'Après.'));
    expect(out.text).not.toMatch(/newpage|pagebreak/);
    expect(out.pages).toBe(3);
    expect(out.text.split('\f').map((p) => p.replace(/\s+/g, ' ').trim())).toEqual(['T Avant. 1', 'Milieu. 2', 'Après. 3', '']);
    // Within a paragraph's text it stays text.
    expect(typst(md('# T', '', 'Écrire \\newpage en LaTeX.'))).toContain('\\\\newpage en LaTeX');
  });
  it('paragraph text is only string literals: Typst markup in the text stays text', () => {
    const special = 'Prix : 5 $ * 2 _x_ @ref <b> [lien] \\ ~ "cité" #set page(width: 1cm) // pas un commentaire /* non */ = titre';
    const src = typst(md('# T', '', special.replace(/[*_[\]\\]/g, (c) => `\\${c}`)));
    expect(src).not.toContain('#set page(width: 1cm)\n');
    const out = exportText(md('# T', '', special.replace(/[*_[\]\\]/g, (c) => `\\${c}`)));
    // Inline HTML tags are dropped; ":" after a word gets its French no-break space.
    expect(flat(out.text)).toContain('5 $ * 2 _x_ @ref [lien] \\ ~ "cité" #set page(width : 1cm) // pas un commentaire /* non */ = titre');
  });
  it('emphasis, strong, strike, inline code, links, line breaks', () => {
    const text = md('# T', '', 'Du *penché*, du **gras**, du ~~barré~~, du `code #x`, un [lien](https://exemple.fr/a?b=1) et  ', 'une ligne.');
    const src = typst(text);
    expect(src).toContain('#emph[#"penché"]');
    expect(src).toContain('#strong[#"gras"]');
    expect(src).toContain('#strike[#"barré"]');
    expect(src).toContain('#raw("code #x")');
    expect(src).toContain('#link("https://exemple.fr/a?b=1")[#"lien"]');
    expect(src).toContain('#linebreak()');
    expect(flat(exportText(text).text)).toMatch(/Du penché, du gras, du barré, du code #x, un lien et une ligne\./);
  });
  it('lists (bullets, numbered from their start, nested, tasks)', () => {
    const text = md('# T', '', '- un', '- deux', '  1. sous-un', '', '3. trois', '4. quatre', '', '- [x] fait', '- [ ] à faire');
    const src = typst(text);
    expect(src).toContain('#list(tight: true, [');
    expect(src).toContain('#enum(tight: true, start: 3, ');
    const out = flat(exportText(text).text);
    for (const w of ['un', 'deux', 'sous-un', '3. trois', '4. quatre', '■ fait', '□ à faire']) expect(out).toContain(w);
  });
  it('tables have a header row in bold, every row and cell', () => {
    const text = md('# T', '', '| Outil | Rôle |', '|:--|--:|', '| CATIA | CAO |', '| Excel | suivi \\| coûts |');
    const src = typst(text);
    expect(src).toMatch(/#table\(columns: \(1fr,\) \* 2, align: \(left, right,\), table\.header\(\[#strong\[#"Outil"\]\], \[#strong\[#"Rôle"\]\]\)/);
    const out = flat(exportText(text).text);
    for (const w of ['Outil', 'Rôle', 'CATIA', 'CAO', 'Excel', 'suivi | coûts']) expect(out).toContain(w);
  });
  it('quotes, code blocks (as written), thematic breaks, footnotes', () => {
    const text = md('# T', '', '> Une citation.', '', '```python', 'print("a # b")  # commentaire', '```', '', '---', '', 'Avec une note[^n].', '', '[^n]: Le détail de la note.');
    const src = typst(text);
    expect(src).toContain('#block(inset: (left: 1cm)');
    expect(src).toContain('#raw(block: true, lang: "python", "print(\\"a # b\\")  # commentaire")');
    expect(src).toContain('#line(length: 100%');
    expect(src).toContain('#footnote[#"Le détail de la note."]');
    const out = flat(exportText(text).text);
    expect(out).toContain('Une citation.');
    expect(out).toContain('print("a # b") # commentaire');
    expect(out).toContain('Le détail de la note.');
  });
  it('figures at their real size within the text width, numbered, PNG and SVG; a missing one is a framed placeholder', () => {
    const text = md('# T', '', '![Petit schéma](petit.png)', '', '![Vue SVG](vue.svg){width=5cm}', '', '![Absente](absente.png)', '', '![Hors dossier](../x.png)');
    // ../x.png is there, but outside the report's folder.
    const out = exportText(text, { 'petit.png': PNG, 'vue.svg': SVG, '../x.png': PNG });
    const t = flat(out.text);
    expect(t).toContain('Figure 1 : Petit schéma');
    expect(t).toContain('Figure 2 : Vue SVG');
    expect(t).toContain('Image introuvable : absente.png');
    expect(t).toContain('Figure 3 : Absente');
    // A file outside the report's folder is not "introuvable": the frame says why it is not used.
    expect(out.missing.get('../x.png')).toMatch(/hors du dossier/);
    expect(t).toContain(`Image inutilisable : ../x.png ${out.missing.get('../x.png')}`);
    expect(t).not.toContain('Image introuvable : ../x.png');
    expect([...out.missing.keys()]).toEqual(['absente.png', '../x.png']);
    // 2 px wide at 96 dpi = 1.5 pt: real size, not stretched to the text width.
    const { model } = analyzeText(text);
    const src = toTypst(buildExportDocument(model), DEFAULT_PAGE_MODEL, (f) => (f.src === 'petit.png' ? { path: '/images/1.png', widthPx: 2, heightPx: 1 } : f.src === 'vue.svg' ? { path: '/images/2.svg', widthPx: 300, heightPx: 150 } : null));
    expect(src).toContain('image("/images/1.png", width: 1.500pt, height: 0.750pt');
    expect(src).toContain('image("/images/2.svg", width: 141.732pt, height: 70.866pt');
  });
  it('a code line with a long run without spaces wraps inside the page instead of running off it', () => {
    const long = `print("${'a'.repeat(170)} FIN")`;
    const out = exportText(md('# T', '', '```python', long, '```'));
    // pdftotext keeps what lies on the page only: the whole run is there, over several lines.
    const shown = out.text.replace(/[\u200b\s]/g, '');
    expect(shown).toContain(long.replace(/\s/g, ''));
  });
  it('a file that is not an image (by its first bytes) is not read as one', () => {
    const out = exportText(md('# T', '', '![Faux](faux.png)'), { 'faux.png': Buffer.from('pas une image') });
    expect(out.missing.get('faux.png')).toMatch(/format non pris en charge/);
    expect(flat(out.text)).toContain('Image inutilisable : faux.png format non pris en charge');
  });
  it('the cover has no page number; the sommaire lists headings with page numbers; annexes on new pages', () => {
    const text = md(frontmatter('cpi', ['titre: "Un titre"']), '', '# Sommaire', '', '[[_TOC_]]', '', '# 1. Introduction', '', 'Texte.', '', '# Annexes', '', '## Plan', '', 'Plan.', '', '## Photos', '', 'Photos.');
    const out = exportText(text);
    const pages = out.text.split('\f');
    expect(pages[0]).toContain('Un titre');
    expect(pages[0]).not.toMatch(/^\s*1\s*$/m);
    expect(flat(pages[1]!)).toMatch(/Sommaire 1\. Introduction[ .]+3 Annexes[ .]+4 Annexe 1 : Plan[ .]+5 Annexe 2 : Photos[ .]+6/);
    expect(pages[1]).toMatch(/^\s*2\s*$/m);
    expect(out.pages).toBe(6);
  });
  it('HTML comments never appear; raw HTML shows as text', () => {
    const out = flat(exportText(md('# T', '', '<!-- conseil -->', '', 'Avant <!-- caché --> après.', '', '<p align="center">Centré <b>gras</b></p>')).text);
    expect(out).not.toMatch(/conseil|caché|<!--/);
    expect(out).toContain('Avant après.');
    expect(out).toContain('Centré gras');
  });
  it('French typography at export, the source untouched', () => {
    const text = md('# T', '', 'Pourquoi ? Voilà : « oui » !');
    expect(typst(text)).toContain('#"Pourquoi\u202f? Voilà\u00a0: «\u202foui\u202f»\u202f!"');
    expect(text).toContain('Pourquoi ? Voilà : « oui » !');
    expect(flat(exportText(text).text)).toContain('Pourquoi ? Voilà : « oui » !');
  });
});

describe('random Markdown', () => {
  const word = fc.stringMatching(/^[a-zàéèùç]{4,9}$/);
  const special = fc.constantFrom('#', '$', '*', '_', '@', '<', '>', '[', ']', '\\', '~', '"', '`', '//', '/*', '=', '-', '+', '|', '{', '}', '<!--', '-->', '&amp;', '\t', '\u0000', '😀', '%');
  const inline = fc.array(fc.oneof({ weight: 4, arbitrary: word }, { weight: 2, arbitrary: special }), { minLength: 1, maxLength: 12 }).map((a) => a.join(' '));
  const block = fc.oneof(
    inline,
    inline.map((t) => `# ${t}`),
    inline.map((t) => `### ${t}`),
    fc.array(inline, { minLength: 1, maxLength: 3 }).map((a) => a.map((t) => `- ${t}`).join('\n')),
    fc.array(inline, { minLength: 1, maxLength: 3 }).map((a) => a.map((t, i) => `${i + 1}. ${t}`).join('\n')),
    inline.map((t) => `> ${t}`),
    inline.map((t) => '```\n' + t + '\n```'),
    fc.tuple(inline, inline).map(([a, b]) => `| ${a.replace(/\|/g, '')} | x |\n|---|---|\n| ${b.replace(/\|/g, '')} | y |`),
    inline.map((t) => `![${t.replace(/[[\]]/g, '')}](img/${t.length}.png)`),
    inline.map((t) => `*${t}* et **${t}**`),
    inline.map((t) => `<div>${t}</div>`),
  );
  const doc = fc.array(block, { minLength: 1, maxLength: 12 }).map((bs) => bs.join('\n\n'));

  it('exports without an exception (Typst source always compiles)', () => {
    fc.assert(
      fc.property(doc, fc.boolean(), (text, withCover) => {
        const full = withCover ? md(frontmatter('sn'), '', text) : text;
        const { model } = analyzeText(full);
        const r = renderReport(model, {}, null, { pdf: false });
        expect(r.exact.document).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps every word of the text in the PDF', () => {
    fc.assert(
      fc.property(doc, (text) => {
        const out = flat(exportText(text).text);
        // Words outside code/comments/HTML tags: every word of 4+ letters written as text.
        const { model } = analyzeText(text);
        const words = new Set<string>();
        const visit = (node: { type: string; value?: string; children?: unknown[]; alt?: string }) => {
          if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') for (const w of (node.value ?? '').match(/[a-zàéèùç]{4,}/g) ?? []) words.add(w);
          if (node.type === 'image') for (const w of (node.alt ?? '').match(/[a-zàéèùç]{4,}/g) ?? []) words.add(w);
          for (const c of (node.children ?? []) as (typeof node)[]) visit(c);
        };
        visit(model.root as unknown as { type: string });
        for (const w of words) expect(out, `word « ${w} » of:\n${text}`).toContain(w);
      }),
      { numRuns: 12 },
    );
  }, 240_000);
});

describe('budgets judged on exact figures', () => {
  it('a section within one page is judged by its text, as the estimate judges it: MM English summary of a fifth of a page, then of half a page', () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 7}`).join(' ');
    const report = (summaryWords: number) =>
      md('---', 'bts: mm', '---', '', "# Présentation de l'entreprise", '', words(400), '', '# Cadre juridique', '', words(900), '',
        '# Activité 1 : étalonnage', '', words(1200), '', '# Conclusion', '', words(300), '', '# Résumé en anglais', '', words(summaryWords), '', '# Démarche QSSE', '', words(500), '');
    const summaryBudget = (text: string) => {
      const first = analyzeText(text);
      const typeset = renderReport(first.model, {}, null, { pdf: false });
      const exact = analyzeText(text, { exactPages: { text, pages: typeset.exact } });
      const find = (r: typeof first) => r.findings.filter((f) => f.code === 'section-budget' && f.data?.section === 'resume-anglais').map((f) => f.message.split('.')[0]!.split(' attendues')[0]);
      const lens = breakdownText(planOf(exact.model as Parameters<typeof planOf>[0], { exactPages: { text, pages: typeset.exact } })).split('\n').find((l) => l.startsWith('Résumé en anglais'));
      return { estimate: find(first), exact: find(exact), exactMessage: exact.findings.find((f) => f.code === 'section-budget' && f.data?.section === 'resume-anglais')?.message ?? null, lens };
    };
    const short = summaryBudget(report(60));
    expect(short.estimate).toHaveLength(1);
    // The same advice on the typeset report: "Développe", with the estimate of its text, not "1 p.… Resserre".
    expect(short.exact).toEqual(short.estimate);
    expect(short.exactMessage).toContain('Développe cette partie');
    // The Plan and the CodeLens show the figure it is judged on beside the whole page it takes.
    expect(short.lens).toMatch(/^Résumé en anglais : p\. \d+ · 1 p\. \(≈ 0,\d p\. de texte\) · budget 0,3 à 0,7 p\. — trop court$/);
    const half = summaryBudget(report(220));
    expect(half.estimate).toEqual([]);
    expect(half.exact).toEqual([]);
  });
});
