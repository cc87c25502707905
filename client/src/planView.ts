// "Plan du rapport" tree view (explorer): the sections the BTS expects, in order, with their
// state (present / missing), estimated pages and budget, then the page groups. Clicking a
// present section reveals its heading; a missing one is inserted where the profile expects it
// (server `rapport/insertSection`, an undoable edit). Follows the active report.

import * as vscode from 'vscode';
import { COMMANDS, pageModelMarkdown, planItems, type PlanItem, type ReportPlan } from './pages';

export const PLAN_VIEW_ID = 'rapportBts.plan';

const NO_REPORT = "Ouvre un rapport de stage (un fichier Markdown dont l'en-tête contient « bts: ») pour voir son plan.";

/** A row of the view; `uri` is the report it belongs to. */
export interface PlanNode extends PlanItem {
  uri: string;
}

/** ✓ only for `ok`: a part written and within its budget (see writtenState in pages.ts). */
const ICONS: Record<PlanItem['state'], [string, string | undefined]> = {
  ok: ['pass', 'testing.iconPassed'],
  empty: ['circle-large-outline', undefined],
  over: ['warning', 'problemsWarningIcon.foreground'],
  under: ['info', 'problemsInfoIcon.foreground'],
  none: ['circle-filled', undefined],
  missing: ['circle-slash', undefined],
};

export class PlanView implements vscode.TreeDataProvider<PlanNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<PlanNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** Undefined when the manifest does not contribute the view (the rows stay readable through the API). */
  private readonly view: vscode.TreeView<PlanNode> | undefined;
  private current: { uri: string; plan: ReportPlan } | undefined;

  constructor() {
    let view: vscode.TreeView<PlanNode> | undefined;
    try {
      view = vscode.window.createTreeView(PLAN_VIEW_ID, { treeDataProvider: this, showCollapseAll: false });
      view.message = NO_REPORT;
    } catch {
      view = undefined;
    }
    this.view = view;
  }

  private note: string | undefined = NO_REPORT;

  /** Shows the plan of a report. */
  show(uri: string, plan: ReportPlan): void {
    this.current = { uri, plan };
    this.note = undefined;
    if (this.view) {
      this.view.message = undefined;
      this.view.description = vscode.workspace.asRelativePath(vscode.Uri.parse(uri));
    }
    this.emitter.fire(undefined);
  }

  /** Empties the view, saying why (a file that is not a report, no file open…). */
  clear(message: string = NO_REPORT): void {
    this.current = undefined;
    this.note = message;
    if (this.view) {
      this.view.message = message;
      this.view.description = undefined;
    }
    this.emitter.fire(undefined);
  }

  get uri(): string | undefined {
    return this.current?.uri;
  }

  /** The message shown instead of rows (undefined while a plan is shown). */
  get message(): string | undefined {
    return this.note;
  }

  /** The rows shown, in order (also read by the real-editor tests through the extension API). */
  items(): PlanNode[] {
    if (!this.current) return [];
    const uri = this.current.uri;
    return planItems(this.current.plan).map((it) => ({ ...it, uri }));
  }

  getChildren(node?: PlanNode): PlanNode[] {
    return node ? [] : this.items();
  }

  getTreeItem(node: PlanNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = `${node.kind}:${node.id}`;
    item.description = node.description;
    const [icon, color] = node.state === 'missing' && node.missing === 'error' ? ['error', 'problemsErrorIcon.foreground'] : ICONS[node.state];
    item.iconPath = node.kind === 'total' ? new vscode.ThemeIcon('book') : new vscode.ThemeIcon(icon!, color ? new vscode.ThemeColor(color) : undefined);
    item.contextValue = node.kind === 'section' && !node.present ? 'missing' : node.kind;
    const tooltip = new vscode.MarkdownString(`**${node.label}** — ${node.description}\n\n`);
    if (this.current) tooltip.appendMarkdown(pageModelMarkdown(this.current.plan).value);
    item.tooltip = tooltip;
    const uri = vscode.Uri.parse(node.uri);
    if (node.kind === 'section' && !node.present) {
      item.command = { command: COMMANDS.insert, title: 'Insérer la section', arguments: [uri, node.id, { confirm: true }] };
    } else if (node.line !== null) {
      item.command = { command: COMMANDS.reveal, title: 'Aller à la section', arguments: [uri, node.line] };
    } else if (node.kind === 'total') {
      item.command = { command: COMMANDS.breakdown, title: 'Pages estimées', arguments: [node.uri] };
    }
    return item;
  }

  dispose(): void {
    this.view?.dispose();
    this.emitter.dispose();
  }
}
