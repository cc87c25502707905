// The class summary (`rapport-bts classe`, "Vérifier tous les rapports du dossier"): one row per
// report, computed from the analysis result alone — the model and findings the checker already
// has, never a second analysis. Pure: no file access, no clock but `settings.today`.
// The state rule and the JSON shape are documented in docs/classe.md.

import { basename, extname } from 'node:path';
import { sectionWithRole } from '../core/model/roles';
import { authorOf } from '../core/model/frontmatter';
import { isoDate } from '../core/model/deadline';
import { planOf } from '../core/model/plan';
import type { AnalysisResult, AnalysisSettings, Finding, Profile, ReportModel, Severity } from '../core/types';
import { deadlineOf } from '../rules/deadline';
import { englishDocuments } from '../rules/english-docs';
import { approx, frNumber, frPages } from '../core/text/numbers';

export type ClassState = 'prêt' | 'à reprendre' | 'incomplet';
export const CLASS_STATES: readonly ClassState[] = ['incomplet', 'à reprendre', 'prêt'];

export interface ClassFinding {
  code: string;
  severity: Severity;
  /** 0-based line and character of the finding's start, as in `check --format json`. */
  line: number;
  character: number;
  message: string;
  /** The report's text on that line, whitespace collapsed, at most EXCERPT_CHARS characters. */
  excerpt: string;
}

export interface BudgetIssue {
  /** Section or page-group id. */
  section: string;
  title: string;
  pages: number;
  min: number | null;
  max: number | null;
  state: 'over' | 'under';
}

export type DeadlineState = 'à venir' | 'proche' | 'dépassée' | 'inconnue';

export interface ClassRow {
  file: string;
  student: string;
  bts: string;
  btsName: string;
  state: ClassState;
  /** Why the state, in French (one sentence). */
  stateReason: string;
  /** `reference`: the figure half of which makes the report drafted (plan.ts draftReference). */
  pages: { body: number; limit: number | null; exact: boolean; document: number; reference: number | null };
  /** The body reaches half the BTS figure (below that the report is a draft; see plan.ts). */
  drafted: boolean;
  /** Ids of the mandatory sections missing (`section-missing` with severity error). */
  missing: string[];
  /** Their titles, in the same order. */
  missingTitles: string[];
  /** Titles of the mandatory sections present but still empty (heading, no content). */
  emptyTitles: string[];
  budget: BudgetIssue[];
  /** Paragraphs, lists and headings written as a diary (`journal-style` findings). */
  diary: number;
  /** Missions (CPI) or activities (SN, CIEL, MM) with a missing part. */
  incomplete: number;
  /** English documents found against those expected; null when the BTS asks for none. */
  english: { found: number; expected: number } | null;
  /** Submission deadline (Électrotechnique); null when the BTS has none. */
  deadline: { date: string | null; daysLeft: number | null; state: DeadlineState } | null;
  errors: number;
  warnings: number;
  infos: number;
  findings: ClassFinding[];
}

export type OtherKind = 'not-report' | 'unreadable' | 'invalid';

export interface ClassOther {
  file: string;
  reason: string;
  kind: OtherKind;
  /** Findings of an invalid header (unknown BTS…): it counts for the exit status like `check`. */
  errors?: number;
}

export interface ClassSummary {
  version: 1;
  rows: ClassRow[];
  others: ClassOther[];
}

export const EXCERPT_CHARS = 90;
export const NOT_A_REPORT = "pas un rapport de stage (aucun champ « bts » dans l'en-tête)";
export const EMPTY_FILE = 'fichier vide';

/** The student's name: front-matter `auteur` (see authorOf), else the file name. */
export function studentName(model: ReportModel, file: string): string {
  const name = authorOf(model.frontmatter?.data ?? null);
  if (name) return name;
  const base = basename(file);
  return base.slice(0, base.length - extname(base).length) || base;
}

