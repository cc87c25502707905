// snippets/markdown.json: valid JSON, every snippet complete, placeholders well-formed, and the
// Contexte → Action → Résultat heading form accepted as a complete CPI mission.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../server/src/rules';
import { analyzeText, frontmatter, md, repoRoot } from './helpers';
import { parseSnippets, snippetBefore } from '../../client/src/snippetPrefix';

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

const file = join(repoRoot, 'snippets', 'markdown.json');
const snippets = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Snippet>;
const bodyOf = (s: Snippet) => (Array.isArray(s.body) ? s.body.join('\n') : s.body);
const byPrefix = (p: string) => Object.values(snippets).find((s) => [s.prefix].flat().includes(p));

/**
 * Parses a snippet body (TextMate/VS Code grammar: `$1`, `${1}`, `${1:default}` nested,
 * `${1|a,b|}`, `\$` `\}` `\\` escapes) and returns the text inserted when every tab stop keeps its
 * default (a choice keeps its first option unless `choose` picks another; a bare `$1` mirrors the
 * default given elsewhere).
 * Throws on anything malformed, and on variables (`$NAME`): a French text has no reason to use them,
 * so a `$` there is an unescaped dollar.
 */
export function expandDefaults(body: string, choose: (stop: number, options: string[]) => string = (_, o) => o[0]!): string {
  const defaults = new Map<number, string>();
  let i = 0;
  type Part = string | { mirror: number };
  const parse = (inPlaceholder: boolean): Part[] => {
    const parts: Part[] = [];
    while (i < body.length) {
      const c = body[i]!;
      if (c === '\\') {
        const n = body[i + 1];
        if (n === '$' || n === '}' || n === '\\') {
          parts.push(n);
          i += 2;
          continue;
        }
        parts.push(c);
        i++;
        continue;
      }
      if (c === '}' && inPlaceholder) return parts;
      if (c !== '$') {
        parts.push(c);
        i++;
        continue;
      }
      const simple = /^\$(\d+)/.exec(body.slice(i));
      if (simple) {
        parts.push({ mirror: Number(simple[1]) });
        i += simple[0].length;
        continue;
      }
      if (/^\$[A-Za-z_]/.test(body.slice(i))) throw new Error(`variable or unescaped $ at ${i}: ${body.slice(i, i + 20)}`);
      const open = /^\$\{(\d+)(:|\||\})/.exec(body.slice(i));
      if (!open) throw new Error(`malformed placeholder at ${i}: ${body.slice(i, i + 20)}`);
      const n = Number(open[1]);
      i += open[0].length;
      if (open[2] === '}') {
        parts.push({ mirror: n });
      } else if (open[2] === '|') {
        const end = body.indexOf('|}', i);
        if (end < 0) throw new Error(`unterminated choice at ${i}`);
        const options = body.slice(i, end).split(',');
        if (options.some((o) => o === '')) throw new Error(`empty choice in \${${n}|…|}`);
        const picked = choose(n, options);
        if (!defaults.has(n)) defaults.set(n, picked);
        parts.push(picked);
        i = end + 2;
      } else {
        const inner = parse(true);
        if (body[i] !== '}') throw new Error(`unterminated placeholder \${${n}:…`);
        i++;
        const text = resolve(inner);
        if (!defaults.has(n)) defaults.set(n, text);
        parts.push(text);
      }
    }
    if (inPlaceholder) throw new Error('unterminated placeholder');
    return parts;
  };
  // Mirrors are resolved at the end, when every default is known.
  const resolve = (parts: Part[]): string => {
    return parts.map((p) => (typeof p === 'string' ? p : `\u0000${p.mirror}\u0000`)).join('');
  };
  const text = resolve(parse(false));
  return text.replace(/\u0000(\d+)\u0000/g, (_, n: string) => defaults.get(Number(n)) ?? '');
}

