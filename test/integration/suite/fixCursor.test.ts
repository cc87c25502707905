// After a quick fix that inserts a skeleton, the cursor is where the student writes: its first
// placeholder « … » selected (typing replaces it), or the line under the guidance comment of an
// inserted section. The fix is applied the way VS Code applies it (the edit, then the command
// the server attached).

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  EDITOR_FOCUSED,
  QUICK_INPUT,
  api,
  canDrive,
  closeAllEditors,
  codeOf,
  dataOf,
  drive,
  fileInWorkspace,
  freshCopy,
  requestUntil,
  waitFor,
  waitForDiagnostics,
} from './helpers';

let files = 0;

const DIARY = [
  '---',
  'bts: cpi',
  'auteur: { nom: Martin, prenom: Léa }',
  'etablissement: Lycée Jean Moulin',
  'entreprise: MécaPrécis SAS',
  'stage: { debut: 2026-01-05, fin: 2026-02-27 }',
  '---',
  '',
  '# Missions',
  '',
  "Le lundi, j'ai fait la visite de l'entreprise avec mon tuteur. Le mardi, j'ai fait des recherches sur internet. Le mercredi, j'ai aidé au magasin.",
  '',
  '# Conclusion',
  '',
  'Un stage riche.',
  '',
].join('\n');

function waitForSelection(editor: vscode.TextEditor, what: string, ok: (selected: string, sel: vscode.Selection) => boolean) {
  return waitFor(
    what,
    () => (ok(editor.document.getText(editor.selection), editor.selection) ? editor.selection : undefined),
    [vscode.window.onDidChangeTextEditorSelection, vscode.workspace.onDidChangeTextDocument],
    () => `selection ${editor.selection.start.line}:${editor.selection.start.character}–${editor.selection.end.line}:${editor.selection.end.character} = ${JSON.stringify(editor.document.getText(editor.selection))}`,
  );
}

suite('Cursor after a skeleton fix', () => {
  suiteSetup(async () => {
    await api();
  });

  teardown(async () => {
    await closeAllEditors();
  });

  test('the preferred fix of a diary paragraph (VS Code\'s auto fix) selects the « … » after « Contexte. »', async () => {
    const uri = fileInWorkspace(`fix-cursor-${process.pid}-${++files}.md`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(DIARY));
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const [diag] = (await waitForDiagnostics(uri, 'journal-style', (ds) => ds.some((d) => codeOf(d) === 'journal-style'))).filter((d) => codeOf(d) === 'journal-style');
    await requestUntil(
      'the C → A → R fix',
      () => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag!.range),
      (a) => !!a?.some((x) => x.isPreferred && x.title.startsWith('Ajouter un canevas')),
      (a) => JSON.stringify((a ?? []).map((x) => x.title)),
    );
    if (canDrive()) {
      // As a student: Ctrl+G to the paragraph's line, then Shift+Alt+. (Auto Fix: the preferred fix).
      const line = diag!.range.start.line;
      await drive([{ wait: EDITOR_FOCUSED }, { press: 'Control+G' }, { wait: QUICK_INPUT }, { type: String(line + 1) }, { press: 'Enter' }, { gone: QUICK_INPUT }]);
      await waitForSelection(editor, `Ctrl+G to put the cursor on line ${line + 1}`, (_t, sel) => sel.active.line === line);
      await drive([{ press: 'Shift+Alt+Period' }]);
    } else {
      editor.selection = new vscode.Selection(diag!.range.start, diag!.range.start);
      await vscode.commands.executeCommand('editor.action.autoFix');
    }
    await waitFor('the skeleton', () => (doc.getText().includes('**Contexte.** …') ? true : undefined), [vscode.workspace.onDidChangeTextDocument]);
    const sel = await waitForSelection(editor, 'the first placeholder to be selected', (t) => t === '…');
    assert.equal(doc.lineAt(sel.start.line).text, '**Contexte.** …');
    assert.equal(sel.start.character, '**Contexte.** '.length);
  });

  test('« Insérer la section » puts the cursor on the line under its guidance comment', async () => {
    const uri = await freshCopy('stage-sans-conclusion.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const diags = await waitForDiagnostics(uri, 'section-missing (Conclusion)', (ds) => ds.some((d) => codeOf(d) === 'section-missing' && dataOf(d)?.section === 'conclusion'));
    const diag = diags.find((d) => codeOf(d) === 'section-missing' && dataOf(d)?.section === 'conclusion')!;
    const actions = await requestUntil(
      'the « Insérer la section » fix',
      () => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range),
      (a) => !!a?.some((x) => x.title === 'Insérer la section « Conclusion »'),
      (a) => JSON.stringify((a ?? []).map((x) => x.title)),
    );
    const action = actions.find((x) => x.title === 'Insérer la section « Conclusion »')!;
    assert.ok(action.edit && action.command, 'the fix carries no command placing the cursor');
    // What VS Code does with the chosen action: its edit, then its command.
    assert.ok(await vscode.workspace.applyEdit(action.edit));
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    const sel = await waitForSelection(editor, 'the cursor under the comment of the new Conclusion', (_t, s) => s.isEmpty && /^<!--.*-->$/.test(doc.lineAt(Math.max(0, s.start.line - 1)).text));
    assert.equal(doc.lineAt(sel.start.line).text, '');
    const heading = doc.getText().split(/\r?\n/).findIndex((l) => /^#+ .*Conclusion/.test(l));
    assert.ok(heading >= 0 && heading < sel.start.line && sel.start.line - heading <= 3, `cursor line ${sel.start.line}, heading line ${heading}`);
  });

  test('inserting a missing section from the Plan du rapport places the cursor the same way', async () => {
    const uri = await freshCopy('stage-sans-conclusion.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    await waitForDiagnostics(uri, 'section-missing (Conclusion)', (ds) => ds.some((d) => codeOf(d) === 'section-missing' && dataOf(d)?.section === 'conclusion'));
    assert.equal(await vscode.commands.executeCommand<boolean>('rapportBts.plan.insertSection', uri, 'conclusion'), true);
    const sel = await waitForSelection(editor, 'the cursor under the comment of the new Conclusion', (_t, s) => s.isEmpty && /^<!--.*-->$/.test(doc.lineAt(Math.max(0, s.start.line - 1)).text));
    assert.equal(doc.lineAt(sel.start.line).text, '');
    const heading = doc.getText().split(/\r?\n/).findIndex((l) => /^#+ .*Conclusion/.test(l));
    assert.ok(heading >= 0 && heading < sel.start.line && sel.start.line - heading <= 3, `cursor line ${sel.start.line}, heading line ${heading}`);
  });
});
