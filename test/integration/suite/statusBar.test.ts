// The status bar item: BTS and page estimate of the active report.

import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, closeAllEditors, extension, fileInWorkspace, waitFor, waitForSummary } from './helpers';

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
        return t && t.includes('≈') && t.includes('CPI') ? t : undefined;
      },
      [a.onDidUpdateSummary, vscode.window.onDidChangeActiveTextEditor],
      () => `status bar text now: ${JSON.stringify(a.statusBarText())}`,
    );
    assert.match(text, /CPI/);
    assert.match(text, /≈ (\?|\d+(,\d+)?)/, `no page figure in ${JSON.stringify(text)}`);
    assert.match(text, /\/ 40 p\./, `the CPI limit (40 pages) is not shown in ${JSON.stringify(text)}`);

    // Once the page estimator is plugged into the summary, the figure must be a number, not "?".
    const summarySource = join(extension().extensionPath, 'server/src/analysis/summary.ts');
    const estimatorLanded = existsSync(summarySource) && /from '\.\/pages'/.test(readFileSync(summarySource, 'utf8'));
    if (estimatorLanded || summary.pages.body !== null) {
      assert.match(text, /≈ \d/, `the page estimate is not a number: ${JSON.stringify(text)}`);
    } else {
      assert.match(text, /≈ \?/, `no page estimator yet, "?" expected: ${JSON.stringify(text)}`);
    }
  });
});
