// "Rapport : Vérifier tous les rapports du dossier" in a real VS Code: the Problems panel gets
// the findings of a report that was never opened, hidden folders are skipped, and the class
// summary opens in a webview.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClassSummary } from '../../../server/src/classe/row';
import { api, closeAllEditors, codeOf, dataOf, describeDiagnostics, fileInWorkspace, freshCopy, ours, waitFor, waitForDiagnostics, waitForSummary } from './helpers';

/** Each diagnostic as "code@line:character message": the same finding twice gives the same key. */
const keys = (ds: readonly vscode.Diagnostic[]) => ds.map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character} ${d.message}`).sort();
const duplicates = (ds: readonly vscode.Diagnostic[]) => keys(ds).filter((k, i, all) => all.indexOf(k) !== i);
const missingConclusion = (ds: readonly vscode.Diagnostic[]) => ds.some((d) => codeOf(d) === 'section-missing' && dataOf(d)?.section === 'conclusion');

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
    // Saved on Windows as RAPPORT-NATHAN.MD: found like the others (the CLI's search ignores the case too).
    const upper = summary.rows.find((r) => r.file === 'classe/RAPPORT-NATHAN.MD');
    assert.ok(upper, `no row for a report named .MD; rows: ${summary.rows.map((r) => r.file).join(', ')}`);
    assert.equal(upper.student, 'Nathan Roux');
    assert.ok(
      summary.others.some((o) => o.file === 'README.md' && o.kind === 'not-report'),
      `README.md not among the others: ${JSON.stringify(summary.others)}`,
    );
    assert.ok(!summary.rows.some((r) => r.file.includes('.brouillons')), 'a report of a hidden folder was checked');
    // What macOS leaves beside a copied report (binary, hidden): neither a row nor an other.
    assert.ok(
      ![...summary.rows, ...summary.others].some((r) => r.file.includes('._jamais-ouvert')),
      `a hidden file was checked: ${JSON.stringify(summary.others)}`,
    );

    // What the Problems panel shows: the server's diagnostics for that file, which stays closed.
    const diags = await waitForDiagnostics(never, 'the class check publishing section-missing', (ds) =>
      ds.some((d) => codeOf(d) === 'section-missing' && dataOf(d)?.section === 'conclusion'),
    );
    assert.equal(diags.length, row.errors + row.warnings + row.infos, 'Problems and the summary disagree on the count');
    assert.equal(diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length, row.errors);
    assert.ok(!isOpen(never), 'the command opened the report');
    assert.equal(ours(hidden).length, 0, 'diagnostics for a file of a hidden folder');
    const upperDiags = await waitForDiagnostics(fileInWorkspace('classe/RAPPORT-NATHAN.MD'), 'the class check publishing for the .MD report', (ds) => ds.length > 0);
    assert.equal(upperDiags.length, upper.errors + upper.warnings + upper.infos, 'Problems and the summary disagree on the .MD report');

    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const tab = await waitFor(
      'the class summary tab',
      () => tabs().find((t) => ['Rapports de la classe', 'Class reports'].includes(t.label)),
      [vscode.window.tabGroups.onDidChangeTabs as vscode.Event<unknown>],
      () => `tabs: ${tabs().map((t) => t.label).join(', ')}`,
    );
    assert.ok(tab.input instanceof vscode.TabInputWebview, 'the class summary is not a webview');
  });

  test('a report the command checked, then opened, shows each finding once; fixing it clears the finding', async () => {
    await closeAllEditors();
    const uri = await freshCopy('classe/jamais-ouvert.md');
    const label = vscode.workspace.asRelativePath(uri);
    const summary = await vscode.commands.executeCommand<ClassSummary | undefined>('rapportBts.classe');
    const row = summary?.rows.find((r) => r.file === label);
    assert.ok(row, `no row for ${label}`);
    const pushed = await waitForDiagnostics(uri, 'the command publishing section-missing', missingConclusion);
    assert.ok(!isOpen(uri), 'the command opened the report');
    assert.equal(pushed.length, row.errors + row.warnings + row.infos);
    assert.deepEqual(duplicates(pushed), []);

    // Opened: the editor's own analysis replaces what the command published — nothing twice.
    const analysed = waitForSummary(uri, 'the analysis of the opened report');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await analysed;
    const opened = await waitForDiagnostics(uri, 'the findings of the opened report, each once', (ds) => missingConclusion(ds) && ds.length === pushed.length);
    assert.deepEqual(duplicates(opened), [], `duplicates after opening: ${describeDiagnostics(opened)}`);
    assert.deepEqual(keys(opened), keys(pushed), 'the opened report does not show what the command published');

    // Fixed in the editor (a conclusion written): that finding leaves Problems, nothing is left twice.
    const annexes = editor.document.getText().indexOf('# Annexes');
    assert.ok(annexes > 0);
    const conclusion =
      '# 5. Conclusion\n\nCe stage m\u2019a permis de mener une reconception complète, du calcul à la validation du dossier de plans, et de confirmer mon projet de poursuivre en licence professionnelle de conception.\n\n';
    assert.ok(await editor.edit((e) => e.insert(editor.document.positionAt(annexes), conclusion)), 'the edit was refused');
    const fixed = await waitForDiagnostics(uri, 'the missing-conclusion finding gone', (ds) => !missingConclusion(ds));
    assert.deepEqual(duplicates(fixed), [], `duplicates after the fix: ${describeDiagnostics(fixed)}`);
    // The command's stale diagnostics did not come back either (none names the conclusion as missing).
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(!missingConclusion(ours(uri)), `the missing conclusion came back: ${describeDiagnostics(ours(uri))}`);
    assert.deepEqual(duplicates(ours(uri)), []);
    await closeAllEditors();
  });

  test("a finding clicked in the summary's detail opens the report at its line", async () => {
    await closeAllEditors();
    const a = await api();
    const summary = await a.checkWorkspace();
    const row = summary?.rows.find((r) => r.file === 'classe/jamais-ouvert.md');
    assert.ok(row, 'no row for classe/jamais-ouvert.md');
    // The last finding: further down than the first lines an editor shows anyway.
    const finding = row.findings[row.findings.length - 1];
    assert.ok(finding && finding.line > 0, `no finding below the first line: ${JSON.stringify(row.findings)}`);
    await waitFor(
      'the summary webview',
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview),
      [vscode.window.tabGroups.onDidChangeTabs as vscode.Event<unknown>],
    );

    // What the webview's script posts when the finding's line is clicked (test/ui/classe.mjs checks the click sends it).
    const shown = waitFor('an editor on the report', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.toString() === fileInWorkspace(row.file).toString() ? e : undefined;
    }, [vscode.window.onDidChangeActiveTextEditor as vscode.Event<unknown>]);
    assert.equal(await a.classeMessage({ type: 'open', file: row.file, line: finding.line, character: finding.character }), true);
    const editor = await shown;
    assert.equal(editor.selection.active.line, finding.line, 'the cursor is not on the finding\'s line');
    assert.equal(editor.selection.active.character, finding.character);
    assert.ok(editor.visibleRanges.some((r) => r.contains(editor.selection.active)), 'the line is not revealed');
    assert.ok(editor.document.lineAt(finding.line).text.replace(/\s+/g, ' ').trim().startsWith(finding.excerpt.replace(/…$/, '')), 'the line is not the excerpt shown');
    // The summary stays open beside the report.
    assert.ok(vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview), 'the summary was closed');
    assert.notEqual(editor.viewColumn, vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview))?.viewColumn, 'the report replaced the summary');
    await closeAllEditors();
  });
});
