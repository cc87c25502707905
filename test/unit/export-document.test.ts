import { describe, expect, it } from 'vitest';
import { buildExportDocument, coverOf, frenchPeriod, frenchTypography, inlineText, schoolYear, type ExportBlock } from '../../server/src/export/document';
import { analyzeText, frontmatter, md } from './helpers';

const NN = '\u202f';
const NB = '\u00a0';

const doc = (text: string) => buildExportDocument(analyzeText(text).model);
const texts = (blocks: ExportBlock[]): string[] =>
  blocks.flatMap((b) => {
    switch (b.type) {
      case 'heading':
      case 'paragraph':
        return [inlineText(b.children)];
      case 'figure':
        return [b.caption];
      case 'list':
        return b.items.flatMap(texts);
      case 'quote':
        return texts(b.children);
      default:
        return [];
    }
  });

describe('French typography', () => {
  it('puts narrow no-break spaces before ; ! ? and inside « », a no-break space before :', () => {
    expect(frenchTypography('Pourquoi ? Parce que ! Voilà ; enfin : « oui »')).toBe(
      `Pourquoi${NN}? Parce que${NN}! Voilà${NN}; enfin${NB}: «${NN}oui${NN}»`,
    );
    expect(frenchTypography('Pourquoi? Oui! Note: «non»')).toBe(`Pourquoi${NN}? Oui${NN}! Note${NB}: «${NN}non${NN}»`);
  });
  it('leaves times, URLs, code-like text and doubled marks alone', () => {
    expect(frenchTypography('à 10:30 sur https://exemple.fr/a?b=1')).toBe('à 10:30 sur https://exemple.fr/a?b=1');
    expect(frenchTypography('C:\\temp et a;b')).toBe('C:\\temp et a;b');
    expect(frenchTypography('Quoi ?!')).toBe(`Quoi${NN}?!`);
  });
});

describe('cover', () => {
  it('takes the front matter and the profile', () => {
    const { model } = analyzeText(md(frontmatter('cpi', ['titre: "Support moteur"', 'logo: images/logo.png']), '', '# Introduction', '', 'Texte.'));
    const c = coverOf(model)!;
    expect(c).toMatchObject({
      titre: 'Support moteur',
      auteur: 'Léa MARTIN',
      bts: 'BTS Conception des Produits Industriels',
      epreuve: 'Épreuve U52',
      etablissement: 'Lycée Jean Moulin',
      entreprise: 'MécaPrécis SAS',
      tuteur: { nom: 'Durand', poste: "Responsable bureau d'études" },
      periode: 'du 5 janvier au 27 février 2026',
      anneeScolaire: '2025-2026',
      logo: 'images/logo.png',
    });
  });
  it('reads the other spellings of the title and the school year, and plain-text auteur and tuteur', () => {
    const fm = ['---', 'bts: cpi', 'title: "Support moteur"', 'annee-scolaire: 2024-2025', 'auteur: Léa Martin', 'tuteur: M. Durand', '---'].join('\n');
    const c = coverOf(analyzeText(md(fm, '', '# Introduction', '', 'Texte.')).model)!;
    expect(c).toMatchObject({ titre: 'Support moteur', anneeScolaire: '2024-2025', auteur: 'Léa Martin', tuteur: { nom: 'M. Durand', poste: null } });
  });
  it('names every author of a list on the cover, family names in capitals (the analysis refuses the list)', () => {
    const pair = md('---', 'bts: cpi', 'auteur:', '  - { prenom: Léa, nom: Martin }', '  - Hugo Roux', '---', '', '# Introduction', '', 'Texte.');
    expect(coverOf(analyzeText(pair).model)!.auteur).toBe('Léa MARTIN et Hugo Roux');
    const none = md('---', 'bts: cpi', 'auteur: []', '---', '', '# Introduction', '', 'Texte.');
    expect(coverOf(analyzeText(none).model)!.auteur).toBeNull();
  });
  it('reads a text field as the analysis does: a number as written, a yes/no or a table as no text', () => {
    const fm = ['---', 'bts: cpi', 'titre: 2026', 'entreprise: true', 'etablissement: { nom: Lycée }', 'auteur: false', '---'].join('\n');
    const c = coverOf(analyzeText(md(fm, '', '# Introduction', '', 'Texte.')).model)!;
    expect(c).toMatchObject({ titre: '2026', entreprise: null, etablissement: null, auteur: null });
  });
  it('writes periods across years and school years', () => {
    expect(frenchPeriod(new Date(Date.UTC(2025, 11, 15)), new Date(Date.UTC(2026, 1, 1)))).toBe('du 15 décembre 2025 au 1er février 2026');
    expect(schoolYear(new Date(Date.UTC(2025, 8, 1)))).toBe('2025-2026');
    expect(schoolYear(new Date(Date.UTC(2026, 5, 1)))).toBe('2025-2026');
  });
  it('has no cover without front matter or when coverPage is off', () => {
    expect(buildExportDocument(analyzeText('# Titre\n\nTexte.', { bts: 'cpi' }).model).cover).toBeNull();
    const { model } = analyzeText(md(frontmatter('cpi'), '', '# Intro'));
    expect(buildExportDocument(model, { coverPage: false }).cover).toBeNull();
  });
});

