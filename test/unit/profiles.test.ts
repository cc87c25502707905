// The profiles encode the official texts listed in docs/sources.md: ids, order, severities, budgets.

import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../server/src/profiles/registry';
import { normalizeHeading, stripNumbering, foldText } from '../../server/src/core/text/normalize';
import { registry } from './helpers';

const spec = (id: string) => registry.profiles.get(id)!;
const order = (id: string) => spec(id).sections.map((s) => s.id);
const severities = (id: string) => Object.fromEntries(spec(id).sections.filter((s) => s.missing).map((s) => [s.id, s.missing]));

describe('profiles', () => {
  it('are the five BTS', () => {
    expect(registry.ids().sort()).toEqual(['ciel', 'cpi', 'electrotechnique', 'mm', 'sn']);
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
