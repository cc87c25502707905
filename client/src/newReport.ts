// Command `rapportBts.newReport`: creates a report from templates/<bts>.md with the student's
// answers in the front matter, next to the workspace (or as an untitled document), and opens it.
// Never overwrites: an existing `rapport-cpi.md` leads to `rapport-cpi-2.md`, and the file is
// created by a WorkspaceEdit that fails rather than replace a file that appeared meanwhile.
//
// Called with an argument object it asks nothing (tests, the "Plan du rapport" view):
//   { bts: 'cpi', fields?: { nom, prenom, etablissement, entreprise, tuteur, poste, debut, fin, unite },
//     folder?: 'file:///…' | '/abs/path', open?: boolean }   → resolves to the created Uri.

import * as vscode from 'vscode';
import {
  btsChoicesFromProfiles,
  checkFields,
  fillFrontmatter,
  freeFileName,
  isIsoDate,
  normalizeFields,
  templateFromProfile,
  type BtsChoice,
  type FieldProblem,
  type ReportFields,
} from './reportTemplate';
import { PROFILES_DIR_ENV } from '../../server/src/profiles/registry';

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
    void vscode.window.showErrorMessage(
      `Le rapport n'a pas pu être créé : ${e instanceof Error ? e.message : String(e)}`,
    );
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

// --- with UI -------------------------------------------------------------------------------

async function newReportInteractive(
  context: vscode.ExtensionContext,
  folder: vscode.Uri | undefined,
): Promise<vscode.Uri | undefined> {
  const choices = await loadChoices(context);
  if (choices.length === 0) throw new Error("aucun profil de BTS trouvé dans l'extension. Réinstalle l'extension Rapport BTS.");
  const picked = await vscode.window.showQuickPick(
    choices.map((c) => ({ label: c.name, description: c.id, choice: c })),
    {
      title: 'Nouveau rapport de stage',
      placeHolder: 'Choisis ton BTS',
      matchOnDescription: true,
      ignoreFocusOut: true,
    },
  );
  if (!picked) return undefined; // Escape on the BTS: nothing is created.
  const choice = picked.choice;

  const fields = await askFields(choice);
  const target = folder ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const content = fillFrontmatter(await templateText(context, choice), fields);
  const uri = await createReport(choice, content, target, true);
  const where = uri.scheme === 'untitled' ? 'un nouveau document non enregistré' : vscode.workspace.asRelativePath(uri);
  void vscode.window.showInformationMessage(
    `Rapport créé dans ${where}. Remplis l'en-tête, puis rédige chaque section : les commentaires <!-- … --> sont des conseils, ils ne comptent ni dans le texte ni dans les pages. La vue Problèmes liste ce qui manque encore.`,
  );
  return uri;
}

interface Question {
  field: keyof ReportFields;
  prompt: string;
  placeholder: string;
  /** Asked only when this returns true (e.g. the tutor's position once a tutor is named). */
  when?: (answers: ReportFields) => boolean;
  validate?: (value: string, answers: ReportFields) => string | undefined;
  /** Enumerated values: a quick pick instead of a text box. */
  values?: string[];
}

function questions(choice: BtsChoice): Question[] {
  const date = (value: string) =>
    value.trim() === '' || isIsoDate(value.trim())
      ? undefined
      : 'Écris la date au format AAAA-MM-JJ, par exemple 2026-01-05.';
  const qs: Question[] = [
    { field: 'nom', prompt: 'Ton nom', placeholder: 'par exemple Martin' },
    { field: 'prenom', prompt: 'Ton prénom', placeholder: 'par exemple Léa' },
    { field: 'etablissement', prompt: 'Ton établissement', placeholder: 'par exemple Lycée Jean Moulin' },
    { field: 'entreprise', prompt: "L'entreprise d'accueil", placeholder: 'par exemple MécaPrécis SAS' },
    { field: 'tuteur', prompt: 'Ton tuteur en entreprise (maître de stage) : son nom', placeholder: 'par exemple Paul Durand' },
    {
      field: 'poste',
      prompt: 'Le poste de ton tuteur',
      placeholder: "par exemple Responsable du bureau d'études",
      when: (a) => !!a.tuteur,
    },
    { field: 'debut', prompt: 'Premier jour du stage (AAAA-MM-JJ)', placeholder: '2026-01-05', validate: date },
    {
      field: 'fin',
      prompt: 'Dernier jour du stage (AAAA-MM-JJ)',
      placeholder: '2026-02-27',
      validate: (value, a) =>
        date(value) ??
        (a.debut && value.trim() !== '' && value.trim() < a.debut
          ? `La fin du stage est avant son début (${a.debut}) : vérifie les deux dates.`
          : undefined),
    },
  ];
  const unite = choice.enums['unite'];
  if (unite) {
    qs.push({ field: 'unite', prompt: 'Unité certificative choisie dans ta convention de stage', placeholder: unite.join(', '), values: unite });
  }
  return qs;
}

