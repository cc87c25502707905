// Types shared by the analysis core, the rules and the hosts (language server, CLI).
// Nothing here depends on VS Code or on LSP types: positions are LSP-shaped
// (0-based line, UTF-16 character) but plain objects.

import type { ModelCode } from './model/codes';
import type { Root, RootContent, Heading } from 'mdast';
import type { DocumentMemo } from './memo';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'ignore';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A text edit on the analysed document. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** A quick fix: a titled set of edits, computed with the finding. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** True when this fix is the obvious one (LSP `isPreferred`). */
  preferred?: boolean;
}

export interface RelatedInformation {
  range: Range;
  message: string;
}

/**
 * What `data` carries, per diagnostic code: the contract table of docs/contracts.md. A rule's
 * findings are checked against it (`Rule<'car-incomplete'>` can only write `{ missing }`).
 */
export interface RuleDataMap {
  /** `value` and `accepted`: an unknown BTS. */
  frontmatter: { field: string; value?: string; accepted?: string[] };
  'section-missing': { section: string };
  'section-order': { section: string };
  'section-duplicate': { section: string };
  'section-empty': { section: string };
  'remerciements-tuteur': { missing: string[] };
  'page-budget': { pages: number; limit: number };
  'section-budget': { section: string; pages: number; min: number | null; max: number | null };
  'journal-style': { score: number; cues: string[] };
  'car-incomplete': { missing: string[] };
  'activity-incomplete': { missing: string[]; count?: number; max?: number };
  'mission-figure': { mission: string };
  'image-missing': { src: string; reason: string };
  'norm-citation': Record<string, never>;
  'brochure-style': { cues: string[] };
  'english-docs': { count: number; technical?: number; press?: number; document?: string; words?: number };
  'competence-unknown': { code: string };
  'annex-reference': { annex: number };
  deadline: { date: string };
  'document-size': { reason: string; size?: number; limit?: number; line?: number; count?: number; what?: string; message?: string };
}
export type RuleCode = keyof RuleDataMap;
/** The data of a finding of code `C` (any record for a code outside the contract, e.g. in tests). */
export type DataOf<C extends string> = C extends RuleCode ? RuleDataMap[C] : Record<string, unknown>;

/**
 * A finding as a rule writes it: no `code` (the rule's), no `docs` (the rule's page), and a
 * `severity` only when it differs from the rule's `defaultSeverity` (a profile's own severity…).
 * `runRules` (core/analyze.ts) stamps the rest.
 */
export interface FindingDraft<C extends string = string> {
  severity?: Severity;
  range: Range;
  message: string;
  data: DataOf<C>;
  related?: RelatedInformation[];
  fixes?: Fix[];
}

/** A finding as the hosts see it: code, severity and documentation URL stamped by `runRules`. */
export interface Finding<C extends string = string> extends FindingDraft<C> {
  code: C;
  severity: Severity;
  /** The rule's documentation page (docs/rules/<code>.md), LSP `codeDescription.href`. */
  docs: string;
}

/** A finding the model itself produces (front matter, document size: model/codes.ts), before `runRules` stamps its docs. */
export type ModelFinding<C extends ModelCode = ModelCode> = Omit<Finding<C>, 'docs'>;

// ---------------------------------------------------------------------------
// Profiles (data, loaded from server/src/profiles/*.yaml; schema: server/src/profiles/schema.ts)

/**
 * What a section is for, whatever its id in a profile: rules read the role, never a fixed id.
 * At most one section per role in a profile.
 */
export const SECTION_ROLES = [
  'annexes',
  'english-documents',
  'table-of-contents',
  'thanks',
  'company',
  'english-summary',
  'missions',
  'activities',
] as const;
export type SectionRole = (typeof SECTION_ROLES)[number];

export interface SectionSpec {
  id: string;
  /** What the section is for (read by the rules: annexes, thanks, missions…). */
  role?: SectionRole;
  /** Canonical French title, used in messages and inserted headings. */
  title: string;
  /** Heading texts that name this section (normalised before matching). */
  synonyms: string[];
  /** Severity when the section is missing; absent = optional section. */
  missing?: Severity;
  /** Recognised sections inside which this one may be nested (e.g. organisation in entreprise). */
  parents?: string[];
  /** Satisfied by the front matter instead of a heading (the cover page). */
  fromFrontmatter?: boolean;
  /** Page budget of the section itself. */
  pages?: { min?: number; max?: number; severity?: Severity };
  /** Outside the body page count (annexes, English documents). */
  outsideBody?: boolean;
  /** Short French skeleton inserted by the quick fix, under the heading. */
  skeleton?: string;
}

