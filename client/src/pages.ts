// Page figures in the editor: the plan payload the server sends with `rapport/summary`
// (server/src/core/model/plan.ts), the breakdown quick pick (status bar click, CodeLens
// click) and the commands that reveal a section or insert a missing one.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

// The plan payload is the server's own type (type-only import: nothing of the server is bundled).
export type { BudgetState, PlanGroup, PlanSection, ReportPlan } from '../../server/src/core/model/plan';
import type { BudgetState, PlanSection, ReportPlan } from '../../server/src/core/model/plan';
import { COMMANDS, INSERT_SECTION_REQUEST } from '../../server/src/protocol';

/** "23,4" for an estimate, "23" for an exact count. */
export function formatPages(n: number | null, exact = false): string {
  return n === null ? '?' : n.toLocaleString('fr-FR', { minimumFractionDigits: exact ? 0 : 1, maximumFractionDigits: exact ? 0 : 1 });
}

/** "≈ 3,2 p." (estimate) or "p. 4–6 · 3 p." (counted on the export). */
export function formatSectionPages(pages: number, startPage: number | null | undefined, exact: boolean): string {
  if (!exact) return vscode.l10n.t('≈ {0} p.', formatPages(pages));
  if (startPage === null || startPage === undefined) return vscode.l10n.t('{0} p.', formatPages(pages, true));
  const range = pages > 1 ? `${startPage}–${startPage + pages - 1}` : String(startPage);
  return vscode.l10n.t('p. {0} · {1} p.', range, formatPages(pages, true));
}

const num = (n: number) => n.toLocaleString('fr-FR', { maximumFractionDigits: 2 });

/** "1 to 2 p.", "4 p. at most", "at least 15 p." (in French "1 à 2 p.", …), or "" without a budget. */
export function formatBudget(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return vscode.l10n.t('{0} to {1} p.', num(min), num(max));
  if (max !== null) return vscode.l10n.t('{0} p. at most', num(max));
  if (min !== null) return vscode.l10n.t('at least {0} p.', num(min));
  return '';
}

/** One line of the breakdown / one row of the plan view. */
export interface PlanItem {
  kind: 'total' | 'section' | 'extra' | 'group';
  id: string;
  label: string;
  description: string;
  present: boolean;
  line: number | null;
  pages: number | null;
  min: number | null;
  max: number | null;
  state: BudgetState | 'missing';
  missing: PlanSection['missing'];
}

/** The rows of the plan: the total, each expected section in order, the parts outside the plan, then the page groups. */
export function planItems(plan: ReportPlan): PlanItem[] {
  const items: PlanItem[] = [];
  const exact = !!plan.exact;
  const body = formatPages(plan.body, exact);
  const whole = formatPages(plan.document, exact);
  items.push({
    kind: 'total',
    id: 'total',
    label: `${plan.btsName}`,
    description: exact
      ? plan.limit === null
        ? vscode.l10n.t('{0} p. excluding appendices · document {1} p. (exported layout)', body, whole)
        : vscode.l10n.t('{0} / {1} p. excluding appendices · document {2} p. (exported layout)', body, String(plan.limit), whole)
      : plan.limit === null
        ? vscode.l10n.t('≈ {0} p. excluding appendices · document ≈ {1} p.', body, whole)
        : vscode.l10n.t('≈ {0} / {1} p. excluding appendices · document ≈ {2} p.', body, String(plan.limit), whole),
    present: true,
    line: null,
    pages: plan.body,
    min: null,
    max: plan.limit,
    state: plan.bodyBudget,
    missing: null,
  });
  for (const s of plan.sections) {
    const budget = formatBudget(s.min, s.max);
    const parts: string[] = [];
    if (!s.present) {
      parts.push(
        s.missing === 'error'
          ? vscode.l10n.t('required, missing')
          : s.missing
            ? vscode.l10n.t('expected, missing')
            : vscode.l10n.t('optional, missing'),
      );
    } else if (s.pages !== null) parts.push(formatSectionPages(s.pages, s.startPage, exact));
    else parts.push(vscode.l10n.t('present'));
    if (budget) parts.push(vscode.l10n.t('budget {0}', budget));
    if (s.outsideBody) parts.push(vscode.l10n.t('not counted'));
    items.push({
      kind: 'section',
      id: s.id,
      label: s.heading ?? s.title,
      description: parts.join(' · '),
      present: s.present,
      line: s.line,
      pages: s.pages,
      min: s.min,
      max: s.max,
      state: s.present ? s.budget : 'missing',
      missing: s.missing,
    });
  }
  // Parts the BTS does not list (glossary, bibliography…): shown with their pages so that the
  // figures add up to the document; they take no part in the order check.
  (plan.extras ?? []).forEach((x, i) => {
    const parts = [formatSectionPages(x.pages, null, exact), vscode.l10n.t('not in the plan')];
    if (x.outsideBody) parts.push(vscode.l10n.t('not counted'));
    items.push({
      kind: 'extra',
      id: `extra-${i}`,
      label: x.heading,
      description: parts.join(' · '),
      present: true,
      line: x.line,
      pages: x.pages,
      min: null,
      max: null,
      state: 'none',
      missing: null,
    });
  });
  for (const g of plan.groups) {
    const pages = g.pages === null ? vscode.l10n.t('no section') : formatSectionPages(g.pages, null, exact);
    items.push({
      kind: 'group',
      id: g.id,
      label: g.title,
      description: `${pages} · ${vscode.l10n.t('budget {0}', formatBudget(g.min, g.max))}`,
      present: g.line !== null,
      line: g.line,
      pages: g.pages,
      min: g.min,
      max: g.max,
      state: g.budget,
      missing: null,
    });
  }
  return items;
}

