// Page figures in the editor: the plan payload the server sends with `rapport/summary`
// (mirror of server/src/analysis/plan.ts), the breakdown quick pick (status bar click, CodeLens
// click) and the commands that reveal a section or insert a missing one.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export interface PlanSection {
  id: string;
  title: string;
  heading: string | null;
  present: boolean;
  line: number | null;
  hasContent: boolean;
  pages: number | null;
  occupied: number | null;
  min: number | null;
  max: number | null;
  /** Against the budget, as the server's section-budget rule judges it. */
  budget: BudgetState;
  missing: 'error' | 'warning' | 'info' | null;
  outsideBody: boolean;
  group: string | null;
}

export interface PlanGroup {
  id: string;
  title: string;
  sections: string[];
  pages: number | null;
  occupied: number | null;
  min: number | null;
  max: number | null;
  budget: BudgetState;
  line: number | null;
  hasContent: boolean;
}

export interface ReportPlan {
  bts: string;
  btsName: string;
  body: number;
  document: number;
  limit: number | null;
  sections: PlanSection[];
  groups: PlanGroup[];
  pageModel: string;
  drafted: boolean;
  bodyBudget: BudgetState;
}

export function formatPages(n: number | null): string {
  return n === null ? '?' : n.toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

const num = (n: number) => n.toLocaleString('fr-FR', { maximumFractionDigits: 2 });

/** "1 à 2 p.", "4 p. au plus", "au moins 15 p.", or "" without a budget. */
export function formatBudget(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return `${num(min)} à ${num(max)} p.`;
  if (max !== null) return `${num(max)} p. au plus`;
  if (min !== null) return `au moins ${num(min)} p.`;
  return '';
}

export type BudgetState = 'over' | 'under' | 'ok' | 'none';

/** One line of the breakdown / one row of the plan view. */
export interface PlanItem {
  kind: 'total' | 'section' | 'group';
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

/** The rows of the plan: the total, then each expected section in order, then the page groups. */
export function planItems(plan: ReportPlan): PlanItem[] {
  const items: PlanItem[] = [];
  const limit = plan.limit === null ? '' : ` / ${plan.limit}`;
  items.push({
    kind: 'total',
    id: 'total',
    label: `${plan.btsName}`,
    description: `≈ ${formatPages(plan.body)}${limit} p. hors annexes · document ≈ ${formatPages(plan.document)} p.`,
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
    if (!s.present) parts.push(s.missing === 'error' ? 'obligatoire, absente' : s.missing ? 'attendue, absente' : 'facultative, absente');
    else if (s.pages !== null) parts.push(`≈ ${formatPages(s.pages)} p.`);
    else parts.push('présente');
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
      state: s.present ? s.budget : 'missing',
      missing: s.missing,
    });
  }
  for (const g of plan.groups) {
    items.push({
      kind: 'group',
      id: g.id,
      label: g.title,
      description: `${g.pages === null ? 'aucune section' : `≈ ${formatPages(g.pages)} p.`} · budget ${formatBudget(g.min, g.max)}`,
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
  const limit = plan.limit === null ? '' : ` pour ${plan.limit} au plus`;
  md.appendMarkdown(`**${plan.btsName}** — ≈ ${formatPages(plan.body)} pages hors annexes${limit} (document entier ≈ ${formatPages(plan.document)} p.)\n\n`);
  md.appendMarkdown(`${plan.pageModel}\n\n`);
  md.appendMarkdown('Estimation sans mise en page réelle : compte une marge d\'environ 5 %. Réglages : `rapport.pageModel.*`.');
  return md;
}

export const COMMANDS = {
  breakdown: 'rapportBts.showPageBreakdown',
  reveal: 'rapportBts.plan.reveal',
  insert: 'rapportBts.plan.insertSection',
};

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
  const edit = await client.sendRequest<unknown>('rapport/insertSection', { uri: uri.toString(), section });
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
    title: `Pages estimées — ${plan.btsName}`,
    placeHolder: 'Choisis une section pour y aller (une section absente est insérée à sa place)',
    matchOnDescription: true,
  });
  if (!choice) return;
  const it = choice.item;
  if (it.kind === 'section' && !it.present) await insertSection(client, uri, it.id);
  else if (it.line !== null) await revealLine(uri, it.line);
}