export interface PageGroupSpec {
  id: string;
  title: string;
  sections: string[];
  min?: number;
  max?: number;
  severity?: Severity;
}

export interface FrontmatterFieldSpec {
  /** Dotted path in the front matter, e.g. `auteur.nom`. */
  field: string;
  label: string;
  severity: Severity;
  /** Accepted values (case-insensitive), when the field is an enumeration. */
  values?: string[];
  /** What each value means (French), shown where the student picks one. */
  descriptions?: { value: string; text: string }[];
}

export interface Profile {
  id: string;
  name: string;
  aliases: string[];
  extends?: string;
  epreuve?: string;
  sections: SectionSpec[];
  groups: PageGroupSpec[];
  frontmatter: FrontmatterFieldSpec[];
  pages: {
    /** Body page limit (hors annexes). */
    limit?: number;
    /** Severity above `limit` (or above `warnAbove` when given). */
    severity?: Severity;
    /** Tolerance: findings only above this figure ("about 20" → 22). */
    warnAbove?: number;
    /** Info below this figure. */
    infoBelow?: number;
    /**
     * The body of a complete report as the official texts give it (SN "une trentaine de pages",
     * CPI the minimums of its budget added up): below half of it the report is still a draft.
     * Without it, `infoBelow`; without either (a bare maximum, MM "cinquante pages maximum"), the
     * report is a draft until every mandatory section is written (core/model/plan.ts).
     */
    expected?: number;
  };
  /** Options read by individual rules (the schema, profiles/schema.ts, accepts these and no other). */
  options: ProfileOptions;
}

export interface ProfileOptions {
  /** Missions in Contexte → Action → Résultat, with figures and norms, no brochure tone (CPI). */
  carRequired?: boolean;
  /** The thanks name the tutor and his or her position (CPI). */
  thanksNameTutor?: boolean;
  /** Number of documents expected in the section of role `english-documents`. */
  englishDocuments?: number;
  /** Most activities in the section of role `activities` (MM: two). */
  maxActivities?: number;
  /** Competence codes are checked against `competenceList`. */
  competences?: boolean;
  competenceList?: { code: string; title: string }[];
  /** Remind the submission deadline: the Friday of the next-to-last week of the stage (Électrotechnique). */
  deadline?: boolean;
}

export interface ProfileRegistry {
  profiles: Map<string, Profile>;
  /** Resolves an id or an alias (case and accents ignored). */
  resolve(value: string): Profile | undefined;
  ids(): string[];
}

// ---------------------------------------------------------------------------
// The report model: built once per document version, read by every rule.

export interface FrontmatterInfo {
  /** Range of the whole block, `---` lines included. */
  range: Range;
  /** Parsed data, or null if the YAML is invalid. */
  data: Record<string, unknown> | null;
  /** Line (0-based, in the document) of each top-level and nested key, by dotted path. */
  keyLines: Map<string, Range>;
  /** YAML syntax errors, already mapped to document ranges. */
  errors: { message: string; range: Range }[];
}

export interface HeadingInfo {
  node: Heading;
  depth: number;
  /** Plain text of the heading. */
  text: string;
  /** Normalised text (lower case, no accents, numbering and stop words removed). */
  normalized: string;
  range: Range;
  /** Offsets of the heading in the text. */
  startOffset: number;
  endOffset: number;
  /** Section id this heading was recognised as, if any. */
  sectionId?: string;
}

export interface Section {
  heading: HeadingInfo;
  /** Offset where the section ends (next heading of same or higher level, or EOF). */
  endOffset: number;
  /** Range from the heading to the end of the section. */
  range: Range;
  /** Top-level blocks of the section body (heading excluded, subsections included). */
  blocks: RootContent[];
  children: Section[];
  parent?: Section;
}

/** A heading recognised as a section of the profile. */
export interface RecognizedSection {
  id: string;
  /** The section; for missions or activities written as sibling headings, one section standing for all of them. */
  section: Section;
  /** The same heading already stands for another section the profile allows around this one
   * ("Présentation et organisation de la société" is both `entreprise` and `organisation`). */
  shared?: boolean;
}

