// The status bar item: BTS and page estimate of the active report.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, closeAllEditors, fileInWorkspace, waitFor, waitForSummary } from './helpers';

suite('Status bar', () => {
  teardown(async () => {
    await closeAllEditors();
  });

  test('shows the BTS and a page figure for the active report', async () => {
    const a = await api();
    const uri = fileInWorkspace('stage-complet.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const summary = await waitForSummary(uri, 'the server to analyse stage-complet.md');
    assert.equal(summary.bts, 'cpi');

    const text = await waitFor(
      'the status bar to show the report page figure',
      () => {
        const t = a.statusBarText();
        return t && t.includes("CPI") ? t : undefined;
      },
      [a.onDidUpdateSummary, vscode.window.onDidChangeActiveTextEditor],
      () => `status bar text now: ${JSON.stringify(a.statusBarText())}`,
    );
    assert.match(text, /CPI/);
    assert.match(text, /\/ 40 p\./, `the CPI limit (40 pages) is not shown in ${JSON.stringify(text)}`);

    // The page estimator is in: the figure is a number (e.g. "≈ 4,2 / 40 p."), never "?".
    assert.match(text, /(≈ )?\d+(,\d+)? \/ 40 p\./, `the page figure is not a number: ${JSON.stringify(text)}`);
    assert.equal(typeof summary.pages.body, 'number', 'the summary has no page estimate');
  });
});
