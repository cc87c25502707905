// The "Nouveau rapport" wizard driven from the keyboard, as a student meets it: Escape cancels
// at any step and creates nothing; Enter on an empty box skips a question; French dates are
// accepted and written as AAAA-MM-JJ; the units of Électrotechnique are described in the list.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { QUICK_INPUT, QUICK_INPUT_ROWS, api, canDrive, closeAllEditors, drive, fileInWorkspace } from './helpers';

let folders = 0;

/** An empty folder of the workspace, to run the command from (as the explorer's menu does). */
async function emptyFolder(): Promise<vscode.Uri> {
  const uri = fileInWorkspace(`wizard-${process.pid}-${++folders}`);
  await vscode.workspace.fs.createDirectory(uri);
  return uri;
}

async function filesIn(folder: vscode.Uri): Promise<string[]> {
  return (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name).sort();
}

/** Resolves with the command's result, or rejects when it is still waiting after `ms`. */
function within<T>(what: string, p: Thenable<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms`)), ms);
    Promise.resolve(p).then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

const step = (text: string) => ({ wait: QUICK_INPUT, text });

suite('New-report wizard (keyboard)', () => {
  suiteSetup(async function () {
    if (!canDrive()) this.skip(); // needs the browser's keyboard (test/integration/run.mjs)
    await api();
  });

  teardown(async () => {
    await drive([{ press: 'Escape' }]).catch(() => undefined);
    await closeAllEditors();
  });

  test('Escape on the BTS, then on a later question, cancels: no file is created', async () => {
    const folder = await emptyFolder();

    const first = vscode.commands.executeCommand<vscode.Uri | undefined>('rapportBts.newReport', folder);
    await drive([step('Choisis ton BTS'), { press: 'Escape' }]);
    assert.equal(await within('the wizard after Escape on the BTS', first, 10_000), undefined);
    assert.deepEqual(await filesIn(folder), [], 'Escape on the BTS created a file');

    const second = vscode.commands.executeCommand<vscode.Uri | undefined>('rapportBts.newReport', folder);
    await drive([
      step('Choisis ton BTS'),
      { type: 'Conception des Produits' },
      { press: 'Enter' },
      step('Le titre du rapport'),
      { press: 'Enter' }, // skipped
      step('Ton nom'),
      { type: 'Martin' },
      { press: 'Enter' },
      step('Ton prénom'),
      { press: 'Escape' },
    ]);
    // Escape used to skip the question: the wizard went on, and pressing it again and again
    // ended by creating rapport-cpi.md. Now the first Escape ends the command.
    assert.equal(await within('the wizard after Escape on a question', second, 10_000), undefined);
    await drive([{ gone: QUICK_INPUT, timeoutMs: 5_000 }]);
    assert.deepEqual(await filesIn(folder), [], 'Escape on a question created a file');
  });

  test('skips with Enter, takes a French date, describes the units and writes the answers', async () => {
    const folder = await emptyFolder();
    const running = vscode.commands.executeCommand<vscode.Uri | undefined>('rapportBts.newReport', folder);
    const reads = await drive([
      step('Choisis ton BTS'),
      { type: 'Électrotechnique' },
      { press: 'Enter' },
      step('Le titre du rapport'),
      { type: "Mise en service d'un tableau basse tension" },
      { press: 'Enter' },
      step('Ton nom'),
      { type: 'Martin' },
      { press: 'Enter' },
      step('Ton prénom'),
      { press: 'Enter' },
      step('Ton établissement'),
      { press: 'Enter' },
      step("L'entreprise d'accueil"),
      { press: 'Enter' },
      step('Ton tuteur'),
      { press: 'Enter' }, // no tutor: his position is not asked
      step('Premier jour du stage'),
      { type: '31/02/2026' },
      { press: 'Enter' },
      step('JJ/MM/AAAA (par exemple 05/01/2026)'), // refused, the box stays
      { press: 'Control+A' },
      { type: '05/01/2026' },
      { press: 'Enter' },
      step('Dernier jour du stage'),
      { type: '27/02/2026' },
      { press: 'Enter' },
      step("L'unité certificative"),
      { read: QUICK_INPUT_ROWS, attr: 'aria-label' },
      { type: 'U52' },
      { press: 'Enter' },
    ]);
    const uri = await within('the wizard after the last question', running, 20_000);
    assert.ok(uri, 'the wizard created no report');
    assert.deepEqual(await filesIn(folder), ['rapport-electrotechnique.md']);

    const rows = reads[0]!;
    for (const unit of ['U51', 'U52', 'U61', 'U62']) {
      const row = rows.find((r) => r.startsWith(unit));
      assert.ok(row, `no ${unit} in the unit list: ${JSON.stringify(rows)}`);
      assert.match(row, /épreuve E[56]/, `${unit} is not described: ${row}`);
    }
    assert.ok(rows.some((r) => r.startsWith('Passer')), `no « Passer » item in the unit list: ${JSON.stringify(rows)}`);

    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const header = text.split(/^---$/m)[1] ?? '';
    assert.match(header, /^titre: "?Mise en service d'un tableau basse tension"?/m);
    assert.match(header, /^ {2}nom: Martin/m);
    assert.match(header, /^ {2}prenom:\s*(#.*)?$/m, 'the skipped first name was filled');
    assert.match(header, /^ {2}debut: 2026-01-05\b/m, 'the French start date is not written as AAAA-MM-JJ');
    assert.match(header, /^ {2}fin: 2026-02-27\b/m);
    assert.match(header, /^unite: U52\b/m);
  });

  test('« Passer » in the unit list, and Enter on every empty box, create the report with those fields empty', async () => {
    const folder = await emptyFolder();
    const running = vscode.commands.executeCommand<vscode.Uri | undefined>('rapportBts.newReport', folder);
    const actions = [step('Choisis ton BTS'), { type: 'Électrotechnique' }, { press: 'Enter' }];
    for (const q of ['Le titre du rapport', 'Ton nom', 'Ton prénom', 'Ton établissement', "L'entreprise d'accueil", 'Ton tuteur', 'Premier jour du stage', 'Dernier jour du stage']) {
      actions.push(step(q), { press: 'Enter' });
    }
    actions.push(step("L'unité certificative"), { type: 'Passer' }, { press: 'Enter' });
    await drive(actions);
    const uri = await within('the wizard after « Passer »', running, 20_000);
    assert.ok(uri, 'the wizard created no report');
    const header = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)).split(/^---$/m)[1] ?? '';
    assert.match(header, /^unite:\s*(#.*)?$/m, 'the skipped unit was filled');
    assert.match(header, /^titre:\s*(#.*)?$/m, 'the skipped title was filled');
    assert.match(header, /^ {2}debut:\s*(#.*)?$/m);
  });
});
