// Publishes diagnostics (push) and the report summary notification after each analysis.

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { summarizePages } from '../analysis/summary';
import type { Finding, Severity } from '../analysis/types';
import { docsUrl } from '../rules';
import type { ServerContext } from './context';

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
    void ctx.connection.sendNotification('rapport/summary', {
      uri,
      version,
      bts: result.model.profile?.id ?? null,
      btsName: result.model.profile?.name ?? null,
      pages: summarizePages(result.model),
    });
  });
  ctx.documents.onDidClose((e) => void ctx.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
}
