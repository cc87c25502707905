// YAML syntax errors in the front matter are said in French, at the line and column where the
// parser found them — never in the parser's English.

import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { analyzeText, md } from './helpers';

const broken: [string, string[]][] = [
  ['a flow sequence not closed', ['bts: cpi', 'auteur: [Martin, Léa', 'titre: Support']],
  ['a flow map not closed', ['bts: cpi', 'auteur: { nom: Martin, prenom: Léa', 'titre: Support']],
  ['a duplicated key', ['bts: cpi', 'titre: A', 'titre: B']],
  ['a tab as indentation', ['bts: cpi', 'stage:', '\tdebut: 2026-01-05']],
  ['a line that is not "field: value"', ['bts: cpi', 'juste du texte', 'titre: A']],
  ['an unclosed double quote', ['bts: cpi', 'titre: "Conception', 'entreprise: X']],
  ['a bad escape in double quotes', ['bts: cpi', 'titre: "C:\\Users\\lea"']],
  ['a value starting with a reserved character', ['bts: cpi', 'titre: @support']],
  ['a wrong indentation', ['bts: cpi', 'tuteur:', '  nom: Durand', ' poste: BE']],
  ['a colon inside a value', ['bts: cpi', 'titre: Stage chez ACME: conception d’un carter']],
];

const ENGLISH = /\b(must|should|expected|collection|sequence|mapping|implicit|indented|flow|block|keys?|unexpected|token|scalar|alias|anchor|tag)\b/i;

describe('YAML errors in French', () => {
  it.each(broken)('%s', (_name, lines) => {
    const yaml = lines.join('\n');
    const parserErrors = parseDocument(yaml, { prettyErrors: false, uniqueKeys: true, strict: true }).errors;
    expect(parserErrors.length).toBeGreaterThan(0);
    const r = analyzeText(md('---', yaml, '---', '', '# Introduction', '', 'Texte.'));
    const found = r.findings.filter((f) => f.code === 'frontmatter' && f.data.field === 'yaml');
    expect(found.length).toBe(parserErrors.length);
    for (const [i, f] of found.entries()) {
      expect(f.message).toMatch(/^En-tête YAML invalide\. /);
      expect(f.message.replace(/« [^»]* »/g, '')).not.toMatch(ENGLISH);
      // Same place as the parser's: the front matter's first line is line 1 of the document.
      const [start] = parserErrors[i]!.pos;
      const before = yaml.slice(0, start);
      expect(f.range.start.line).toBe(1 + (before.match(/\n/g) ?? []).length);
      expect(f.range.start.character).toBe(start - (before.lastIndexOf('\n') + 1));
    }
  });

  it('a colon inside a value: the message says to quote the value', () => {
    const r = analyzeText(md('---', 'bts: cpi', 'titre: Stage chez ACME: conception', '---', '', '# Introduction'));
    const f = r.findings.find((x) => x.code === 'frontmatter' && x.data.field === 'yaml');
    expect(f?.message).toContain('si la valeur contient elle-même « : », mets-la entre guillemets');
  });

  it('an alias without its anchor is refused in French too', () => {
    const r = analyzeText(md('---', 'bts: cpi', 'titre: *rien', '---', '', '# Introduction'));
    const f = r.findings.find((x) => x.code === 'frontmatter' && x.data.field === 'yaml');
    expect(f?.message).toMatch(/^En-tête YAML invalide\. Un alias/);
  });

  it('the case a student met: « Flow sequence in block collection… » is now French', () => {
    const r = analyzeText(md('---', 'bts: cpi', 'auteur: [Martin,', 'Léa]', '---', '', '# Introduction'));
    const f = r.findings.find((x) => x.code === 'frontmatter' && x.data.field === 'yaml');
    expect(f?.message).toMatch(/^En-tête YAML invalide\. /);
    expect(f?.message).not.toMatch(/Flow|collection|indented/);
  });
});
