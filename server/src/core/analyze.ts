// The analysis core as a library: the host (language server, CLI, tests, benchmark) builds one
// analyzer with the profiles, the rules and a log, and feeds it text.
//
//   const analyzer = createAnalyzer({ registry, rules, log });
//   const { model, findings } = analyzer.update(text, settings, change);
//
// An update re-parses only the blocks the change touched (parse/incremental.ts) and reuses the
// previous tree; the first update — or `analyze`, an update with no previous tree — parses in
// full. There is one fallback: when the incremental path fails for any reason, the text is
// analysed in full and the log says why. The core keeps no state of its own between calls: what
// an update reuses lives in its analyzer (the previous tree and model, the document's content
// memos) or on the model (facts); the node memos are attached to the tree (core/memo.ts).

import { buildModel, buildModelFromTree } from './model/model';
import { isDisabled } from './model/disabled';
import { reparseGuarded, type ChangeHint, type ParsedText, type ReparseOutcome } from './parse/incremental';
import { DEGRADED_RULES, degradation, maxDocumentSize } from './parse/size';
import type { AnalysisResult, AnalysisSettings, Finding, FindingDraft, Profile, ProfileRegistry, ReportModel, Rule, Severity } from './types';
import { docsUrl } from './docs';
import { lfForLoneCr } from './text/text';
import { DocumentMemo } from './memo';

export interface AnalyzerOptions {
  registry: ProfileRegistry;
  rules: readonly Rule[];
  /**
   * Where the analyzer says why it fell back to a full parse ('info'), or that the incremental
   * path or a rule failed ('error'). English, for the host's log; by default errors go to stderr.
   */
  log?: Log;
}

export interface UpdateInfo {
  path: ReparseOutcome['path'];
  /** Why the full path was taken. */
  reason?: string;
  parsedChars: number;
}

export interface Analyzer {
  /** `change`: where the text changed since the previous update (see `mergeChange` in parse/incremental.ts); optional. */
  update(text: string, settings: AnalysisSettings, change?: ChangeHint): AnalysisResult;
  /** Forgets the previous tree: the next update parses in full. */
  reset(): void;
  /** How the last update parsed the text (for the server's stats, the tests and the benchmark). */
  readonly last: UpdateInfo;
}

export type Log = (message: string, level: 'info' | 'error') => void;

/** Without a host log: failures on stderr, the fallback reasons nowhere. */
const defaultLog: Log = (message, level) => {
  if (level === 'error') console.error(`rapport-bts: ${message}`);
};

export function createAnalyzer(options: AnalyzerOptions): Analyzer {
  const { registry, rules } = options;
  const log = options.log ?? defaultLog;
  let parsed: ParsedText | undefined;
  let previous: ReportModel | undefined;
  let last: UpdateInfo = { path: 'full', parsedChars: 0 };
  let lastLogged = '';
  // The document's content memos: kept while this analyzer lives (core/memo.ts).
  const memo = new DocumentMemo();

  const parse = (text: string, settings: AnalysisSettings, change: ChangeHint | undefined): ReportModel => {
    const outcome =
      text.length > maxDocumentSize(settings) ? undefined : reparseGuarded(parsed, text, (t) => degradation(t, settings) === null, change);
    if (!outcome) {
      // Too large or too complex to parse: the degraded model of parse/size.ts.
      parsed = undefined;
      last = { path: 'full', reason: 'degraded', parsedChars: 0 };
      return buildModel(text, settings, registry, { memo });
    }
    if (parsed && outcome.path === 'full' && outcome.reason !== lastLogged) {
      lastLogged = outcome.reason ?? '';
      log(`full parse instead of an incremental one: ${outcome.reason}`, 'info');
    }
    parsed = outcome.parsed;
    last = { path: outcome.path, parsedChars: outcome.parsedChars, ...(outcome.reason ? { reason: outcome.reason } : {}) };
    return buildModelFromTree(text, outcome.parsed.lineStarts, outcome.parsed.root, settings, registry, { previous, memo });
  };

  return {
    update(source, settings, change) {
      // Old Mac line endings as LF (same offsets and lines): the parsers see ordinary lines.
      const text = lfForLoneCr(source);
      memo.fit(maxDocumentSize(settings));
      let model: ReportModel;
      try {
        model = parse(text, settings, change);
      } catch (e) {
        // The one fallback: whatever failed on the incremental path, analyse the text afresh.
        log(`incremental analysis failed, full analysis instead: ${(e as Error)?.stack ?? String(e)}`, 'error');
        parsed = undefined;
        last = { path: 'full', reason: 'error', parsedChars: text.length };
        model = buildModel(text, settings, registry, { memo });
      }
      previous = model;
      const findings = runRules(model, settings, registry, rules, log);
      // What this analysis did not read (older versions of the blocks) leaves the memos.
      memo.endPass();
      return { model, findings };
    },
    reset() {
      parsed = undefined;
      previous = undefined;
    },
    get last() {
      return last;
    },
  };
}

/** A full analysis: an update with no previous tree. */
export function analyze(
  text: string,
  settings: AnalysisSettings,
  registry: ProfileRegistry,
  rules: readonly Rule[],
  log?: Log,
): AnalysisResult {
  return createAnalyzer({ registry, rules, ...(log ? { log } : {}) }).update(text, settings);
}

/** The rules on a model, with the settings' overrides and the inline disabling applied. */
export function runRules(
  model: ReportModel,
  settings: AnalysisSettings,
  registry: ProfileRegistry,
  rules: readonly Rule[],
  log: Log = defaultLog,
): Finding[] {
  const out: Finding[] = [];
  // The one place a finding gets its code, severity and documentation URL: the rule declares
  // them once, the settings may override the severity, inline comments may disable the code.
  const stamp = (code: string, severity: Severity, f: FindingDraft) => {
    const override = settings.rules?.[code];
    if (override === 'ignore') return;
    if (isDisabled(model, code, f.range.start.line)) return;
    out.push({ ...f, code, severity: override ?? severity, docs: docsUrl(code) });
  };
  for (const f of model.modelFindings) stamp(f.code, f.severity, f);
  if (model.profile) {
    const report = model as ReportModel & { profile: Profile };
    for (const rule of rules) {
      if (settings.rules?.[rule.code] === 'ignore') continue;
      // A document too complex to parse has only its front matter and headings in the tree.
      if (model.degraded && !DEGRADED_RULES.has(rule.code)) continue;
      // One failing rule must not take the others' findings down with it.
      let drafts: FindingDraft[];
      try {
        drafts = rule.check(report, { settings, registry });
      } catch (e) {
        log(`rule ${rule.code} failed: ${(e as Error)?.stack ?? String(e)}`, 'error');
        continue;
      }
      for (const f of drafts) stamp(rule.code, f.severity ?? rule.defaultSeverity, f);
    }
  }
  return out.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.code.localeCompare(b.code),
  );
}
