// The Markdown snippets contributed by the extension (snippets/markdown.json), expanded by
// VS Code's own snippet machinery as a student would get them.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, closeAllEditors, extension, fileInWorkspace, waitFor } from './helpers';

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
