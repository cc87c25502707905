// Page figures in the editor: the plan payload the server sends with `rapport/summary`
// (server/src/core/model/plan.ts), the breakdown quick pick (status bar click, CodeLens
// click) and the commands that reveal a section or insert a missing one.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

// The plan payload is the server's own type (type-only import: nothing of the server is bundled).
export type { BudgetState, PlanGroup, PlanSection, ReportPlan } from '../../server/src/core/model/plan';
import type { BudgetState, PlanSection, ReportPlan } from '../../server/src/core/model/plan';
import { COMMANDS, INSERT_SECTION_REQUEST } from '../../server/src/protocol';
import { placeholderAfterEdits } from '../../server/src/core/text/placeholder';
import type { Range as LspRange, TextEdit as LspTextEdit } from '../../server/src/core/types';

// "23,4" for an estimate, "23" for an exact count; "1 à 2 p." budgets: the server's one formatter.
import { frBudget as formatBudget, frPages as formatPages } from '../../server/src/core/text/numbers';
export { formatBudget, formatPages };

/** "≈ 3,2 p." (estimate) or "p. 4–6 · 3 p." (counted on the export). */
export function formatSectionPages(pages: number, startPage: number | null | undefined, exact: boolean): string {
  if (!exact) return `≈ ${formatPages(pages)} p.`;
  if (startPage === null || startPage === undefined) return `${formatPages(pages, true)} p.`;
  const range = pages > 1 ? `${startPage}–${startPage + pages - 1}` : String(startPage);
  return `p. ${range} · ${formatPages(pages, true)} p.`;
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
  state: RowState;
  missing: PlanSection['missing'];
}

/**
 * What a row shows: `ok` (✓) only for a part that is written and within its budget (or has none);
 * `empty` for a part present but still to write (a heading, guidance comments, placeholders);
 * `under` / `over` for a written part below / above its budget (shown as soon as it is written,
 * even before the rules speak: the view is a map, not a verdict); `missing`; `none` otherwise.
 */
export type RowState = BudgetState | 'empty' | 'missing';

export function writtenState(
  hasContent: boolean,
  pages: number | null,
  min: number | null,
  max: number | null,
  budget: BudgetState,
  /** Pages the text fills (an exact count gives whole pages); `pages` when not given. */
  filled: number | null = pages,
): RowState {
  if (!hasContent) return 'empty';
  if (budget === 'over' || (max !== null && pages !== null && pages > max)) return 'over';
  if (min !== null && filled !== null && filled < min) return 'under';
  return 'ok';
}

/** The words after the figures of a row in that state ("", "à rédiger", "sous le budget"…). */
function stateWords(state: RowState): string | undefined {
  return state === 'empty' ? 'à rédiger' : state === 'under' ? 'sous le budget' : state === 'over' ? 'au-delà du budget' : undefined;
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
        ? `${body} p. hors annexes · document ${whole} p. (mise en page exportée)`
        : `${body} / ${String(plan.limit)} p. hors annexes · document ${whole} p. (mise en page exportée)`
      : plan.limit === null
        ? `≈ ${body} p. hors annexes · document ≈ ${whole} p.`
        : `≈ ${body} / ${String(plan.limit)} p. hors annexes · document ≈ ${whole} p.`,
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
          ? 'obligatoire, absente'
          : s.missing
            ? 'attendue, absente'
            : 'facultative, absente',
      );
    } else if (s.pages !== null) parts.push(formatSectionPages(s.pages, s.startPage, exact));
    else parts.push('présente');
    const state: RowState = s.present ? writtenState(s.hasContent, s.pages, s.min, s.max, s.budget, s.contentPages ?? s.pages) : 'missing';
    const words = stateWords(state);
    if (words) parts.push(words);
    if (budget) parts.push(`budget ${budget}`);
    if (s.outsideBody) parts.push('hors décompte');
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
      state,
      missing: s.missing,
    });
  }
  // Parts the BTS does not list (glossary, bibliography…): shown with their pages so that the
  // figures add up to the document; they take no part in the order check.
  (plan.extras ?? []).forEach((x, i) => {
    const parts = [formatSectionPages(x.pages, null, exact), 'hors plan'];
    if (x.outsideBody) parts.push('hors décompte');
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
    const pages = g.pages === null ? 'aucune section' : formatSectionPages(g.pages, null, exact);
    const state: RowState = g.pages === null ? 'none' : writtenState(g.hasContent, g.pages, g.min, g.max, g.budget);
    const words = stateWords(state);
    items.push({
      kind: 'group',
      id: g.id,
      label: g.title,
      description: [pages, ...(words ? [words] : []), `budget ${formatBudget(g.min, g.max)}`].join(' · '),
      present: g.line !== null,
      line: g.line,
      pages: g.pages,
      min: g.min,
      max: g.max,
      state,
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
      ? `**${plan.btsName}** — ${body} pages hors annexes (document entier ${whole} p.)`
      : `**${plan.btsName}** — ${body} pages hors annexes pour ${String(plan.limit)} au plus (document entier ${whole} p.)`
    : plan.limit === null
      ? `**${plan.btsName}** — ≈ ${body} pages hors annexes (document entier ≈ ${whole} p.)`
      : `**${plan.btsName}** — ≈ ${body} pages hors annexes pour ${String(plan.limit)} au plus (document entier ≈ ${whole} p.)`;
  md.appendMarkdown(`${figures}\n\n`);
  md.appendMarkdown(`${plan.pageModel}\n\n`);
  md.appendMarkdown(
    exact
      ? `Pages comptées sur le document exporté (la mise en page du PDF), après une pause dans la frappe. Réglages : \`rapport.pageModel.*\`.`
      : `Estimation sans mise en page réelle : le compte exact suit une pause dans la frappe. Réglages : \`rapport.pageModel.*\`.`,
  );
  return md;
}

export { COMMANDS };

/** Selects an LSP range of a document in its editor (shown if needed) and reveals it. */
export async function selectRange(uri: vscode.Uri | undefined, range: unknown): Promise<boolean> {
  const r = range as LspRange | undefined;
  if (!uri || !r || typeof r.start?.line !== 'number' || typeof r.end?.line !== 'number') return false;
  const editor =
    vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()) ??
    (await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false }));
  const sel = new vscode.Selection(r.start.line, r.start.character, r.end.line, r.end.character);
  editor.selection = sel;
  editor.revealRange(sel, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  if (vscode.window.activeTextEditor !== editor) await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preview: false });
  return true;
}

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
  const before = await vscode.workspace.openTextDocument(uri);
  const lspEdits = (edit as { changes?: Record<string, LspTextEdit[]> }).changes?.[uri.toString()] ?? [];
  const target = placeholderAfterEdits(before.getText(), lspEdits);
  const ok = await vscode.workspace.applyEdit(wsEdit);
  if (ok && target) {
    // Where the student writes: the section's first placeholder, or the line under its guidance.
    await selectRange(uri, target);
  } else if (ok) {
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

const ICON: Record<PlanItem['state'], string> = {
  over: '$(warning)',
  under: '$(info)',
  ok: '$(check)',
  empty: '$(circle-large-outline)',
  none: '$(circle-small)',
  missing: '$(circle-slash)',
};

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
    title: `Pages estimées — ${plan.btsName}`,
    placeHolder: 'Choisis une section pour y aller (une section absente est insérée à sa place)',
    matchOnDescription: true,
  });
  if (!choice) return;
  const it = choice.item;
  if (it.kind === 'section' && !it.present) await insertSection(client, uri, it.id);
  else if (it.line !== null) await revealLine(uri, it.line);
}
