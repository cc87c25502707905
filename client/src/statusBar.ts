// Status bar item: the BTS and the body page estimate of the active report.

import * as vscode from 'vscode';
import type { SummaryPayload } from '../../server/src/protocol';
import { COMMANDS, formatPages, pageModelMarkdown } from './pages';

/** The `rapport/summary` payload (server/src/protocol.ts). */
export type ReportSummary = SummaryPayload;

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('rapportBts.pages', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = vscode.l10n.t('Rapport BTS: pages');
    this.item.command = { command: COMMANDS.breakdown, title: vscode.l10n.t('Estimated pages per section') };
  }

  get text(): string | undefined {
    return this.item.text || undefined;
  }

  update(editor: vscode.TextEditor | undefined, summaries: Map<string, ReportSummary>): void {
    const s = editor ? summaries.get(editor.document.uri.toString()) : undefined;
    if (!s || !s.bts) {
      this.item.hide();
      return;
    }
    // Acronyms in capitals (CPI, SN, CIEL, MM); a name keeps its accents ("Électrotechnique").
    const bts = s.bts.length <= 4 ? s.bts.toUpperCase() : (s.btsName ?? s.bts).replace(/^BTS\s+/, '');
    const exact = !!s.pages.exact;
    const body = formatPages(s.pages.body, exact);
    const figures = exact
      ? s.pages.limit === null
        ? vscode.l10n.t('{0} · {1} p.', bts, body)
        : vscode.l10n.t('{0} · {1} / {2} p.', bts, body, String(s.pages.limit))
      : s.pages.limit === null
        ? vscode.l10n.t('{0} · ≈ {1} p.', bts, body)
        : vscode.l10n.t('{0} · ≈ {1} / {2} p.', bts, body, String(s.pages.limit));
    this.item.text = `$(book) ${figures}`;
    if (s.plan) {
      const md = pageModelMarkdown(s.plan);
      md.appendMarkdown(`\n\n${vscode.l10n.t('Click to see the pages of each section.')}`);
      this.item.tooltip = md;
    } else {
      this.item.tooltip = vscode.l10n.t(
        '{0} — estimated pages excluding appendices, {1} at most.',
        s.btsName ?? s.bts,
        s.pages.limit === null ? '?' : String(s.pages.limit),
      );
    }
    const over = s.plan ? s.plan.bodyBudget === 'over' : s.pages.body !== null && s.pages.limit !== null && s.pages.body > s.pages.limit;
    this.item.backgroundColor = over ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