describe('document structure', () => {
  const report = md(
    frontmatter('cpi'),
    '',
    '<!-- conseil du modèle : à supprimer -->',
    '',
    '# Remerciements',
    '',
    'Merci à tous !',
    '',
    '# Sommaire',
    '',
    '- Introduction ....... 3',
    '',
    '# 1. Introduction',
    '',
    'Texte avec une note[^1] et un [lien](https://exemple.fr).',
    '',
    '![Schéma du réseau](img/reseau.png){width=8cm}',
    '',
    '<img src="img/photo.jpg" alt="Photo">',
    '',
    '[^1]: La note : détail.',
    '',
    '# Annexes',
    '',
    '## Annexe 1 - Plan de la pièce',
    '',
    'Plan.',
    '',
    '## Fiche technique',
    '',
    'Fiche.',
  );
  const d = doc(report);
  const headings = d.blocks.filter((b) => b.type === 'heading');

  it('drops HTML comments and replaces a hand-written sommaire by the generated one', () => {
    expect(texts(d.blocks).join('\n')).not.toMatch(/conseil|supprimer|\.\.\.\.\. 3/);
    const i = d.blocks.findIndex((b) => b.type === 'heading' && inlineText(b.children) === 'Sommaire');
    expect(d.blocks[i]).toMatchObject({ outlined: false, sectionId: 'sommaire' });
    expect(d.blocks[i + 1]).toMatchObject({ type: 'toc' });
    expect(d.blocks.filter((b) => b.type === 'toc')).toHaveLength(1);
  });
  it('numbers figures from their alt text, Markdown and HTML', () => {
    expect(d.figures.map((f) => [f.src, f.caption, f.width])).toEqual([
      ['img/reseau.png', `Figure 1${NB}: Schéma du réseau`, '8cm'],
      ['img/photo.jpg', `Figure 2${NB}: Photo`, undefined],
    ]);
  });
  it('attaches footnotes and keeps links', () => {
    const p = d.blocks.find((b) => b.type === 'paragraph' && inlineText(b.children).startsWith('Texte avec'));
    expect(p && p.type === 'paragraph' && p.children.map((c) => c.type)).toEqual(['text', 'footnote', 'text', 'link', 'text']);
    const note = p && p.type === 'paragraph' ? p.children[1] : undefined;
    expect(note?.type === 'footnote' && texts(note.children)).toEqual([`La note${NB}: détail.`]);
  });
  it('titles annexes "Annexe n : …" on new pages, outside the body', () => {
    const annexes = headings.filter((h) => h.type === 'heading' && h.outsideBody);
    expect(annexes.map((h) => h.type === 'heading' && [inlineText(h.children), h.newPage])).toEqual([
      ['Annexes', true],
      [`Annexe 1${NB}: Plan de la pièce`, true],
      [`Annexe 2${NB}: Fiche technique`, true],
    ]);
    expect(headings.find((h) => h.type === 'heading' && h.sectionId === 'introduction')).toMatchObject({ newPage: true, outsideBody: false });
  });
  it("unwraps pandoc's bracketed spans and drops its empty anchors (Markdown converted from Word)", () => {
    const d2 = doc(md(frontmatter('sn'), '', '# Introduction', '', 'Un mot [souligné]{.underline}, des [petites capitales]{.smallcaps}[]{#_Toc123 .anchor} et [x]{#id key="v"} ; [un lien](https://exemple.fr) et {x} restent.'));
    expect(texts(d2.blocks).join(' ')).toContain('Un mot souligné, des petites capitales et x');
    expect(texts(d2.blocks).join(' ')).toContain('{x} restent');
    expect(texts(d2.blocks).join(' ')).not.toMatch(/underline|smallcaps|_Toc/);
  });
  it('applies French typography to text', () => {
    expect(texts(d.blocks)).toContain(`Merci à tous${NN}!`);
  });
  it('places a TOC marker with a "Sommaire" title when there is no Sommaire heading', () => {
    const d2 = doc(md(frontmatter('sn'), '', '[TOC]', '', '# Introduction', '', 'x'));
    expect(d2.blocks.find((b) => b.type === 'toc')).toMatchObject({ title: 'Sommaire' });
  });
  it('keeps raw HTML as text, turns page-break comments into page breaks', () => {
    const d3 = doc(md('# T', '', '<div class="x">Texte <b>gras</b></div>', '', '<!-- saut de page -->', '', 'Fin'));
    expect(texts(d3.blocks)).toContain('Texte gras');
    expect(d3.blocks.some((b) => b.type === 'pageBreak')).toBe(true);
  });
  it('has tables with their rows, lists with their items, code as written', () => {
    const d4 = doc(md('| A | B |', '|---|:-:|', '| 1 | 2 ; 3 |', '', '1. un', '2. deux', '', '```js', 'a?b:c;', '```'));
    const t = d4.blocks.find((b) => b.type === 'table');
    expect(t && t.type === 'table' && t.rows.map((r) => r.map(inlineText))).toEqual([['A', 'B'], ['1', `2${NN}; 3`]]);
    expect(t && t.type === 'table' && t.align).toEqual([null, 'center']);
    expect(d4.blocks.find((b) => b.type === 'list')).toMatchObject({ ordered: true, start: 1, tight: true });
    expect(d4.blocks.find((b) => b.type === 'code')).toEqual({ type: 'code', value: 'a?b:c;', lang: 'js' });
  });
});
