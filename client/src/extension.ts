// The VS Code client: starts the language server and shows what it reports.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { StatusBar, type ReportSummary } from './statusBar';
import { registerNewReport } from './newReport';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
      { scheme: 'vscode-remote', language: 'markdown' },
    ],
    synchronize: { configurationSection: 'rapport' },
    initializationOptions: { settings: vscode.workspace.getConfiguration('rapport') },
  };
  client = new LanguageClient('rapportBts', vscode.l10n.t('Rapport BTS'), serverOptions, clientOptions);

  const statusBar = new StatusBar();
  context.subscriptions.push(statusBar);
  context.subscriptions.push(registerNewReport(context));
  const summaries = new Map<string, ReportSummary>();
  const onSummary = new vscode.EventEmitter<ReportSummary>();
  context.subscriptions.push(onSummary);

  await client.start();
  context.subscriptions.push(
    client.onNotification('rapport/summary', (s: ReportSummary) => {
      summaries.set(s.uri, s);
      onSummary.fire(s);
      statusBar.update(vscode.window.activeTextEditor, summaries);
    }),
    vscode.window.onDidChangeActiveTextEditor((e) => statusBar.update(e, summaries)),
    vscode.workspace.onDidCloseTextDocument((d) => summaries.delete(d.uri.toString())),
  );
  statusBar.update(vscode.window.activeTextEditor, summaries);

  return {
    summaryOf: (uri: vscode.Uri) => summaries.get(uri.toString()),
    onDidUpdateSummary: onSummary.event,
    statusBarText: () => statusBar.text,
  };
}

export interface ExtensionApi {
  summaryOf(uri: vscode.Uri): ReportSummary | undefined;
  onDidUpdateSummary: vscode.Event<ReportSummary>;
  statusBarText(): string | undefined;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