/** Markdown explaining the figures: what "a page" means under the current page model. */
export function pageModelMarkdown(plan: ReportPlan): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  const exact = !!plan.exact;
  const body = formatPages(plan.body, exact);
  const whole = formatPages(plan.document, exact);
  const figures = exact
    ? plan.limit === null
      ? vscode.l10n.t('**{0}** — {1} pages excluding appendices (whole document {2} p.)', plan.btsName, body, whole)
      : vscode.l10n.t('**{0}** — {1} pages excluding appendices, {2} at most (whole document {3} p.)', plan.btsName, body, String(plan.limit), whole)
    : plan.limit === null
      ? vscode.l10n.t('**{0}** — ≈ {1} pages excluding appendices (whole document ≈ {2} p.)', plan.btsName, body, whole)
      : vscode.l10n.t(
          '**{0}** — ≈ {1} pages excluding appendices, {2} at most (whole document ≈ {3} p.)',
          plan.btsName,
          body,
          String(plan.limit),
          whole,
        );
  md.appendMarkdown(`${figures}\n\n`);
  md.appendMarkdown(`${plan.pageModel}\n\n`);
  md.appendMarkdown(
    exact
      ? vscode.l10n.t('Counted on the exported document (the PDF layout), after a pause in typing. Settings: {0}.', '`rapport.pageModel.*`')
      : vscode.l10n.t('An estimate without the actual layout: allow for a margin of about 5%. The exact count follows a pause in typing. Settings: {0}.', '`rapport.pageModel.*`'),
  );
  return md;
}

export { COMMANDS };

/** Reveals a 0-based line of a document. */
export async function revealLine(uri: vscode.Uri, line: number): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const pos = new vscode.Position(line, 0);
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.AtTop);
}

/** Inserts a missing section where the profile expects it (server `rapport/insertSection`); undoable. */
export async function insertSection(client: LanguageClient, uri: vscode.Uri, section: string): Promise<boolean> {
  const edit = await client.sendRequest<unknown>(INSERT_SECTION_REQUEST, { uri: uri.toString(), section });
  if (!edit) return false;
  const wsEdit = await client.protocol2CodeConverter.asWorkspaceEdit(edit as Parameters<LanguageClient['protocol2CodeConverter']['asWorkspaceEdit']>[0]);
  if (!wsEdit) return false;
  const ok = await vscode.workspace.applyEdit(wsEdit);
  if (ok) {
    const doc = await vscode.workspace.openTextDocument(uri);
    const inserted = [...wsEdit.entries()].flatMap(([, edits]) => edits)[0];
    if (inserted) {
      const lines = inserted.newText.split(/\r?\n/);
      const offset = lines.findIndex((l) => l.startsWith('#'));
      await revealLine(uri, Math.min(inserted.range.start.line + Math.max(offset, 0), doc.lineCount - 1));
    }
  }
  return ok;
}

const ICON: Record<PlanItem['state'], string> = { over: '$(warning)', under: '$(info)', ok: '$(check)', none: '$(circle-small)', missing: '$(circle-slash)' };

/** The breakdown quick pick: pick a present section to reveal it, a missing one to insert it. */
export async function showBreakdown(client: LanguageClient, uri: vscode.Uri, plan: ReportPlan): Promise<void> {
  const items = planItems(plan);
  const picks = items.map((it) => ({
    label: `${ICON[it.state]} ${it.label}`,
    description: it.description,
    detail: it.kind === 'total' ? plan.pageModel : undefined,
    item: it,
  }));
  const choice = await vscode.window.showQuickPick(picks, {
    title: vscode.l10n.t('Estimated pages — {0}', plan.btsName),
    placeHolder: vscode.l10n.t('Choose a section to go to it (a missing section is inserted in its place)'),
    matchOnDescription: true,
  });
  if (!choice) return;
  const it = choice.item;
  if (it.kind === 'section' && !it.present) await insertSection(client, uri, it.id);
  else if (it.line !== null) await revealLine(uri, it.line);
}
