// The files of the "new report" command: the BTS list from the profiles folder, the template of
// a BTS, and the creation of the report — never over an existing file: an existing
// `rapport-cpi.md` leads to `rapport-cpi-2.md`, and the file is created by a WorkspaceEdit that
// fails rather than replace a file that appeared meanwhile.

import * as vscode from 'vscode';
import { exists } from './fileExists';
import { btsChoicesFromProfiles, freeFileName, templateFromProfile, type BtsChoice } from './reportTemplate';
import { PROFILES_DIR_ENV } from '../../server/src/profiles/registry';

export async function loadChoices(context: vscode.ExtensionContext): Promise<BtsChoice[]> {
  // The same folder as the language server's: the bundled profiles, or the folder named by the
  // environment variable (a teacher's or a test's profiles).
  const override = process.env[PROFILES_DIR_ENV];
  const dir = override ? vscode.Uri.file(override) : vscode.Uri.joinPath(context.extensionUri, 'dist', 'profiles');
  const entries = await vscode.workspace.fs.readDirectory(dir);
  const sources = await Promise.all(
    entries
      .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.yaml'))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(async ([name]) => ({ name, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, name))) })),
  );
  return btsChoicesFromProfiles(sources);
}

export async function templateText(context: vscode.ExtensionContext, choice: BtsChoice): Promise<string> {
  const uri = vscode.Uri.joinPath(context.extensionUri, 'templates', `${choice.id}.md`);
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return templateFromProfile(choice); // A BTS added as a profile only.
  }
}

/** The folder of a file (or the folder itself), for a command invoked from the explorer. */
export async function folderOf(uri: vscode.Uri): Promise<vscode.Uri> {
  const stat = await vscode.workspace.fs.stat(uri);
  return stat.type & vscode.FileType.Directory ? uri : vscode.Uri.joinPath(uri, '..');
}

/** Writes the report in `folder` under a free name (an untitled document without a folder). */
export async function createReport(
  choice: BtsChoice,
  content: string,
  folder: vscode.Uri | undefined,
  open: boolean,
): Promise<vscode.Uri> {
  if (!folder) {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    if (open) await vscode.window.showTextDocument(doc);
    return doc.uri;
  }
  const bytes = new TextEncoder().encode(content);
  for (let attempt = 0; attempt < 5; attempt++) {
    const name = await freeFileName(choice.id, (n) => exists(vscode.Uri.joinPath(folder, n)));
    const uri = vscode.Uri.joinPath(folder, name);
    const edit = new vscode.WorkspaceEdit();
    // Neither overwrite nor ignoreIfExists: the edit fails if the file appeared since the check.
    edit.createFile(uri, { overwrite: false, ignoreIfExists: false, contents: bytes });
    let applied = false;
    try {
      applied = await vscode.workspace.applyEdit(edit);
    } catch {
      applied = false;
    }
    if (applied) {
      if (open) await vscode.window.showTextDocument(uri, { preview: false });
      return uri;
    }
    if (!(await exists(uri))) {
      throw new Error(`impossible d'écrire ${uri.fsPath || uri.toString()} (dossier en lecture seule ?).`);
    }
    // Someone created that name in the meantime: try the next one.
  }
  throw new Error(`aucun nom de fichier libre dans ${folder.fsPath || folder.toString()}.`);
}
