// Competence codes in the editor (BTS with a competence table, e.g. MM): the title of a code on
// hover, the coverage summary on hover of the activities heading, completion of the codes with
// their titles, and the `rapport/competences` request returning the coverage of a document.

import { CompletionItemKind, MarkupKind, type CompletionItem, type InitializeResult } from 'vscode-languageserver/node';
import { competenceCompletions, competenceCoverage, competenceHover, type CompetenceCoverage } from '../../core/model/competences';
import { offsetAt } from '../../core/text/text';
import type { ServerContext } from './context';

export const COMPETENCES_REQUEST = 'rapport/competences';

/** What this feature adds to the initialize result. */
export const competenceCapabilities: Partial<InitializeResult['capabilities']> = {
  hoverProvider: true,
  completionProvider: { triggerCharacters: ['C', 'A', '-'] },
};

export function registerCompetences(ctx: ServerContext): void {
  ctx.connection.onHover(async (params) => {
    const result = await ctx.analysisOf(params.textDocument.uri);
    if (!result) return null;
    const { model } = result;
    const hover = competenceHover(model, offsetAt(model.lineStarts, params.position, model.text.length));
    return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: hover.range } : null;
  });

  ctx.connection.onCompletion(async (params): Promise<CompletionItem[]> => {
    const result = await ctx.analysisOf(params.textDocument.uri);
    if (!result) return [];
    return competenceCompletions(result.model, params.position.line, params.position.character).map((c, i) => ({
      label: c.code,
      kind: CompletionItemKind.Reference,
      detail: c.title,
      documentation: { kind: MarkupKind.Markdown, value: `**${c.code}** — ${c.title}` },
      sortText: String(i).padStart(3, '0'),
      filterText: c.code,
      textEdit: { range: c.range, newText: c.code },
    }));
  });

  ctx.connection.onRequest(
    COMPETENCES_REQUEST,
    async (params: { uri?: string; textDocument?: { uri: string } }): Promise<CompetenceCoverage | null> => {
      const uri = params?.uri ?? params?.textDocument?.uri;
      if (!uri) return null;
      const result = await ctx.analysisOf(uri);
      return result ? competenceCoverage(result.model) : null;
    },
  );
}
