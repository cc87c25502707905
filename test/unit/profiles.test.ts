// The profiles encode the official texts listed in docs/sources.md: ids, order, severities, budgets.

import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../server/src/profiles/registry';
import { normalizeHeading, stripNumbering, foldText } from '../../server/src/core/text/normalize';
import { registry } from './helpers';

const spec = (id: string) => registry.profiles.get(id)!;
const order = (id: string) => spec(id).sections.map((s) => s.id);
const severities = (id: string) => Object.fromEntries(spec(id).sections.filter((s) => s.missing).map((s) => [s.id, s.missing]));

describe('profiles', () => {
  it('include the five BTS of the official texts (a new BTS is one more file)', () => {
    expect(registry.ids()).toEqual(expect.arrayContaining(['ciel', 'cpi', 'electrotechnique', 'mm', 'sn']));
  });

  it("the `bts` field names a BTS with its option, as students write it", () => {
    const cases: [string, string][] = [
      ['sn-ir', 'sn'], ['SN IR', 'sn'], ['BTS SN option EC', 'sn'], ['Systèmes Numériques option IR', 'sn'],
      ['CIEL IR', 'ciel'], ['ciel-er', 'ciel'], ['BTS CIEL option A', 'ciel'], ['BTS CIEL', 'ciel'],
    ];
    for (const [value, id] of cases) expect(registry.resolve(value)?.id, value).toBe(id);
    expect(registry.resolve('SN XY')).toBeUndefined();
  });

  it('CPI: order, severities, 40 pages, budgets', () => {
    expect(order('cpi')).toEqual(['couverture', 'remerciements', 'sommaire', 'introduction', 'entreprise', 'missions', 'competences', 'conclusion', 'annexes']);
    expect(severities('cpi')).toEqual({
      remerciements: 'warning', sommaire: 'warning', introduction: 'error', entreprise: 'error',
      missions: 'error', competences: 'warning', conclusion: 'error', annexes: 'warning',
    });
    expect(spec('cpi').pages).toMatchObject({ limit: 40, severity: 'warning' });
    expect(spec('cpi').groups.find((g) => g.id === 'corps')).toMatchObject({ sections: ['entreprise', 'missions', 'competences'], min: 15, max: 25 });
    expect(spec('cpi').sections.find((s) => s.id === 'introduction')?.pages).toEqual({ min: 1, max: 2 });
    expect(spec('cpi').sections.find((s) => s.id === 'conclusion')?.pages).toEqual({ min: 2, max: 3 });
  });

  it('SN and CIEL: same sections, CIEL extends SN', () => {
    expect(order('sn')).toEqual(['entreprise', 'activites', 'conclusion', 'documents-anglais']);
    expect(order('ciel')).toEqual(order('sn'));
    expect(spec('ciel').extends).toBe('sn');
    expect(spec('ciel').pages).toEqual(spec('sn').pages);
    expect(spec('sn').pages.limit).toBe(30);
    expect(spec('sn').sections.find((s) => s.id === 'documents-anglais')?.outsideBody).toBe(true);
  });

  it('MM: every mandatory section is an error, 50 pages is an error', () => {
    expect(order('mm')).toEqual(['entreprise', 'cadre-juridique', 'activites', 'conclusion', 'resume-anglais', 'qsse', 'annexes']);
    expect(Object.values(severities('mm')).every((s) => s === 'error')).toBe(true);
    expect(spec('mm').pages).toMatchObject({ limit: 50, severity: 'error' });
    expect(spec('mm').options.maxActivities).toBe(2);
  });

  it('Électrotechnique: unite required, about 20 pages', () => {
    expect(order('electrotechnique')).toEqual(['entreprise', 'organisation', 'travail-realise', 'documents-anglais']);
    expect(severities('electrotechnique')).toEqual({ entreprise: 'error', organisation: 'warning', 'travail-realise': 'error', 'documents-anglais': 'error' });
    expect(spec('electrotechnique').frontmatter).toEqual([expect.objectContaining({ field: 'unite', severity: 'warning', values: ['U51', 'U52', 'U61', 'U62'] })]);
    expect(spec('electrotechnique').pages).toMatchObject({ warnAbove: 22, infoBelow: 15 });
  });

  it('a sixth BTS is a data file', () => {
    const r = createRegistry([
      { name: 'base.yaml', text: 'id: base\nname: Base\nsections: [{ id: intro, title: Introduction, missing: error }]\npages: { limit: 10 }' },
      { name: 'child.yaml', text: 'id: child\nextends: base\nname: Enfant\naliases: [bts enfant]' },
    ]);
    expect(r.resolve('BTS Enfant')?.id).toBe('child');
    expect(r.profiles.get('child')!.sections.map((s) => s.id)).toEqual(['intro']);
    expect(r.profiles.get('child')!.pages.limit).toBe(10);
  });

  it('schema: an unknown key or a wrong type names the file and the key', () => {
    const one = (text: string) => () => createRegistry([{ name: 'nouveau.yaml', text }]);
    expect(one('id: x\nsection: []')).toThrow(/^nouveau\.yaml : clé inconnue « section » \(clés possibles : id, name/);
    expect(one('id: x\nsections: [{ id: a, title: A, synonym: [b] }]')).toThrow(/nouveau\.yaml : clé inconnue « sections\[0\]\.synonym »/);
    expect(one('id: x\npages: { limit: "40" }')).toThrow(/nouveau\.yaml : « pages\.limit » doit être un nombre positif ou nul \(trouvé : "40"\)/);
    expect(one('id: x\nsections: [{ id: a, title: A, missing: grave }]')).toThrow(/« sections\[0\]\.missing » doit être une sévérité \(error, warning, info\)/);
    expect(one('id: x\nsections: [{ id: a, title: A, role: sommaire }]')).toThrow(/« sections\[0\]\.role » doit être un rôle de section \(annexes, english-documents/);
    expect(one('id: x\noptions: { carRequierd: true }')).toThrow(/clé inconnue « options\.carRequierd »/);
    expect(one('id: x\noptions: { maxActivities: deux }')).toThrow(/« options\.maxActivities » doit être un entier/);
    expect(one('id: x\nsections: [{ id: a }]')).toThrow(/« sections\[0\]\.title » manque/);
    expect(one('id: x\nname:')).toThrow(/« name » est vide/);
    expect(one('- id: x')).toThrow(/nouveau\.yaml : le fichier doit décrire un profil/);
    expect(one('id: x\nid: y')).toThrow(/nouveau\.yaml : YAML invalide/);
  });

  it('schema: cross references — one section per role, known group members and parents, unique ids and aliases', () => {
    const one = (text: string) => () => createRegistry([{ name: 'nouveau.yaml', text }]);
    expect(one('id: x\nsections: [{ id: a, title: A, role: annexes }, { id: b, title: B, role: annexes }]')).toThrow(
      /nouveau\.yaml \(profil « x »\) : le rôle « annexes » est donné à « a » et à « b »/,
    );
    expect(one('id: x\nsections: [{ id: a, title: A }]\ngroups: [{ id: g, title: G, sections: [a, z] }]')).toThrow(/groupe « g » : « sections » nomme une section inconnue « z »/);
    expect(one('id: x\nsections: [{ id: a, title: A, parents: [z] }]')).toThrow(/section « a » : « parents » nomme une section inconnue « z »/);
    expect(one('id: x\nsections: [{ id: a, title: A }, { id: a, title: B }]')).toThrow(/deux sections ont l'identifiant « a »/);
    expect(one('id: x\nextends: y')).toThrow(/nouveau\.yaml : « extends » nomme un profil inconnu « y »/);
    expect(() =>
      createRegistry([
        { name: 'a.yaml', text: 'id: a\naliases: [commun]' },
        { name: 'b.yaml', text: 'id: b\naliases: [Commun]' },
      ]),
    ).toThrow(/b\.yaml : l'alias « Commun » désigne déjà le profil « a »/);
    expect(() => createRegistry([{ name: 'a.yaml', text: 'id: a' }, { name: 'a2.yaml', text: 'id: a' }])).toThrow(/a2\.yaml : l'identifiant « a » est déjà celui de a\.yaml/);
  });

  it('roles: each rule-read role is on the section the official texts mean', () => {
    const roles = (id: string) => Object.fromEntries(spec(id).sections.filter((s) => s.role).map((s) => [s.role, s.id]));
    expect(roles('cpi')).toEqual({ thanks: 'remerciements', 'table-of-contents': 'sommaire', company: 'entreprise', missions: 'missions', annexes: 'annexes' });
    expect(roles('sn')).toEqual({ company: 'entreprise', activities: 'activites', 'english-documents': 'documents-anglais' });
    expect(roles('ciel')).toEqual(roles('sn'));
    expect(roles('mm')).toEqual({ company: 'entreprise', activities: 'activites', 'english-summary': 'resume-anglais', annexes: 'annexes' });
    expect(roles('electrotechnique')).toEqual({ company: 'entreprise', 'english-documents': 'documents-anglais' });
  });

  it('rejects a profile without id and circular inheritance with a clear message', () => {
    expect(() => createRegistry([{ name: 'x.yaml', text: 'name: X' }])).toThrow(/id/);
    expect(() => createRegistry([
      { name: 'a.yaml', text: 'id: a\nextends: b' },
      { name: 'b.yaml', text: 'id: b\nextends: a' },
    ])).toThrow(/circulaire/);
  });
});

describe('normalisation', () => {
  it.each([
    ['1. Introduction', 'introduction'],
    ['1.2.3 Introduction', 'introduction'],
    ['I - Introduction', 'introduction'],
    ['III. Introduction', 'introduction'],
    ['A) Introduction', 'introduction'],
    ['Partie 2 : Introduction', 'introduction'],
    ['Chapitre III – Introduction', 'introduction'],
    ["Présentation de l'entreprise", 'presentation entreprise'],
    ['Présentation de l’Entreprise', 'presentation entreprise'],
    ['Démarche QSSE', 'demarche qsse'],
    ['Cœur de métier', 'coeur metier'],
    ['Liste des annexes', 'liste annexes'],
  ])('%s → %s', (input, out) => {
    expect(normalizeHeading(input)).toBe(out);
  });

  it('does not strip a word that merely starts like a numeral', () => {
    expect(stripNumbering(foldText('Introduction'))).toBe('introduction');
    expect(stripNumbering(foldText('Ciel et réseaux'))).toBe('ciel et reseaux');
    expect(stripNumbering(foldText('2026'))).toBe('2026');
  });
});
