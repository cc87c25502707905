// "Rapport : Vérifier tous les rapports du dossier" in a real VS Code: the Problems panel gets
// the findings of a report that was never opened, hidden folders are skipped, and the class
// summary opens in a webview.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClassSummary } from '../../../server/src/classe/row';
import { api, codeOf, dataOf, fileInWorkspace, ours, waitFor, waitForDiagnostics } from './helpers';

const isOpen = (uri: vscode.Uri) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());

suite('Class summary', () => {
  suiteSetup(async () => {
    await api();
  });

  test('the command fills Problems for a report never opened and shows the summary', async () => {
    const never = fileInWorkspace('classe/jamais-ouvert.md');
    const hidden = fileInWorkspace('.brouillons/ancien.md');
    assert.ok(!isOpen(never), 'the report was opened before the command');
    assert.equal(ours(never).length, 0, 'diagnostics before the command');

    const summary = await vscode.commands.executeCommand<ClassSummary | undefined>('rapportBts.classe');
    assert.ok(summary, 'the command returned no summary');
    const row = summary.rows.find((r) => r.file === 'classe/jamais-ouvert.md');
    assert.ok(row, `no row for the unopened report; rows: ${summary.rows.map((r) => r.file).join(', ')}`);
    assert.equal(row.student, 'Camille Petit');
    assert.equal(row.bts, 'cpi');
    assert.deepEqual(row.missing, ['conclusion']);
    assert.equal(row.state, 'incomplet');
    assert.ok(
      summary.others.some((o) => o.file === 'README.md' && o.kind === 'not-report'),
      `README.md not among the others: ${JSON.stringify(summary.others)}`,
    );
    assert.ok(!summary.rows.some((r) => r.file.includes('.brouillons')), 'a report of a hidden folder was checked');

    // What the Problems panel shows: the server's diagnostics for that file, which stays closed.
    const diags = await waitForDiagnostics(never, 'the class check publishing section-missing', (ds) =>
      ds.some((d) => codeOf(d) === 'section-missing' && dataOf(d)?.section === 'conclusion'),
    );
    assert.equal(diags.length, row.errors + row.warnings + row.infos, 'Problems and the summary disagree on the count');
    assert.equal(diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length, row.errors);
    assert.ok(!isOpen(never), 'the command opened the report');
    assert.equal(ours(hidden).length, 0, 'diagnostics for a file of a hidden folder');

    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const tab = await waitFor(
      'the class summary tab',
      () => tabs().find((t) => ['Rapports de la classe', 'Class reports'].includes(t.label)),
      [vscode.window.tabGroups.onDidChangeTabs as vscode.Event<unknown>],
      () => `tabs: ${tabs().map((t) => t.label).join(', ')}`,
    );
    assert.ok(tab.input instanceof vscode.TabInputWebview, 'the class summary is not a webview');
  });
});
