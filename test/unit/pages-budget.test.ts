// The page-budget and section-budget rules for each BTS.

import { describe, expect, it } from 'vitest';
import { summarizePages } from '../../server/src/core/model/summary';
import type { AnalysisSettings } from '../../server/src/core/types';
import { analyzeText, frontmatter, md } from './helpers';

/** `n` level-1 chapters: each starts a new page (page model default). */
const chapters = (n: number, title = 'Chapitre') =>
  Array.from({ length: n }, (_, i) => md(`# ${title} ${i + 1}`, '', 'Texte du chapitre.', '')).join('\n');

/** A figure `cm` high: one per page when tall enough. */
const figures = (n: number, cm = 20) => Array.from({ length: n }, (_, i) => md(`![](f${i}.png){height=${cm}cm}`, '')).join('\n');

const SKELETON: Record<string, string[]> = {
  cpi: ['Remerciements', 'Sommaire', 'Introduction', "Présentation de l'entreprise", 'Missions réalisées', 'Analyse des compétences mobilisées', 'Conclusion', 'Annexes'],
  sn: ["Présentation de l'entreprise", 'Activités réalisées', 'Conclusion', 'Documents en anglais'],
  ciel: ["Présentation de l'entreprise", 'Activités réalisées', 'Conclusion', 'Documents en anglais'],
  mm: ["Présentation de l'entreprise", 'Analyse du cadre juridique', 'Activités réalisées', 'Conclusion', 'Résumé en anglais', 'Démarche QSSE', 'Annexes'],
  electrotechnique: ["Présentation de l'entreprise", 'Travail réalisé', 'Documents en anglais'],
};

/**
 * A report of the BTS with every section of its plan, each with a short paragraph, `extra`
 * chapters before the last body section, and `content[title]` replacing a section's paragraph.
 */
function report(bts: string, extra = 0, content: Record<string, string> = {}, fm: string[] = []): string {
  const parts = [frontmatter(bts, bts === 'electrotechnique' ? ['unite: U52', ...fm] : fm), ''];
  SKELETON[bts]!.forEach((title, i) => {
    if (i === 2) parts.push(chapters(extra));
    parts.push(`# ${title}`, '', content[title] ?? 'Un paragraphe de texte rédigé.', '');
  });
  return md(...parts);
}

const findings = (text: string, code: string, settings: AnalysisSettings = {}) => analyzeText(text, settings).findings.filter((f) => f.code === code);

describe('page-budget', () => {
  const cases: [string, number, 'warning' | 'error'][] = [
    ['cpi', 40, 'warning'],
    ['sn', 30, 'warning'],
    ['ciel', 30, 'warning'],
    ['mm', 50, 'error'],
  ];
  for (const [bts, limit, severity] of cases) {
    it(`${bts}: ${severity} above ${limit} pages hors annexes, nothing at or below`, () => {
      const sections = SKELETON[bts]!.filter((t) => !/anglais|Annexes/.test(t)).length;
      // cover + body sections + extra chapters, one page each.
      const over = report(bts, limit - sections);
      const [f] = findings(over, 'page-budget');
      expect(f, 'finding').toBeDefined();
      expect(f!.severity).toBe(severity);
      const body = summarizePages(analyzeText(over).model).body!;
      expect(body).toBeGreaterThan(limit);
      expect(f!.data).toEqual({ pages: body, limit });
      expect(f!.message).toMatch(new RegExp(`≈ \\d+,\\d p\\. hors annexes pour ${limit} p\\. au plus`));
      expect(f!.range.start.line).toBe(0);
      expect(f!.related!.length).toBeGreaterThan(0);
      const under = report(bts, limit - sections - 2);
      expect(findings(under, 'page-budget')).toEqual([]);
    });
  }

  it('does not count the annexes nor the English documents', () => {
    const body30 = report('cpi', 28);
    const withAnnexes = body30 + '\n' + chapters(20, 'Annexe');
    const s = summarizePages(analyzeText(withAnnexes).model);
    expect(s.document! - s.body!).toBeGreaterThan(19);
    expect(findings(withAnnexes, 'page-budget')).toEqual([]);
    const sn = report('sn', 24) + '\n' + figures(30);
    expect(summarizePages(analyzeText(sn).model).body).toBeLessThan(30);
    expect(findings(sn, 'page-budget')).toEqual([]);
  });

  it('électrotechnique: warning above 22 (about 20), nothing at 21', () => {
    const [f] = findings(report('electrotechnique', 21), 'page-budget');
    expect(f!.severity).toBe('warning');
    expect(f!.message).toMatch(/pour environ 20 \(22 p\. au plus\)/);
    expect(f!.data).toMatchObject({ limit: 20 });
    expect(findings(report('electrotechnique', 18), 'page-budget')).toEqual([]);
  });

  it('électrotechnique: info below 15 once every mandatory section is written', () => {
    const [f] = findings(report('electrotechnique', 3), 'page-budget');
    expect(f!.severity).toBe('info');
    expect(f!.message).toMatch(/Rapport court : ≈ \d,\d p\. hors annexes pour environ 20 attendues/);
    const unfinished = md(frontmatter('electrotechnique', ['unite: U52']), '', "# Présentation de l'entreprise", '', 'Texte.');
    expect(findings(unfinished, 'page-budget')).toEqual([]);
  });

  it('honours the severity setting', () => {
    const over = report('sn', 30);
    expect(findings(over, 'page-budget', { rules: { 'page-budget': 'error' } })[0]!.severity).toBe('error');
    expect(findings(over, 'page-budget', { rules: { 'page-budget': 'ignore' } })).toEqual([]);
  });

  it('follows the page model', () => {
    const text = report('sn', 0, { 'Activités réalisées': Array(60).fill('Un paragraphe assez long pour tenir deux lignes à la taille choisie, avec des mots.').join('\n\n') });
    expect(findings(text, 'page-budget')).toEqual([]);
    expect(findings(text, 'page-budget', { pageModel: { fontSizePt: 40, lineSpacing: 3 } })).toHaveLength(1);
  });
});

