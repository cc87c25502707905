// Competence codes of the report (MM: C01…C16, A4-T1…A5-T6): where they are cited, which exist,
// and the coverage summary (which listed competences the report cites). Pure: the table comes
// from the profile (`options.competenceList`), the text from the model.

import { nonProseSpans } from '../parse/blocks';
import { rangeOf } from '../text/text';
import { sectionWithRole } from './roles';
import type { Profile, Range, ReportModel } from '../types';

export interface Competence {
  code: string;
  title: string;
}

export interface CompetenceMention {
  code: string;
  start: number;
  end: number;
  range: Range;
  /** The listed competence, or undefined for a code that does not exist. */
  competence: Competence | undefined;
}

export interface CompetenceCoverage {
  bts: string;
  /** Every listed competence, with the lines (0-based) where the report cites it. */
  competences: (Competence & { cited: boolean; lines: number[] })[];
  cited: number;
  total: number;
  /** Codes that look like competences but do not exist. */
  unknown: string[];
}

/** The competence table of a profile; empty when the BTS has none (option `competences`). */
export function competenceTable(profile: Profile | null): Competence[] {
  if (!profile || profile.options.competences !== true) return [];
  const list = profile.options.competenceList;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (c): c is Competence => !!c && typeof c === 'object' && typeof (c as Competence).code === 'string' && typeof (c as Competence).title === 'string',
  );
}

// "C01", "C16", "A4-T1" (upper case, as the référentiel writes them). "C25/30" (a concrete class) is not one.
export const COMPETENCE_CODE = /\b(?:C\d{2}|A\d-T\d{1,2})\b(?!\/\d)/g;

/** Offsets of code blocks, inline code, HTML and front matter: not prose, not citations. */
function excludedSpans(model: ReportModel): [number, number][] {
  return model.root.children.flatMap(nonProseSpans).sort((a, b) => a[0] - b[0]);
}

/** Every competence-like code cited in the report's prose, in order. */
export function competenceMentions(model: ReportModel): CompetenceMention[] {
  const table = competenceTable(model.profile);
  if (table.length === 0) return [];
  const byCode = new Map(table.map((c) => [c.code, c]));
  const spans = excludedSpans(model);
  const out: CompetenceMention[] = [];
  let k = 0;
  for (const m of model.text.matchAll(COMPETENCE_CODE)) {
    const start = m.index;
    while (k < spans.length && spans[k]![1] <= start) k++;
    if (k < spans.length && spans[k]![0] <= start) continue;
    const end = start + m[0].length;
    out.push({ code: m[0], start, end, range: rangeOf(model.lineStarts, start, end), competence: byCode.get(m[0]) });
  }
  return out;
}

export function competenceCoverage(model: ReportModel): CompetenceCoverage | null {
  const table = competenceTable(model.profile);
  if (table.length === 0 || !model.profile) return null;
  const mentions = competenceMentions(model);
  const competences = table.map((c) => {
    const lines = [...new Set(mentions.filter((m) => m.code === c.code).map((m) => m.range.start.line))];
    return { ...c, cited: lines.length > 0, lines };
  });
  return {
    bts: model.profile.id,
    competences,
    cited: competences.filter((c) => c.cited).length,
    total: competences.length,
    unknown: [...new Set(mentions.filter((m) => !m.competence).map((m) => m.code))],
  };
}

/** The mention under an offset (hover). */
export function competenceAt(model: ReportModel, offset: number): CompetenceMention | undefined {
  return competenceMentions(model).find((m) => offset >= m.start && offset <= m.end);
}

/** French Markdown summary of the coverage, for a hover or an information line. */
export function coverageMarkdown(cov: CompetenceCoverage): string {
  const lines = [`**Compétences citées : ${cov.cited} / ${cov.total}**`, ''];
  for (const c of cov.competences) {
    lines.push(`- ${c.cited ? '✓' : '✗'} **${c.code}** ${c.title}${c.cited ? ` (ligne${c.lines.length > 1 ? 's' : ''} ${c.lines.map((l) => l + 1).join(', ')})` : ''}`);
  }
  if (cov.unknown.length > 0) lines.push('', `Codes inconnus : ${cov.unknown.join(', ')}.`);
  return lines.join('\n');
}

/** Closest listed codes to an unknown one, for the message ("A4-T9" → A4-T1…A4-T6). */
export function sameFamily(code: string, table: Competence[]): Competence[] {
  const family = code.startsWith('A') ? code.slice(0, 4) : 'C';
  return table.filter((c) => c.code.startsWith(family));
}


// ---------------------------------------------------------------------------
// Editor helpers (plain objects; the language server maps them to LSP types).

export interface CompetenceHover {
  markdown: string;
  range: Range;
}

/**
 * Hover at an offset: the title of a competence code, or the coverage summary on the heading
 * of the activities section.
 */
export function competenceHover(model: ReportModel, offset: number): CompetenceHover | null {
  const table = competenceTable(model.profile);
  if (table.length === 0) return null;
  const m = competenceAt(model, offset);
  if (m) {
    return {
      markdown: m.competence
        ? `**${m.code}** — ${m.competence.title}`
        : `**${m.code}** : code inconnu pour le ${model.profile!.name}. Codes valables : ${sameFamily(m.code, table)
            .map((c) => c.code)
            .join(', ') || table.map((c) => c.code).join(', ')}.`,
      range: m.range,
    };
  }
  const activities = sectionWithRole(model, 'activities');
  if (activities && offset >= activities.heading.startOffset && offset <= activities.heading.endOffset) {
    const cov = competenceCoverage(model);
    if (cov) return { markdown: coverageMarkdown(cov), range: activities.heading.range };
  }
  return null;
}

export interface CompetenceCompletion {
  code: string;
  title: string;
  /** Range of the code prefix already typed, replaced by the completion. */
  range: Range;
}

// A code being typed at the end of the line: "C", "C1", "A", "A4", "A4-", "A4-T" — not inside a word.
const TYPING = /(?:^|[^\p{L}\p{N}_-])(C\d{0,2}|A(?:\d(?:-(?:T\d?)?)?)?)$/u;

/** Completion items for the code prefix before the cursor (`line`, `character` in the document). */
export function competenceCompletions(model: ReportModel, line: number, character: number): CompetenceCompletion[] {
  const table = competenceTable(model.profile);
  if (table.length === 0) return [];
  const start = model.lineStarts[line];
  if (start === undefined) return [];
  const before = model.text.slice(start, start + character);
  const m = TYPING.exec(before);
  const prefix = m ? m[1]! : '';
  if (!m && before.length > 0 && !/\s$/.test(before)) return [];
  const range = { start: { line, character: character - prefix.length }, end: { line, character } };
  return table.filter((c) => c.code.startsWith(prefix)).map((c) => ({ code: c.code, title: c.title, range }));
}
