import { expect } from 'vitest';
// Shared by the unit tests: the real profiles, and analysis with pinned settings.

import { join } from 'node:path';
import { analyze, createAnalyzer, type Analyzer } from '../../server/src/core/analyze';
import type { AnalysisResult, AnalysisSettings, ProfileRegistry } from '../../server/src/core/types';
import { loadProfilesFrom } from '../../server/src/profiles/load';
import { codeDescriptions, rules } from '../../server/src/rules';

export const repoRoot = join(__dirname, '..', '..');
export const registry: ProfileRegistry = loadProfilesFrom(join(repoRoot, 'server', 'src', 'profiles'));

/** Every code a finding can carry: those the model raises (model/codes.ts) and every rule's. */
export const allCodes: readonly string[] = [...codeDescriptions().keys()].sort();

export const DEFAULT_TODAY = '2026-01-15';

export function analyzeText(text: string, settings: AnalysisSettings = {}): AnalysisResult {
  return analyze(text, { today: DEFAULT_TODAY, ...settings }, registry, rules);
}

/** An analyzer as the language server builds one per document (it keeps the tree between versions). */
export function newAnalyzer(): Analyzer {
  return createAnalyzer({ registry, rules });
}

/** Joins lines with \n: documents built in tests read like the Markdown they are. */
export const md = (...lines: string[]) => lines.join('\n');

/** Codes of the findings, in order. */
export const codes = (r: AnalysisResult) => r.findings.map((f) => f.code);

/** A front matter for a BTS, with the CPI cover fields filled. */
export function frontmatter(bts: string, extra: string[] = []): string {
  return md(
    '---',
    `bts: ${bts}`,
    'auteur: { nom: Martin, prenom: Léa }',
    'etablissement: Lycée Jean Moulin',
    'entreprise: MécaPrécis SAS',
    "tuteur: { nom: Durand, poste: Responsable bureau d'études }",
    'stage: { debut: 2026-01-05, fin: 2026-02-27 }',
    ...extra,
    '---',
  );
}

/**
 * Fails when `time(n)` grows faster than linearly: doubling the input (`small` → 2 × `small`)
 * may at most triple the time, plus `slackMs` (quadratic would be 4×). A warm-up run first (of
 * `warmUp`); a busy machine gets three tries.
 */
export function expectLinear(time: (n: number) => number, small: number, slackMs: number, warmUp = small / 2): void {
  time(warmUp);
  let a = 0;
  let b = Infinity;
  for (let attempt = 0; attempt < 3 && b > 3 * a + slackMs; attempt++) {
    a = time(small);
    b = time(2 * small);
  }
  expect(b, `${a.toFixed(0)} ms → ${b.toFixed(0)} ms`).toBeLessThan(3 * a + slackMs);
}
