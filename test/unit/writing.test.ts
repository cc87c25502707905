// The writing rules other than journal-style: quick fixes applied and re-analysed, the
// deadline's date arithmetic, the competence table and coverage, annex counting.

import { describe, expect, it } from 'vitest';
import { competenceCoverage, competenceTable, coverageMarkdown } from '../../server/src/core/model/competences';
import { frenchDate, isoDate, submissionDeadline, todayFrom, utcDate } from '../../server/src/core/model/deadline';
import { applyEdits } from '../../server/src/core/text/text';
import type { Finding } from '../../server/src/core/types';
import { annexNumber } from '../../server/src/rules/annex-reference';
import { analyzeText, frontmatter, md, registry } from './helpers';

const only = (code: string, text: string, settings = {}) => analyzeText(text, settings).findings.filter((f) => f.code === code);

/** Applies the finding's first fix; checks the original text survives as a subsequence of lines. */
function applyFix(text: string, f: Finding): string {
  expect(f.fixes?.length).toBeGreaterThan(0);
  const fixed = applyEdits(text, f.fixes![0]!.edits);
  // Pure insertions: removing the inserted text gives back the original.
  for (const e of f.fixes![0]!.edits) expect(e.range.start).toEqual(e.range.end);
  expect(fixed.length).toBeGreaterThan(text.length);
  return fixed;
}

describe('car-incomplete', () => {
  const mission = "J'ai repris la mise en plan du carter avec un tolérancement géométrique complet.";
  const text = md(frontmatter('cpi'), '', '# Missions réalisées', '', '## Mission 1 : cotation du carter', '', mission, '', '## Mission 2 : gabarit', '', '**Contexte.** Perçages mal placés.', '', '**Action.** J\'ai conçu un gabarit.', '', '**Résultat.** Plus aucun rebut.', '');

  it('reports the missing parts on the mission heading', () => {
    const [f, ...rest] = only('car-incomplete', text);
    expect(rest).toEqual([]);
    expect(f!.range.start.line).toBe(11);
    expect(f!.data).toEqual({ missing: ['contexte', 'resultat'] });
    expect(f!.message).toMatch(/le Contexte et le Résultat/);
  });

  it('quick fix puts the Contexte under the heading, before the action text, and the Résultat after it', () => {
    const [f] = only('car-incomplete', text);
    const fixed = applyFix(text, f!);
    expect(fixed).toContain(`## Mission 1 : cotation du carter\n\n**Contexte.** …\n\n${mission}\n\n**Résultat.** …\n\n## Mission 2 : gabarit`);
    expect(fixed.replace('\n\n**Contexte.** …', '').replace('\n\n**Résultat.** …', '')).toBe(text);
    // The placeholders are not the parts: the mission still lacks them until they are written.
    expect(only('car-incomplete', fixed).map((x) => x.data)).toEqual([{ missing: ['contexte', 'resultat'] }]);
    const written = fixed.replace('**Contexte.** …', '**Contexte.** Le carter était mal coté.').replace('**Résultat.** …', '**Résultat.** Plus aucune reprise.');
    expect(only('car-incomplete', written)).toEqual([]);
  });

  it('quick fix uses subheadings when the mission already does', () => {
    const t = md(frontmatter('cpi'), '', '# Missions réalisées', '', '## Mission 1', '', '### Contexte', '', 'Pas de modèle.', '', '### Action', '', "J'ai créé un modèle.", '');
    const [f] = only('car-incomplete', t);
    expect(f!.data).toEqual({ missing: ['resultat'] });
    const fixed = applyFix(t, f!);
    expect(fixed.endsWith("J'ai créé un modèle.\n\n### Résultat\n\n…\n")).toBe(true);
    expect(only('car-incomplete', fixed).map((x) => x.data)).toEqual([{ missing: ['resultat'] }]);
    expect(only('car-incomplete', fixed.replace('### Résultat\n\n…', '### Résultat\n\nUn modèle partagé.'))).toEqual([]);
  });

  it('missions titled like a part ("Conception du…", "Étude d\'un…") are still missions', () => {
    const t = md(frontmatter('cpi'), '', '# Missions réalisées', '', '## Conception du support moteur', '', mission, '', "## Étude d'un gabarit", '', mission, '');
    expect(only('car-incomplete', t).map((f) => f.range.start.line)).toEqual([11, 15]);
  });

  it('"Mise en œuvre" (ligature) names the Action part like "Mise en oeuvre"', () => {
    for (const action of ['Mise en œuvre', 'Mise en oeuvre', 'MISE EN ŒUVRE']) {
      const t = md(frontmatter('cpi'), '', '# Missions réalisées', '', '## Mission 1 : gabarit', '', '### Contexte', '', 'Perçages mal placés.', '', `### ${action}`, '', 'Un gabarit.', '', '### Résultat', '', 'Plus aucun rebut.', '');
      expect(only('car-incomplete', t), action).toEqual([]);
    }
  });

  it('is CPI only', () => {
    const t = md(frontmatter('sn'), '', '# Activités réalisées', '', '## Activité 1', '', mission, '');
    expect(only('car-incomplete', t)).toEqual([]);
  });
});

