// Diagnostics and quick fixes as VS Code shows them, from the real language server.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  api,
  closeAllEditors,
  codeOf,
  dataOf,
  describeDiagnostics,
  fileInWorkspace,
  freshCopy,
  ours,
  requestUntil,
  waitForDiagnostics,
  waitForSummary,
} from './helpers';

const isConclusionMissing = (d: vscode.Diagnostic) =>
  codeOf(d) === 'section-missing' && dataOf(d)?.section === 'conclusion';

suite('Diagnostics', () => {
  suiteSetup(async () => {
    await api();
  });

  teardown(async () => {
    await closeAllEditors();
  });

  test('a CPI report without its conclusion gets section-missing on the front matter', async () => {
    const uri = fileInWorkspace('stage-sans-conclusion.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'markdown');

    const diags = await waitForDiagnostics(uri, 'section-missing for the conclusion', (ds) => ds.some(isConclusionMissing));
    const d = diags.find(isConclusionMissing)!;
    assert.equal(d.source, 'rapport-bts');
    assert.equal(codeOf(d), 'section-missing');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(
      [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      [0, 0, 0, 3],
      'the range is the opening `---` of the front matter',
    );
    assert.equal(doc.getText(d.range), '---');
    assert.deepEqual(dataOf(d), { section: 'conclusion' });
    assert.match(d.message, /Conclusion/);
    // The diagnostic links to its documentation page, shipped inside the extension (offline).
    assert.equal(typeof d.code, 'object');
    const target = (d.code as { target: vscode.Uri }).target;
    assert.match(target.toString(), /docs\/rules\/section-missing\.md$/);
    assert.notEqual(target.scheme, 'https');
    const page = await vscode.workspace.openTextDocument(target);
    assert.match(page.getText(), /^# `section-missing`/);
    // Nothing else is missing in that report.
    assert.deepEqual(
      diags.filter((x) => codeOf(x) === 'section-missing').map((x) => dataOf(x)?.section),
      ['conclusion'],
      `section-missing findings: ${describeDiagnostics(diags)}`,
    );
  });

  test('its quick fix inserts the Conclusion heading and the diagnostic goes away', async () => {
    const uri = await freshCopy('stage-sans-conclusion.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diags = await waitForDiagnostics(uri, 'section-missing for the conclusion', (ds) => ds.some(isConclusionMissing));
    const d = diags.find(isConclusionMissing)!;

    // The fix that inserts this one section (others may be offered: ignore here, insert all…).
    const isInsertion = (a: vscode.CodeAction) => /^Insérer la section .*Conclusion/.test(a.title) && !!a.edit;
    const actions = await requestUntil(
      'the quick fix that inserts the Conclusion',
      () =>
        vscode.commands.executeCommand<vscode.CodeAction[] | undefined>(
          'vscode.executeCodeActionProvider',
          uri,
          d.range,
          vscode.CodeActionKind.QuickFix.value,
        ),
      (answer) => (answer ?? []).some(isInsertion),
      (answer) => `offered: ${(answer ?? []).map((a) => a.title).join(' | ') || 'none'}`,
    );
    const fix = actions!.find(isInsertion)!;
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind ${fix.kind?.value}`);
    assert.equal(fix.isPreferred, true, 'the insertion is not the preferred fix');

    const before = doc.getText();
    assert.ok(!/^#+ Conclusion\s*$/m.test(before), 'the fixture already has a Conclusion heading');
    assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'workspace.applyEdit refused the fix');
    const after = doc.getText();
    assert.match(after, /^# Conclusion\r?$/m, 'the Conclusion heading was not inserted');
    // Inserted before the annexes, as the CPI profile orders them.
    assert.ok(after.indexOf('# Conclusion') < after.indexOf('# Annexes'), 'the Conclusion heading is not before the annexes');

    await waitForDiagnostics(uri, 'the section-missing diagnostic to go away after the fix', (ds) => !ds.some(isConclusionMissing));
    assert.deepEqual(
      ours(uri).filter((x) => codeOf(x) === 'section-missing'),
      [],
      'no section is missing any more',
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a README without front matter gets no rapport-bts diagnostics', async () => {
    const readme = fileInWorkspace('README.md');
    const report = await freshCopy('stage-sans-conclusion.md');
    const readmeDoc = await vscode.workspace.openTextDocument(readme);
    await vscode.window.showTextDocument(readmeDoc);
    assert.equal(readmeDoc.languageId, 'markdown');

    // Proof that the server did analyse the README: its summary comes back, as a non-report.
    const summary = await waitForSummary(readme, 'the server to analyse README.md');
    assert.equal(summary.bts, null, 'README.md was taken for a report');
    // And a report opened after it has been analysed too (the server handles them in order).
    await vscode.workspace.openTextDocument(report);
    await waitForDiagnostics(report, 'diagnostics of a report opened after the README', (ds) => ds.some(isConclusionMissing));

    assert.deepEqual(ours(readme), [], `README.md got: ${describeDiagnostics(ours(readme))}`);
  });
});
