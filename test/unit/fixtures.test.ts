// Fixture harness: every Markdown file under test/fixtures marks the findings it expects
// on their lines with <!-- expect: code -->. See CONTRIBUTING.md for the format.

import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText, repoRoot } from './helpers';
import { inScope, listMarkdown, parseFixture } from './fixtureFormat';

const fixturesDir = join(repoRoot, 'test', 'fixtures');

const files = listMarkdown(fixturesDir);

describe('fixtures', () => {
  it('exist', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  // Reports as students write them: compared on every code, never narrowed.
  it('realistic reports: at least 20, the five BTS, every code compared', () => {
    const realistic = files.filter((f) => relative(fixturesDir, f).startsWith('realistic'));
    expect(realistic.length).toBeGreaterThanOrEqual(20);
    const bts = new Set<string>();
    for (const f of realistic) {
      const fx = parseFixture(readFileSync(f, 'utf8'));
      expect(fx.scope, relative(fixturesDir, f)).toBeNull();
      const id = analyzeText(fx.text, fx.settings).model.profile?.id;
      if (id) bts.add(id);
    }
    expect([...bts].sort()).toEqual(['ciel', 'cpi', 'electrotechnique', 'mm', 'sn']);
  });

  for (const file of files) {
    it(relative(fixturesDir, file), () => {
      const fx = parseFixture(readFileSync(file, 'utf8'));
      // Every code is compared unless the fixture says why not: a rule firing everywhere fails them all.
      if (fx.scope) expect(fx.why, 'fixture-codes without "; why: …"').toBeTruthy();
      const { findings } = analyzeText(fx.text, fx.settings);
      const found = findings
        .filter((f) => inScope(f.code, fx.scope))
        .map((f) => `${f.range.start.line + 1}:${f.code}`)
        .sort();
      const messages = findings.map((f) => `${f.range.start.line + 1}:${f.code} ${f.message}`).join('\n');
      expect(found, `findings:\n${messages}`).toEqual(fx.expected);
    });
  }
});