describe('activity-incomplete', () => {
  const act = "J'ai installé Veeam sur le serveur de l'agence et planifié une sauvegarde nocturne.";
  const text = md(frontmatter('sn'), '', '# Activités réalisées', '', '## Activité 1 : sauvegardes', '', act, '', '# Conclusion', '', 'Fin.', '');

  it('quick fix appends the four labelled parts, the text intact; they count once written', () => {
    const [f] = only('activity-incomplete', text);
    expect(f!.data).toEqual({ missing: ['objectifs', 'resultats', 'contraintes', 'commentaires'] });
    const fixed = applyFix(text, f!);
    expect(fixed).toContain(
      `${act}\n\n**Objectifs assignés.** …\n\n**Résultats obtenus.** …\n\n**Contraintes prises en compte.** …\n\n**Commentaires personnels.** …\n\n# Conclusion`,
    );
    expect(only('activity-incomplete', fixed).map((x) => x.data)).toEqual([f!.data]);
    let written = fixed;
    for (const [i, label] of ['Objectifs assignés', 'Résultats obtenus', 'Contraintes prises en compte', 'Commentaires personnels'].entries()) {
      written = written.replace(`**${label}.** …`, `**${label}.** Point ${i + 1} rédigé.`);
    }
    expect(only('activity-incomplete', written)).toEqual([]);
  });

  it('reduces the finding to what is still missing', () => {
    const t = md(frontmatter('mm'), '', '# Activités réalisées', '', "L'objectif était d'étalonner douze manomètres. Il fallait respecter une contrainte : la ligne ne pouvait pas s'arrêter plus de deux heures.", '');
    const [f] = only('activity-incomplete', t);
    expect(f!.data).toEqual({ missing: ['resultats', 'commentaires'] });
    const fixed = applyFix(t, f!);
    expect(only('activity-incomplete', fixed).map((x) => x.data)).toEqual([{ missing: ['resultats', 'commentaires'] }]);
    const written = fixed.replace('**Résultats obtenus.** …', '**Résultats obtenus.** Douze manomètres étalonnés.').replace('**Commentaires personnels.** …', '**Commentaires personnels.** Une bonne leçon de rigueur.');
    expect(only('activity-incomplete', written)).toEqual([]);
  });

  it('MM: more than two activities is reported with count and max', () => {
    const acts = [1, 2, 3].flatMap((i) => [`## Activité ${i}`, '', `**Objectifs.** a. **Résultats.** b. **Contraintes.** c. **Commentaires personnels.** d.`, '']);
    const t = md(frontmatter('mm'), '', '# Activités réalisées', '', ...acts);
    const found = only('activity-incomplete', t);
    expect(found.map((f) => f.data)).toEqual([{ missing: [], count: 3, max: 2 }]);
    expect(only('activity-incomplete', md(frontmatter('sn'), '', '# Activités réalisées', '', ...acts))).toEqual([]);
  });
});

