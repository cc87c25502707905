// Entry point of the analysis core: text → model → findings.

import { rules as defaultRules } from '../rules';
import { buildModel, isDisabled } from './model';
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
    for (const rule of rules) {
      if (settings.rules?.[rule.code] === 'ignore') continue;
      raw.push(...rule.check(report, { settings, registry }));
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
