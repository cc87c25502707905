// "Rapport : Exporter en PDF" / "Rapport : Exporter en Word (.docx)": the server makes the file
// (rapport/export, server/src/lsp/features/export.ts) next to the report; an existing file is
// replaced only when the student agrees; the result can be opened at once.

import * as vscode from 'vscode';
import { exists } from './fileExists';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EXPORT_REQUEST, type ExportParams, type ExportReply } from '../../server/src/protocol';

export const EXPORT_COMMANDS = { pdf: 'rapportBts.exportPdf', docx: 'rapportBts.exportDocx' } as const;

export interface ExportOptions {
  /** Replace an existing file without asking (tests, scripts). */
  force?: boolean;
  /** Do not offer to open the result (tests). */
  quiet?: boolean;
}

function targetOf(uri: vscode.Uri, format: 'pdf' | 'docx'): vscode.Uri {
  const base = uri.path.replace(/\.[^./]*$/, '');
  return uri.with({ path: `${base}.${format}` });
}

const fileName = (u: vscode.Uri) => u.path.split('/').pop() ?? u.path;

export async function exportReport(client: LanguageClient, uri: vscode.Uri, format: 'pdf' | 'docx', options: ExportOptions = {}): Promise<ExportReply | undefined> {
  if (uri.scheme === 'untitled') {
    void vscode.window.showWarningMessage("Enregistre d'abord le rapport : le fichier exporté se place à côté de lui.");
    return undefined;
  }
  const target = targetOf(uri, format);
  let force = !!options.force;
  const ask = async () => {
    const replace = 'Remplacer';
    const answer = await vscode.window.showWarningMessage(`« ${fileName(target)} » existe déjà. Le remplacer ?`, { modal: true }, replace);
    return answer === replace;
  };
  if (!force && (await exists(target))) {
    if (!(await ask())) return undefined;
    force = true;
  }
  const send = (f: boolean) =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: format === 'pdf' ? 'Export en PDF…' : 'Export en Word…' },
      () => client.sendRequest<ExportReply>(EXPORT_REQUEST, { uri: uri.toString(), format, target: target.scheme === 'file' ? target.fsPath : undefined, force: f } satisfies ExportParams),
    );
  let reply = await send(force);
  if (!reply.ok && reply.exists && !force) {
    if (!(await ask())) return reply;
    reply = await send(true);
  }
  if (!reply.ok) {
    void vscode.window.showErrorMessage(`Rapport BTS : ${reply.message}`);
    return reply;
  }
  for (const w of reply.warnings) void vscode.window.showWarningMessage(`Rapport BTS : ${w}`);
  if (!options.quiet) {
    const open = 'Ouvrir';
    const message =
      reply.pages !== null
        ? `Rapport exporté : ${fileName(target)} (${String(reply.pages)} pages).`
        : `Rapport exporté : ${fileName(target)}.`;
    void vscode.window.showInformationMessage(message, open).then((choice) => {
      if (choice === open) void vscode.env.openExternal(vscode.Uri.file(reply.ok ? reply.path : target.fsPath));
    });
  }
  return reply;
}
