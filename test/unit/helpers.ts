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
