// The one cache of derived facts: each fact of a model (its plan, page estimate, generated
// table of contents, missions…) is computed the first time someone asks and kept on the model,
// so it lives exactly as long as the document version it describes. No module-level cache.

import type { ReportModel } from './types';

/**
 * The fact `key` of the model, computed by `compute` on first use. `key` names the fact and,
 * when the fact depends on settings, their part that matters (e.g. `pages:` + the page model).
 */
export function fact<T>(model: Pick<ReportModel, 'facts'>, key: string, compute: () => T): T {
  const facts = model.facts;
  if (facts.has(key)) return facts.get(key) as T;
  const value = compute();
  facts.set(key, value);
  return value;
}
