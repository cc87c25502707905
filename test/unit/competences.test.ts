// Editor helpers for the competence codes (MM): hover, completion, coverage on the activities heading.

import { describe, expect, it } from 'vitest';
import { competenceCompletions, competenceHover } from '../../server/src/core/model/competences';
import { offsetAt } from '../../server/src/core/text/text';
import { analyzeText, frontmatter, md } from './helpers';

const text = md(frontmatter('mm'), '', '# Activités réalisées', '', 'Compétences mobilisées : C16 et A4-T2, pas C99.', '', 'Saisie : A4-', 'C', '');
const { model } = analyzeText(text);
const at = (line: number, character: number) => offsetAt(model.lineStarts, { line, character }, text.length);

describe('competence hover', () => {
  it('gives the official title of a code', () => {
    const h = competenceHover(model, at(11, 25));
    expect(h!.markdown).toBe("**C16** — Gérer le suivi d'instruments de mesure");
    expect(h!.range).toEqual({ start: { line: 11, character: 25 }, end: { line: 11, character: 28 } });
    expect(competenceHover(model, at(11, 33))!.markdown).toMatch(/^\*\*A4-T2\*\* — Réaliser ou faire réaliser/);
  });

  it('says an unknown code is unknown, with the valid codes', () => {
    expect(competenceHover(model, at(11, 44))!.markdown).toMatch(/\*\*C99\*\* : code inconnu .* C01, C02/);
  });

  it('shows the coverage on the activities heading', () => {
    const h = competenceHover(model, at(9, 3));
    expect(h!.markdown).toContain('Compétences citées : 2 / 21');
    expect(h!.markdown).toContain('✓ **C16**');
    expect(h!.markdown).toContain('✗ **C01**');
    expect(h!.markdown).toContain('Codes inconnus : C99.');
  });

  it('stays silent elsewhere and for other BTS', () => {
    expect(competenceHover(model, at(11, 2))).toBeNull();
    const sn = analyzeText(md(frontmatter('sn'), '', '# Activités réalisées', '', 'C16')).model;
    expect(competenceHover(sn, offsetAt(sn.lineStarts, { line: 11, character: 1 }, sn.text.length))).toBeNull();
  });
});

describe('competence completion', () => {
  it('completes "A4-" with the A4 tasks and their titles, replacing the prefix', () => {
    const items = competenceCompletions(model, 13, 'Saisie : A4-'.length);
    expect(items.map((i) => i.code)).toEqual(['A4-T1', 'A4-T2', 'A4-T3', 'A4-T4', 'A4-T5', 'A4-T6']);
    expect(items[0]!.title).toMatch(/^S'approprier le principe de fonctionnement/);
    expect(items[0]!.range).toEqual({ start: { line: 13, character: 9 }, end: { line: 13, character: 12 } });
  });

  it('completes "C" with the competences', () => {
    expect(competenceCompletions(model, 14, 1).map((i) => i.code)).toEqual(['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C10', 'C14', 'C16']);
  });

  it('offers nothing inside an ordinary word', () => {
    expect(competenceCompletions(model, 11, 3)).toEqual([]);
  });
});
