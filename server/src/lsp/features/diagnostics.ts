// Diagnostics, pulled (`textDocument/diagnostic`) by clients that support it, pushed after each
// analysis to the others; and the report summary notification after each analysis.

import {
  DocumentDiagnosticReportKind,
  DiagnosticSeverity,
  type ClientCapabilities,
  type Diagnostic,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import type { Finding, Severity } from '../../core/types';
import type { ServerContext } from './context';
import { summaryPayload } from './plan';
import { SUMMARY_NOTIFICATION } from '../../protocol';

export const SOURCE = 'rapport-bts';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(f: Finding, uri: string): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: f.docs },
    source: SOURCE,
    message: f.message,
    data: f.data,
    ...(f.related
      ? { relatedInformation: f.related.map((r) => ({ location: { uri, range: r.range }, message: r.message })) }
      : {}),
  };
}

/** Whether the client pulls diagnostics (LSP 3.17): then the server does not push them. */
export function pullDiagnostics(client: ClientCapabilities): boolean {
  return !!client.textDocument?.diagnostic;
}

const resultIds = new WeakMap<object, string>();
let nextResultId = 1;
const idOf = (result: object): string => {
  let id = resultIds.get(result);
  if (!id) resultIds.set(result, (id = String(nextResultId++)));
  return id;
};

export function registerDiagnostics(ctx: ServerContext): void {
  ctx.connection.languages.diagnostics.on(async (params): Promise<DocumentDiagnosticReport> => {
    const uri = params.textDocument.uri;
    const result = await ctx.analysisOf(uri);
    // One id per analysis result: the same version analysed again (new settings) gets a new one.
    const resultId = result ? idOf(result) : undefined;
    if (resultId !== undefined && params.previousResultId === resultId && result) {
      return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    }
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: result ? result.findings.map((f) => toDiagnostic(f, uri)) : [] };
  });
  ctx.onDidAnalyze((uri, version, result) => {
    if (!pullDiagnostics(ctx.client())) {
      void ctx.connection.sendDiagnostics({ uri, version, diagnostics: result.findings.map((f) => toDiagnostic(f, uri)) });
    }
    // Page figures follow the document's page model (settings are cached per document).
    void ctx.getSettings(uri).then((settings) =>
      ctx.connection.sendNotification(SUMMARY_NOTIFICATION, summaryPayload(uri, version, result, settings)),
    );
  });
  ctx.documents.onDidClose((e) => {
    if (!pullDiagnostics(ctx.client())) void ctx.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
}