describe('snippets/markdown.json', () => {
  it('every snippet has prefixes, a body and a French description', () => {
    expect(Object.keys(snippets).length).toBeGreaterThanOrEqual(6);
    const prefixes: string[] = [];
    for (const [name, s] of Object.entries(snippets)) {
      const ps = [s.prefix].flat();
      expect(ps.length, name).toBeGreaterThan(0);
      for (const p of ps) expect(p, name).toMatch(/^[\p{L}\d-]+$/u);
      prefixes.push(...ps);
      expect(bodyOf(s).trim().length, name).toBeGreaterThan(0);
      expect(typeof s.description, name).toBe('string');
      expect(s.description.length, name).toBeGreaterThan(20);
    }
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const p of ['car', 'car-titres', 'activite', 'doc-anglais', 'figure', 'entete']) {
      expect(byPrefix(p), p).toBeDefined();
    }
  });

  it.each(Object.keys(snippets))('%s: placeholders are well-formed', (name) => {
    const body = bodyOf(snippets[name]!);
    expect(() => expandDefaults(body)).not.toThrow();
    const numbers = [...body.matchAll(/\$\{?(\d+)/g)].map((m) => Number(m[1]));
    const stops = [...new Set(numbers.filter((n) => n > 0))].sort((a, b) => a - b);
    // Tab stops numbered 1..n without holes, so Tab visits every one.
    expect(stops, name).toEqual(stops.map((_, k) => k + 1));
  });

  it('the expander itself rejects malformed bodies', () => {
    expect(() => expandDefaults('${1:a')).toThrow();
    expect(() => expandDefaults('coût : 15 $HT')).toThrow();
    expect(() => expandDefaults('${1|a,,b|}')).toThrow();
    expect(expandDefaults('${1:a ${2:b}} $1 \\$ ${3|x,y|}')).toBe('a b a b $ x');
  });

  it('car: the sentence form of the CPI guide', () => {
    const text = expandDefaults(bodyOf(byPrefix('car')!));
    expect(text).toMatch(/^Face à .+ \(contexte\), j'ai .+ \(action\), ce qui a permis .+ \(résultat\)\.$/);
  });

  it('entete: the front matter it expands to is a report front matter', () => {
    const text = expandDefaults(bodyOf(byPrefix('entete')!));
    const r = analyzeText(md(text, '# Remerciements', '', 'Merci.'));
    expect(r.model.btsSource).toBe('frontmatter');
    expect(r.model.profile?.id).toBe('cpi');
    expect(r.model.frontmatter?.errors).toEqual([]);
    // The only front matter complaints left are the AAAA-MM-JJ placeholders, to be replaced.
    const fm = r.findings.filter((f) => f.code === 'frontmatter');
    expect(fm.map((f) => f.data.field).sort()).toEqual(['stage.debut', 'stage.fin']);
  });

  it('activite: the four elements of an SN/MM activity', () => {
    const text = expandDefaults(bodyOf(byPrefix('activite')!));
    for (const label of ['Objectifs assignés', 'Résultats obtenus', 'Contraintes prises en compte', 'Commentaires personnels']) {
      expect(text).toContain(`### ${label}`);
    }
  });

  it('figure: an image with a numbered caption', () => {
    expect(expandDefaults(bodyOf(byPrefix('figure')!))).toMatch(/^!\[.+\]\(.+\)\n\n\*Figure 1 : .+\*\n$/);
  });

  it('doc-anglais: title, type, source and date', () => {
    const text = expandDefaults(bodyOf(byPrefix('doc-anglais')!));
    expect(text).toMatch(/^### Document 1 \(technique\) : .+/);
    expect(text).toMatch(/Source/);
    expect(text).toMatch(/Date/);
  });

  describe('the other structure snippets satisfy the rules that read them', () => {
    const codesOf = (text: string, code: string) => analyzeText(text).findings.filter((f) => f.code === code);
    const sections = (bts: string, parts: [string, string][]) =>
      md(frontmatter(bts), '', ...parts.flatMap(([title, body]) => [`# ${title}`, '', body, '']));

    it('mission (bold labels) in a CPI report: no car-incomplete', () => {
      const mission = expandDefaults(bodyOf(byPrefix('mission')!));
      const text = sections('cpi', [['Introduction', 'Texte.'], ["Présentation de l'entreprise", 'Texte.'], ['Missions réalisées', mission], ['Conclusion', 'Texte.']]);
      expect(analyzeText(text).model.recognized.find((r) => r.id === 'missions')!.section.children.length).toBe(1);
      expect(codesOf(text, 'car-incomplete')).toEqual([]);
      expect(codesOf(text.replace(/\*\*Résultat\.\*\*.*\n/, ''), 'car-incomplete')).toHaveLength(1);
    });

    it.each(['sn', 'mm'])('activite in a %s report: no activity-incomplete', (bts) => {
      const activity = expandDefaults(bodyOf(byPrefix('activite')!));
      const text = sections(bts, [["Présentation de l'entreprise", 'Texte.'], ['Activités réalisées', activity], ['Conclusion', 'Texte.']]);
      expect(analyzeText(text).model.recognized.find((r) => r.id === 'activites')!.section.children.length).toBe(1);
      expect(codesOf(text, 'activity-incomplete')).toEqual([]);
      const withoutConstraints = text.replace(/### Contraintes prises en compte\n\n.*\n/, '');
      expect(codesOf(withoutConstraints, 'activity-incomplete').map((f) => f.data.missing)).toEqual([['contraintes']]);
    });

    it('doc-anglais three times (1 technique, 2 and 3 presse / web) in an SN report: no english-docs', () => {
      const doc = (k: number) =>
        expandDefaults(bodyOf(byPrefix('doc-anglais')!), (stop, options) => (stop === 1 ? String(k) : k === 1 ? options[0]! : options[1]!));
      const text = sections('sn', [
        ["Présentation de l'entreprise", 'Texte.'],
        ['Activités réalisées', 'Texte.'],
        ['Conclusion', 'Texte.'],
        ['Documents en anglais', [1, 2, 3].map(doc).join('\n')],
      ]);
      expect(analyzeText(text).model.recognized.find((r) => r.id === 'documents-anglais')!.section.children.length).toBe(3);
      expect(codesOf(text, 'english-docs')).toEqual([]);
      // And the rule does read these entries: two technical documents are reported.
      expect(codesOf(text.replace('Document 2 (presse / web)', 'Document 2 (technique)'), 'english-docs')).toHaveLength(1);
    });
  });

  describe('car-titres inside a CPI mission', () => {
    const report = (mission: string) =>
      md(
        frontmatter('cpi'),
        '',
        '# 1. Introduction',
        '',
        'Texte.',
        '',
        '# 2. Présentation de l\'entreprise',
        '',
        'Texte.',
        '',
        '# 3. Missions réalisées',
        '',
        '## 3.1 Mission 1 : allègement du support',
        '',
        mission,
        '# 4. Conclusion',
        '',
        'Texte.',
      );
    const expanded = expandDefaults(bodyOf(byPrefix('car-titres')!));

    it('gives Contexte, Action and Résultat subheadings one level under the mission, each with text', () => {
      const r = analyzeText(report(expanded));
      const mission = r.model.recognized.find((x) => x.id === 'missions')!.section.children[0]!;
      expect(mission.children.map((c) => c.heading.text)).toEqual(['Contexte', 'Action', 'Résultat']);
      expect(mission.children.every((c) => c.blocks.length > 0)).toBe(true);
    });

    it('yields no car-incomplete finding', () => {
      const r = analyzeText(report(expanded));
      expect(rules.some((rule) => rule.code === 'car-incomplete')).toBe(true);
      expect(r.findings.filter((f) => f.code === 'car-incomplete')).toEqual([]);
      // The rule sees this mission: without its Résultat it is reported.
      const partial = expanded.slice(0, expanded.indexOf('### Résultat'));
      expect(analyzeText(report(partial)).findings.map((f) => f.code)).toContain('car-incomplete');
    });
  });
});

describe('prefix before the cursor (Tab in a report)', () => {
  const list = parseSnippets(readFileSync(file, 'utf8'));

  it('reads every snippet of the file with its prefixes and body', () => {
    expect(list.map((s) => s.name)).toEqual(Object.keys(snippets));
    for (const s of list) {
      expect(s.prefixes.length, s.name).toBeGreaterThan(0);
      expect(s.body, s.name).toBe(bodyOf(snippets[s.name]!));
    }
  });

  it('finds each prefix as the last word before the cursor, at the start of a line or after a space', () => {
    for (const s of list) {
      for (const p of s.prefixes) {
        expect(snippetBefore(p, list)?.snippet.name, p).toBe(s.name);
        expect(snippetBefore(`  ${p}`, list)?.prefix, p).toBe(p);
        expect(snippetBefore(`Un texte, ${p}`, list)?.prefix, p).toBe(p);
      }
    }
  });

  it('ignores a prefix inside a word, a word that is no prefix, and a prefix followed by a space', () => {
    expect(snippetBefore('ocar', list)).toBeUndefined();
    expect(snippetBefore('car-titresx', list)).toBeUndefined();
    expect(snippetBefore('voiture', list)).toBeUndefined();
    expect(snippetBefore('car ', list)).toBeUndefined();
    expect(snippetBefore('', list)).toBeUndefined();
    expect(snippetBefore('mission', list)?.snippet.name).toBe('Mission CPI');
    expect(snippetBefore('activité', list)?.snippet.name).toBe(snippetBefore('activite', list)?.snippet.name);
  });
});
