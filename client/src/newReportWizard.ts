// The questions of the "new report" command, one step at a time in VS Code's quick input:
// the BTS, then the title and the header fields. At every step:
//   - Enter on an empty box, or the « Passer » item of a list, skips the question (the field
//     stays empty in the header);
//   - Escape cancels the whole command: nothing is created;
//   - the ← button goes back one step, the ✓ button creates the report with the answers so far.

import * as vscode from 'vscode';
import { toIsoDate, type BtsChoice, type ReportFields } from './reportTemplate';

export const WIZARD_TITLE = 'Nouveau rapport de stage';
export const SKIP_LABEL = 'Passer';

/** The student's answers, or undefined when the student cancelled (Escape). */
export interface WizardResult {
  choice: BtsChoice;
  fields: ReportFields;
}

interface Question {
  field: keyof ReportFields;
  prompt: string;
  placeholder: string;
  /** Asked only when this returns true (e.g. the tutor's position once a tutor is named). */
  when?: (answers: ReportFields) => boolean;
  /** A French message when the value cannot be used, undefined when it can. */
  validate?: (value: string, answers: ReportFields) => string | undefined;
  /** The value written to the header (dates as AAAA-MM-JJ). */
  normalize?: (value: string) => string;
  /** Enumerated values: a list to pick from instead of a text box. */
  values?: { value: string; description?: string }[];
}

type Step = { kind: 'value'; value: string } | { kind: 'skip' } | { kind: 'back' } | { kind: 'finish' } | { kind: 'cancel' };

const DATE_HELP = 'Écris la date JJ/MM/AAAA (par exemple 05/01/2026) ou AAAA-MM-JJ.';

export function questions(choice: BtsChoice): Question[] {
  const date = (value: string) => (value.trim() === '' || toIsoDate(value) ? undefined : DATE_HELP);
  const iso = (value: string) => toIsoDate(value) ?? value;
  const qs: Question[] = [
    { field: 'titre', prompt: 'Le titre du rapport (le thème de ton stage)', placeholder: "par exemple Conception d'un support moteur" },
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
    { field: 'debut', prompt: 'Premier jour du stage (JJ/MM/AAAA)', placeholder: 'par exemple 05/01/2026', validate: date, normalize: iso },
    {
      field: 'fin',
      prompt: 'Dernier jour du stage (JJ/MM/AAAA)',
      placeholder: 'par exemple 27/02/2026',
      validate: (value, a) => {
        const problem = date(value);
        if (problem) return problem;
        const end = toIsoDate(value);
        return a.debut && end && end < a.debut ? `La fin du stage est avant son début (${frenchDate(a.debut)}).` : undefined;
      },
      normalize: iso,
    },
  ];
  const unite = choice.enums['unite'];
  if (unite) {
    const descriptions = choice.descriptions['unite'] ?? {};
    qs.push({
      field: 'unite',
      prompt: "L'unité certificative inscrite dans l'annexe pédagogique de ta convention de stage",
      placeholder: unite.join(', '),
      values: unite.map((value) => ({ value, ...(descriptions[value] ? { description: descriptions[value] } : {}) })),
    });
  }
  return qs;
}

/** `2026-01-05` → `05/01/2026`. */
function frenchDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** Asks the BTS then every question; undefined when the student pressed Escape at any step. */
export async function runWizard(choices: BtsChoice[]): Promise<WizardResult | undefined> {
  let choice: BtsChoice | undefined;
  const answers: ReportFields = {};
  /** The steps shown so far (question indices), for the ← button; -1 is the BTS. */
  const shown: number[] = [];
  let i = -1;
  let list: Question[] = [];
  for (;;) {
    if (i === -1) {
      const picked = await pickBts(choices, choice);
      if (picked === undefined) return undefined;
      if (picked !== choice) for (const k of Object.keys(answers) as (keyof ReportFields)[]) delete answers[k];
      choice = picked;
      list = questions(choice);
      shown.length = 0;
      shown.push(-1);
      i = 0;
      continue;
    }
    if (i >= list.length) return { choice: choice!, fields: answers };
    const q = list[i]!;
    if (q.when && !q.when(answers)) {
      delete answers[q.field];
      i++;
      continue;
    }
    const step = { title: `${WIZARD_TITLE} — ${choice!.name}`, index: shown.length + 1, total: list.length + 1 };
    const result = q.values ? await pickValue(q, answers, step) : await inputValue(q, answers, step);
    switch (result.kind) {
      case 'cancel':
        return undefined;
      case 'finish':
        return { choice: choice!, fields: answers };
      case 'back':
        i = shown.pop() ?? -1;
        continue;
      case 'skip':
        delete answers[q.field];
        break;
      case 'value':
        answers[q.field] = q.normalize ? q.normalize(result.value) : result.value;
        break;
    }
    shown.push(i);
    i++;
  }
}

