// The class summary as JSON (`rapport-bts classe --format json`), documented in docs/classe.md.

import type { ClassSummary } from './row';

export function renderJson(summary: ClassSummary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}
