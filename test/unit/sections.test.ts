// Section recognition and the section rules, driven by the complete fixture of each BTS:
// every mandatory section removed in turn is reported, and its quick fix restores it.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../server/src/core/text/text';
import { parseFixture } from './fixtureFormat';
import { analyzeText, md, registry, repoRoot } from './helpers';

// Every BTS that has a complete fixture (test/fixtures/sections/<id>-complete.md), each a profile of the registry.
const BTS = readdirSync(join(repoRoot, 'test/fixtures/sections'))
  .map((f) => /^(.+)-complete\.md$/.exec(f)?.[1])
  .filter((id): id is string => id !== undefined)
  .sort();
// The recognition findings (missing, order, duplicate, empty…); page budgets are the pages tests'
// and the fixtures' (a complete fixture's short sections carry their section-budget marks).
const sectionCodes = (codes: string[]) => codes.filter((c) => c.startsWith('section-') && c !== 'section-budget');

function complete(bts: string): string {
  return parseFixture(readFileSync(join(repoRoot, 'test/fixtures/sections', `${bts}-complete.md`), 'utf8')).text;
}

/** The text without one recognised section (heading, body and subsections), and the ids removed with it. */
function without(text: string, id: string): { text: string; nested: string[] } {
  const { model } = analyzeText(text);
  const r = model.recognized.find((x) => x.id === id)!;
  const { startOffset } = r.section.heading;
  const nested = model.recognized
    .filter((x) => x.id !== id && x.section.heading.startOffset > startOffset && x.section.heading.startOffset < r.section.endOffset)
    .map((x) => x.id);
  return { text: text.slice(0, startOffset) + text.slice(r.section.endOffset), nested };
}

it('the complete fixtures name BTS of the registry', () => {
  expect(BTS.length).toBeGreaterThan(0);
  for (const id of BTS) expect(registry.ids(), id).toContain(id);
});

describe.each(BTS)('%s', (bts) => {
  const text = complete(bts);
  const profile = registry.profiles.get(bts)!;
  const mandatory = profile.sections.filter((s) => s.missing && !s.fromFrontmatter);

  it('complete report: every section recognised, no section finding', () => {
    const { model, findings } = analyzeText(text);
    expect(model.profile?.id).toBe(bts);
    expect(sectionCodes(findings.map((f) => f.code))).toEqual([]);
    for (const s of mandatory) expect(model.recognized.map((r) => r.id)).toContain(s.id);
  });

  describe.each(mandatory.map((s) => [s.id, s] as const))('without %s', (id, spec) => {
    const { text: broken, nested } = without(text, id);
    const ofThis = (f: { data: Record<string, unknown> }) => !nested.includes(f.data.section as string);

    it(`reports section-missing ${id} with the profile's severity, on line 0`, () => {
      const found = analyzeText(broken).findings.filter((f) => f.code.startsWith('section-') && ofThis(f));
      expect(found.map((f) => [f.code, f.data.section, f.severity])).toEqual([['section-missing', id, spec.missing]]);
      expect(found[0]!.range.start).toEqual({ line: 0, character: 0 });
      expect(found[0]!.message).toContain(spec.title);
    });

    it('quick fix inserts the section where it is expected and the finding goes away', () => {
      const finding = analyzeText(broken).findings.find((f) => f.code === 'section-missing')!;
      const fix = finding.fixes![0]!;
      const fixed = applyEdits(broken, fix.edits);
      const after = analyzeText(fixed);
      expect(after.model.recognized.map((r) => r.id)).toContain(id);
      const codes = sectionCodes(after.findings.filter(ofThis).map((f) => f.code));
      // The inserted section is in order; only its emptiness may be reported (its skeleton is guidance).
      expect(codes.filter((c) => c !== 'section-empty')).toEqual([]);
      // The student's text is untouched: removing the inserted text gives the document back.
      expect(fixed.replace(fix.edits[0]!.newText, '')).toBe(broken);
      // Order: the recognised ids follow the profile's order.
      const order = profile.sections.map((s) => s.id);
      const ids = after.model.recognized.map((r) => order.indexOf(r.id));
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    });
  });
});

