// Quick fixes: the fixes computed with each finding, offered as undoable workspace edits.

import { CodeActionKind, type CodeAction } from 'vscode-languageserver/node';
import { eolOf } from '../../core/text/text';
import type { AnalysisResult, Range, TextEdit } from '../../core/types';
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
      const disable = disableEdits(result, String(diag.code), diag.range);
      if (disable) {
        actions.push({
          title: `Ignorer « ${String(diag.code)} » à cet endroit`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diag],
          edit: { changes: { [uri]: disable } },
        });
      }
    }
    return actions;
  });
}

/**
 * Wraps the lines of a finding in `<!-- rapport-disable CODE -->` … `<!-- rapport-enable CODE -->`.
 * Not offered inside the front matter, where a comment would break the YAML.
 */
export function disableEdits(result: AnalysisResult, code: string, range: Range): TextEdit[] | undefined {
  const { model } = result;
  const fm = model.frontmatter?.range;
  if (fm && range.start.line <= fm.end.line) return undefined;
  const eol = eolOf(model.text);
  const afterLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1;
  const atEnd = afterLine >= model.lineStarts.length;
  const endPos = atEnd
    ? { line: model.lineStarts.length - 1, character: model.text.length - model.lineStarts[model.lineStarts.length - 1]! }
    : { line: afterLine, character: 0 };
  return [
    { range: { start: { line: range.start.line, character: 0 }, end: { line: range.start.line, character: 0 } }, newText: `<!-- rapport-disable ${code} -->${eol}` },
    { range: { start: endPos, end: endPos }, newText: `${atEnd ? eol : ''}<!-- rapport-enable ${code} -->${atEnd ? '' : eol}` },
  ];
}
