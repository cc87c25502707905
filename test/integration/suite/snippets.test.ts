// The Markdown snippets contributed by the extension (snippets/markdown.json), expanded by
// VS Code's own snippet machinery as a student would get them.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import {
  EDITOR_FOCUSED,
  QUICK_INPUT,
  api,
  canDrive,
  closeAllEditors,
  drive,
  extension,
  fileInWorkspace,
  freshCopy,
  requestUntil,
  waitFor,
  waitForSummary,
} from './helpers';

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

function snippets(): Record<string, Snippet> {
  return JSON.parse(readFileSync(join(extension().extensionPath, 'snippets', 'markdown.json'), 'utf8'));
}

/** The snippet whose prefixes include `prefix`, with its name (the key VS Code knows it by). */
function snippetByPrefix(prefix: string): { name: string; snippet: Snippet } {
  const all = snippets();
  const name = Object.keys(all).find((k) => ([] as string[]).concat(all[k]!.prefix).includes(prefix));
  assert.ok(name, `no snippet with the prefix "${prefix}" in snippets/markdown.json`);
  return { name, snippet: all[name]! };
}

/** The text a snippet expands to when every placeholder keeps its default. */
function expansion(body: string | string[]): string {
  const text = ([] as string[]).concat(body).join('\n');
  let out = text;
  // Innermost first, until no placeholder is left: ${1:default}, ${1|a,b|}, ${1}, $1.
  for (let i = 0; i < 10; i++) {
    const next = out
      .replace(/\$\{\d+:([^${}]*)\}/g, '$1')
      .replace(/\$\{\d+\|([^,|]*)(?:,[^|]*)?\|\}/g, '$1')
      .replace(/\$\{\d+\}/g, '')
      .replace(/\$\d+/g, '');
    if (next === out) break;
    out = next;
  }
  return out;
}

let files = 0;

suite('Snippets', () => {
  suiteSetup(async () => {
    await api();
  });

  teardown(async () => {
    await closeAllEditors();
  });

  for (const prefix of ['car', 'car-titres']) {
    test(`the "${prefix}" snippet expands into Contexte → Action → Résultat`, async () => {
      const { name, snippet } = snippetByPrefix(prefix);
      const expected = expansion(snippet.body);
      assert.match(expected, /contexte/i, 'the snippet body itself has no "Contexte"');

      const uri = fileInWorkspace(`snippet-${process.pid}-${++files}.md`);
      await vscode.workspace.fs.writeFile(uri, new Uint8Array());
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      assert.equal(doc.languageId, 'markdown');

      await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'markdown', name });
      const text = await waitFor(
        `the "${name}" snippet to be inserted`,
        () => (doc.getText().length > 0 ? doc.getText() : undefined),
        [vscode.workspace.onDidChangeTextDocument],
        () => `document text now: ${JSON.stringify(doc.getText())}`,
      );
      assert.match(text, /Contexte|contexte/);
      assert.equal(text.replace(/\r\n/g, '\n'), expected, 'the expansion differs from the snippet body');
    });
  }
});

/** Opens `uri`, waits for the server's summary, and puts the cursor on a new empty last line. */
async function openAtNewLastLine(uri: vscode.Uri): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor; line: number }> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  await waitForSummary(uri, 'the server to analyse the document');
  const end = doc.lineAt(doc.lineCount - 1).range.end;
  await editor.edit((e) => e.insert(end, doc.lineAt(doc.lineCount - 1).text === '' ? '\n' : '\n\n'));
  const line = doc.lineCount - 1;
  // The cursor is placed from the keyboard too (Ctrl+End: the new empty last line): a selection
  // set through the API reaches the editor asynchronously and could land between two keys.
  // Keys typed before the editor has the keyboard focus would be lost: a probe is typed until
  // it lands on the line (a slow machine may deliver it late: any number of them will do),
  // then erased.
  await drive([{ wait: EDITOR_FOCUSED }]);
  for (let attempt = 0; ; attempt++) {
    await drive([{ press: 'Control+End' }, { type: 'x' }]);
    const landed = await waitForLine(doc, line, 'the keyboard to reach the editor', (t) => /^x+$/.test(t), 5_000).then(
      () => true,
      () => false,
    );
    if (landed) break;
    if (attempt >= 4) throw new Error(`the keys typed do not reach ${vscode.workspace.asRelativePath(uri)} (line ${line}: ${JSON.stringify(doc.lineAt(line).text)})`);
  }
  await drive([{ press: 'Control+End' }, { press: 'Shift+Home' }, { press: 'Delete' }]);
  await waitForLine(doc, line, 'the probe to be erased', (t) => t === '');
  assert.equal(doc.lineCount - 1, line, 'erasing the probe changed the lines');
  return { doc, editor, line };
}

