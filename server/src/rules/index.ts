// The rule registry: every check the server runs, in a stable order.

import type { Rule } from '../core/types';
import { MODEL_CODES } from '../core/model/codes';
import { frontmatterRule } from './frontmatter';
import { sectionDuplicateRule } from './section-duplicate';
import { sectionEmptyRule } from './section-empty';
import { sectionMissingRule } from './section-missing';
import { sectionOrderRule } from './section-order';
import { pageBudgetRule } from './page-budget';
import { sectionBudgetRule } from './section-budget';
import { annexReferenceRule } from './annex-reference';
import { brochureStyleRule } from './brochure-style';
import { activityIncompleteRule, carIncompleteRule } from './parts';
import { competenceUnknownRule } from './competence-unknown';
import { deadlineRule } from './deadline';
import { englishDocsRule } from './english-docs';
import { journalStyleRule } from './journal-style';
import { imageMissingRule } from './image-missing';
import { missionFigureRule } from './mission-figure';
import { normCitationRule } from './norm-citation';
import { remerciementsTuteurRule } from './remerciements-tuteur';

export const rules: Rule[] = [
  frontmatterRule,
  sectionMissingRule,
  sectionOrderRule,
  sectionDuplicateRule,
  sectionEmptyRule,
  remerciementsTuteurRule,
  pageBudgetRule,
  sectionBudgetRule,
  journalStyleRule,
  carIncompleteRule,
  missionFigureRule,
  imageMissingRule,
  normCitationRule,
  brochureStyleRule,
  activityIncompleteRule,
  englishDocsRule,
  competenceUnknownRule,
  annexReferenceRule,
  deadlineRule,
];

/**
 * Every code a finding can carry and what it looks for, in the rules' order then the model's
 * codes (core/model/codes.ts): a code both raise (`frontmatter`) gets both descriptions. The
 * CLI help and the tests read it.
 */
export function codeDescriptions(): ReadonlyMap<string, string> {
  const out = new Map(rules.map((r) => [r.code, r.description]));
  for (const [code, description] of Object.entries(MODEL_CODES)) {
    const rule = out.get(code);
    out.set(code, rule ? `${rule} ${description}` : description);
  }
  return out;
}
