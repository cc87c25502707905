// CodeLens on each recognised section heading: its estimated pages and its budget
// ("≈ 3,2 p. · budget 1 à 2 p."), on the front matter the whole report against the BTS limit,
// and on the first section of a page group the group's figure. A click opens the breakdown
// (client command `rapportBts.showPageBreakdown` in VS Code, which says it implements it in its
// initialization options; for other editors the server's own `rapport-bts.pageBreakdown`, run
// through workspace/executeCommand, which shows the breakdown as a message).

import { MessageType, ShowMessageNotification, type CodeLens } from 'vscode-languageserver/node';
import { budgetFigure, planOf, type BudgetState } from '../../core/model/plan';
import { approx, frBudget, frNumber } from '../../core/text/numbers';
import type { Profile, ReportModel } from '../../core/types';
import { COMMANDS } from '../../protocol';
import type { ServerContext } from './context';

export const SHOW_BREAKDOWN = COMMANDS.breakdown;
/** The same breakdown, implemented by the server for any client (workspace/executeCommand). */
export const SERVER_BREAKDOWN = 'rapport-bts.pageBreakdown';

/** The breakdown as lines of text: the total, then each section present, then the groups. */
export function breakdownText(plan: ReturnType<typeof planOf>): string {
  const limit = plan.limit !== null ? ` / ${plan.limit}` : '';
  const lines = [totalTitle(plan, limit)];
  for (const s of plan.sections) {
    if (!s.present || s.pages === null) continue;
    lines.push(`${s.title} : ${lensTitle(s, plan.exact, s.outsideBody)}`);
  }
  for (const x of plan.extras) lines.push(`${x.heading} : ${extraTitle(x, plan.exact)}`);
  for (const g of plan.groups) if (g.pages !== null) lines.push(`${g.title} : ${lensTitle(g, plan.exact)}`);
  return lines.join('\n');
}

/** "CPI : ≈ 23,4 / 40 p. hors annexes (document ≈ 31,0 p.)", without "≈" and decimals when exact. */
function totalTitle(plan: ReturnType<typeof planOf>, limit: string): string {
  const a = approx(plan.exact);
  const fixed = !plan.exact;
  return `${plan.btsName} : ${a}${frNumber(plan.body, fixed)}${limit} p. hors annexes (document ${a}${frNumber(plan.document, fixed)} p.)`;
}

/** "≈ 3,2 p." (estimate) or "p. 4–6 · 3 p." (counted on the export). */
export function pagesFigure(item: { pages: number | null; startPage?: number | null }, exact: boolean): string {
  const pages = item.pages ?? 0;
  if (!exact) return `≈ ${frNumber(pages, true)} p.`;
  const start = item.startPage ?? null;
  if (start === null) return `${frNumber(pages)} p.`;
  return `p. ${pages > 1 ? `${start}–${start + pages - 1}` : start} · ${frNumber(pages)} p.`;
}

/** "≈ 0,4 p. · hors plan" for a part the profile does not list. */
function extraTitle(x: { pages: number; outsideBody: boolean }, exact: boolean): string {
  return `${pagesFigure(x, exact)} · hors plan${x.outsideBody ? ', hors décompte des pages' : ''}`;
}

function lensTitle(item: { pages: number | null; contentPages?: number | null; startPage?: number | null; min: number | null; max: number | null; budget: BudgetState }, exact: boolean, outsideBody = false): string {
  let figure = pagesFigure(item, exact);
  if (outsideBody) return `${figure} · hors décompte des pages`;
  const budget = frBudget(item.min, item.max);
  if (!budget) return figure;
  // A section within one page is judged by the estimate of its text, even on exact figures (budgetFigure): the lens shows it.
  const judged = item.contentPages === undefined ? null : budgetFigure({ pages: item.pages, contentPages: item.contentPages }, exact);
  if (exact && judged && !judged.exact && judged.pages !== null) figure += ` (≈ ${frNumber(judged.pages, true)} p. de texte)`;
  return `${figure} · budget ${budget}${item.budget === 'over' ? ' — trop long' : item.budget === 'under' ? ' — trop court' : ''}`;
}

export function registerCodeLens(ctx: ServerContext): void {
  // The editor asks for lenses again after an edit, not after a settings change: when the page
  // model of a document changes, ask it to refresh them (clients without support answer an error).
  const models = new Map<string, string>();
  ctx.onDidAnalyze((uri) => {
    void ctx.getSettings(uri).then((settings) => {
      // The exact figures arriving (or an edit making them estimates again) change every lens too.
      const key = JSON.stringify([settings.pageModel ?? null, !!settings.exactPages]);
      const before = models.get(uri);
      models.set(uri, key);
      if (before !== undefined && before !== key) {
        void ctx.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
      }
    });
  });
  ctx.documents.onDidClose((e) => models.delete(e.document.uri));

  ctx.connection.onCodeLens(async (params) => {
    const uri = params.textDocument.uri;
    const result = await ctx.analysisOf(uri);
    if (!result?.model.profile) return [];
    const model = result.model as ReportModel & { profile: Profile };
    const plan = planOf(model, await ctx.getSettings(uri));
    const lenses: CodeLens[] = [];
    const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });
    const clientCommands = ctx.clientCommands();
    const name = clientCommands.includes(SHOW_BREAKDOWN) ? SHOW_BREAKDOWN : SERVER_BREAKDOWN;
    const command = (title: string) => ({ title, command: name, arguments: [uri] });

    const top = model.frontmatter?.range.start.line ?? model.headings[0]?.range.start.line ?? 0;
    const limit = plan.limit !== null ? ` / ${plan.limit}` : '';
    lenses.push({
      range: at(top),
      command: command(totalTitle(plan, limit)),
    });
    for (const s of plan.sections) {
      if (!s.present || s.line === null || s.pages === null || s.heading === null) continue;
      lenses.push({ range: at(s.line), command: command(lensTitle(s, plan.exact, s.outsideBody)) });
    }
    for (const x of plan.extras) lenses.push({ range: at(x.line), command: command(extraTitle(x, plan.exact)) });
    for (const g of plan.groups) {
      if (g.line === null || g.pages === null) continue;
      lenses.push({ range: at(g.line), command: command(`${g.title} : ${lensTitle(g, plan.exact)}`) });
    }
    return lenses;
  });

  // A notification, not a request: nothing waits for the student to dismiss it.
  const show = (message: string) => void ctx.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
  ctx.onCommand(SERVER_BREAKDOWN, async (args) => {
    const uri = typeof args[0] === 'string' ? args[0] : undefined;
    const result = uri ? await ctx.analysisOf(uri) : undefined;
    if (!uri || !result?.model.profile) {
      show('Rapport BTS : ouvrez un rapport de stage (en-tête avec « bts: ») pour voir ses pages.');
      return null;
    }
    const plan = planOf(result.model as ReportModel & { profile: Profile }, await ctx.getSettings(uri));
    show(breakdownText(plan));
    return null;
  });
}