describe('heading recognition', () => {
  const fm = md('---', 'bts: cpi', '---', '');
  const ids = (body: string) => analyzeText(fm + body).model.recognized.map((r) => r.id);

  it.each([
    ['# 1. Introduction', 'introduction'],
    ['# 1.2 Introduction', 'introduction'],
    ['# I - Introduction', 'introduction'],
    ['# II. Introduction', 'introduction'],
    ['# IV) Introduction', 'introduction'],
    ['# A) Introduction', 'introduction'],
    ['# Partie 2 : Introduction', 'introduction'],
    ['# Chapitre 3 – Introduction', 'introduction'],
    ['# INTRODUCTION', 'introduction'],
    ['# introduction générale', 'introduction'],
    ['Introduction\n============', 'introduction'],
    ['Introduction\n------------', 'introduction'],
    ["# Présentation de l'entreprise", 'entreprise'],
    ["# L'entreprise d'accueil", 'entreprise'],
    ["# Présentation de la structure d'accueil", 'entreprise'],
    ['# La société', 'entreprise'],
    ["# Présentation de l'établissement", 'entreprise'],
    ["# PRÉSENTATION DE L’ENTREPRISE MÉCAPRÉCIS", 'entreprise'],
    ['# Conclusion et bilan de compétences', 'conclusion'],
    ['# Analyse des compétences mobilisées', 'competences'],
    ['# Table des matières', 'sommaire'],
    ['# Mes missions', 'missions'],
  ])('%s → %s', (heading, id) => {
    expect(ids(heading + '\n\nTexte.\n')).toEqual([id]);
  });

  it('ignores headings that name nothing', () => {
    expect(ids('# Le projet Delta\n\n## Bilan financier du client\n')).toEqual([]);
  });

  it('a subsection "Conclusion" inside a mission is not the report conclusion', () => {
    const body = md('# Missions', '## Mission 1', '### Conclusion', 'Fin de mission.', '# Conclusion', 'Fin.');
    const r = analyzeText(fm + body);
    expect(r.model.recognized.map((x) => [x.id, x.section.heading.range.start.line])).toEqual([
      ['missions', 3],
      ['conclusion', 7],
    ]);
    expect(r.findings.filter((f) => f.code === 'section-duplicate')).toEqual([]);
  });

  it('level-1 front parts with level-2 body parts are all recognised', () => {
    const body = md('# Remerciements', 'Merci.', '## Introduction', 'Texte.', "## Présentation de l'entreprise MécaPrécis", 'Texte.');
    expect(ids(body)).toEqual(['remerciements', 'introduction', 'entreprise']);
  });

  it('organisation may be a subsection of entreprise (Électrotechnique)', () => {
    const doc = md('---', 'bts: electrotechnique', '---', "# L'entreprise", 'Texte.', "## Organisation de l'entreprise ÉlecPro", 'Texte.', '# Travail réalisé', 'Texte.');
    expect(analyzeText(doc).model.recognized.map((r) => r.id)).toEqual(['entreprise', 'organisation', 'travail-realise']);
  });

  it('duplicate points at the first occurrence', () => {
    const doc = fm + md('# Introduction', 'A.', '# Introduction', 'B.');
    const dup = analyzeText(doc).findings.find((f) => f.code === 'section-duplicate')!;
    expect(dup.range.start.line).toBe(5);
    expect(dup.related?.[0]?.range.start.line).toBe(3);
    expect(dup.data).toEqual({ section: 'introduction' });
  });

  it('a generated table of contents counts as the sommaire', () => {
    for (const marker of ['[[_TOC_]]', '[TOC]', '${toc}', '<!-- toc -->']) {
      const r = analyzeText(fm + md('# Introduction', marker, 'Texte.'));
      expect(r.findings.filter((f) => f.data.section === 'sommaire'), marker).toEqual([]);
    }
  });

  it('a TOC marker inside a code block is an example, not a sommaire', () => {
    for (const fence of ['```', '~~~']) {
      const doc = fm + md('# Introduction', '', 'Pour générer le sommaire, écris :', '', fence, '[TOC]', fence, '', 'Texte.');
      const r = analyzeText(doc);
      expect(r.findings.filter((f) => f.code === 'section-missing' && f.data.section === 'sommaire'), fence).toHaveLength(1);
    }
    const indented = fm + md('# Introduction', '', 'Texte.', '', '    [TOC]', '', 'Texte.');
    expect(analyzeText(indented).findings.filter((f) => f.code === 'section-missing' && f.data.section === 'sommaire')).toHaveLength(1);
  });

  it('quick fix keeps CRLF line endings', () => {
    const doc = ['---', 'bts: sn', '---', '', '# Présentation de l\'entreprise', '', 'Texte.', '', '# Activités', '', 'Texte.', ''].join('\r\n');
    const f = analyzeText(doc).findings.find((x) => x.data.section === 'conclusion')!;
    const fixed = applyEdits(doc, f.fixes![0]!.edits);
    expect(fixed.replace(/\r\n/g, '')).not.toContain('\n');
    expect(analyzeText(fixed).model.recognized.map((r) => r.id)).toContain('conclusion');
  });
});

