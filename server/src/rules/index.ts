// The rule registry: every check the server runs, in a stable order.

import type { Rule } from '../analysis/types';
import { frontmatterRule } from './frontmatter';
import { sectionDuplicateRule } from './section-duplicate';
import { sectionEmptyRule } from './section-empty';
import { sectionMissingRule } from './section-missing';
import { sectionOrderRule } from './section-order';

export const rules: Rule[] = [
  frontmatterRule,
  sectionMissingRule,
  sectionOrderRule,
  sectionDuplicateRule,
  sectionEmptyRule,
];

/** Every diagnostic code, including those produced while building the model. */
export const ruleCodes: string[] = [...new Set(rules.map((r) => r.code))];

export const DOCS_BASE = 'https://github.com/rapport-bts/rapport-bts/blob/main/docs/rules/';
export const docsUrl = (code: string) => `${DOCS_BASE}${code}.md`;