function pickBts(choices: BtsChoice[], current: BtsChoice | undefined): Promise<BtsChoice | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { choice: BtsChoice }>();
    pick.title = WIZARD_TITLE;
    pick.placeholder = 'Choisis ton BTS (Échap pour annuler : aucun fichier ne sera créé)';
    pick.items = choices.map((c) => ({ label: c.name, description: c.id, choice: c }));
    if (current) pick.activeItems = pick.items.filter((it) => it.choice === current);
    pick.matchOnDescription = true;
    pick.ignoreFocusOut = true;
    pick.step = 1;
    let done = false;
    const finish = (v: BtsChoice | undefined) => {
      if (done) return;
      done = true;
      resolve(v);
      pick.dispose();
    };
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.choice;
      if (chosen) finish(chosen);
    });
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}

const finishButton = (): vscode.QuickInputButton => ({
  iconPath: new vscode.ThemeIcon('check-all'),
  tooltip: 'Créer le rapport maintenant (les autres champs restent vides)',
});

interface StepInfo {
  title: string;
  index: number;
  total: number;
}

function inputValue(q: Question, answers: ReportFields, info: StepInfo): Promise<Step> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = info.title;
    box.step = info.index;
    box.totalSteps = info.total;
    box.prompt = `${q.prompt} — Entrée pour valider, Entrée sur une case vide pour passer, Échap pour annuler`;
    box.placeholder = q.placeholder;
    const previous = answers[q.field];
    if (previous) box.value = previous;
    box.ignoreFocusOut = true;
    box.buttons = [vscode.QuickInputButtons.Back, finishButton()];
    let done = false;
    const finish = (v: Step) => {
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
      if (v === '') return finish({ kind: 'skip' });
      const problem = q.validate?.(v, answers);
      if (problem) {
        box.validationMessage = problem;
        return;
      }
      finish({ kind: 'value', value: v });
    });
    box.onDidTriggerButton((b) => finish(b === vscode.QuickInputButtons.Back ? { kind: 'back' } : { kind: 'finish' }));
    box.onDidHide(() => finish({ kind: 'cancel' }));
    box.show();
  });
}

function pickValue(q: Question, answers: ReportFields, info: StepInfo): Promise<Step> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { value?: string }>();
    pick.title = info.title;
    pick.step = info.index;
    pick.totalSteps = info.total;
    pick.placeholder = `${q.prompt} — Échap pour annuler`;
    pick.items = [
      ...(q.values ?? []).map((v) => ({ label: v.value, ...(v.description ? { description: v.description } : {}), value: v.value })),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: SKIP_LABEL, description: 'laisser ce champ vide pour le moment' },
    ];
    const previous = answers[q.field];
    if (previous) pick.activeItems = pick.items.filter((it) => it.value === previous);
    pick.matchOnDescription = true;
    pick.ignoreFocusOut = true;
    pick.buttons = [vscode.QuickInputButtons.Back, finishButton()];
    let done = false;
    const finish = (v: Step) => {
      if (done) return;
      done = true;
      resolve(v);
      pick.dispose();
    };
    pick.onDidAccept(() => {
      const it = pick.selectedItems[0];
      if (!it) return;
      finish(it.value === undefined ? { kind: 'skip' } : { kind: 'value', value: it.value });
    });
    pick.onDidTriggerButton((b) => finish(b === vscode.QuickInputButtons.Back ? { kind: 'back' } : { kind: 'finish' }));
    pick.onDidHide(() => finish({ kind: 'cancel' }));
    pick.show();
  });
}
