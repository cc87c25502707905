// "A new BTS is one YAML file": the shipped profiles copied into a temporary folder, plus a sixth
// BTS whose section ids are its own (roles, budgets, front matter fields). With no code change,
// the analysis, the built CLI (RAPPORT_BTS_PROFILES), the new-report wizard's list and the
// manifest check all handle it.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { btsChoicesFromProfiles, templateFromProfile } from '../../client/src/reportTemplate';
import { analyze } from '../../server/src/core/analyze';
import { rules } from '../../server/src/rules';
import { sanitizeSettings } from '../../server/src/core/model/settings';
import { planOf } from '../../server/src/core/model/plan';
import type { AnalysisResult } from '../../server/src/core/types';
import { loadProfilesFrom } from '../../server/src/profiles/load';
import { btsEnumProblems, syncBtsEnum } from '../../server/src/profiles/manifest';
import { md, repoRoot } from './helpers';

const SIXTH = `# A BTS that does not exist: every section id is its own, the rules find them by role.
id: mss
name: BTS Maintenance des Systèmes Solaires
aliases: [mss, maintenance des systemes solaires, bts mss]
epreuve: E5
pages: { limit: 25, severity: warning }
frontmatter:
  - { field: auteur.nom, label: "nom de l'auteur (auteur.nom)", severity: warning }
  - { field: parcours, label: "parcours (parcours)", severity: warning, values: [Photovoltaïque, Thermique] }
sections:
  - { id: merci, title: Gratitude, role: thanks, missing: warning, synonyms: [gratitude, merci] }
  - { id: table, title: Table, role: table-of-contents, missing: warning, skeleton: "[[_TOC_]]" }
  - id: structure
    title: La structure d'accueil
    role: company
    missing: error
    synonyms: [structure accueil, la structure d accueil]
  - id: chantiers
    title: Chantiers réalisés
    role: activities
    missing: error
    synonyms: [chantiers, chantiers realises]
  - { id: bilan, title: Bilan du stage, missing: error, synonyms: [bilan, bilan du stage], pages: { min: 1, max: 2 } }
  - { id: docs-en, title: Technical documents, role: english-documents, missing: error, outsideBody: true, synonyms: [technical documents] }
  - { id: pieces, title: Pièces jointes, role: annexes, outsideBody: true, synonyms: [pieces jointes] }
groups:
  - { id: ouverture, title: Ouverture, sections: [merci, table], min: 0.5, max: 2 }
options:
  thanksNameTutor: true
  englishDocuments: 2
  maxActivities: 1
`;

const profilesSrc = join(repoRoot, 'server', 'src', 'profiles');
const dir = mkdtempSync(join(tmpdir(), 'rapport-profils-'));
for (const f of readdirSync(profilesSrc).filter((f) => f.endsWith('.yaml'))) copyFileSync(join(profilesSrc, f), join(dir, f));
writeFileSync(join(dir, 'mss.yaml'), SIXTH);
const registry = loadProfilesFrom(dir);

const REPORT = md(
  '---',
  'bts: BTS MSS',
  'auteur: { nom: Martin }',
  'parcours: Éolien',
  'tuteur: { nom: Durand, poste: Chef de chantier }',
  '---',
  '',
  '# Gratitude',
  '',
  'Je remercie toute l’équipe pour son accueil.',
  '',
  '[[_TOC_]]',
  '',
  "# La structure d'accueil",
  '',
  'Une entreprise de pose de panneaux solaires de douze salariés, installée près de Nantes (voir annexe 3).',
  '',
  '# Chantiers réalisés',
  '',
  '## Chantier 1 : toiture de la mairie',
  '',
  'Pose de vingt panneaux sur la toiture de la mairie avec le chef de chantier.',
  '',
  '## Chantier 2 : hangar agricole',
  '',
  "Raccordement de l'onduleur d'un hangar agricole et essais de production.",
  '',
  '# Technical documents',
  '',
  '## Document 1: inverter datasheet',
  '',
  'The inverter converts direct current into alternating current for the grid.',
  '',
  '# Pièces jointes',
  '',
  '## Annexe 1 : planning',
  '',
  "Le lundi, j'ai posé des panneaux. Le mardi, j'ai posé des panneaux. Le mercredi, j'ai rangé le dépôt. Ensuite j'ai nettoyé le camion, puis j'ai fini.",
  '',
);

const run = (text: string): AnalysisResult => analyze(text, { today: '2026-01-15' }, registry, rules);
const found = (r: AnalysisResult, code: string) => r.findings.filter((f) => f.code === code);

