// The report templates (templates/<bts>.md) and the `rapportBts.newReport` command.

import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { loadProfilesFrom } from '../../../server/src/profiles/load';
import {
  api,
  closeAllEditors,
  codeOf,
  dataOf,
  describeDiagnostics,
  extension,
  ours,
  waitForSummary,
  workspaceFolder,
} from './helpers';

// The BTS the extension ships: its bundled profiles (out/test/integration/suite → repository root).
const BTS = loadProfilesFrom(join(__dirname, '..', '..', '..', '..', 'dist', 'profiles')).ids();

function templatesDir(): string {
  return join(extension().extensionPath, 'templates');
}

suite('Templates', () => {
  suiteSetup(async () => {
    await api();
  });

  teardown(async () => {
    await closeAllEditors();
  });

  test('there is one template per BTS', () => {
    const files = readdirSync(templatesDir()).filter((f) => f.endsWith('.md')).sort();
    assert.deepEqual(files, BTS.map((b) => `${b}.md`).sort());
  });

  for (const bts of BTS) {
    test(`templates/${bts}.md has every section its BTS requires`, async () => {
      const uri = vscode.Uri.file(join(templatesDir(), `${bts}.md`));
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: false });
      const summary = await waitForSummary(uri, `the server to analyse templates/${bts}.md`);
      assert.equal(summary.bts, bts, `templates/${bts}.md was not recognised as a BTS ${bts} report`);
      const missing = ours(uri).filter((d) => codeOf(d) === 'section-missing');
      assert.deepEqual(
        missing.map((d) => dataOf(d)?.section),
        [],
        `section-missing on templates/${bts}.md: ${describeDiagnostics(missing)}`,
      );
    });
  }
});

suite('Command rapportBts.newReport', () => {
  teardown(async () => {
    await closeAllEditors();
  });

  test('creates rapport-cpi.md, then a numbered file, never overwriting', async () => {
    await api();
    const folder = workspaceFolder().uri;
    const expectedFirst = vscode.Uri.joinPath(folder, 'rapport-cpi.md');
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.stat(expectedFirst)),
      'rapport-cpi.md exists before the command ran: the workspace is not fresh',
    );

    const args = { bts: 'cpi', folder: folder.toString(), open: false };
    const first = await vscode.commands.executeCommand<vscode.Uri>('rapportBts.newReport', args);
    assert.ok(first, 'the command returned no Uri');
    assert.equal(first.toString(), expectedFirst.toString());
    const created = new TextDecoder().decode(await vscode.workspace.fs.readFile(first));
    assert.match(created, /^---\r?\nbts: cpi\r?$/m, 'the new report does not declare bts: cpi');
    assert.ok(
      !vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === first.toString()),
      'open: false still opened the report',
    );

    // The student starts writing; a second report must not replace this one.
    const written = created + '\nMon texte, qui ne doit pas disparaître.\n';
    await vscode.workspace.fs.writeFile(first, new TextEncoder().encode(written));

    const second = await vscode.commands.executeCommand<vscode.Uri>('rapportBts.newReport', args);
    assert.ok(second, 'the second call returned no Uri');
    assert.notEqual(second.toString(), first.toString(), 'the second call returned the first file');
    assert.match(second.path, /\/rapport-cpi-\d+\.md$/, `unexpected name ${second.path}`);
    const secondText = new TextDecoder().decode(await vscode.workspace.fs.readFile(second));
    assert.match(secondText, /^bts: cpi\r?$/m);
    const firstAfter = new TextDecoder().decode(await vscode.workspace.fs.readFile(first));
    assert.equal(firstAfter, written, 'rapport-cpi.md was changed by the second call');
  });
});
