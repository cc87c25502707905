// Command `rapportBts.newReport`: creates a report from templates/<bts>.md with the student's
// answers in the front matter, next to the workspace (or as an untitled document), and opens it.
// The questions are newReportWizard.ts (Escape cancels: nothing is created), the files
// newReportFiles.ts (never overwrites), the front matter reportTemplate.ts.
//
// Called with an argument object it asks nothing (tests, the "Plan du rapport" view):
//   { bts: 'cpi', fields?: { titre, nom, prenom, etablissement, entreprise, tuteur, poste, debut, fin, unite },
//     folder?: 'file:///…' | '/abs/path', open?: boolean }   → resolves to the created Uri.

import * as vscode from 'vscode';
import { checkFields, fillFrontmatter, normalizeFields, type BtsChoice, type FieldProblem, type ReportFields } from './reportTemplate';
import { createReport, folderOf, loadChoices, templateText } from './newReportFiles';
import { runWizard } from './newReportWizard';

export const NEW_REPORT_COMMAND = 'rapportBts.newReport';

export interface NewReportArgs {
  bts: string;
  fields?: ReportFields;
  /** Folder to create the report in: a URI string or a file system path. Default: first workspace folder. */
  folder?: string;
  /** Open the report in an editor (default true). */
  open?: boolean;
}

export function registerNewReport(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand(NEW_REPORT_COMMAND, (arg?: unknown) => newReport(context, arg));
}

async function newReport(context: vscode.ExtensionContext, arg: unknown): Promise<vscode.Uri | undefined> {
  if (isArgs(arg)) return newReportFromArgs(context, arg);
  try {
    // Invoked from a menu on a file or folder, the argument is its Uri: create the report there.
    const folder = arg instanceof vscode.Uri ? await folderOf(arg) : undefined;
    return await newReportInteractive(context, folder);
  } catch (e) {
    void vscode.window.showErrorMessage(`Le rapport n'a pas pu être créé : ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

function isArgs(arg: unknown): arg is NewReportArgs {
  return !!arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) && typeof (arg as NewReportArgs).bts === 'string';
}

// --- without UI ----------------------------------------------------------------------------

async function newReportFromArgs(context: vscode.ExtensionContext, args: NewReportArgs): Promise<vscode.Uri> {
  const choices = await loadChoices(context);
  const choice = findChoice(choices, args.bts);
  if (!choice) {
    throw new Error(`BTS inconnu « ${args.bts} ». BTS possibles : ${choices.map((c) => c.id).join(', ')}.`);
  }
  const fields = args.fields ?? {};
  const problems = checkFields(fields as Record<string, unknown>, choice);
  if (problems.length > 0) throw new Error(problems.map(describeProblem).join(' '));
  const folder = args.folder !== undefined ? toUri(args.folder) : vscode.workspace.workspaceFolders?.[0]?.uri;
  const content = fillFrontmatter(await templateText(context, choice), normalizeFields(fields, choice));
  return createReport(choice, content, folder, args.open !== false);
}

function toUri(folder: string): vscode.Uri {
  // A URI has a scheme of two letters or more; `C:\…` is a Windows path.
  return /^[a-zA-Z][\w+.-]+:/.test(folder) ? vscode.Uri.parse(folder) : vscode.Uri.file(folder);
}

function findChoice(choices: BtsChoice[], bts: string): BtsChoice | undefined {
  const wanted = bts.trim().toLowerCase();
  return choices.find((c) => c.id.toLowerCase() === wanted);
}

function describeProblem(p: FieldProblem): string {
  switch (p.kind) {
    case 'date':
      return `Champ « ${p.field} » : « ${p.value} » n'est pas une date JJ/MM/AAAA ou AAAA-MM-JJ.`;
    case 'order':
      return `Champ « fin » (${p.value}) : la fin du stage est avant son début.`;
    case 'value':
      return `Champ « ${p.field} » : « ${p.value} » n'est pas une des valeurs possibles (${p.accepted.join(', ')}).`;
    case 'unknown':
      return `Champ inconnu « ${p.field} ».`;
  }
}

// --- with UI -------------------------------------------------------------------------------

async function newReportInteractive(
  context: vscode.ExtensionContext,
  folder: vscode.Uri | undefined,
): Promise<vscode.Uri | undefined> {
  const choices = await loadChoices(context);
  if (choices.length === 0) throw new Error("aucun profil de BTS trouvé dans l'extension. Réinstalle l'extension Rapport BTS.");
  const answers = await runWizard(choices);
  if (!answers) {
    // Escape: nothing is written.
    vscode.window.setStatusBarMessage('Nouveau rapport annulé : aucun fichier créé.', 5000);
    return undefined;
  }
  const { choice, fields } = answers;
  const target = folder ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const content = fillFrontmatter(await templateText(context, choice), normalizeFields(fields, choice));
  const uri = await createReport(choice, content, target, true);
  const where = uri.scheme === 'untitled' ? 'un nouveau document non enregistré' : vscode.workspace.asRelativePath(uri);
  void vscode.window.showInformationMessage(
    `Rapport créé dans ${where}. Remplis l'en-tête, puis rédige chaque section : les commentaires <!-- … --> sont des conseils, ils ne comptent ni dans le texte ni dans les pages. La vue Problèmes liste ce qui manque encore.`,
  );
  return uri;
}