function waitForLine(doc: vscode.TextDocument, line: number, what: string, test: (text: string) => boolean, timeoutMs?: number) {
  return waitFor(
    what,
    () => (line < doc.lineCount && test(doc.lineAt(line).text) ? doc.lineAt(line).text : undefined),
    [vscode.workspace.onDidChangeTextDocument],
    () => `line ${line} now: ${JSON.stringify(line < doc.lineCount ? doc.lineAt(line).text : '(none)')}`,
    timeoutMs,
  );
}

suite('Snippets from the keyboard (prefix + Tab)', () => {
  suiteSetup(async function () {
    if (!canDrive()) this.skip(); // needs the browser's keyboard (test/integration/run.mjs)
    await api();
  });

  teardown(async () => {
    await closeAllEditors();
  });

  test('in a report, "car" then Tab expands the Contexte → Action → Résultat sentence, and Tab then moves to its next field', async () => {
    const uri = await freshCopy('stage-complet.md');
    const { doc, editor, line } = await openAtNewLastLine(uri);
    assert.ok((await api()).summaryOf(uri)?.bts, 'the fixture is not recognised as a report');

    await drive([{ type: 'car' }, { press: 'Tab' }]);
    const text = await waitForLine(doc, line, 'the "car" prefix to expand', (t) => t.startsWith('Face à'));
    assert.equal(text, expansion(snippetByPrefix('car').snippet.body), 'the prefix was not replaced by the snippet');
    // The first field is selected, as in any snippet: the student types over it.
    await waitFor(
      'the first field of the snippet to be selected',
      () => (doc.getText(editor.selection) === 'un problème de résistance sur la pièce X (contexte)' ? true : undefined),
      [vscode.window.onDidChangeTextEditorSelection],
      () => `selection now: ${JSON.stringify(doc.getText(editor.selection))}`,
    );

    // Inside the snippet, Tab is VS Code's own: the next field.
    await drive([{ press: 'Tab' }]);
    await waitFor(
      'Tab to select the second field of the snippet',
      () => (doc.getText(editor.selection) === 'réalisé une simulation par éléments finis (action)' ? true : undefined),
      [vscode.window.onDidChangeTextEditorSelection],
      () => `selection now: ${JSON.stringify(doc.getText(editor.selection))}`,
    );
  });

  test('in a report, Tab after a word that is not a prefix keeps the ordinary Tab', async () => {
    const uri = await freshCopy('stage-complet.md');
    const { doc, line } = await openAtNewLastLine(uri);
    await drive([{ type: 'voiture' }, { press: 'Tab' }]);
    const text = await waitForLine(doc, line, 'Tab to insert a tab or spaces', (t) => t !== 'voiture' && t.startsWith('voiture'));
    assert.match(text, /^voiture(\t| +)$/);
  });

  test('in a Markdown file that is not a report, "car" then Tab is the ordinary Tab', async () => {
    const uri = fileInWorkspace('README.md');
    const { doc, line } = await openAtNewLastLine(uri);
    assert.equal((await api()).summaryOf(uri)?.bts ?? null, null, 'README.md is taken for a report');
    await drive([{ type: 'car' }, { press: 'Tab' }]);
    const text = await waitForLine(doc, line, 'Tab to insert a tab or spaces', (t) => t !== 'car' && t.startsWith('car'));
    assert.match(text, /^car(\t| +)$/, 'Tab changed behaviour in an ordinary Markdown file');
  });

  test('on an empty line of a report, the source action « Insérer un canevas… » lists the snippets and inserts the one picked, with no light bulb', async () => {
    const uri = await freshCopy('stage-complet.md');
    const { doc, line } = await openAtNewLastLine(uri);
    const actions = await requestUntil(
      'the « Insérer un canevas… » code action on an empty line',
      () => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(line, 0, line, 0)),
      (a) => !!a?.some((x) => x.title === 'Insérer un canevas…'),
      (a) => JSON.stringify((a ?? []).map((x) => x.title)),
    );
    const action = actions.find((x) => x.title === 'Insérer un canevas…')!;
    assert.ok(action.command, 'the code action runs no command');
    // Reachable from « Action de la source… », never announced by the light bulb: VS Code's bulb
    // and Ctrl+. leave out `source.*` kinds and show every other action (quickfix, refactor, no
    // kind). On a plain empty line, nothing the bulb would show is offered.
    assert.ok(action.kind && vscode.CodeActionKind.Source.contains(action.kind), `kind ${action.kind?.value} is not a source action`);
    const announced = actions.filter((x) => !x.kind || !vscode.CodeActionKind.Source.contains(x.kind));
    assert.deepEqual(
      announced.map((x) => `${x.kind?.value ?? '(no kind)'}: ${x.title}`),
      [],
      'actions the light bulb would announce on a plain empty line',
    );
    // The editor's context menu (right click, here Shift+F10) has the command too.
    // (The menu lives in a shadow root: `read` goes through it, `wait` only sees its container.)
    await drive([{ wait: EDITOR_FOCUSED }, { press: 'Shift+F10' }]);
    const menu = await requestUntil(
      'the context menu to open',
      async () => (await drive([{ read: '.monaco-menu .action-label' }]))[0]!,
      (labels) => labels.length > 0,
      (labels) => JSON.stringify(labels),
    );
    await drive([{ press: 'Escape' }]);
    assert.ok(menu!.some((m) => m.includes('Insérer un canevas')), `not in the context menu: ${JSON.stringify(menu)}`);
    const running = vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    const [rows] = await drive([
      { wait: QUICK_INPUT, text: 'Choisis le canevas' },
      { read: `${QUICK_INPUT} .quick-input-list .monaco-list-row`, attr: 'aria-label' },
      { type: 'Activité' },
      { press: 'Enter' },
    ]);
    for (const name of ['Contexte → Action → Résultat (phrase)', 'Mission CPI', 'Activité (SN, CIEL, MM)', 'Document en anglais', 'Figure légendée']) {
      assert.ok(rows!.some((r) => r.includes(name)), `« ${name} » is not offered: ${JSON.stringify(rows)}`);
    }
    await running;
    await waitForLine(doc, line, 'the activity canevas to be inserted', (t) => t.startsWith("## Activité 2 : titre de l'activité"));
    assert.match(doc.getText(), /### Objectifs assignés[\s\S]*### Commentaires personnels/);
  });

  test('no « Insérer un canevas… » code action on a line with text, nor in a file that is not a report', async () => {
    const report = await freshCopy('stage-complet.md');
    const doc = await vscode.workspace.openTextDocument(report);
    await vscode.window.showTextDocument(doc);
    await waitForSummary(report, 'the server to analyse the report');
    const textLine = doc.getText().split('\n').findIndex((l) => l.startsWith('Je remercie'));
    const onText = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', report, new vscode.Range(textLine, 3, textLine, 3));
    assert.ok(!onText.some((x) => x.title === 'Insérer un canevas…'), 'offered on a line with text');

    const readme = fileInWorkspace('README.md');
    const { line } = await openAtNewLastLine(readme);
    const inReadme = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', readme, new vscode.Range(line, 0, line, 0));
    assert.ok(!inReadme.some((x) => x.title === 'Insérer un canevas…'), 'offered in a file that is not a report');
  });
});
