// Entry point of the analysis core: text → model → findings.

import { rules as defaultRules } from '../rules';
import { buildModel, isDisabled } from './model/model';
import { isDegraded } from './parse/size';
import type { AnalysisResult, AnalysisSettings, Finding, Profile, ProfileRegistry, ReportModel, Rule } from './types';

export function analyze(
  text: string,
  settings: AnalysisSettings,
  registry: ProfileRegistry,
  rules: Rule[] = defaultRules,
): AnalysisResult {
  const model = buildModel(text, settings, registry);
  return { model, findings: runRules(model, settings, registry, rules) };
}

export function runRules(
  model: ReportModel,
  settings: AnalysisSettings,
  registry: ProfileRegistry,
  rules: Rule[] = defaultRules,
): Finding[] {
  const raw: Finding[] = [...model.modelFindings];
  if (model.profile) {
    const report = model as ReportModel & { profile: Profile };
    const degraded = isDegraded(model);
    for (const rule of rules) {
      if (settings.rules?.[rule.code] === 'ignore') continue;
      // A document too large to parse has only its front matter in the tree.
      if (degraded && rule.code !== 'frontmatter') continue;
      // One failing rule must not take the others' findings down with it.
      try {
        raw.push(...rule.check(report, { settings, registry }));
      } catch (e) {
        ruleErrorHandler(rule.code, e);
      }
    }
  }
  const out: Finding[] = [];
  for (const f of raw) {
    const override = settings.rules?.[f.code];
    if (override === 'ignore') continue;
    if (isDisabled(model, f.code, f.range.start.line)) continue;
    out.push(override ? { ...f, severity: override } : f);
  }
  return out.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.code.localeCompare(b.code),
  );
}

let ruleErrorHandler: (code: string, error: unknown) => void = (code, error) => {
  console.error(`rapport-bts: rule ${code} failed: ${(error as Error)?.stack ?? String(error)}`);
};

/** Where a rule that throws is reported (the language server logs it to its output channel). */
export function onRuleError(handler: (code: string, error: unknown) => void): void {
  ruleErrorHandler = handler;
}