/** The text of a line, whitespace collapsed, cut to EXCERPT_CHARS with an ellipsis; '' for a front-matter fence. */
export function excerptAt(model: ReportModel, line: number): string {
  const start = model.lineStarts[line];
  if (start === undefined) return '';
  const end = model.lineStarts[line + 1] ?? model.text.length;
  const t = model.text.slice(start, end).replace(/\s+/g, ' ').trim();
  // A front-matter fence (where a missing section is reported) shows nothing of the report; a
  // rule `---` in the body is shown as any line.
  const fm = model.frontmatter?.range;
  if (fm && line >= fm.start.line && line <= fm.end.line && /^(?:---|\.\.\.)$/.test(t)) return '';
  return t.length > EXCERPT_CHARS ? `${t.slice(0, EXCERPT_CHARS - 1).trimEnd()}…` : t;
}

/**
 * The state rule (docs/classe.md):
 * - "incomplet" when a mandatory section is missing, or the report is not drafted (plan.ts: the
 *   body below half the BTS figure, or, for a BTS that gives none, a mandatory section still empty);
 * - else "à reprendre" when a finding other than the deadline reminder is an error or a warning,
 *   or a mandatory section is still empty (its `section-empty` is information, "à rédiger",
 *   while the student writes; a report handed in without its conclusion is not ready);
 * - else "prêt" (information findings only, or none).
 */
export function classState(row: Pick<ClassRow, 'missing' | 'missingTitles' | 'emptyTitles' | 'drafted' | 'findings' | 'pages'>): { state: ClassState; reason: string } {
  if (row.missing.length > 0) {
    return { state: 'incomplet', reason: mandatorySections(row.missingTitles, 'absente') };
  }
  if (!row.drafted) {
    // A BTS that gives no length (MM: a maximum only) is drafted once every mandatory section is written.
    if (row.pages.reference === null) return { state: 'incomplet', reason: mandatorySections(row.emptyTitles, 'encore vide') };
    const body = frPages(row.pages.body, row.pages.exact);
    return { state: 'incomplet', reason: `Rapport encore court : ${approx(row.pages.exact)}${body} pages hors annexes, moins de la moitié des ${frNumber(row.pages.reference)} pages de référence du BTS.` };
  }
  const counted = row.findings.filter((f) => f.code !== 'deadline');
  const errors = counted.filter((f) => f.severity === 'error').length;
  const warnings = counted.filter((f) => f.severity === 'warning').length;
  if (errors + warnings > 0 || row.emptyTitles.length > 0) {
    const parts = [errors > 0 ? `${errors} erreur${errors > 1 ? 's' : ''}` : '', warnings > 0 ? `${warnings} avertissement${warnings > 1 ? 's' : ''}` : ''].filter(Boolean);
    const empty = row.emptyTitles.length > 0 ? mandatorySections(row.emptyTitles, 'encore vide') : '';
    return { state: 'à reprendre', reason: [empty, parts.length > 0 ? `${parts.join(' et ')} à corriger.` : ''].filter(Boolean).join(' ') };
  }
  const reminder = row.findings.some((f) => f.code === 'deadline' && (f.severity === 'error' || f.severity === 'warning'));
  return { state: 'prêt', reason: reminder ? 'Rien à corriger dans le rapport : seul le rappel de la date limite est signalé.' : 'Aucune erreur ni avertissement.' };
}

/** "2 sections obligatoires absentes : A, B." — the reason of an incomplete report. */
function mandatorySections(titles: readonly string[], state: 'absente' | 'encore vide'): string {
  const s = titles.length > 1 ? 's' : '';
  return `${titles.length} section${s} obligatoire${s} ${state}${s} : ${titles.join(', ')}.`;
}

function titleOf(profile: Profile, id: string): string {
  return profile.sections.find((s) => s.id === id)?.title ?? profile.groups.find((g) => g.id === id)?.title ?? id;
}

function deadlineState(daysLeft: number): DeadlineState {
  return daysLeft < 0 ? 'dépassée' : daysLeft <= 7 ? 'proche' : 'à venir';
}