describe('deadline', () => {
  const d = (s: string) => {
    const [y, m, day] = s.split('-').map(Number);
    return utcDate(y!, m!, day!);
  };
  const deadline = (debut: string, fin: string) => isoDate(submissionDeadline(d(debut), d(fin)));

  it.each([
    ['stage ending on a Friday', '2026-01-05', '2026-02-27', '2026-02-20'],
    ['stage ending on a Monday', '2026-01-05', '2026-03-02', '2026-02-27'],
    ['stage ending on a Sunday', '2026-01-05', '2026-03-01', '2026-02-20'],
    ['stage ending on a Wednesday', '2026-01-07', '2026-02-25', '2026-02-20'],
    ['two-week stage', '2026-02-16', '2026-02-27', '2026-02-20'],
    ['one-week stage (Monday to Friday)', '2026-03-02', '2026-03-06', '2026-03-06'],
    ['one-week stage ending on Wednesday', '2026-03-02', '2026-03-04', '2026-03-04'],
    ['stage starting on a Saturday, ending the next Wednesday', '2026-02-28', '2026-03-04', '2026-03-04'],
    ['stage starting on a Friday, ending the next Friday', '2026-02-27', '2026-03-06', '2026-02-27'],
    ['stage across the new year', '2025-11-24', '2026-01-09', '2026-01-02'],
  ])('%s: %s → %s gives %s', (_name, debut, fin, expected) => {
    expect(deadline(debut, fin)).toBe(expected);
    const dl = d(expected);
    expect(dl.getTime()).toBeGreaterThanOrEqual(d(debut).getTime());
    expect(dl.getTime()).toBeLessThanOrEqual(d(fin).getTime());
  });

  it('writes the date in French', () => {
    expect(frenchDate(d('2026-02-20'))).toBe('vendredi 20 février 2026');
    expect(frenchDate(d('2026-05-01'))).toBe('vendredi 1er mai 2026');
  });

  it('uses the pinned date, else the real one', () => {
    expect(isoDate(todayFrom('2026-02-16'))).toBe('2026-02-16');
    expect(isoDate(todayFrom(undefined, new Date(2026, 6, 14, 23, 30)))).toBe('2026-07-14');
    expect(isoDate(todayFrom('2026-02-31', new Date(2026, 0, 2)))).toBe('2026-01-02');
  });

  const report = md(frontmatter('electrotechnique', ['unite: U52']), '', '# Présentation de l\'entreprise', '', 'Lumelec.', '');
  it.each([
    ['2026-02-12', null],
    ['2026-02-13', 'info'],
    ['2026-02-20', 'info'],
    ['2026-02-21', 'warning'],
    ['2026-06-30', 'warning'],
  ])('today %s → %s', (today, severity) => {
    const found = only('deadline', report, { today });
    expect(found.map((f) => f.severity)).toEqual(severity ? [severity] : []);
    if (severity) {
      expect(found[0]!.data).toEqual({ date: '2026-02-20' });
      expect(found[0]!.message).toContain('vendredi 20 février 2026');
    }
  });

  it('needs valid stage dates and the Électrotechnique profile', () => {
    expect(only('deadline', report.replace('fin: 2026-02-27', 'fin: bientôt'), { today: '2026-02-21' })).toEqual([]);
    expect(only('deadline', report.replace('bts: electrotechnique', 'bts: sn'), { today: '2026-02-21' })).toEqual([]);
  });
});

describe('competences (MM)', () => {
  it('the table holds the codes of the MM référentiel with their official titles', () => {
    const table = competenceTable(registry.resolve('mm')!);
    expect(table.map((c) => c.code)).toEqual([
      'C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C10', 'C14', 'C16',
      'A4-T1', 'A4-T2', 'A4-T3', 'A4-T4', 'A4-T5', 'A4-T6',
      'A5-T1', 'A5-T2', 'A5-T3', 'A5-T4', 'A5-T5', 'A5-T6',
    ]);
    expect(table.find((c) => c.code === 'C16')!.title).toBe("Gérer le suivi d'instruments de mesure");
    expect(table.find((c) => c.code === 'A4-T2')!.title).toBe("Réaliser ou faire réaliser les nécessaires opérations d'étalonnage / vérification et de surveillance");
    expect(competenceTable(registry.resolve('sn')!)).toEqual([]);
  });

  it('coverage: which listed competences the report cites, and where', () => {
    const text = md(frontmatter('mm'), '', '# Activités réalisées', '', 'Compétences : C06, C16 et A4-T2.', '', 'Encore C06, puis C99 et `C01` (code).', '');
    const { model } = analyzeText(text);
    const cov = competenceCoverage(model)!;
    expect(cov.total).toBe(21);
    expect(cov.cited).toBe(3);
    expect(cov.competences.filter((c) => c.cited).map((c) => [c.code, c.lines])).toEqual([
      ['C06', [11, 13]],
      ['C16', [11]],
      ['A4-T2', [11]],
    ]);
    expect(cov.unknown).toEqual(['C99']);
    expect(coverageMarkdown(cov)).toContain('Compétences citées : 3 / 21');
    expect(competenceCoverage(analyzeText(md(frontmatter('sn'), '', '# Activités', '', 'C06')).model)).toBeNull();
  });
});

describe('annex-reference', () => {
  it.each([
    ['4', 4],
    ['IV', 4],
    ['ix', 9],
    ['XII', 12],
    ['B', undefined],
  ])('annex number %s → %s', (token, n) => {
    expect(annexNumber(token)).toBe(n);
  });
});
