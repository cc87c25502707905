// Page figures in the editor: the "Plan du rapport" view's rows, the CodeLens on section
// headings, and the undoable insertion of a missing section from the plan.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, closeAllEditors, freshCopy, waitFor, waitForSummary } from './helpers';


async function planApi() {
  const ext = await api();
  assert.equal(typeof ext.planItems, 'function', 'activate() does not expose planItems()');
  return ext;
}

suite('Page figures', () => {
  teardown(async () => {
    await closeAllEditors();
  });

  test('the plan view lists the expected sections in order, present or missing, with their pages', async () => {
    const a = await planApi();
    const uri = await freshCopy('stage-sans-conclusion.md');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitForSummary(uri, 'the server to analyse the report');
    const rows = await waitFor(
      'the plan view to show the report',
      () => (a.planUri() === uri.toString() && a.planItems().length > 0 ? a.planItems() : undefined),
      [a.onDidUpdateSummary, vscode.window.onDidChangeActiveTextEditor],
      () => `plan of ${a.planUri()}`,
    );
    assert.equal(rows[0]!.kind, 'total');
    // The rows are French whatever the display language (code-server runs in English here).
    assert.match(rows[0]!.description, /≈ \d+,\d \/ 40 p\. hors annexes/);
    const sections = rows.filter((r) => r.kind === 'section').map((r) => r.id);
    assert.deepEqual(sections, ['couverture', 'remerciements', 'sommaire', 'introduction', 'entreprise', 'missions', 'competences', 'conclusion', 'annexes']);
    const intro = rows.find((r) => r.id === 'introduction')!;
    assert.equal(intro.present, true);
    assert.equal(typeof intro.pages, 'number');
    assert.match(intro.description, /budget 1 à 2 p\./);
    const conclusion = rows.find((r) => r.id === 'conclusion')!;
    assert.equal(conclusion.present, false);
    assert.match(conclusion.description, /obligatoire, absente/);
    assert.ok(rows.some((r) => r.kind === 'group' && r.id === 'corps'), 'the corps group is listed');
  });

  test('a report converted from Word shows clean titles, and the parts outside the plan with their pages', async () => {
    const a = await planApi();
    const uri = await freshCopy('stage-word.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitForSummary(uri, 'the server to analyse the report');
    const rows = await waitFor(
      'the plan view to show the report',
      () => (a.planUri() === uri.toString() && a.planItems().length > 0 ? a.planItems() : undefined),
      [a.onDidUpdateSummary, vscode.window.onDidChangeActiveTextEditor],
      () => `plan of ${a.planUri()}`,
    );
    const labels = new Map(rows.filter((r) => r.kind === 'section').map((r) => [r.id, r.label]));
    assert.equal(labels.get('introduction'), 'Introduction');
    assert.equal(labels.get('entreprise'), 'Présentation générale de la société');
    assert.equal(labels.get('conclusion'), 'Conclusion et perspectives');
    assert.ok(rows.filter((r) => r.kind === 'section').every((r) => r.present), rows.map((r) => `${r.id} ${r.present}`).join('\n'));
    const glossary = rows.find((r) => r.kind === 'extra' && r.label === 'Glossaire');
    assert.ok(glossary, rows.map((r) => `${r.kind} ${r.label}`).join('\n'));
    assert.match(glossary.description, /\d+(,\d)? p\. · (not in the plan|hors plan)/);
    const errors = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors.map((d) => d.message), []);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const glossaryLine = doc.getText().split(/\r?\n/).findIndex((l) => l.startsWith('# Glossaire'));
    assert.ok(lenses.some((l) => l.range.start.line === glossaryLine && l.command?.title.includes('hors plan')));
  });

  test('each recognised section heading has a CodeLens with its pages and budget', async () => {
    const uri = await freshCopy('stage-sans-conclusion.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitForSummary(uri, 'the server to analyse the report');
    const introLine = doc.getText().split(/\r?\n/).findIndex((l) => /^# 1\. Introduction/.test(l));
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const titles = lenses.filter((l) => l.command).map((l) => `${l.range.start.line}: ${l.command!.title}`);
    assert.ok(titles.some((t) => /^0: BTS Conception des Produits Industriels : ≈ \d+,\d \/ 40 p\. hors annexes/.test(t)), titles.join('\n'));
    assert.ok(titles.some((t) => t.startsWith(`${introLine}: ≈ `) && t.includes('budget 1 à 2 p.')), titles.join('\n'));
    assert.ok(lenses.every((l) => !l.command || l.command.command === 'rapportBts.showPageBreakdown'));
  });

  test('a missing section is inserted from the plan where the BTS expects it, and the edit can be undone', async () => {
    const a = await planApi();
    const uri = await freshCopy('stage-sans-conclusion.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitForSummary(uri, 'the server to analyse the report');
    const before = doc.getText();
    const ok = await vscode.commands.executeCommand<boolean>('rapportBts.plan.insertSection', uri, 'conclusion');
    assert.equal(ok, true, 'the insertion was not applied');
    const after = doc.getText();
    assert.ok(after.includes('# Conclusion'), 'no Conclusion heading inserted');
    assert.ok(after.indexOf('# Conclusion') < after.indexOf('# Annexes'), 'the Conclusion is not before the Annexes');
    await waitFor(
      'the plan to show the Conclusion as present',
      () => (a.planItems().find((r) => r.id === 'conclusion')?.present ? true : undefined),
      [a.onDidUpdateSummary],
      () => `plan of ${a.planUri()}: ${JSON.stringify(a.planItems().find((r) => r.id === 'conclusion'))}; summary: ${JSON.stringify(a.summaryOf(uri)?.pages)}`,
    );
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), before, 'undo did not restore the text');
  });
});
