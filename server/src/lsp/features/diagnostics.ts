// Publishes diagnostics (push) and the report summary notification after each analysis.

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../../core/types';
import { docsUrl } from '../../rules';
import type { ServerContext } from './context';
import { summaryPayload } from './plan';

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
    codeDescription: { href: docsUrl(f.code) },
    source: SOURCE,
    message: f.message,
    data: f.data,
    ...(f.related
      ? { relatedInformation: f.related.map((r) => ({ location: { uri, range: r.range }, message: r.message })) }
      : {}),
  };
}

export function registerDiagnostics(ctx: ServerContext): void {
  ctx.onDidAnalyze((uri, version, result) => {
    void ctx.connection.sendDiagnostics({ uri, version, diagnostics: result.findings.map((f) => toDiagnostic(f, uri)) });
    // Page figures follow the document's page model (settings are cached per document).
    void ctx.getSettings(uri).then((settings) =>
      ctx.connection.sendNotification('rapport/summary', summaryPayload(uri, version, result, settings)),
    );
  });
  ctx.documents.onDidClose((e) => void ctx.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
}
