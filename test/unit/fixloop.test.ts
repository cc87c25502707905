// The fix loop: on every fixture, each quick fix a finding carries (and the "ignore here" action)
// is applied and the text re-analysed, the way a student clicks it. A skeleton's placeholders
// (« … ») are not content by design, so they are filled in as the student would before the
// re-analysis. The fixed finding is then gone, and no error appears that was not there before.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../server/src/core/text/text';
import type { AnalysisResult, Finding, TextEdit } from '../../server/src/core/types';
import { disableEdits } from '../../server/src/lsp/features/codeActions';
import { parseFixture } from './fixtureFormat';
import { analyzeText, repoRoot } from './helpers';

const fixturesDir = join(repoRoot, 'test', 'fixtures');
const list = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? list(p) : p.endsWith('.md') ? [p] : [];
  });

/** A finding without its position: what a student would call "the same remark". */
const key = (f: Finding) => `${f.code} ${f.message}`;
const count = (r: AnalysisResult, k: string) => r.findings.filter((f) => key(f) === k).length;

/** What a student writes in place of a skeleton's placeholder. */
const WRITTEN = "Le réglage du banc a été vérifié avec le tuteur, puis validé par trois mesures.";

function check(before: AnalysisResult, finding: Finding, title: string, edits: TextEdit[], settings: object): string[] {
  const filled = edits.map((e) => ({ ...e, newText: e.newText.replace(/…/g, WRITTEN) }));
  const text = applyEdits(before.model.text, filled);
  const after = analyzeText(text, settings);
  const problems: string[] = [];
  const k = key(finding);
  if (count(after, k) >= count(before, k)) problems.push(`« ${title} » leaves ${finding.code} (line ${finding.range.start.line + 1}): ${finding.message}`);
  // A fix that names the BTS (an unknown `bts:` replaced by a close one) makes it a report of that
  // BTS: its section rules start, so its errors are new by design and not compared.
  if (after.model.profile?.id !== before.model.profile?.id) return problems;
  const errorsBefore = new Map<string, number>();
  for (const f of before.findings) if (f.severity === 'error') errorsBefore.set(key(f), (errorsBefore.get(key(f)) ?? 0) + 1);
  for (const f of after.findings) {
    if (f.severity !== 'error') continue;
    const left = errorsBefore.get(key(f)) ?? 0;
    if (left > 0) errorsBefore.set(key(f), left - 1);
    else problems.push(`« ${title} » on ${finding.code} (line ${finding.range.start.line + 1}) brings a new error: ${f.code} ${f.message}`);
  }
  return problems;
}

const files = list(fixturesDir);

describe('fix loop: every quick fix on every fixture', () => {
  it('covers the fixtures and finds fixes to apply', () => {
    let fixes = 0;
    for (const file of files) {
      const fx = parseFixture(readFileSync(file, 'utf8'));
      fixes += analyzeText(fx.text, fx.settings).findings.reduce((n, f) => n + (f.fixes?.length ?? 0), 0);
    }
    expect(files.length).toBeGreaterThan(40);
    expect(fixes).toBeGreaterThan(50);
  });

  for (const file of files) {
    it(relative(fixturesDir, file), () => {
      const fx = parseFixture(readFileSync(file, 'utf8'));
      const before = analyzeText(fx.text, fx.settings);
      const problems: string[] = [];
      for (const finding of before.findings) {
        for (const fix of finding.fixes ?? []) problems.push(...check(before, finding, fix.title, fix.edits, fx.settings));
        const disable = disableEdits(before, finding.code, finding.range);
        if (disable) problems.push(...check(before, finding, `ignorer ${finding.code} ici`, disable, fx.settings));
      }
      expect(problems).toEqual([]);
    });
  }
});
