// Command "Check all reports in the folder" (Rapport : Vérifier tous les rapports du dossier):
// every Markdown file of the workspace (node_modules, hidden folders and hidden files skipped) goes to the
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
/** As `rapport-bts classe`: node_modules, hidden folders and hidden files (`._rapport.md` of macOS). */
const EXCLUDE = '{**/node_modules/**,**/.*/**,**/.*}';

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
  // Any case of the extension: a report saved on Windows as RAPPORT.MD is found, as by the CLI.
  const found = await vscode.workspace.findFiles('**/*.{md,MD,Md,mD}', EXCLUDE);
  const files = found
    .map((uri) => ({ uri: uri.toString(), label: vscode.workspace.asRelativePath(uri, folders.length > 1) }))
    .sort((a, b) => a.label.localeCompare(b.label, 'fr', { numeric: true }));
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Rapport BTS : vérification de ${files.length} fichiers Markdown…`, cancellable: true },
    (_progress, token) => client.sendRequest<ClassSummary>(CLASSE_REQUEST, { files } satisfies ClasseParams, token),
  );
  show(summary, folders.map((f) => f.name).join(', '), new Map(files.map((f) => [f.label, f.uri])));
  return summary;
}

/** What the summary's webview sends: save the page, or open a report at a finding's line. */
export type ClasseMessage = { type: 'save' } | { type: 'open'; file: string; line: number; character?: number };

/**
 * Opens the report `file` (a row's label, looked up in `uris`) with the cursor on the finding's
 * line, in an editor column beside the summary. False when the message names no known report
 * or no valid line (nothing is opened).
 */
export async function openFinding(m: { file?: unknown; line?: unknown; character?: unknown }, uris: ReadonlyMap<string, string>, beside?: vscode.ViewColumn): Promise<boolean> {
  const uri = typeof m.file === 'string' ? uris.get(m.file) : undefined;
  if (!uri || typeof m.line !== 'number' || !Number.isInteger(m.line) || m.line < 0) return false;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const line = Math.min(m.line, doc.lineCount - 1);
  const character = typeof m.character === 'number' && Number.isInteger(m.character) && m.character >= 0 ? m.character : 0;
  const at = doc.validatePosition(new vscode.Position(line, character));
  const column = beside === undefined ? vscode.ViewColumn.Active : beside === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, selection: new vscode.Range(at, at), preview: false });
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return true;
}

function show(summary: ClassSummary, source: string, uris: ReadonlyMap<string, string>): void {
  const generatedAt = new Date().toISOString();
  const pageModel = pageModelText();
  if (!panel) {
    panel = vscode.window.createWebviewPanel('rapportBts.classe', 'Rapports de la classe', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [],
    });
    panel.onDidDispose(() => {
      panel = undefined;
      dispatch = undefined;
    });
  }
  const nonce = randomBytes(16).toString('base64');
  panel.webview.html = renderHtml(summary, { source, generatedAt, pageModel, webview: { nonce, cspSource: panel.webview.cspSource } });
  const save = async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'classe.html') } : {}),
      filters: { HTML: ['html'] },
      saveLabel: 'Enregistrer',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(renderHtml(summary, { source, generatedAt, pageModel })));
    void vscode.window.showInformationMessage(`Synthèse de la classe enregistrée dans ${vscode.workspace.asRelativePath(target)}.`);
  };
  dispatch = async (m: unknown) => {
    const message = (m ?? {}) as { type?: unknown };
    if (message.type === 'save') await save();
    else if (message.type === 'open') {
      const shown = panel;
      const opened = await openFinding(message as Record<string, unknown>, uris, shown?.viewColumn);
      if (!opened) void vscode.window.showWarningMessage('Rapport BTS : ce rapport n\u2019est plus dans le dossier, ou la ligne n\u2019existe plus.');
    }
  };
  current?.dispose();
  current = panel.webview.onDidReceiveMessage((m) => dispatch?.(m));
  panel.reveal();
}
let current: vscode.Disposable | undefined;
/** The handler of the current summary's webview messages. */
let dispatch: ((m: unknown) => Promise<void>) | undefined;

/** The webview panel of the last summary (tests). */
export function classePanel(): vscode.WebviewPanel | undefined {
  return panel;
}

/**
 * Handles `m` as if the summary's webview had sent it (the integration tests: a test cannot
 * click inside a webview). False when no summary is shown.
 */
export async function classeMessage(m: ClasseMessage): Promise<boolean> {
  if (!dispatch) return false;
  await dispatch(m);
  return true;
}
