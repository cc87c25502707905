// The language server: a thin host of the analysis core over LSP (IPC in VS Code, stdio elsewhere).
// Each feature lives in features/ and registers itself on the shared context.

import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  MessageType,
  ProposedFeatures,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from './analysis/analyze';
import { sanitizeSettings } from './analysis/settings';
import type { AnalysisResult, AnalysisSettings } from './analysis/types';
import { registerCodeActions } from './features/codeActions';
import { isMarkdown, type ServerContext } from './features/context';
import { registerDiagnostics } from './features/diagnostics';
import { getRegistry } from './host';

declare const VERSION: string;

/** Capabilities each feature adds to the initialize result. */
const capabilities: InitializeResult['capabilities'] = {
  textDocumentSync: TextDocumentSyncKind.Incremental,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
};

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  const documents = new TextDocuments(TextDocument);
  const registry = getRegistry();
  const results = new Map<string, { version: number; result: AnalysisResult }>();
  const settingsCache = new Map<string, Promise<AnalysisSettings>>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const reportedProblems = new Set<string>();
  const listeners: ((uri: string, version: number, result: AnalysisResult) => void)[] = [];
  let hasConfiguration = false;
  let globalSettings: unknown;

  const getSettings = (uri: string): Promise<AnalysisSettings> => {
    let p = settingsCache.get(uri);
    if (!p) {
      const raw: Promise<unknown> = hasConfiguration
        ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'rapport' }).then((v) => v, () => globalSettings)
        : Promise.resolve(globalSettings);
      p = raw.then((value) => {
        const { settings, problems } = sanitizeSettings(value);
        for (const msg of problems) {
          if (reportedProblems.has(msg)) continue;
          reportedProblems.add(msg);
          // A notification, not a request: nothing waits for the user to dismiss it.
          void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Rapport BTS : ${msg}` });
        }
        return settings;
      });
      settingsCache.set(uri, p);
    }
    return p;
  };

  /** Analyses the current version of a document, reusing the cached result when it is current. */
  const analysisOf = async (uri: string): Promise<AnalysisResult | undefined> => {
    const doc = documents.get(uri);
    if (!doc || !isMarkdown(doc)) return undefined;
    const cached = results.get(uri);
    if (cached && cached.version === doc.version) return cached.result;
    const settings = await getSettings(uri);
    const current = documents.get(uri);
    if (!current) return undefined;
    const again = results.get(uri);
    if (again && again.version === current.version) return again.result;
    try {
      const result = analyze(current.getText(), settings, registry);
      results.set(uri, { version: current.version, result });
      return result;
    } catch (e) {
      connection.console.error(`rapport-bts: analysis failed for ${uri}: ${(e as Error).stack ?? String(e)}`);
      return undefined;
    }
  };

  const validate = async (uri: string) => {
    const doc = documents.get(uri);
    if (!doc || !isMarkdown(doc)) return;
    const version = doc.version;
    const result = await analysisOf(uri);
    // Drop the result of a version that is no longer current: a newer analysis is scheduled.
    if (!result || documents.get(uri)?.version !== version) return;
    for (const l of listeners) l(uri, version, result);
  };

  const schedule = (uri: string, delay: number) => {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void validate(uri);
      }, delay),
    );
  };

  const ctx: ServerContext = {
    connection,
    documents,
    registry,
    getSettings,
    analysisOf,
    onDidAnalyze: (l) => listeners.push(l),
  };

  connection.onInitialize((params: InitializeParams) => {
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    globalSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
    return { capabilities, serverInfo: { name: 'rapport-bts', version: VERSION } };
  });
  connection.onInitialized(() => {
    if (hasConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'rapport' }).catch(() => undefined);
    }
  });

  registerDiagnostics(ctx);
  registerCodeActions(ctx);

  documents.onDidOpen((e) => void validate(e.document.uri));
  documents.onDidChangeContent((e) => schedule(e.document.uri, 200));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    results.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
  });
  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    reportedProblems.clear();
    if (!hasConfiguration) globalSettings = (change.settings as { rapport?: unknown } | undefined)?.rapport;
    results.clear();
    for (const doc of documents.all()) void validate(doc.uri);
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
