// The rule contract: a rule declares its code, default severity and docs once; `runRules` stamps
// them on every finding (code, severity unless the rule gives its own, documentation URL), then
// the settings' overrides and the inline disabling apply. Rules do not repeat their code.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../server/src/core/analyze';
import { DOCS_BASE, docsUrl } from '../../server/src/core/docs';
import type { Rule } from '../../server/src/core/types';
import { rules } from '../../server/src/rules';
import { analyzeText, frontmatter, md, registry, repoRoot } from './helpers';

const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } };
const probe: Rule = {
  code: 'probe',
  defaultSeverity: 'warning',
  description: 'Sonde.',
  check: () => [
    { range: at, message: 'sans sévérité', data: {} },
    { range: at, message: 'avec sévérité', data: {}, severity: 'info' },
  ],
};
const report = md(frontmatter('cpi'), '', '# Introduction', '', 'Du texte.');

describe('the rule contract', () => {
  it('stamps code, default severity and documentation URL on what a rule returns', () => {
    const found = analyze(report, {}, registry, [probe]).findings.filter((f) => f.code === 'probe');
    expect(found.map((f) => [f.message, f.severity, f.docs])).toEqual([
      ['sans sévérité', 'warning', `${DOCS_BASE}probe.md`],
      ['avec sévérité', 'info', `${DOCS_BASE}probe.md`],
    ]);
  });

  it('applies the severity setting over both, and `ignore` drops the rule', () => {
    const error = analyze(report, { rules: { probe: 'error' } }, registry, [probe]).findings.filter((f) => f.code === 'probe');
    expect(error.map((f) => f.severity)).toEqual(['error', 'error']);
    expect(analyze(report, { rules: { probe: 'ignore' } }, registry, [probe]).findings.filter((f) => f.code === 'probe')).toEqual([]);
  });

  it('stamps the docs of the model findings too (front matter, document size)', () => {
    const r = analyzeText(md('---', 'bts: xyz', '---', '', '# Introduction'));
    const fm = r.findings.find((f) => f.code === 'frontmatter');
    expect(fm?.docs).toBe(docsUrl('frontmatter'));
  });

  it('every rule has a documentation page, and every finding of the fixtures links to its code', () => {
    for (const rule of rules) expect(existsSync(join(repoRoot, 'docs', 'rules', `${rule.code}.md`)), rule.code).toBe(true);
    const dir = join(repoRoot, 'test', 'fixtures', 'realistic');
    let seen = 0;
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.md'))) {
      const text = readFileSync(join(dir, name), 'utf8').replace(/<!-- (?:expect|fixture-[a-z]+):[^>]*-->/g, '');
      for (const f of analyzeText(text).findings) {
        expect(f.docs, `${name} ${f.code}`).toBe(docsUrl(f.code));
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(20);
  });

  it("each rule's documentation page states its default severity (or the BTS's)", () => {
    const WORDS: Record<string, RegExp> = { error: /\berreur\b/, warning: /\bavertissement\b/, info: /\b(?:information|conseil)\b/ };
    for (const rule of rules) {
      const page = readFileSync(join(repoRoot, 'docs', 'rules', `${rule.code}.md`), 'utf8');
      const line = /\*\*Sévérité par défaut :\*\*([^]*?)Réglage/.exec(page)?.[1];
      expect(line, rule.code).toBeDefined();
      if (/\bcelle\b/.test(line!)) continue; // the profile's severity (section-missing, page-budget)
      expect(line, rule.code).toMatch(WORDS[rule.defaultSeverity]!);
    }
  });

  it('rules write their code once, in the rule, never in each finding', () => {
    const dir = join(repoRoot, 'server', 'src', 'rules');
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts') && n !== 'index.ts')) {
      const source = readFileSync(join(dir, name), 'utf8');
      const declared = [...source.matchAll(/^\s*code: '([a-z-]+)',$/gm)].map((m) => m[1]);
      // One `code:` per rule the module defines (parts.ts defines two), each a different code.
      expect(new Set(declared).size, name).toBe(declared.length);
      expect(source, name).not.toMatch(/code: '[a-z-]+', severity:/);
    }
  });
});