/**
 * The row of one analysed file, or its entry among the "others" when it is not a report
 * (no profile). `file` is the path shown to the teacher.
 */
export function classRow(file: string, result: AnalysisResult, settings: AnalysisSettings = {}): ClassRow | ClassOther {
  const { model, findings } = result;
  // An empty file is no report, whatever --bts says of the files without a `bts` field.
  if (model.text.trim() === '') return { file, reason: EMPTY_FILE, kind: 'not-report' };
  if (!model.profile) {
    const bad = findings.filter((f) => f.severity === 'error');
    if (bad.length > 0) return { file, reason: `ligne ${bad[0]!.range.start.line + 1} : ${bad[0]!.message}`, kind: 'invalid', errors: bad.length };
    return { file, reason: NOT_A_REPORT, kind: 'not-report' };
  }
  const report = model as ReportModel & { profile: Profile };
  const profile = report.profile;
  const plan = planOf(report, settings);

  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const byCode = (code: string) => findings.filter((f) => f.code === code);
  const missing = byCode('section-missing')
    .filter((f) => f.severity === 'error')
    .map((f) => String(f.data.section));
  const budget: BudgetIssue[] = byCode('section-budget').map((f) => {
    const d = f.data as { section: string; pages: number; min: number | null; max: number | null };
    return { section: d.section, title: titleOf(profile, d.section), pages: d.pages, min: d.min, max: d.max, state: d.max !== null && d.pages > d.max ? 'over' : 'under' };
  });
  const hasMissingPart = (f: Finding) => Array.isArray(f.data.missing) && f.data.missing.length > 0;
  const incomplete = findings.filter((f) => (f.code === 'car-incomplete' || f.code === 'activity-incomplete') && hasMissingPart(f)).length;

  const expected = profile.options.englishDocuments;
  let english: ClassRow['english'] = null;
  if (typeof expected === 'number') {
    const section = sectionWithRole(report, 'english-documents');
    english = { found: section ? englishDocuments(section).length : 0, expected };
  }
  let deadline: ClassRow['deadline'] = null;
  if (profile.options.deadline === true) {
    const d = deadlineOf(report, settings);
    deadline = d ? { date: isoDate(d.date), daysLeft: d.daysLeft, state: deadlineState(d.daysLeft) } : { date: null, daysLeft: null, state: 'inconnue' };
  }

  const rowFindings: ClassFinding[] = findings.map((f) => ({
    code: f.code,
    severity: f.severity,
    line: f.range.start.line,
    character: f.range.start.character,
    message: f.message,
    excerpt: excerptAt(model, f.range.start.line),
  }));
  const base = {
    file,
    student: studentName(model, file),
    bts: profile.id,
    btsName: profile.name,
    pages: { body: plan.body, limit: plan.limit, exact: plan.exact, document: plan.document, reference: plan.draftReference },
    drafted: plan.drafted,
    missing,
    missingTitles: missing.map((id) => titleOf(profile, id)),
    emptyTitles: plan.sections.filter((x) => x.missing === 'error' && x.present && !x.hasContent).map((x) => x.title),
    budget,
    diary: byCode('journal-style').length,
    incomplete,
    english,
    deadline,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
    findings: rowFindings,
  };
  const { state, reason } = classState(base);
  return { ...base, state, stateReason: reason };
}

export function isRow(x: ClassRow | ClassOther): x is ClassRow {
  return 'student' in x;
}

/** Exit status as `check`: 2 when a file could not be read, else 1 when a file has an error finding, else 0. */
export function classStatus(summary: Pick<ClassSummary, 'rows' | 'others'>): number {
  if (summary.others.some((o) => o.kind === 'unreadable')) return 2;
  if (summary.rows.some((r) => r.errors > 0) || summary.others.some((o) => (o.errors ?? 0) > 0)) return 1;
  return 0;
}
