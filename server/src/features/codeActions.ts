// Quick fixes: the fixes computed with each finding, offered as undoable workspace edits.

import { CodeActionKind, type CodeAction } from 'vscode-languageserver/node';
import type { Range } from '../analysis/types';
import type { ServerContext } from './context';
import { SOURCE } from './diagnostics';

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line &&
  a.start.character === b.start.character &&
  a.end.line === b.end.line &&
  a.end.character === b.end.character;

export function registerCodeActions(ctx: ServerContext): void {
  ctx.connection.onCodeAction(async (params) => {
    const uri = params.textDocument.uri;
    const result = await ctx.analysisOf(uri);
    if (!result) return [];
    const actions: CodeAction[] = [];
    for (const diag of params.context.diagnostics) {
      if (diag.source !== SOURCE) continue;
      const finding = result.findings.find(
        (f) => f.code === diag.code && sameRange(f.range, diag.range) && f.message === diag.message,
      );
      for (const fix of finding?.fixes ?? []) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diag],
          isPreferred: fix.preferred ?? false,
          edit: { changes: { [uri]: fix.edits } },
        });
      }
    }
    return actions;
  });
}
