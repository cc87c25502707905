// The class summary as CSV for a French Excel or LibreOffice: UTF-8 with a byte order mark,
// `;` between cells, decimal comma, CRLF line ends. Non-reports and unreadable files come last.

import { frCell } from '../core/text/numbers';
import { budgetText, deadlineText, otherLabel } from './format';
import type { ClassSummary } from './row';

export const CSV_HEADER = [
  'Fichier',
  'Élève',
  'BTS',
  'État',
  'Pages hors annexes (≈)',
  'Limite de pages',
  'Sections obligatoires manquantes',
  'Sections manquantes',
  'Sections hors budget',
  'Passages en style journal',
  'Missions ou activités incomplètes',
  'Documents en anglais trouvés',
  'Documents en anglais attendus',
  'Date limite',
  'Erreurs',
  'Avertissements',
  'Conseils',
  'Détail',
];

/**
 * One cell: quoted when it holds `;`, a quote or a line break. A text that a spreadsheet would take
 * for a formula (= + - @ at the start, e.g. a student name) is prefixed with an apostrophe.
 */
export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return frCell(v);
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The header: "Pages hors annexes (exactes)" when every row's figures were counted on the export. */
export function csvHeader(summary: ClassSummary): string[] {
  const exact = summary.rows.length > 0 && summary.rows.every((r) => r.pages.exact);
  return exact ? CSV_HEADER.map((h, i) => (i === PAGES_COLUMN ? 'Pages hors annexes (exactes)' : h)) : [...CSV_HEADER];
}

const PAGES_COLUMN = CSV_HEADER.indexOf('Pages hors annexes (≈)');

export function renderCsv(summary: ClassSummary): string {
  const lines = [csvHeader(summary).map(csvCell).join(';')];
  for (const r of summary.rows) {
    lines.push(
      [
        r.file,
        r.student,
        r.bts,
        r.state,
        r.pages.body,
        r.pages.limit,
        r.missing.length,
        r.missingTitles.join(', '),
        r.budget.map((b) => budgetText(b, r.pages.exact)).join(', '),
        r.diary,
        r.incomplete,
        r.english ? r.english.found : null,
        r.english ? r.english.expected : null,
        deadlineText(r),
        r.errors,
        r.warnings,
        r.infos,
        r.stateReason,
      ]
        .map(csvCell)
        .join(';'),
    );
  }
  for (const o of summary.others) {
    const cells: (string | number | null)[] = CSV_HEADER.map(() => null);
    cells[0] = o.file;
    cells[3] = otherLabel(o);
    cells[CSV_HEADER.length - 1] = o.reason;
    lines.push(cells.map(csvCell).join(';'));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