/** Asks the optional fields one by one. Escape skips a field; the ✓ button skips all the rest. */
async function askFields(choice: BtsChoice): Promise<ReportFields> {
  const answers: ReportFields = {};
  const all = questions(choice);
  const title = `Nouveau rapport — ${choice.name}`;
  for (let i = 0; i < all.length; i++) {
    const q = all[i]!;
    if (q.when && !q.when(answers)) continue;
    const result = q.values
      ? await pickValue(q, title, i + 2, all.length + 1)
      : await inputValue(q, answers, title, i + 2, all.length + 1);
    if (result === 'finish') break;
    if (result) answers[q.field] = result;
  }
  return answers;
}

const finishButton = (): vscode.QuickInputButton => ({
  iconPath: new vscode.ThemeIcon('check-all'),
  tooltip: 'Créer le rapport maintenant (laisser les autres champs vides)',
});

function inputValue(
  q: Question,
  answers: ReportFields,
  title: string,
  step: number,
  totalSteps: number,
): Promise<string | 'finish' | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = title;
    box.step = step;
    box.totalSteps = totalSteps;
    box.prompt = `${q.prompt} — facultatif : Entrée pour valider, Échap pour passer`;
    box.placeholder = q.placeholder;
    box.ignoreFocusOut = true;
    box.buttons = [finishButton()];
    let done = false;
    const finish = (v: string | 'finish' | undefined) => {
      if (done) return;
      done = true;
      resolve(v);
      box.dispose();
    };
    box.onDidChangeValue((v) => {
      box.validationMessage = q.validate?.(v, answers);
    });
    box.onDidAccept(() => {
      const v = box.value.trim();
      const problem = q.validate?.(v, answers);
      if (problem) {
        box.validationMessage = problem;
        return;
      }
      finish(v === '' ? undefined : v);
    });
    box.onDidTriggerButton(() => finish('finish'));
    box.onDidHide(() => finish(undefined));
    box.show();
  });
}

function pickValue(q: Question, title: string, step: number, totalSteps: number): Promise<string | 'finish' | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick();
    pick.title = title;
    pick.step = step;
    pick.totalSteps = totalSteps;
    pick.placeholder = `${q.prompt} — facultatif : Échap pour passer`;
    pick.items = (q.values ?? []).map((v) => ({ label: v }));
    pick.ignoreFocusOut = true;
    pick.buttons = [finishButton()];
    let done = false;
    const finish = (v: string | 'finish' | undefined) => {
      if (done) return;
      done = true;
      resolve(v);
      pick.dispose();
    };
    pick.onDidAccept(() => finish(pick.selectedItems[0]?.label));
    pick.onDidTriggerButton(() => finish('finish'));
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}

function describeProblem(p: FieldProblem): string {
  switch (p.kind) {
    case 'date':
      return `Champ « ${p.field} » : « ${p.value} » n'est pas une date écrite AAAA-MM-JJ.`;
    case 'order':
      return `Champ « fin » (${p.value}) : avant « debut ».`;
    case 'value':
      return `Champ « ${p.field} » : « ${p.value} » n'est pas l'une des valeurs ${p.accepted.join(', ')}.`;
    case 'unknown':
      return `Champ inconnu « ${p.field} ».`;
  }
}

// --- files ---------------------------------------------------------------------------------

async function loadChoices(context: vscode.ExtensionContext): Promise<BtsChoice[]> {
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

async function templateText(context: vscode.ExtensionContext, choice: BtsChoice): Promise<string> {
  const uri = vscode.Uri.joinPath(context.extensionUri, 'templates', `${choice.id}.md`);
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return templateFromProfile(choice); // A BTS added as a profile only.
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function folderOf(uri: vscode.Uri): Promise<vscode.Uri> {
  const stat = await vscode.workspace.fs.stat(uri);
  return stat.type & vscode.FileType.Directory ? uri : vscode.Uri.joinPath(uri, '..');
}

async function createReport(
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
