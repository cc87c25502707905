// The trimmed parse (server/src/core/parse/parse.ts leaves out the GFM syntax extensions a text
// cannot use) gives the same tree as remark-gfm with every extension, positions included: on
// every fixture, template and example, on generated reports, and on texts made to sit at each
// extension's edge (the sequence it needs present, or nearly).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import fc from 'fast-check';
import { ALL_PARTS, bodyStart, parseFragment, parseMarkdown, partsNeeded, partsToParse } from '../../server/src/core/parse/parse';
import { generateReport } from '../../bench/generate.mjs';

const reference = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();
const referenceFragment = unified().use(remarkParse).use(remarkGfm).freeze();
const root = join(__dirname, '..', '..');

function mdFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? mdFiles(p) : n.endsWith('.md') ? [p] : [];
  });
}

const same = (text: string) => {
  const want = JSON.stringify(reference.parse(text));
  expect(JSON.stringify(parseMarkdown(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text))).toBe(want);
  expect(JSON.stringify(parseFragment(text))).toBe(JSON.stringify(referenceFragment.parse(text)));
};

const EDGES = [
  'Écrire à jean.dupont@exemple.fr ou à contact@atelier-nord.com.',
  'Le site www.exemple.fr et WWW.EXEMPLE.FR, pas wwwexemple.fr ni ww.exemple.fr.',
  'Voir https://exemple.fr/a?b=c et http://x.y, pas http:/x ni ftp://z.',
  'Une note[^1] et une autre[^note].\n\n[^1]: La première.\n[^note]: La seconde.',
  'Du ~~barré~~ et ~simple~, *a*~b~ et **gras**~.',
  '| a | b |\n|---|:-:|\n| 1 | 2 |',
  'a\n:-\nb',
  'titre\n-:\nligne',
  'Paragraphe\n| x |\n| - |\n| y |',
  '- [ ] à faire\n- [x] fait\n- [X] fait aussi\n- [\t] tab\n- [y] non',
  '* [\n] saut',
  '- [] vide\n- [ ]',
  'Tableau a | b sans ligne de séparation',
  '---\ntitre: x\nmail: a@b.fr\n---\n\n# Titre\n\nTexte.',
  'Lien [texte](https://exemple.fr) et <mailto:a@b.fr> et <https://x.fr>.',
  '`code a@b.fr` et ```\nwww.x.fr\n```',
];

