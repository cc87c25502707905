// French wording of the class summary's cells, shared by the HTML and CSV renderers (and the
// VS Code client, which bundles the HTML renderer: nothing here imports the analysis core, only
// its pure number formatter).

import { approx as approxFigure, frNumber, frPages } from '../core/text/numbers';
import type { ClassOther, ClassRow, OtherKind } from './row';

/** "23,4 / 40" (no limit: "23,4"). */
export function pagesText(row: ClassRow): string {
  const body = frPages(row.pages.body, row.pages.exact);
  return row.pages.limit === null ? body : `${body} / ${row.pages.limit}`;
}

export function overLimit(row: ClassRow): boolean {
  return row.pages.limit !== null && row.pages.body > row.pages.limit;
}

/** "≈ " before an estimated figure, nothing before one counted on the export (`--exact`). */
export function approx(row: Pick<ClassRow, 'pages'>): string {
  return approxFigure(row.pages.exact);
}

/** "Introduction (au-delà du budget : ≈ 3,2 p. pour 2 au plus)"; exact figures: "… : 4 p. pour 2 au plus" (no adjective: section titles are of either gender, "Corps du rapport", "Conclusion"). */
export function budgetText(b: ClassRow['budget'][number], exact = false): string {
  // Exact figures are whole pages; a section within one page is judged by the estimate of its
  // text even then (core/model/plan.ts budgetFigure), and its figure says so.
  exact = exact && Number.isInteger(b.pages);
  const range =
    b.min !== null && b.max !== null ? `${frNumber(b.min)} à ${frNumber(b.max)}` : b.max !== null ? `${frNumber(b.max)} au plus` : `au moins ${frNumber(b.min ?? 0)}`;
  const pages = `${approxFigure(exact)}${frPages(b.pages, exact)} p.`;
  return `${b.title} (${budgetWord(b.state)} : ${pages} pour ${range})`;
}

/** Over or under a section's budget, in words that agree with any title. */
export function budgetWord(state: 'over' | 'under'): string {
  return state === 'over' ? 'au-delà du budget' : 'en deçà du budget';
}

export function englishText(row: ClassRow): string {
  return row.english ? `${row.english.found} / ${row.english.expected}` : '';
}

/** "20/02/2026" from "2026-02-20". */
export function frDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

export function deadlineText(row: ClassRow): string {
  const d = row.deadline;
  if (!d) return '';
  if (d.date === null) return 'inconnue (dates de stage absentes ou pas au format AAAA-MM-JJ)';
  if (d.state === 'dépassée') return `dépassée (${frDate(d.date)})`;
  if (d.state === 'proche') return `proche : ${frDate(d.date)}`;
  return `à venir : ${frDate(d.date)}`;
}

export const OTHER_KIND_FR: Record<OtherKind, string> = {
  'not-report': 'pas un rapport',
  unreadable: 'illisible',
  invalid: 'en-tête invalide',
};

export function otherLabel(o: ClassOther): string {
  return OTHER_KIND_FR[o.kind];
}

export const SEVERITY_LABEL = { error: 'erreur', warning: 'avertissement', info: 'conseil' } as const;

/** "30 rapports : 12 prêts, 10 à reprendre, 8 incomplets ; 2 autres fichiers". */
export function countsText(rows: readonly ClassRow[], others: readonly ClassOther[]): string {
  const n = (s: ClassRow['state']) => rows.filter((r) => r.state === s).length;
  const plural = (k: number, one: string, many: string) => `${k} ${k > 1 ? many : one}`;
  const head = `${plural(rows.length, 'rapport', 'rapports')} : ${plural(n('prêt'), 'prêt', 'prêts')}, ${n('à reprendre')} à reprendre, ${plural(n('incomplet'), 'incomplet', 'incomplets')}`;
  return others.length > 0 ? `${head} ; ${plural(others.length, 'autre fichier', 'autres fichiers')}` : head;
}