describe('which documents are reports', () => {
  it('a README gets nothing, even with report-like headings', () => {
    const r = analyzeText(md('# Introduction', 'Texte.', '# Conclusion', 'Le lundi, j\'ai fait…'));
    expect(r.model.profile).toBeNull();
    expect(r.findings).toEqual([]);
  });

  it('the rapport.bts setting turns any Markdown file into a report', () => {
    const r = analyzeText(md('# Introduction', 'Texte.'), { bts: 'sn' });
    expect(r.model.profile?.id).toBe('sn');
    expect(r.model.btsSource).toBe('setting');
  });

  it('the front matter wins over the setting', () => {
    expect(analyzeText(md('---', 'bts: mm', '---', '# X'), { bts: 'sn' }).model.profile?.id).toBe('mm');
  });

  it.each([
    ['conception des produits industriels', 'cpi'],
    ['Systèmes Numériques', 'sn'],
    ['MÉTIERS DE LA MESURE', 'mm'],
    ['Cybersécurité, Informatique et réseaux, Électronique', 'ciel'],
    ['Électrotechnique', 'electrotechnique'],
    ['elec', 'electrotechnique'],
  ])('alias %s → %s', (alias, id) => {
    expect(analyzeText(md('---', `bts: "${alias}"`, '---', '# X')).model.profile?.id).toBe(id);
  });

  it('an unknown BTS is one error listing the accepted values, with a fix when close', () => {
    const r = analyzeText(md('---', 'bts: cip', '---', '# X'));
    expect(r.findings.map((f) => [f.code, f.severity, f.range.start.line])).toEqual([['frontmatter', 'error', 1]]);
    expect(r.findings[0]!.message).toContain(registry.ids().join(', '));
    expect(r.findings[0]!.fixes?.map((f) => f.title)).toContain('Remplacer par « bts: cpi »');
  });
});

describe('inline disabling', () => {
  it('rapport-disable CODE … rapport-enable silences that code only in between', () => {
    const doc = md('---', 'bts: cpi', '---', '<!-- rapport-disable section-empty -->', '# Introduction', '<!-- rapport-enable -->', '# Conclusion', '');
    const empties = analyzeText(doc).findings.filter((f) => f.code === 'section-empty');
    expect(empties.map((f) => f.data.section)).toEqual(['conclusion']);
  });

  it('rapport-disable without a code silences everything until the end', () => {
    const doc = md('---', 'bts: cpi', '---', '# Introduction', '<!-- rapport-disable -->', '# Conclusion', '# Introduction');
    const codes = analyzeText(doc).findings.filter((f) => f.range.start.line >= 4).map((f) => f.code);
    expect(codes).toEqual([]);
  });
});

