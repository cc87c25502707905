// The language server: a thin host of the analysis core over LSP (IPC in VS Code, stdio elsewhere).

import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type Connection,
  type Diagnostic,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from './analysis/analyze';
import { sanitizeSettings } from './analysis/settings';
import { summarizePages } from './analysis/summary';
import type { AnalysisResult, AnalysisSettings, Finding, Range, Severity } from './analysis/types';
import { getRegistry } from './host';
import { docsUrl } from './rules';

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

function isMarkdown(doc: TextDocument): boolean {
  return doc.languageId === 'markdown' || /\.(md|markdown)$/i.test(doc.uri);
}

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  const documents = new TextDocuments(TextDocument);
  const registry = getRegistry();
  const results = new Map<string, { version: number; result: AnalysisResult }>();
  const settingsCache = new Map<string, Promise<AnalysisSettings>>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const reportedProblems = new Set<string>();
  let hasConfiguration = false;
  let globalSettings: unknown;

  connection.onInitialize((params: InitializeParams) => {
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    globalSettings = init?.settings;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'rapport-bts', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (hasConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'rapport' }).catch(() => undefined);
    }
  });

  const getSettings = (uri: string): Promise<AnalysisSettings> => {
    let p = settingsCache.get(uri);
    if (!p) {
      const raw: Promise<unknown> = hasConfiguration
        ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'rapport' }).then(
            (v) => v,
            () => globalSettings,
          )
        : Promise.resolve(globalSettings);
      p = raw.then((value) => {
        const { settings, problems } = sanitizeSettings(value);
        for (const msg of problems) {
          if (!reportedProblems.has(msg)) {
            reportedProblems.add(msg);
            void connection.window.showWarningMessage(`Rapport BTS : ${msg}`);
          }
        }
        return settings;
      });
      settingsCache.set(uri, p);
    }
    return p;
  };

  const validate = async (doc: TextDocument) => {
    if (!isMarkdown(doc)) return;
    const version = doc.version;
    const settings = await getSettings(doc.uri);
    const current = documents.get(doc.uri);
    if (!current || current.version !== version) return; // stale: a newer version will be analysed
    let result: AnalysisResult;
    try {
      result = analyze(current.getText(), settings, registry);
    } catch (e) {
      connection.console.error(`rapport-bts: analysis failed for ${doc.uri}: ${(e as Error).stack ?? e}`);
      return;
    }
    results.set(doc.uri, { version, result });
    await connection.sendDiagnostics({
      uri: doc.uri,
      version,
      diagnostics: result.findings.map((f) => toDiagnostic(f, doc.uri)),
    });
    void connection.sendNotification('rapport/summary', {
      uri: doc.uri,
      version,
      bts: result.model.profile?.id ?? null,
      btsName: result.model.profile?.name ?? null,
      pages: summarizePages(result.model),
    });
  };

  const schedule = (doc: TextDocument, delay: number) => {
    clearTimeout(timers.get(doc.uri));
    timers.set(doc.uri, setTimeout(() => {
      timers.delete(doc.uri);
      void validate(doc);
    }, delay));
  };

  documents.onDidOpen((e) => void validate(e.document));
  documents.onDidChangeContent((e) => schedule(e.document, 200));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    results.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    reportedProblems.clear();
    if (!hasConfiguration) globalSettings = (change.settings as { rapport?: unknown } | undefined)?.rapport;
    for (const doc of documents.all()) void validate(doc);
  });

  connection.onCodeAction((params) => {
    const entry = results.get(params.textDocument.uri);
    const doc = documents.get(params.textDocument.uri);
    if (!entry || !doc || entry.version !== doc.version) return [];
    const actions: CodeAction[] = [];
    for (const diag of params.context.diagnostics) {
      if (diag.source !== SOURCE) continue;
      const finding = entry.result.findings.find((f) => f.code === diag.code && sameRange(f.range, diag.range) && f.message === diag.message);
      for (const fix of finding?.fixes ?? []) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diag],
          isPreferred: fix.preferred ?? false,
          edit: { changes: { [params.textDocument.uri]: fix.edits } },
        });
      }
    }
    return actions;
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