describe('section-budget', () => {
  it('cpi: an introduction over 2 pages is a warning with the estimate and the budget', () => {
    const text = report('cpi', 0, { Introduction: figures(3) });
    const [f] = findings(text, 'section-budget');
    expect(f!.severity).toBe('warning');
    expect(f!.data).toMatchObject({ section: 'introduction', min: 1, max: 2 });
    expect(f!.data.pages as number).toBeGreaterThan(2);
    expect(f!.message).toMatch(/^Section « Introduction » : ≈ \d,\d p\. pour 1 à 2 p\. attendues/);
    const line = text.split('\n').indexOf('# Introduction');
    expect(f!.range.start.line).toBe(line);
  });

  it('cpi: the corps (entreprise + missions + compétences) over 25 pages', () => {
    const f = findings(report('cpi', 0, { 'Missions réalisées': figures(26) }), 'section-budget').find((x) => x.data.section === 'corps');
    expect(f!.data).toMatchObject({ section: 'corps', min: 15, max: 25 });
    expect(f!.message).toMatch(/^Corps du rapport : ≈ 2\d,\d p\. pour 15 à 25 p\. attendues\. .* Sections comptées : Présentation de l'entreprise, Missions réalisées, Analyse des compétences mobilisées\.$/);
  });

  it('does not call a section too short while the report is being drafted', () => {
    expect(findings(report('cpi'), 'section-budget')).toEqual([]);
  });

  // Drafted: a long body, with a sommaire short enough for one page (each chapter is a sommaire entry).
  const drafted = () => report('cpi', 12, { 'Missions réalisées': figures(10) });

  it('calls a written section too short (info) once the report is drafted', () => {
    const text = drafted();
    const found = findings(text, 'section-budget');
    const intro = found.find((f) => f.data.section === 'introduction');
    expect(intro!.severity).toBe('info');
    expect(intro!.message).toMatch(/pour 1 à 2 p\. attendues\. Développe cette partie/);
    expect(found.map((f) => f.data.section).sort()).toEqual(['conclusion', 'corps', 'introduction']);
  });

  it('counts the pages a group occupies: short thanks and sommaire, each on its page, make 2 pages', () => {
    const text = drafted();
    expect(findings(text, 'section-budget').some((f) => f.data.section === 'remerciements-sommaire')).toBe(false);
    // Without page breaks the two short sections share a fraction of a page: too short.
    const flowing = report('cpi', 0, { 'Missions réalisées': figures(22) });
    const f = findings(flowing, 'section-budget', { pageModel: { level1NewPage: false } }).find((x) => x.data.section === 'remerciements-sommaire');
    expect(f!.severity).toBe('info');
    expect(f!.data.pages as number).toBeLessThan(1);
  });

  it('never calls an empty section too short (section-empty does)', () => {
    const text = report('cpi', 22).replace('# Introduction\n\nUn paragraphe de texte rédigé.', '# Introduction\n\n<!-- Contexte, problématique, plan. -->');
    const r = analyzeText(text);
    expect(r.findings.filter((f) => f.code === 'section-budget' && f.data.section === 'introduction')).toEqual([]);
    expect(r.findings.some((f) => f.code === 'section-empty' && f.data.section === 'introduction')).toBe(true);
  });

  it('mm: cadre juridique 2–4 pages, QSSE at most 4, résumé en anglais 0,3–0,7 (warning both ways)', () => {
    const text = report('mm', 0, { 'Analyse du cadre juridique': figures(5), 'Démarche QSSE': figures(5), 'Résumé en anglais': figures(1, 20) });
    const by = Object.fromEntries(findings(text, 'section-budget').map((f) => [f.data.section, f]));
    expect(by['cadre-juridique']!.data).toMatchObject({ min: 2, max: 4 });
    expect(by['qsse']!.data).toMatchObject({ min: null, max: 4 });
    expect(by['resume-anglais']!.severity).toBe('warning');
    expect(by['resume-anglais']!.message).toMatch(/pour 0,3 à 0,7 p\. attendues/);
    const short = findings(report('mm', 25), 'section-budget').find((f) => f.data.section === 'resume-anglais');
    expect(short!.severity).toBe('warning');
  });

  it('sn: conclusion at most 2 pages, entreprise 2–5', () => {
    const text = report('sn', 0, { Conclusion: figures(3), "Présentation de l'entreprise": figures(6) });
    expect(findings(text, 'section-budget').map((f) => f.data.section).sort()).toEqual(['conclusion', 'entreprise']);
  });

  it('does not budget the annexes nor the English documents', () => {
    const text = report('sn', 0, { 'Documents en anglais': figures(8) });
    expect(findings(text, 'section-budget')).toEqual([]);
  });
});
