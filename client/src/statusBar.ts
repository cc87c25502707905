// Status bar item: the BTS and the body page estimate of the active report.

import * as vscode from 'vscode';
import type { SummaryPayload } from '../../server/src/protocol';
import { COMMANDS, formatPages, pageModelMarkdown } from './pages';

/** The `rapport/summary` payload (server/src/protocol.ts). */
export type ReportSummary = SummaryPayload;

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('rapportBts.pages', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = 'Rapport BTS : pages';
    this.item.command = { command: COMMANDS.breakdown, title: 'Pages estimées par section' };
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
        ? `${bts} · ${body} p.`
        : `${bts} · ${body} / ${String(s.pages.limit)} p.`
      : s.pages.limit === null
        ? `${bts} · ≈ ${body} p.`
        : `${bts} · ≈ ${body} / ${String(s.pages.limit)} p.`;
    this.item.text = `$(book) ${figures}`;
    if (s.plan) {
      const md = pageModelMarkdown(s.plan);
      md.appendMarkdown('\n\nClique pour voir les pages de chaque section.');
      this.item.tooltip = md;
    } else {
      this.item.tooltip = `${s.btsName ?? s.bts} — estimation des pages hors annexes, pour ${s.pages.limit === null ? '?' : String(s.pages.limit)} au plus.`;
    }
    const over = s.plan ? s.plan.bodyBudget === 'over' : s.pages.body !== null && s.pages.limit !== null && s.pages.body > s.pages.limit;
    this.item.backgroundColor = over ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
