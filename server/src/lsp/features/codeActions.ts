// Quick fixes: the fixes computed with each finding, offered as undoable workspace edits.

import { CodeActionKind, type CodeAction } from 'vscode-languageserver/node';
import { eolOf } from '../../core/text/text';
import { placeholderIn } from '../../core/text/placeholder';
import { columnToClient, type PositionEncoding } from '../positionEncoding';
import { COMMANDS } from '../../protocol';
import type { AnalysisResult, Range, TextEdit } from '../../core/types';
import type { ServerContext } from './context';
import { SOURCE } from './diagnostics';

/**
 * The server's finding a request's diagnostic stands for: same code on the same start line. The
 * columns are not compared: a client may count them in another encoding (Neovim 0.7 sends byte
 * columns on a line with accents). Among several on that line, the one with the same message
 * (every missing section is reported at the front matter, each with its own fix), else the
 * closest start column, wins.
 */
function findingOf(result: AnalysisResult, diag: { code?: unknown; range: Range; message?: unknown }) {
  const candidates = result.findings.filter((f) => f.code === diag.code && f.range.start.line === diag.range.start.line);
  const same = candidates.find((f) => f.message === diag.message);
  if (same) return same;
  let best = candidates[0];
  for (const f of candidates) {
    if (Math.abs(f.range.start.character - diag.range.start.character) < Math.abs(best!.range.start.character - diag.range.start.character)) best = f;
  }
  return best;
}

export function registerCodeActions(ctx: ServerContext): void {
  ctx.connection.onCodeAction(async (params) => {
    const uri = params.textDocument.uri;
    const result = await ctx.analysisOf(uri);
    if (!result) return [];
    const actions: CodeAction[] = [];
    // A client that implements it gets, with a fix inserting a skeleton, the command that puts
    // the cursor in its first placeholder (run by the client after the edit).
    const selectPlaceholder = ctx.clientCommands().includes(COMMANDS.placeholder);
    // A fix that several findings share (« Insérer les N sections manquantes ») is offered once.
    const offered = new Map<string, CodeAction>();
    for (const diag of params.context.diagnostics) {
      if (diag.source !== SOURCE) continue;
      const finding = findingOf(result, diag);
      for (const fix of finding?.fixes ?? []) {
        const key = `${fix.title}\u0000${JSON.stringify(fix.edits)}`;
        const same = offered.get(key);
        if (same) {
          same.diagnostics!.push(diag);
          continue;
        }
        const action: CodeAction = {
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diag],
          isPreferred: fix.preferred ?? false,
          edit: { changes: { [uri]: fix.edits } },
        };
        const target = selectPlaceholder ? placeholderTarget(result.model.text, fix.edits, ctx.positionEncoding()) : undefined;
        if (target) action.command = { title: 'Aller au premier champ à remplir', command: COMMANDS.placeholder, arguments: [uri, target] };
        offered.set(key, action);
        actions.push(action);
      }
      const disable = disableEdits(result, String(diag.code), finding?.range ?? diag.range);
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
 * The placeholder range the cursor command selects, in the client's encoding. Its columns count
 * in the text as it is after the edits, which the position layer does not have yet (command
 * arguments are not converted there): converted here, against its line.
 */
function placeholderTarget(text: string, edits: TextEdit[], encoding: PositionEncoding): Range | undefined {
  const found = placeholderIn(text, edits);
  if (!found || encoding === 'utf-16') return found?.range;
  // The range is on one line: a « … », or the start of the line under a comment.
  const at = (p: Range['start']) => ({ line: p.line, character: columnToClient(found.line, p.character, encoding) });
  return { start: at(found.range.start), end: at(found.range.end) };
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
