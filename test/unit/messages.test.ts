// The words of the findings, over every fixture, template, example and generated report: the
// first sentence says what is wrong and fits the Problems panel (under 90 characters); no
// "(action rapide disponible)" (the light bulb says it); one vocabulary per severity; "4 p. au
// plus", not "4 au plus p."; BTS names with their accents. A fresh template shows its sections
// still to write as information, once each, and never advises deleting a mandatory section.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateReport } from '../../bench/generate.mjs';
import type { Finding } from '../../server/src/core/types';
import { analyzeText, registry, repoRoot } from './helpers';

function mdFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? mdFiles(p) : p.endsWith('.md') ? [p] : [];
  });
}

const sources: { name: string; text: string }[] = [
  ...[...mdFiles(join(repoRoot, 'test', 'fixtures')), ...mdFiles(join(repoRoot, 'templates')), ...mdFiles(join(repoRoot, 'examples'))].map(
    (p) => ({ name: p.slice(repoRoot.length + 1), text: readFileSync(p, 'utf8') }),
  ),
  ...['cpi', 'sn', 'ciel', 'mm', 'electrotechnique'].map((bts, i) => ({ name: `generated ${bts}`, text: generateReport({ pages: 12, seed: 7 + i, bts }) })),
];

const findings: (Finding & { source: string })[] = sources.flatMap(({ name, text }) =>
  analyzeText(text).findings.map((f) => ({ ...f, source: name })),
);

/** The first sentence: up to the first full stop (not of "p.", "M." or "ex.") followed by a space or the end. */
export function firstSentence(message: string): string {
  const m = /^.*?(?<!\b(?:p|M|ex|n°|cf|etc))[.!?](?=\s|$)/su.exec(message);
  return m ? m[0] : message;
}

describe('messages', () => {
  it('cover many findings of every severity', () => {
    expect(findings.length).toBeGreaterThan(100);
    expect(new Set(findings.map((f) => f.severity))).toEqual(new Set(['error', 'warning', 'info']));
  });

  it('open with a sentence under 90 characters that says what is wrong', () => {
    const long = findings.filter((f) => firstSentence(f.message).length >= 90).map((f) => `${f.source} ${f.code}: ${firstSentence(f.message)}`);
    if (long.length) console.log([...new Set(long.map((l) => l.replace(/^\S+ /, '')))].join('\n'));
    expect(long).toEqual([]);
  });

  it('never say "action rapide disponible"', () => {
    expect(findings.filter((f) => /action rapide/i.test(f.message)).map((f) => f.message)).toEqual([]);
  });

  it('keep one vocabulary per severity: a warning never "exige" nor is "obligatoire"', () => {
    expect(findings.filter((f) => f.severity !== 'error' && /\bexige|obligatoire/i.test(f.message)).map((f) => f.message)).toEqual([]);
  });

  it('write page budgets as "4 p. au plus"', () => {
    expect(findings.filter((f) => /\d au plus p\./.test(f.message)).map((f) => f.message)).toEqual([]);
  });

  it('name each BTS with its accents', () => {
    const names = [...registry.profiles.values()].map((p) => p.name);
    const bad = findings.filter((f) => /\bBTS [A-ZÉ]/.test(f.message) && !names.some((n) => f.message.includes(n)));
    expect(bad.map((f) => f.message)).toEqual([]);
    expect(findings.some((f) => /ELECTROTECHNIQUE/i.test(f.message.normalize('NFD').replace(/\p{M}/gu, '')) && !f.message.includes('Électrotechnique'))).toBe(false);
  });
});

describe('a fresh template', () => {
  for (const bts of ['cpi', 'sn', 'ciel', 'mm', 'electrotechnique']) {
    it(`${bts}: sections to write are information "à rédiger", once per section, never to delete when mandatory`, () => {
      const text = readFileSync(join(repoRoot, 'templates', `${bts}.md`), 'utf8');
      const r = analyzeText(text);
      const body = r.findings.filter((f) => f.code !== 'frontmatter');
      expect(body.filter((f) => f.severity !== 'info').map((f) => `${f.code}: ${f.message}`)).toEqual([]);
      const empty = body.filter((f) => f.code === 'section-empty');
      expect(empty.length).toBeGreaterThan(0);
      for (const f of empty) expect(f.message).toMatch(/à rédiger/);
      const lines = body.map((f) => f.range.start.line);
      expect(new Set(lines).size).toBe(lines.length);
      const profile = registry.resolve(bts)!;
      for (const f of empty) {
        const spec = profile.sections.find((s) => s.id === f.data.section)!;
        if (spec.missing) expect(f.message).not.toMatch(/supprime|retire/);
      }
    });
  }

  it('a section holding only placeholders ("…") is still to write, a mission with an Action placeholder still lacks it', () => {
    const text = readFileSync(join(repoRoot, 'templates', 'cpi.md'), 'utf8').replace(
      /(# 3\. Missions réalisées[^\n]*\n)/,
      '$1\n## Mission 1 : …\n\n**Contexte.** …\n\n**Action.** …\n\n**Résultat.** …\n',
    );
    expect(text).toContain('**Action.** …');
    const r = analyzeText(text);
    expect(r.findings.some((f) => f.code === 'section-empty' && f.data.section === 'missions')).toBe(true);
    const written = text.replace('**Contexte.** …', '**Contexte.** Le client voulait alléger le support de 15 %.');
    const car = analyzeText(written).findings.find((f) => f.code === 'car-incomplete');
    expect(car?.data.missing).toEqual(['action', 'resultat']);
  });
});
