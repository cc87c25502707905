// The report snippets in the editor, reachable the way a student tries them:
// - prefix + Tab in a report (`car` Tab): VS Code's Markdown defaults turn tab completion and
//   quick suggestions off, so the extension binds Tab in report documents only (`when`:
//   rapportBts.isReport, set by extension.ts from the server's summary) to expand the prefix
//   before the cursor, and falls back to the ordinary Tab otherwise. Other Markdown files keep
//   VS Code's Tab; inside a snippet, a suggestion or an inline suggestion Tab keeps its meaning
//   (the `when` clause of package.json leaves those to VS Code).
// - the command « Rapport : Insérer un canevas… » (palette, editor context menu of a report) and
//   the source action of the same name (right click → Action de la source…): a list of the
//   snippets.

import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { parseSnippets, snippetBefore, type ReportSnippet } from './snippetPrefix';

export const SNIPPET_COMMANDS = {
  /** Bound to Tab in reports (package.json keybindings). */
  tab: 'rapportBts.snippetTab',
  /** « Rapport : Insérer un canevas… » */
  insert: 'rapportBts.insertCanevas',
} as const;

/** The kind of the « Insérer un canevas… » code action: `source.canevas` (no light bulb). */
const CANEVAS_KIND = vscode.CodeActionKind.Source.append('canevas');

export function registerSnippets(context: vscode.ExtensionContext, isReport: (doc: vscode.TextDocument) => boolean): vscode.Disposable[] {
  let cache: ReportSnippet[] | undefined;
  const snippets = (): ReportSnippet[] => {
    if (!cache) {
      try {
        cache = parseSnippets(readFileSync(context.asAbsolutePath('snippets/markdown.json'), 'utf8'));
      } catch {
        cache = [];
      }
    }
    return cache;
  };

  const tab = async () => {
    const editor = vscode.window.activeTextEditor;
    const sel = editor?.selection;
    if (editor && sel && sel.isEmpty && editor.selections.length === 1 && isReport(editor.document)) {
      const before = editor.document.lineAt(sel.active.line).text.slice(0, sel.active.character);
      const found = snippetBefore(before, snippets());
      if (found) {
        const start = sel.active.translate(0, -found.prefix.length);
        const ok = await editor.insertSnippet(new vscode.SnippetString(found.snippet.body), new vscode.Range(start, sel.active));
        if (ok) return;
      }
    }
    // Not a prefix: the ordinary Tab (indent, or a tab / spaces).
    await vscode.commands.executeCommand('tab');
  };

  const insert = async (uri?: unknown, line?: number) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Rapport BTS : ouvre ton rapport, place le curseur, puis insère un canevas.');
      return false;
    }
    if (uri instanceof vscode.Uri && uri.toString() !== editor.document.uri.toString()) return false;
    const picked = await vscode.window.showQuickPick(
      snippets().map((s) => ({ label: s.name, description: s.prefixes.join(', '), detail: s.description, snippet: s })),
      {
        title: 'Insérer un canevas',
        placeHolder: 'Choisis le canevas à insérer au curseur (astuce : tape son préfixe puis Tab)',
        matchOnDescription: true,
        matchOnDetail: true,
      },
    );
    if (!picked) return false;
    const at = typeof line === 'number' && line >= 0 && line < editor.document.lineCount ? new vscode.Position(line, editor.document.lineAt(line).text.length) : undefined;
    return editor.insertSnippet(new vscode.SnippetString(picked.snippet.body), at ?? editor.selection);
  };

  // On an empty line of a report, « Action de la source… » (right click) offers the canevas. A
  // source kind, not quickfix or refactor: VS Code shows source actions neither behind the light
  // bulb nor in Ctrl+. (its filter drops `source.*` unless they are asked for), so no bulb comes
  // and goes on every empty line as the student writes. Where a skeleton is really wanted (a
  // missing section, a paragraph to turn into Contexte → Action → Résultat) the server's quick
  // fixes announce it.
  const provider: vscode.CodeActionProvider = {
    provideCodeActions(document, range) {
      if (!isReport(document) || !range.isSingleLine || document.lineAt(range.start.line).text.trim() !== '') return [];
      const action = new vscode.CodeAction('Insérer un canevas…', CANEVAS_KIND);
      action.command = { command: SNIPPET_COMMANDS.insert, title: 'Insérer un canevas…', arguments: [document.uri, range.start.line] };
      return [action];
    },
  };

  return [
    vscode.commands.registerCommand(SNIPPET_COMMANDS.tab, tab),
    vscode.commands.registerCommand(SNIPPET_COMMANDS.insert, insert),
    vscode.languages.registerCodeActionsProvider({ language: 'markdown' }, provider, {
      providedCodeActionKinds: [CANEVAS_KIND],
    }),
  ];
}