export interface DisabledRegion {
  /** Codes disabled; empty = all codes. */
  codes: string[];
  startLine: number;
  /** Exclusive end line; Infinity when never re-enabled. */
  endLine: number;
}

export interface ReportModel {
  text: string;
  /** Offsets of the start of each line. */
  lineStarts: number[];
  root: Root;
  frontmatter: FrontmatterInfo | null;
  /** Profile of the report, or null when the document is not a report. */
  profile: Profile | null;
  /** How the BTS was decided. */
  btsSource: 'frontmatter' | 'setting' | 'none';
  headings: HeadingInfo[];
  /** Section tree (level-1 sections at the top; deeper headings nested). */
  sections: Section[];
  /** Recognised mandatory / known sections, in document order. */
  recognized: RecognizedSection[];
  disabled: DisabledRegion[];
  /** Findings produced while building the model (front matter problems). */
  modelFindings: ModelFinding[];
  /**
   * A document too large or too complex to parse (core/parse/size.ts): only its front matter is
   * in the tree, and only the front matter rule runs.
   */
  degraded: boolean;
  /**
   * Facts derived from this model (plan, page estimate, generated TOC, missions…), each computed
   * once per model, i.e. once per document version: read them through `fact` (core/facts.ts).
   */
  readonly facts: Map<string, unknown>;
  /**
   * The content memos of the document (core/memo.ts): kept by its analyzer from one version to
   * the next, shared by every model that analyzer builds, by no other document.
   */
  readonly memo: DocumentMemo;
}

export interface AnalysisSettings {
  /** Default BTS for files without a `bts` field (setting `rapport.bts`, CLI `--bts`). */
  bts?: string | null;
  /** Severity override per rule code. */
  rules?: Record<string, SeveritySetting>;
  pageModel?: Record<string, unknown>;
  /**
   * Size in pixels of an image referenced by the report (`src` as written), supplied by the host
   * (the core never reads files); undefined when unknown. See analysis/pages.ts.
   */
  imageSize?: (src: string) => { width: number; height: number } | undefined;
  /**
   * Why the export cannot use an image the report names (French reason), or undefined when it
   * can: supplied by the host (host/imageSize.ts), read by `image-missing`.
   */
  imageStatus?: (src: string) => string | undefined;
  journal?: { sensitivity?: 'low' | 'normal' | 'high' };
  /**
   * Exact page figures of this very text, typeset by the host (language server worker, CLI
   * `check --exact`); ignored when `text` is not the analysed text. The page estimate then
   * gives these figures instead of its own (core/pages/pages.ts).
   */
  exactPages?: { text: string; pages: ExactPages };
  /** Today's date (ISO) for date-dependent rules; tests pin it. */
  today?: string;
  /**
   * Above this many characters the document is not parsed (`document-size`, analysis/size.ts).
   * Not a user setting: tests and documentation examples lower it.
   */
  maxDocumentSize?: number;
}

/** A section's place in the typeset export (1-based pages, the cover is page 1). */
export interface ExactSection {
  /** Index of the section's heading in `model.root.children`. */
  index: number;
  startPage: number;
  endPage: number;
  pages: number;
}

/** Page figures counted on the exported document (export/exact.ts). */
export interface ExactPages {
  document: number;
  /** Hors annexes and English documents, as the BTS counts. */
  body: number;
  /** 1 with a cover page, else 0. */
  cover: number;
  sections: ExactSection[];
}

export interface RuleContext {
  settings: AnalysisSettings;
  registry: ProfileRegistry;
}

/**
 * A rule declares its code, default severity and docs once; `check` returns drafts, and
 * `runRules` stamps `code`, `severity` (the draft's, else `defaultSeverity`) and `docs` on them.
 */
export interface Rule<C extends string = string> {
  code: C;
  defaultSeverity: Severity;
  /** One French sentence: what the rule checks (the summary of its documentation page). */
  description: string;
  /** Runs on reports only (model.profile is set). */
  check(model: ReportModel & { profile: Profile }, ctx: RuleContext): FindingDraft<C>[];
}

/** A rule of the contract, with its `data` checked against `RuleDataMap` (the code is inferred). */
export function defineRule<C extends RuleCode>(rule: Rule<C>): Rule<C> {
  return rule;
}

export interface AnalysisResult {
  model: ReportModel;
  findings: Finding[];
}
