// The "Plan du rapport" view as the student reads it: a ✓ only for a section that is written and
// within its budget; a section still to write, or written below its budget, says so; the view
// follows the active editor and empties itself, with a French message, for a file that is not
// a report.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, canDrive, closeAllEditors, drive, fileInWorkspace, waitFor, type ExtensionApi } from './helpers';

let files = 0;

/** A CPI report: thanks and sommaire written, a one-sentence introduction (1 to 2 p. expected), an empty company section. */
const REPORT = [
  '---',
  'bts: cpi',
  'titre: "Support moteur"',
  'auteur: { nom: Martin, prenom: Léa }',
  'etablissement: Lycée Jean Moulin',
  'entreprise: MécaPrécis SAS',
  "tuteur: { nom: Paul Durand, poste: Responsable du bureau d'études }",
  'stage: { debut: 2026-01-05, fin: 2026-02-27 }',
  '---',
  '',
  '# Remerciements',
  '',
  "Je remercie M. Paul Durand, responsable du bureau d'études, mon maître de stage, pour sa confiance et ses conseils tout au long du stage.",
  '',
  '# Sommaire',
  '',
  '[[_TOC_]]',
  '',
  '# Introduction',
  '',
  "Ce rapport présente mon stage au bureau d'études de MécaPrécis.",
  '',
  "# Présentation de l'entreprise",
  '',
  "<!-- L'entreprise : activité, clients, marchés. -->",
  '',
].join('\n');

async function writeFile(name: string, text: string): Promise<vscode.Uri> {
  const uri = fileInWorkspace(name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

function waitForPlan(a: ExtensionApi, what: string, ready: () => boolean) {
  return waitFor(what, () => (ready() ? true : undefined), [a.onDidUpdateSummary, vscode.window.onDidChangeActiveTextEditor], () =>
    `plan of ${a.planUri() ?? 'nothing'} (message ${JSON.stringify(a.planMessage())}): ${JSON.stringify(a.planItems().map((r) => [r.id, r.state, r.description]))}`,
  );
}

suite('Plan du rapport', () => {
  suiteSetup(async () => {
    await api();
  });

  teardown(async () => {
    await closeAllEditors();
  });

  test('a ✓ only for a section written within its budget; « à rédiger » and « sous le budget » otherwise', async () => {
    const a = await api();
    const uri = await writeFile(`plan-${process.pid}-${++files}.md`, REPORT);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    await waitForPlan(a, 'the plan of the report', () => a.planUri() === uri.toString() && a.planItems().length > 0);
    const row = (id: string) => {
      const r = a.planItems().find((x) => x.kind === 'section' && x.id === id);
      assert.ok(r, `no row ${id}: ${JSON.stringify(a.planItems().map((x) => x.id))}`);
      return r;
    };

    // Written within its budget: ✓.
    assert.equal(row('remerciements').state, 'ok', JSON.stringify(row('remerciements')));
    assert.equal(row('couverture').state, 'ok', 'a header with every field is a written cover');
    // One sentence where 1 to 2 pages are expected: written, below its budget, no ✓.
    const intro = row('introduction');
    assert.equal(intro.state, 'under', JSON.stringify(intro));
    assert.match(intro.description, /sous le budget/);
    assert.ok(intro.pages !== null && intro.min !== null && intro.pages < intro.min);
    // A heading and a guidance comment: still to write, no ✓.
    const company = row('entreprise');
    assert.equal(company.state, 'empty', JSON.stringify(company));
    assert.match(company.description, /à rédiger/);
    assert.equal(row('conclusion').state, 'missing');
    // Only written sections within their budget have the ✓.
    for (const r of a.planItems().filter((x) => x.state === 'ok')) {
      if (r.kind === 'total') continue;
      assert.ok(r.kind !== 'section' || ['couverture', 'remerciements', 'sommaire'].includes(r.id), `${r.id} has a ✓: ${JSON.stringify(r)}`);
    }

    if (canDrive()) {
      // What the view draws: the ✓ icon on the written rows only.
      await vscode.commands.executeCommand('rapportBts.plan.focus');
      const [labels, icons] = await drive([
        { wait: '.customview-tree .monaco-list-row', text: 'Introduction' },
        { read: '.customview-tree .monaco-list-row', attr: 'aria-label' },
        { read: '.customview-tree .monaco-list-row .custom-view-tree-node-item-icon', attr: 'class' },
      ]);
      assert.equal(labels!.length, icons!.length, `rows ${JSON.stringify(labels)} / icons ${JSON.stringify(icons)}`);
      const iconOf = (label: string) => icons![labels!.findIndex((l) => l.startsWith(label))] ?? `(no row ${label} in ${JSON.stringify(labels)})`;
      assert.match(iconOf('Remerciements'), /codicon-pass\b/);
      assert.doesNotMatch(iconOf('Introduction'), /codicon-pass\b/);
      assert.doesNotMatch(iconOf("Présentation de l'entreprise"), /codicon-pass\b/);
      assert.match(iconOf("Présentation de l'entreprise"), /codicon-circle-large-outline\b/);
    }
  });

  test('the view follows the active editor and empties itself, in French, for a file that is not a report', async () => {
    const a = await api();
    const report = await writeFile(`plan-${process.pid}-${++files}.md`, REPORT);
    const notes = fileInWorkspace('README.md');
    const text = await writeFile(`notes-${process.pid}-${++files}.txt`, 'Des notes.\n');

    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(report), { preview: false });
    await waitForPlan(a, 'the plan of the report', () => a.planUri() === report.toString() && a.planItems().length > 0);

    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(notes), { preview: false });
    await waitForPlan(a, 'the plan to empty itself for README.md', () => a.planUri() === undefined);
    assert.deepEqual(a.planItems(), []);
    assert.match(a.planMessage() ?? '', /README\.md.*n'est pas un rapport de stage/);

    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(report), { preview: false });
    await waitForPlan(a, 'the plan of the report again', () => a.planUri() === report.toString());
    assert.equal(a.planMessage(), undefined);

    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(text), { preview: false });
    await waitForPlan(a, 'the plan to empty itself for a text file', () => a.planUri() === undefined);
    assert.match(a.planMessage() ?? '', /n'est pas un rapport de stage/);

    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(report), { preview: false });
    await waitForPlan(a, 'the plan of the report again', () => a.planUri() === report.toString());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitForPlan(a, 'the plan to empty itself with no editor', () => a.planUri() === undefined);
    assert.match(a.planMessage() ?? '', /Ouvre un rapport de stage/);
  });
});
