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

const ICONS: Record<PlanItem['state'], [string, string | undefined]> = {
  ok: ['pass', 'testing.iconPassed'],
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

  /** Shows the plan of a report (null: the document is not a report). Keeps the last report otherwise. */
  show(uri: string, plan: ReportPlan | null): void {
    if (!plan) {
      if (this.current?.uri === uri) this.current = undefined;
    } else {
      this.current = { uri, plan };
    }
    if (this.view) {
      this.view.message = this.current ? undefined : NO_REPORT;
      this.view.description = this.current ? vscode.workspace.asRelativePath(vscode.Uri.parse(this.current.uri)) : undefined;
    }
    this.emitter.fire(undefined);
  }

  get uri(): string | undefined {
    return this.current?.uri;
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