describe('trimmed GFM parse', () => {
  it('leaves out only what a text cannot use', () => {
    expect(partsNeeded('Rien de spécial ici.')).toBe(0);
    expect(partsNeeded(EDGES.join('\n'))).toBe(ALL_PARTS);
  });

  it('gives remark-gfm’s tree on the fixtures, templates and example', () => {
    const files = [...mdFiles(join(root, 'test', 'fixtures')), ...mdFiles(join(root, 'templates')), ...mdFiles(join(root, 'examples')), ...mdFiles(join(root, 'docs'))];
    expect(files.length).toBeGreaterThan(80);
    for (const f of files) same(readFileSync(f, 'utf8'));
  });

  it('gives remark-gfm’s tree on generated reports', () => {
    for (const bts of ['cpi', 'sn', 'ciel', 'mm', 'electrotechnique']) same(generateReport({ pages: 6, seed: 3, bts }));
    same(generateReport({ pages: 4, seed: 5, eol: '\r\n' }));
  });

  it('gives remark-gfm’s tree at each extension’s edge', () => {
    for (const e of EDGES) {
      same(e);
      same(`Avant.\n\n${e}\n\nAprès.`);
    }
  });

  // The front matter is one YAML node: a sequence found only there (the tutor's e-mail address)
  // asks for no GFM part, and the body is parsed without it.
  const FRONT_MATTERS = [
    '---\nauteur: Léa\ntuteur: { mail: jean.dupont@exemple.fr }\n---\n\n# Titre\n\nTexte sans adresse.',
    '---\nmail: a@b.fr\nsite: www.x.fr | https://y.fr ~z [^1] [ ]\n---\nTexte.',
    '---\nmail: a@b.fr\n---\n\nÉcrire à c@d.fr.',
    '\uFEFF---\nmail: a@b.fr\n---\nTexte.',
    '---\r\nmail: a@b.fr\r\n---\r\n\r\nTexte.',
    '---  \nmail: a@b.fr\n---\t\nTexte.',
    '---\nmail: a@b.fr\n...\nc@d.fr\n---\nTexte.',
    '---\nmail: a@b.fr\n  ---\nc@d.fr',
    '---\nmail: a@b.fr\n---x\n---\nTexte.',
    '---\nmail: a@b.fr',
    '---\n---\nc@d.fr',
    'Texte.\n---\nmail: a@b.fr\n---\n',
  ];

  it('leaves out what only the front matter has, with remark-gfm’s tree', () => {
    const email = 1; // GFM_PARTS[0]
    const text = FRONT_MATTERS[0]!;
    expect(partsNeeded(text) & email).toBe(email);
    expect(text.slice(bodyStart(text)).startsWith('---\n\n# Titre')).toBe(true);
    expect(partsToParse(text)).toEqual({ parts: 0, whole: email, bodyStart: text.indexOf('---\n\n#') });
    expect(partsToParse(FRONT_MATTERS[2]!).parts & email).toBe(email);
    // No closed front matter: the whole text counts.
    for (const t of ['---\nmail: a@b.fr', '---\nmail: a@b.fr\n  ---\nc@d.fr', 'Texte.\n---\nmail: a@b.fr\n---\n']) expect(bodyStart(t)).toBe(0);
    for (const t of FRONT_MATTERS) same(t);
    for (const bts of ['cpi', 'sn']) {
      const report = generateReport({ pages: 4, seed: 9, bts });
      same(report.replace(/^---\n/, '---\ncontact: prenom.nom@lycee.fr\n'));
    }
  });

  it('gives remark-gfm’s tree on random front matters and bodies', () => {
    const piece = fc.constantFrom('a', ' ', '\n', '|', ':', '-', '---', '\n---\n', '~', '@', 'www.', '://', '[', ']', '^', 'x', '\r\n', '...', ' [ ] ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(piece, { maxLength: 20 }), (head, body) => same(`---\n${head.join('')}\n---\n${body.join('')}`)),
      { numRuns: 800, seed: 15 },
    );
  });

  it('gives remark-gfm’s tree on random mixes of the markers', () => {
    const piece = fc.constantFrom('a', 'b', ' ', '\n', '\t', '|', ':', '-', '~', '@', '.', 'www', 'http', '://', '[', ']', '^', 'x', '*', '_', '`', '>', '#', '1', '(', ')', '<', '!', '\r\n', ' [ ] ', '- ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => same(parts.join(''))),
      { numRuns: 1500, seed: 14 },
    );
  });
  // The table is tried only on the lines where one can start (parse.ts tableLines): head rows
  // with and without pipes, body rows without any, tables in quotes and lists, lazy lines, a
  // table interrupting a paragraph or following another, every kind of line ending.
  it('gives remark-gfm’s tree on tables wherever a line can start one', () => {
    const tables = [
      'a\n-:\nb\nc',
      'titre\n:--\n\nsuite',
      'a | b\n-|-\nsans barre\n\nfin',
      'Paragraphe qui précède\nen-tête\n|-|\ncorps',
      '> a\n> -:\n> b\nparesseuse',
      '- a\n  :-:\n  b\n- c | d\n  --|--',
      '| a |\n| - |\n| 1 |\n| b |\n| - |',
      '1. x\n   | a | b |\n   |---|---|\n   | 1 | 2 |',
      'ligne\r\n-:\r\nb\r\n',
      'ligne\r:-\rb\r',
      '```\na | b\n-|-\n```\nhors\n-:',
      '    a | b\n    -|-\n',
      'texte\n\n  | a |\n  |:-:|\n\n|x|\n',
      '<div>\na | b\n-|-\n</div>\n\na\n-:',
    ];
    for (const t of tables) same(t);
    const line = fc.constantFrom('a', 'a | b', '| a |', '-|-', '|-|', ':-', '-:', ':-:', '---', '> ', '> a | b', '- a', '  -:', '   ', '', '```', 'texte');
    const ending = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(fc.array(fc.tuple(line, ending), { maxLength: 12 }), (lines) => same(lines.map(([l, e]) => l + e).join(''))),
      { numRuns: 600, seed: 21 },
    );
  });
});