describe('a sixth BTS added as one YAML file, with section ids of its own', () => {
  it('is a valid profile next to the shipped ones, resolved by its aliases', () => {
    expect(registry.ids()).toEqual(['ciel', 'cpi', 'electrotechnique', 'mm', 'mss', 'sn']);
    expect(registry.resolve('Maintenance des Systèmes Solaires')?.id).toBe('mss');
  });

  it('the analysis reads its sections by role: thanks, table of contents, activities, English documents, annexes', () => {
    const r = run(REPORT);
    expect(r.model.profile?.id).toBe('mss');
    // Missing section with its own id, inserted by the quick fix with its own title.
    expect(found(r, 'section-missing').map((f) => f.data.section)).toEqual(['bilan']);
    expect(found(r, 'section-missing')[0]!.fixes?.[0]?.edits[0]?.newText).toContain('# Bilan du stage');
    // Front matter fields of its own: a value outside the list.
    expect(found(r, 'frontmatter').map((f) => [f.data.field, f.message])).toEqual([
      ['parcours', 'Valeur inconnue pour « parcours » : « Éolien ». Valeurs acceptées : Photovoltaïque, Thermique.'],
    ]);
    // role thanks (`merci`): the tutor named in the front matter is missing from the thanks.
    expect(found(r, 'remerciements-tuteur').map((f) => f.range.start.line)).toEqual([7]);
    // role table-of-contents (`table`): the generated marker counts as the section.
    expect(r.model.recognized.some((x) => x.id === 'table')).toBe(false);
    expect(found(r, 'section-order').concat(found(r, 'section-missing')).some((f) => f.data.section === 'table')).toBe(false);
    // role activities (`chantiers`), maxActivities 1: two chantiers are one too many.
    expect(found(r, 'activity-incomplete').some((f) => f.data.count === 2 && f.data.max === 1)).toBe(true);
    // role english-documents (`docs-en`), englishDocuments 2: one document is missing.
    expect(found(r, 'english-docs').map((f) => f.data.count)).toEqual([1]);
    // role annexes (`pieces`): one annex, "annexe 3" does not exist; its diary is not judged.
    expect(found(r, 'annex-reference').map((f) => f.range.start.line)).toEqual([15]);
    expect(found(r, 'journal-style')).toEqual([]);
  });

  it('its budgets and groups make the plan; its annexes and English documents are outside the body', () => {
    const plan = planOf(run(REPORT).model as Parameters<typeof planOf>[0]);
    expect(plan.limit).toBe(25);
    expect(plan.sections.map((s) => s.id)).toEqual(['merci', 'table', 'structure', 'chantiers', 'bilan', 'docs-en', 'pieces']);
    expect(plan.sections.find((s) => s.id === 'table')).toMatchObject({ present: true, hasContent: true });
    expect(plan.sections.find((s) => s.id === 'bilan')).toMatchObject({ min: 1, max: 2, present: false });
    expect(plan.sections.filter((s) => s.outsideBody).map((s) => s.id)).toEqual(['docs-en', 'pieces']);
    expect(plan.groups.map((g) => [g.id, g.sections])).toEqual([['ouverture', ['merci', 'table']]]);
  });

  it('the settings message lists it', () => {
    expect(sanitizeSettings({ bts: 3 }, registry.ids()).problems[0]).toContain('mss');
  });

  it('the built CLI checks a report of it with RAPPORT_BTS_PROFILES, JSON and --bts included', () => {
    const file = join(dir, 'rapport.md');
    writeFileSync(file, REPORT);
    const env = { ...process.env, RAPPORT_BTS_PROFILES: dir };
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], { encoding: 'utf8', env });
    const r = cli('check', file, '--format', 'json');
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.files[0].bts).toBe('mss');
    expect(out.files[0].pages.limit).toBe(25);
    const codes = out.files[0].diagnostics.map((d: { code: string }) => d.code);
    for (const code of ['section-missing', 'frontmatter', 'remerciements-tuteur', 'english-docs', 'annex-reference']) expect(codes).toContain(code);
    expect(r.status).toBe(1); // section-missing « bilan » is an error
    // The usage lists it, --bts accepts it for a file without a bts field.
    expect(cli('check', '--help').stdout).toContain('mss');
    const plain = join(dir, 'sans-bts.md');
    writeFileSync(plain, REPORT.replace('bts: BTS MSS\n', ''));
    expect(JSON.parse(cli('check', plain, '--bts', 'mss', '--format', 'json').stdout).files[0].bts).toBe('mss');
    // Without the variable, the bundled profiles do not know it.
    const bundled = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'check', plain, '--bts', 'mss'], {
      encoding: 'utf8',
      env: { ...process.env, RAPPORT_BTS_PROFILES: '' },
    });
    expect(bundled.status).toBe(2);
    expect(bundled.stderr).toContain('BTS inconnu « mss »');
  });

  it('a broken profile in that folder stops the CLI with the file and the key', () => {
    const broken = mkdtempSync(join(tmpdir(), 'rapport-profils-casses-'));
    writeFileSync(join(broken, 'mss.yaml'), SIXTH.replace('maxActivities: 1', 'maxActivites: 1'));
    const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'check', join(dir, 'rapport.md')], {
      encoding: 'utf8',
      env: { ...process.env, RAPPORT_BTS_PROFILES: broken },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^rapport-bts : profils invalides — mss\.yaml : clé inconnue « options\.maxActivites »/);
  });

  it("the new-report wizard lists it and builds its template from the profile", () => {
    const sources = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
    const choices = btsChoicesFromProfiles(sources);
    const choice = choices.find((c) => c.id === 'mss')!;
    expect(choice.name).toBe('BTS Maintenance des Systèmes Solaires');
    expect(choice.enums).toEqual({ parcours: ['Photovoltaïque', 'Thermique'] });
    const template = templateFromProfile(choice);
    expect(template).toMatch(/^parcours:\s+# Photovoltaïque, Thermique$/m);
    const r = run(template);
    expect(r.model.profile?.id).toBe('mss');
    expect(found(r, 'section-missing')).toEqual([]);
  });

  it('the manifest check names it until `npm run sync-manifest` writes it', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(btsEnumProblems(pkg, registry)).toEqual(['package.json : « rapport.bts » ne propose pas le BTS « mss » (npm run sync-manifest)']);
    const synced = syncBtsEnum(pkg, registry);
    expect(btsEnumProblems(synced, registry)).toEqual([]);
    expect(synced.contributes.configuration.properties['rapport.bts'].enum).toEqual([null, 'cpi', 'sn', 'ciel', 'mm', 'electrotechnique', 'mss']);
    const check = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'sync-manifest.mjs'), '--check'], {
      encoding: 'utf8',
      env: { ...process.env, RAPPORT_BTS_PROFILES: dir },
    });
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('« mss »');
  });
});
