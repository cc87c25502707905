// Command "Check all reports in the folder" (Rapport : Vérifier tous les rapports du dossier):
// every Markdown file of the workspace (node_modules and hidden folders skipped) goes to the
// server, which analyses it and publishes its diagnostics — the Problems panel then lists the
// findings of reports that were never opened — and returns the class summary, shown in a
// webview with a button that saves the same page as a self-contained HTML file.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { renderHtml } from '../../server/src/classe/html';
import type { ClassSummary } from '../../server/src/classe/row';
import { describePageModel, readPageModel } from '../../server/src/core/pages/pageModel';
import { CLASSE_REQUEST, type ClasseParams } from '../../server/src/protocol';

export const CLASSE_COMMAND = 'rapportBts.classe';
const EXCLUDE = '{**/node_modules/**,**/.*/**}';

let panel: vscode.WebviewPanel | undefined;

function pageModelText(): string {
  return describePageModel(readPageModel(vscode.workspace.getConfiguration('rapport').get('pageModel')).model);
}

/** Runs the command: returns the summary (the integration tests read it), undefined without a folder. */
export async function checkWorkspace(client: LanguageClient): Promise<ClassSummary | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Rapport BTS : ouvre le dossier qui contient les rapports pour les vérifier tous.');
    return undefined;
  }
  const found = await vscode.workspace.findFiles('**/*.md', EXCLUDE);
  const files = found
    .map((uri) => ({ uri: uri.toString(), label: vscode.workspace.asRelativePath(uri, folders.length > 1) }))
    .sort((a, b) => a.label.localeCompare(b.label, 'fr', { numeric: true }));
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Rapport BTS : vérification de ${files.length} fichiers Markdown…`, cancellable: true },
    (_progress, token) => client.sendRequest<ClassSummary>(CLASSE_REQUEST, { files } satisfies ClasseParams, token),
  );
  show(summary, folders.map((f) => f.name).join(', '));
  return summary;
}

function show(summary: ClassSummary, source: string): void {
  const generatedAt = new Date().toISOString();
  const pageModel = pageModelText();
  if (!panel) {
    panel = vscode.window.createWebviewPanel('rapportBts.classe', 'Rapports de la classe', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [],
    });
    panel.onDidDispose(() => (panel = undefined));
  }
  const nonce = randomBytes(16).toString('base64');
  panel.webview.html = renderHtml(summary, { source, generatedAt, pageModel, webview: { nonce, cspSource: panel.webview.cspSource } });
  current?.dispose();
  current = panel.webview.onDidReceiveMessage(async (m: { type?: string }) => {
    if (m?.type !== 'save') return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'classe.html') } : {}),
      filters: { HTML: ['html'] },
      saveLabel: 'Enregistrer',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(renderHtml(summary, { source, generatedAt, pageModel })));
    void vscode.window.showInformationMessage(`Synthèse de la classe enregistrée dans ${vscode.workspace.asRelativePath(target)}.`);
  });
  panel.reveal();
}
let current: vscode.Disposable | undefined;

/** The webview panel of the last summary (tests). */
export function classePanel(): vscode.WebviewPanel | undefined {
  return panel;
}
