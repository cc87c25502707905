// Fixture harness: every Markdown file under test/fixtures marks the findings it expects
// on their lines with <!-- expect: code -->. See CONTRIBUTING.md for the format.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText, repoRoot } from './helpers';
import { inScope, parseFixture } from './fixtureFormat';

const fixturesDir = join(repoRoot, 'test', 'fixtures');

function listMarkdown(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return listMarkdown(p);
    return p.endsWith('.md') ? [p] : [];
  });
}

const files = listMarkdown(fixturesDir);

describe('fixtures', () => {
  it('exist', () => {
    expect(files.length).toBeGreaterThan(0);
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
