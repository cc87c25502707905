// Section recognition on reports as students write them: headings that say more than a
// section's name (and the guard on generic words), Word-converted Markdown, missions or
// activities as top-level headings, and annexes. The realistic reports of
// test/fixtures/realistic run the same rules end to end.

import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bestMatch, isUnitHeading } from '../../server/src/core/model/recognize';
import { planOf } from '../../server/src/core/model/plan';
import { summarizePages } from '../../server/src/core/model/summary';
import type { Profile, ReportModel } from '../../server/src/core/types';
import { breakdownText } from '../../server/src/lsp/features/codeLens';
import { cleanHeadingText } from '../../server/src/core/text/pandoc';
import { applyEdits } from '../../server/src/core/text/text';
import { listMarkdown, parseFixture } from './fixtureFormat';
import { analyzeText, frontmatter, md, registry, repoRoot } from './helpers';

const specsOf = (bts: string) => registry.profiles.get(bts)!.sections.filter((s) => !s.fromFrontmatter);
const idOf = (bts: string, heading: string) => bestMatch(heading, specsOf(bts))?.id;
const codes = (text: string) => analyzeText(text).findings.map((f) => f.code);

describe('a heading that says more than a section name', () => {
  it.each([
    ['cpi', 'Conclusion et perspectives', 'conclusion'],
    ['sn', 'Bilan du stage et conclusion', 'conclusion'],
    ['sn', 'Synthèse et conclusion', 'conclusion'],
    ['cpi', 'Introduction et problématique', 'introduction'],
    ['cpi', 'Présentation générale de la société', 'entreprise'],
    ['mm', 'I. Présentation générale de la société', 'entreprise'],
    ['cpi', "Présentation générale de l'entreprise Packmatic", 'entreprise'],
    ['sn', "Présentation du service d'accueil", 'entreprise'],
    ['electrotechnique', "Organisation de l'entreprise", 'organisation'],
    // A host that is no company, as students name it (a teacher's review).
    ['sn', '1. Présentation de la mairie de Villeneuve et de son service informatique', 'entreprise'],
    ['ciel', 'Présentation de la collectivité', 'entreprise'],
    ['cpi', "Présentation de l'association", 'entreprise'],
    ['mm', "Présentation de l'hôpital de Rennes", 'entreprise'],
    ['electrotechnique', "Présentation de l'organisme d'accueil", 'entreprise'],
    // The work in the first person, or on the site.
    ['electrotechnique', "1. Le travail que j'ai réalisé pendant ces six semaines", 'travail-realise'],
    ['electrotechnique', "Les travaux que j'ai réalisés", 'travail-realise'],
    ['electrotechnique', 'Travaux effectués sur le chantier', 'travail-realise'],
    ['electrotechnique', 'Mon travail sur le chantier', 'travail-realise'],
    ['mm', "Résumé de l'activité 1 en anglais", 'resume-anglais'],
  ])('%s: « %s » is %s', (bts, heading, id) => {
    expect(idOf(bts, heading)).toBe(id);
  });

  it.each([
    ['cpi', 'Bilan thermique du local'],
    ['electrotechnique', 'Organisation du chantier'],
    ['electrotechnique', 'Organisation du chantier de remplacement des pompes'],
    ['cpi', 'Conclusion de la mission'],
    ['sn', "Analyse des risques de l'entreprise"],
    ['cpi', 'Introduction au calcul de structure'],
    ['electrotechnique', 'Le travail en équipe'],
    ['sn', "Ce que j'ai appris"],
    // A project named after its client is no presentation of the host.
    ['ciel', 'Hôpital de jour : refonte du réseau'],
    ['cpi', "L'hôpital, client principal"],
    ['sn', 'Mairie de Villeneuve : migration des postes'],
  ])('%s: the generic word in « %s » names something else', (bts, heading) => {
    expect(idOf(bts, heading)).toBeUndefined();
  });

  it('a single generic word stays a section on its own, or with a complement of its own section', () => {
    expect(idOf('electrotechnique', 'Organisation')).toBe('organisation');
    expect(idOf('electrotechnique', 'Organisation de la société')).toBe('organisation');
    expect(idOf('cpi', 'Conclusion du stage')).toBe('conclusion');
  });

  it('a heading naming two nested sections satisfies both (Électrotechnique: organisation inside entreprise)', () => {
    const m = bestMatch('Présentation et organisation de la société', specsOf('electrotechnique'));
    expect(m).toMatchObject({ id: 'entreprise', also: ['organisation'] });
    const text = md(frontmatter('electrotechnique', ['unite: U52']), '', '# Présentation et organisation de la société', '', 'Elec\'Ouest, 35 salariés, trois services.', '', '# Travail réalisé', '', 'Texte.', '');
    const r = analyzeText(text, { today: '2025-12-01' });
    expect(r.model.recognized.map((x) => x.id)).toEqual(['entreprise', 'organisation', 'travail-realise']);
    expect(r.findings.filter((f) => f.code === 'section-missing').map((f) => f.data?.section)).toEqual(['documents-anglais']);
    expect(r.findings.filter((f) => f.code === 'section-order' || f.code === 'section-duplicate')).toEqual([]);
  });

  it('two sections the profile does not nest are not both claimed by one heading', () => {
    expect(bestMatch('Introduction et conclusion', specsOf('cpi'))).not.toHaveProperty('also');
  });

  it('"Organisation du chantier" in the work done leaves the company organisation missing', () => {
    const text = md(frontmatter('electrotechnique', ['unite: U52']), '', '# Présentation de l\'entreprise', '', 'Texte.', '', '# Travail réalisé', '', '## Organisation du chantier', '', 'Trois zones.', '');
    const missing = analyzeText(text, { today: '2025-12-01' }).findings.filter((f) => f.code === 'section-missing').map((f) => f.data?.section);
    expect(missing).toContain('organisation');
  });
});

