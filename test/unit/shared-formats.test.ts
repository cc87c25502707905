// One French number and budget formatter and one front matter fence, shared by the server and the
// client: the figures the status bar and the plan view show are the ones of the messages and the CLI.

import { describe, expect, it } from 'vitest';
import { approx, frBudget, frDecimal, frNumber, frPages } from '../../server/src/core/text/numbers';
import { FRONTMATTER_CLOSE, FRONTMATTER_OPEN, startsWithFence } from '../../server/src/core/text/fence';
import { fillFrontmatter, FIELD_PATHS } from '../../client/src/reportTemplate';
import { FIELDS } from '../../server/src/core/model/fields';
import { analyzeText, frontmatter, md } from './helpers';

describe('French numbers', () => {
  it('writes a decimal comma and a narrow no-break space between thousands', () => {
    expect(frNumber(43.5)).toBe('43,5');
    expect(frNumber(2, true)).toBe('2,0');
    expect(frNumber(1.256)).toBe('1,26');
    expect(frDecimal(1234567, 3)).toBe('1\u202f234\u202f567');
    expect(frDecimal(2.25, 1)).toMatch(/^2,[23]$/);
  });
  it('page figures: one decimal for an estimate, whole for an exact count, ? when unknown', () => {
    expect(frPages(23.44)).toBe('23,4');
    expect(frPages(23, false)).toBe('23,0');
    expect(frPages(23, true)).toBe('23');
    expect(frPages(null)).toBe('?');
    expect(approx(false)).toBe('≈ ');
    expect(approx(true)).toBe('');
  });
  it('budgets', () => {
    expect(frBudget(1, 2)).toBe('1 à 2 p.');
    expect(frBudget(null, 4.5)).toBe('4,5 p. au plus');
    expect(frBudget(15, null)).toBe('au moins 15 p.');
    expect(frBudget(null, null)).toBe('');
  });
  it('the section-budget message uses them', () => {
    const long = Array.from({ length: 60 }, () => 'Une phrase assez longue pour remplir la page du rapport de stage.').join(' ');
    const r = analyzeText(md(frontmatter('cpi'), '', '# 1. Introduction', '', ...Array.from({ length: 12 }, () => `${long}\n`)));
    const f = r.findings.find((x) => x.code === 'section-budget' && x.data.section === 'introduction');
    expect(f?.message).toMatch(/≈ \d+,\d p\. pour 1 à 2 p\. attendues/);
  });
});

describe('the front matter fence', () => {
  it('opens on the first line, after a byte order mark, with trailing spaces', () => {
    expect(FRONTMATTER_OPEN.test('---\nbts: cpi')).toBe(true);
    expect(FRONTMATTER_OPEN.test('\uFEFF--- \r\nbts: cpi')).toBe(true);
    expect(FRONTMATTER_OPEN.test('----\n')).toBe(false);
    expect(FRONTMATTER_OPEN.test('# Titre\n---\n')).toBe(false);
    expect(FRONTMATTER_CLOSE.test('...')).toBe(true);
    expect(FRONTMATTER_CLOSE.test('--- ')).toBe(true);
    expect(FRONTMATTER_CLOSE.test('--- x')).toBe(false);
    expect(startsWithFence('\uFEFF---x')).toBe(true);
    expect(startsWithFence('# ---')).toBe(false);
  });
  it('the template filling and the analysis agree on where the front matter is', () => {
    const template = md('\uFEFF---', 'bts: cpi', 'auteur:', '  nom:', '...', '', '# Introduction');
    expect(fillFrontmatter(template, { nom: 'Martin' })).toContain('  nom: Martin');
    expect(FIELD_PATHS.nom).toBe(FIELDS.nom);
  });
});
