// `rapport/classe`: the class summary of a set of workspace files (VS Code command "Vérifier tous
// les rapports du dossier"). Each file is analysed — the open ones from the editor's text, the
// others read from disk like the CLI does — and its diagnostics are published, so the Problems
// panel lists the findings of reports that were never opened. Only the rows are kept; the
// models of unopened files are dropped after each file.

import { fileURLToPath } from 'node:url';
import { analyze } from '../../core/analyze';
import { CLASSE_REQUEST, type ClasseParams } from '../../protocol';
import { classRow, isRow, type ClassOther, type ClassRow, type ClassSummary } from '../../classe/row';
import { readReport } from '../../host/readReport';
import type { AnalysisResult } from '../../core/types';
import type { ServerContext } from './context';
import { pullDiagnostics, toDiagnostic } from './diagnostics';

export { CLASSE_REQUEST, type ClasseParams };

const pause = () => new Promise((resolve) => setImmediate(resolve));

export function registerClasse(ctx: ServerContext): void {
  // Files whose diagnostics this request pushed: once such a file is opened, the editor's own
  // diagnostics (pulled, or pushed by diagnostics.ts) take over, so the pushed ones are cleared.
  const pushed = new Set<string>();
  ctx.documents.onDidOpen((e) => {
    if (pushed.delete(e.document.uri) && pullDiagnostics(ctx.client())) void ctx.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  ctx.connection.onRequest(CLASSE_REQUEST, async (params: ClasseParams, token): Promise<ClassSummary> => {
    const rows: ClassRow[] = [];
    const others: ClassOther[] = [];
    for (const { uri, label } of params.files) {
      if (token?.isCancellationRequested) break;
      await pause(); // edits and other requests are served between two files
      const settings = await ctx.getSettings(uri);
      let result: AnalysisResult | undefined;
      if (ctx.documents.get(uri)) {
        // An open document: its current text, already analysed and published by the server.
        result = await ctx.analysisOf(uri);
      } else {
        let path: string;
        try {
          path = fileURLToPath(uri);
        } catch {
          others.push({ file: label, reason: 'fichier hors du disque local', kind: 'unreadable' });
          continue;
        }
        const read = readReport(path);
        if ('error' in read) {
          const prefix = `impossible de lire ${path} : `;
          others.push({ file: label, reason: read.error.startsWith(prefix) ? read.error.slice(prefix.length) : read.error, kind: 'unreadable' });
          continue;
        }
        try {
          result = analyze(read.text, settings, ctx.registry, ctx.rules);
        } catch (e) {
          ctx.connection.console.error(`rapport-bts: analysis failed for ${uri}: ${(e as Error).stack ?? String(e)}`);
        }
        if (result) {
          pushed.add(uri);
          void ctx.connection.sendDiagnostics({ uri, diagnostics: result.findings.map((f) => toDiagnostic(f, uri)) });
        }
      }
      if (!result) {
        others.push({ file: label, reason: "l'analyse a échoué (voir la sortie « Rapport BTS »)", kind: 'unreadable' });
        continue;
      }
      const row = classRow(label, result, settings);
      if (isRow(row)) rows.push(row);
      else others.push(row);
    }
    return { version: 1, rows, others };
  });
}