describe('Markdown converted from Word', () => {
  it.each([
    ['[]{#_Toc48214 .anchor}Introduction {#introduction .unnumbered}', 'Introduction'],
    ['Présentation de l\'entreprise {#présentation-de-lentreprise}', "Présentation de l'entreprise"],
    ['Activité 1\u00a0: module de réservation {#a1 .unnumbered}', 'Activité 1 : module de réservation'],
    ['Document 1 (technique)\\ : datasheet {-}', 'Document 1 (technique) : datasheet'],
    ['Conclusion [générale]{.mark}', 'Conclusion générale'],
    ['Résultats {x}', 'Résultats {x}'],
    ['Clean heading', 'Clean heading'],
  ])('clean title of « %s »', (raw, clean) => {
    expect(cleanHeadingText(raw)).toBe(clean);
  });

  const clean = md(
    frontmatter('sn'),
    '',
    "# Présentation de l'entreprise",
    '',
    "Logisoft est une ESN de 25 personnes ; l'équipe « produits » maintient trois logiciels.",
    '',
    '# Activités réalisées',
    '',
    '## Activité 1 : module de réservation',
    '',
    "**Objectifs assignés.** Développer l'écran de réservation.",
    '',
    '**Résultats obtenus.** Le module est en recette.',
    '',
    '**Contraintes prises en compte.** Délai de quatre semaines.',
    '',
    "**Commentaires personnels.** J'ai appris à écrire des tests.",
    '',
    '# Conclusion',
    '',
    "Ce stage m'a donné envie de poursuivre.",
    '',
    '# Documents en anglais',
    '',
    '## Document 1 (technique) : React documentation',
    '',
    '## Document 2 (presse) : "Accessible websites"',
    '',
    '## Document 3 (web) : "Test-driven development"',
    '',
  );
  // The same report as pandoc writes it from a .docx.
  const word = clean
    .replace("# Présentation de l'entreprise", "# []{#_Toc167021 .anchor}Présentation de l\\'entreprise {#présentation-de-lentreprise .unnumbered}")
    .replace('# Activités réalisées', '# []{#_Toc167022 .anchor}Activités réalisées {#activités-réalisées .unnumbered}')
    .replace('## Activité 1 : module', '## []{#_Toc167023 .anchor}Activité 1\u00a0: module')
    .replace('réservation\n\n**Obj', 'réservation {#activite-1 .unnumbered}\n\n**Obj')
    .replace('# Conclusion', '# []{#_Toc167025 .anchor}Conclusion {#conclusion .unnumbered}')
    .replace('# Documents en anglais', '# Documents en anglais {#documents-en-anglais .unnumbered}')
    .replace(/## Document (\d) \(([a-z]+)\) :/g, '## Document $1 ($2)\\ :')
    .replace("l'écran", "l\\'écran")
    .replace('« produits »', '«\u00a0produits\u00a0»');

  it('is recognised exactly like clean Markdown: same sections, same findings', () => {
    const a = analyzeText(clean);
    const b = analyzeText(word);
    expect(b.model.recognized.map((r) => r.id)).toEqual(a.model.recognized.map((r) => r.id));
    expect(b.findings.map((f) => `${f.range.start.line}:${f.code}`)).toEqual(a.findings.map((f) => `${f.range.start.line}:${f.code}`));
    expect(a.findings.filter((f) => f.code.startsWith('section-'))).toEqual([]);
  });

  it('shows the clean titles in the JSON summary (and so in the Plan and the CodeLens)', () => {
    const a = summarizePages(analyzeText(clean).model);
    const b = summarizePages(analyzeText(word).model);
    expect(b.sections.map((s) => s.title)).toEqual(a.sections.map((s) => s.title));
    expect(b.sections.map((s) => s.title)).toContain("Présentation de l'entreprise");
  });
});

describe('missions or activities as top-level headings', () => {
  it.each([
    ['II. Activité n°1 : supervision', true],
    ['Mission 2 – Gabarit de contrôle', true],
    ['III. Activité 2', true],
    ['Activités réalisées', false],
    ['Missionnement des équipes', false],
  ])('« %s » is a numbered unit: %s', (heading, unit) => {
    expect(isUnitHeading(heading)).toBe(unit);
  });

  const mm = md(
    frontmatter('mm'),
    '',
    "# Présentation de l'entreprise",
    '',
    'Laboratoire de 22 personnes.',
    '',
    '# Cadre juridique',
    '',
    'La norme NF EN ISO/IEC 17025 impose la traçabilité.',
    '',
    '# II. Activité n°1 : étalonnage des bagues',
    '',
    '**Objectifs assignés.** Étalonner 40 bagues.',
    '',
    '**Résultats obtenus.** 38 conformes.',
    '',
    '# III. Activité n°2 : procédure des comparateurs',
    '',
    '**Objectifs assignés.** Réviser la procédure.',
    '',
    '**Résultats obtenus.** Durée réduite de 25 %.',
    '',
    '**Contraintes prises en compte.** Audit en octobre.',
    '',
    "**Commentaires personnels.** J'ai proposé une évolution.",
    '',
    '# IV. Activité n°3 : suivi des instruments',
    '',
    '**Objectifs assignés.** Mettre à jour la base.',
    '',
    '# Conclusion',
    '',
    'Texte.',
    '',
  );

  it('together they are the activities section: no section-duplicate, no section-missing', () => {
    const r = analyzeText(mm);
    expect(r.model.recognized.filter((x) => x.id === 'activites')).toHaveLength(1);
    expect(r.findings.filter((f) => f.code === 'section-duplicate')).toEqual([]);
    expect(r.findings.filter((f) => f.code === 'section-missing').map((f) => f.data?.section)).not.toContain('activites');
  });

  it('each is still checked for its parts, and the count rule sees them all', () => {
    const act = analyzeText(mm).findings.filter((f) => f.code === 'activity-incomplete');
    const lines = mm.split('\n');
    const count = act.find((f) => f.data?.count !== undefined);
    expect(count?.data).toMatchObject({ count: 3, max: 2 });
    const incomplete = act.filter((f) => f.data?.count === undefined).map((f) => lines[f.range.start.line]);
    expect(incomplete).toEqual(['# II. Activité n°1 : étalonnage des bagues', '# IV. Activité n°3 : suivi des instruments']);
  });

  it('CPI missions as top-level headings are checked for Contexte / Action / Résultat', () => {
    const text = md(
      frontmatter('cpi'),
      '',
      '# Introduction',
      '',
      'Texte.',
      '',
      '# II. Mission 1 – Gabarit',
      '',
      '**Contexte.** Retours client. **Action.** J\'ai conçu un gabarit. **Résultat.** Retours à 0,3 %.',
      '',
      '# III. Mission 2 – Bac',
      '',
      '**Contexte.** Outils en vrac.',
      '',
    );
    const r = analyzeText(text);
    expect(r.model.recognized.filter((x) => x.id === 'missions')).toHaveLength(1);
    const car = r.findings.filter((f) => f.code === 'car-incomplete');
    expect(car.map((f) => f.data?.missing)).toEqual([['action', 'resultat']]);
    expect(codes(text)).not.toContain('section-duplicate');
  });

  it('units written right after an empty units heading of the same level belong to it', () => {
    const text = md(frontmatter('sn'), '', '# Activités réalisées', '', '# Activité 1 : VLAN', '', '**Objectifs assignés.** Séparer les réseaux.', '', '# Activité 2 : supervision', '', '**Objectifs assignés.** Superviser.', '', '# Conclusion', '', 'Texte.', '');
    const r = analyzeText(text);
    expect(r.model.recognized.filter((x) => x.id === 'activites')).toHaveLength(1);
    expect(r.findings.filter((f) => f.code === 'section-empty' || f.code === 'section-duplicate')).toEqual([]);
    expect(r.findings.filter((f) => f.code === 'activity-incomplete')).toHaveLength(2);
  });

  it('numbered activities under an "Activités" heading stay its subsections', () => {
    const text = md(frontmatter('sn'), '', '# Activités réalisées', '', '## Activité 1 : VLAN', '', 'Texte.', '', '## Activité 2 : supervision', '', 'Texte.', '');
    const rec = analyzeText(text).model.recognized.filter((x) => x.id === 'activites');
    expect(rec).toHaveLength(1);
    expect(rec[0]!.section.heading.text).toBe('Activités réalisées');
    expect(rec[0]!.section.children).toHaveLength(2);
  });
});

describe('annexes', () => {
  it('English documents filed under "Annexes" are the English documents and count as annexes', () => {
    const text = md(
      frontmatter('ciel'),
      '',
      '# Présentation de l\'entreprise',
      '',
      'Texte ; le rapport Lynis est en annexe 4.',
      '',
      '# Activités réalisées',
      '',
      'Texte.',
      '',
      '# Conclusion',
      '',
      'Texte.',
      '',
      '# Annexes',
      '',
      '## Annexe 1 – Document technique en anglais : ANSSI guide',
      '',
      '## Annexe 2 – Article de presse en anglais : "Phishing"',
      '',
      '## Annexe 3 – Article web en anglais : "SSH keys"',
      '',
      '## Annexe 4 – Rapport Lynis',
      '',
    );
    const r = analyzeText(text);
    expect(r.model.recognized.map((x) => x.id)).toContain('documents-anglais');
    expect(r.findings.filter((f) => f.code === 'section-missing' || f.code === 'annex-reference')).toEqual([]);
    expect(r.findings.filter((f) => f.code === 'english-docs')).toEqual([]);
    expect(codes(text.replace('annexe 4', 'annexe 5'))).toContain('annex-reference');
  });

  it('a numbered annex titled as the English documents is that section, however it is numbered or punctuated', () => {
    for (const heading of ['# Annexe 1 : Documents en anglais', '# Annexe 1 – Documents en anglais', '# Annexe 1 - Documents en anglais', '# ANNEXE 3 - DOCUMENTS EN ANGLAIS', '# Annexe 1. Documents en anglais']) {
      const text = md(frontmatter('sn'), '', "# Présentation de l'entreprise", '', 'Texte.', '', '# Activités réalisées', '', 'Texte.', '', '# Conclusion', '', 'Texte.', '',
        heading, '', '## Document 1 : guide technique', '', 'Text.', '', '## Document 2 : article', '', 'Text.', '', '# Annexe 2 : Plans', '', 'Un plan.', '');
      const r = analyzeText(text);
      expect(r.model.recognized.map((x) => x.id), heading).toContain('documents-anglais');
      expect(r.findings.filter((f) => f.code === 'section-missing'), heading).toEqual([]);
      // Its two documents are counted, and the plans annex after it is not one of them.
      expect(r.findings.filter((f) => f.code === 'english-docs').map((f) => f.message.split('.')[0]), heading).toEqual(['2 documents en anglais au lieu de 3']);
    }
  });

  it('a table-of-contents line with a page number is not a reference to that annex', () => {
    const base = md(frontmatter('cpi'), '', '# Sommaire', '', 'Introduction ........ 3', 'Annexes ........ 16', 'Annexe 2 – Plans 18', '', '# Missions réalisées', '', '[Annexes 16](#annexes)', '', 'Voir annexe 7.', '', '# Annexes', '', '## Annexe 1 : plan', '', '## Annexe 2 : fiche', '');
    const refs = analyzeText(base).findings.filter((f) => f.code === 'annex-reference');
    expect(refs.map((f) => f.data?.annex)).toEqual([7]);
  });

  it('an "Annexes" heading whose content is only annex sub-headings is not empty; one with nothing is', () => {
    const listed = md(frontmatter('cpi'), '', '# Annexes', '', '## Annexe 1 : plan', '', '## Annexe 2 : photos', '');
    expect(analyzeText(listed).findings.filter((f) => f.code === 'section-empty' && f.data?.section === 'annexes')).toEqual([]);
    const empty = md(frontmatter('cpi'), '', '# Annexes', '', '# Conclusion', '', 'Texte.', '');
    expect(analyzeText(empty).findings.filter((f) => f.code === 'section-empty' && f.data?.section === 'annexes')).toHaveLength(1);
  });
});

describe('recognition is unchanged on clean reports', () => {
  it.each(['cpi', 'sn', 'mm'])('%s: "Conclusion" under a mission is not the conclusion when the report has its own', (bts) => {
    const text = md(frontmatter(bts), '', '# Missions réalisées', '', '## Mission 1 : bride', '', 'Texte.', '', '### Conclusion', '', 'Texte.', '', '# Conclusion', '', 'Texte.', '');
    const r = analyzeText(text).model.recognized.filter((x) => x.id === 'conclusion');
    expect(r.map((x) => x.section.heading.depth)).toEqual([1]);
  });

  it('numbered annexes as sub-headings do not pull the main level down', () => {
    const annexes = Array.from({ length: 7 }, (_, i) => md(`## Annexe ${i + 1} : document ${i + 1}`, '', 'Texte.', '')).join('\n');
    const text = md(frontmatter('cpi'), '', '# Introduction', '', 'Texte.', '', "# Présentation de l'entreprise", '', 'Texte.', '', '# Missions réalisées', '', '## Mission 1 : bride', '', 'Texte.', '', '# Conclusion', '', 'Texte.', '', '# Annexes', '', annexes);
    const r = analyzeText(text);
    expect(r.model.recognized.map((x) => x.id)).toEqual(['introduction', 'entreprise', 'missions', 'conclusion', 'annexes']);
    expect(r.findings.filter((f) => f.code === 'section-duplicate')).toEqual([]);
  });
});

describe('quick fixes after recognition', () => {
  const orderFlags = (text: string) => analyzeText(text).findings.filter((f) => f.code === 'section-order').length;
  const fixesOf = (text: string) =>
    analyzeText(text)
      .findings.filter((f) => f.code === 'section-missing')
      .flatMap((f) => (f.fixes ?? []).map((fix) => ({ finding: f, fix })));

  it('a section written under another name gets no missing finding, so no empty section is inserted above it', () => {
    const text = md(frontmatter('cpi'), '', '# Introduction', '', 'Texte.', '', '# Missions réalisées', '', 'Texte.', '', '# Bilan du stage et conclusion', '', 'Texte.', '', '# Annexes', '', 'Annexe 1 : plan.', '');
    const missing = analyzeText(text).findings.filter((f) => f.code === 'section-missing').map((f) => f.data?.section);
    expect(missing).not.toContain('conclusion');
  });

  it('a missing body section goes before the annexes even when a section is out of place after them', () => {
    const text = md(
      frontmatter('cpi'),
      '',
      '# Introduction',
      '',
      'Texte.',
      '',
      "# Présentation de l'entreprise",
      '',
      'Texte.',
      '',
      '# Missions réalisées',
      '',
      'Texte.',
      '',
      '# Annexes',
      '',
      'Annexe 1 : plan.',
      '',
      '# Analyse des compétences mobilisées',
      '',
      'Texte.',
      '',
    );
    const fix = fixesOf(text).find((x) => x.finding.data?.section === 'conclusion' && x.fix.preferred)!;
    const fixed = applyEdits(text, fix.fix.edits);
    expect(fixed.indexOf('# Conclusion')).toBeLessThan(fixed.indexOf('# Annexes'));
    expect(orderFlags(fixed)).toBeLessThanOrEqual(orderFlags(text));
  });

  // Every report of the suite: each insertion (one section, or all at once) recognises the
  // section, keeps the student's text, and never adds a section-order finding.
  const reports = listMarkdown(join(repoRoot, 'test', 'fixtures'))
    .map((f) => ({ name: relative(join(repoRoot, 'test', 'fixtures'), f), text: parseFixture(readFileSync(f, 'utf8')).text }))
    .filter((r) => analyzeText(r.text).model.profile);
  it.each(reports.map((r) => [r.name, r.text] as const))('%s: insertions never make the order worse', (_name, text) => {
    const before = orderFlags(text);
    for (const { finding, fix } of fixesOf(text)) {
      const fixed = applyEdits(text, fix.edits);
      expect(orderFlags(fixed), fix.title).toBeLessThanOrEqual(before);
      const after = analyzeText(fixed).findings.filter((f) => f.code === 'section-missing').map((f) => f.data?.section);
      expect(after, fix.title).not.toContain(finding.data?.section);
      let rest = fixed;
      for (const e of fix.edits) rest = rest.replace(e.newText, '');
      expect(rest, fix.title).toBe(text);
    }
  });
});

describe('headings the profile does not list ("hors plan")', () => {
  const text = parseFixture(readFileSync(join(repoRoot, 'test/fixtures/realistic/sn-unlisted-headings.md'), 'utf8')).text;
  const model = analyzeText(text).model as ReportModel & { profile: Profile };

  it('appear in the plan with their pages, in document order, and in the JSON summary', () => {
    const plan = planOf(model);
    expect(plan.extras.map((x) => x.heading)).toEqual(['Page de couverture', 'Résumé', 'Sommaire', 'Introduction', 'Bibliographie', 'Sitographie']);
    for (const x of plan.extras) expect(x.pages).toBeGreaterThan(0);
    expect(summarizePages(model).extras.map((x) => x.title)).toEqual(plan.extras.map((x) => x.heading));
    expect(breakdownText(plan)).toContain('Bibliographie : ≈ ');
    expect(breakdownText(plan)).toContain('hors plan');
  });

  it('so that the figures shown add up to the document', () => {
    const plan = planOf(model);
    const shown = plan.sections.filter((s) => s.present && s.occupied !== null).reduce((a, s) => a + s.occupied!, 0) + plan.extras.reduce((a, x) => a + x.occupied, 0);
    expect(Math.abs(shown - plan.document)).toBeLessThanOrEqual(0.2);
  });

  it('never take part in the order check', () => {
    expect(analyzeText(text).findings.filter((f) => f.code.startsWith('section-'))).toEqual([]);
    const moved = text.replace('# Bibliographie', '# Glossaire\n\nVLAN : réseau virtuel.\n\n# Bibliographie');
    expect(analyzeText(moved).findings.filter((f) => f.code === 'section-order')).toEqual([]);
  });

  it('an "Annexes" heading the SN profile does not list is shown outside the body count', () => {
    const withAnnexes = md(frontmatter('sn'), '', "# Présentation de l'entreprise", '', 'Texte.', '', '# Annexes', '', '## Annexe 1 : schéma réseau', '', 'Schéma.', '');
    const plan = planOf(analyzeText(withAnnexes).model as ReportModel & { profile: Profile });
    expect(plan.extras.map((x) => [x.heading, x.outsideBody])).toEqual([
      ['Page de couverture', false],
      ['Annexes', true],
    ]);
  });
});