describe('severity settings', () => {
  const doc = md('---', 'bts: cpi', '---', '# Introduction', 'Texte.');
  it('rapport.rules.<code> overrides the severity', () => {
    const r = analyzeText(doc, { rules: { 'section-missing': 'info' } });
    const missing = r.findings.filter((f) => f.code === 'section-missing');
    expect(missing.length).toBeGreaterThan(0);
    expect(new Set(missing.map((f) => f.severity))).toEqual(new Set(['info']));
  });
  it('ignore drops the code', () => {
    const r = analyzeText(doc, { rules: { 'section-missing': 'ignore' } });
    expect(r.findings.filter((f) => f.code === 'section-missing')).toEqual([]);
  });
});

describe('inserting every missing section at once', () => {
  it.each(['cpi', 'sn', 'mm', 'electrotechnique'])('%s: a report with only a title gets every section, in order', (bts) => {
    const doc = md('---', `bts: ${bts}`, 'unite: U52', '---', '', '# Mon rapport', '', 'Texte.', '');
    const finding = analyzeText(doc).findings.find((f) => f.code === 'section-missing')!;
    const all = finding.fixes!.find((f) => f.title.startsWith('Insérer les'))!;
    const fixed = applyEdits(doc, all.edits);
    const after = analyzeText(fixed);
    expect(after.findings.filter((f) => f.code === 'section-missing' && f.data.section !== 'couverture')).toEqual([]);
    expect(after.findings.filter((f) => f.code === 'section-order')).toEqual([]);
    const order = registry.profiles.get(bts)!.sections.map((s) => s.id);
    expect(after.model.recognized.map((r) => r.id)).toEqual(order.filter((id) => after.model.recognized.some((r) => r.id === id)));
  });

  it('two sections missing at the same place keep the profile order', () => {
    const doc = md('---', 'bts: sn', '---', "# Présentation de l'entreprise", 'Texte.', '# Activités', 'Texte.', '');
    const finding = analyzeText(doc).findings.find((f) => f.code === 'section-missing')!;
    const fixed = applyEdits(doc, finding.fixes!.find((f) => f.title.startsWith('Insérer les'))!.edits);
    expect(analyzeText(fixed).model.recognized.map((r) => r.id)).toEqual(['entreprise', 'activites', 'conclusion', 'documents-anglais']);
  });
});

describe('a section written in bold instead of as a heading', () => {
  it('is said at its line, and the preferred fix makes it a heading: the section then counts', () => {
    const text = md('---', 'bts: cpi', '---', '', '**1. INTRODUCTION**', '', "Le contexte du stage et la problématique.", '', '# Présentation de l\'entreprise', '', 'Texte.', '', '# Missions réalisées', '', 'Texte.', '', '**5. CONCLUSION**  ', '', 'Le bilan.', '', 'Un paragraphe avec **du gras** au milieu reste un paragraphe.', '');
    const r = analyzeText(text);
    const missing = r.findings.filter((f) => f.code === 'section-missing' && ['introduction', 'conclusion'].includes(String(f.data?.section)));
    expect(missing.map((f) => [f.data?.section, f.range.start.line])).toEqual([
      ['introduction', 4],
      ['conclusion', 16],
    ]);
    expect(missing[0]!.message).toBe('Section obligatoire absente : Introduction. « 1. INTRODUCTION » est écrit en gras, pas comme un titre : fais-en un titre (« # 1. INTRODUCTION ») pour que la section compte.');
    const fixed = applyEdits(text, missing.flatMap((f) => f.fixes!.find((x) => x.preferred)!.edits));
    expect(fixed).toContain('\n# 1. INTRODUCTION\n');
    expect(fixed).toContain('\n# 5. CONCLUSION\n');
    const after = analyzeText(fixed);
    expect(after.findings.filter((f) => f.code === 'section-missing' && ['introduction', 'conclusion'].includes(String(f.data?.section)))).toEqual([]);
    // A bold phrase inside a paragraph names no section.
    expect(analyzeText(md('---', 'bts: cpi', '---', '', 'Voir la **conclusion** plus bas.', '')).findings.filter((f) => f.code === 'section-missing' && f.data?.section === 'conclusion')[0]!.range.start.line).toBe(0);
  });
});
