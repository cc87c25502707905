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
import { analyze, onRuleError } from '../core/analyze';
import { IncrementalAnalyzer, mergeChange, type ChangeHint, type UpdateInfo } from '../core/parse/incremental';
import { sanitizeSettings } from '../core/model/settings';
import type { AnalysisResult, AnalysisSettings } from '../core/types';
import { registerCodeActions } from './features/codeActions';
import { competenceCapabilities, registerCompetences } from './features/competences';
import { isMarkdown, type ServerContext } from './features/context';
import { registerDiagnostics } from './features/diagnostics';
import { registerStats } from './features/stats';
import { registerCodeLens } from './features/codeLens';
import { registerPlan } from './features/plan';
import { withImageSize } from '../host/imageSize';
import { getRegistry } from '../host/registry';

declare const VERSION: string;

/** Diagnostics wait this long after the last keystroke (the first analysis after opening does not wait). */
const DEBOUNCE_MS = 200;

/** Capabilities each feature adds to the initialize result. */
const capabilities: InitializeResult['capabilities'] = {
  textDocumentSync: TextDocumentSyncKind.Incremental,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  codeLensProvider: { resolveProvider: false },
  ...competenceCapabilities, // hoverProvider, completionProvider (C…, A…, -)
};

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  // Where each document changed since its last analysis, from the change events themselves: the
  // incremental analyzer then need not compare the texts (see mergeChange in analysis/incremental.ts).
  const changedSince = new Map<string, ChangeHint | 'unknown'>();
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (doc, changes, version) => {
      let hint = changedSince.get(doc.uri);
      for (const change of changes) {
        if (hint !== 'unknown' && 'range' in change) {
          hint = mergeChange(hint, doc.offsetAt(change.range.start), doc.offsetAt(change.range.end), change.text.length);
        } else {
          hint = 'unknown';
        }
        // One change at a time: the next change's range refers to the text after this one.
        doc = TextDocument.update(doc, [change], version);
      }
      if (hint !== undefined) changedSince.set(doc.uri, hint);
      return doc;
    },
  });
  const registry = getRegistry();
  const results = new Map<string, { version: number; result: AnalysisResult }>();
  // One incremental analyzer per open document: it keeps the syntax tree between versions.
  const analyzers = new Map<string, IncrementalAnalyzer>();
  // The result last handed to the listeners, per document: never publish one twice.
  const published = new Map<string, AnalysisResult>();
  // The version each document was opened with: its change event is the open itself.
  const openedVersion = new Map<string, number>();
  let lastAnalysis: (UpdateInfo & { uri: string; version: number; ms: number }) | undefined;
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
        return withImageSize(settings, uri);
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
    let analyzer = analyzers.get(uri);
    if (!analyzer) analyzers.set(uri, (analyzer = new IncrementalAnalyzer(registry)));
    const text = current.getText();
    const t0 = performance.now();
    try {
      let result: AnalysisResult;
      try {
        const hint = changedSince.get(uri);
        changedSince.delete(uri);
        result = analyzer.update(text, settings, hint === 'unknown' ? undefined : hint);
      } catch (e) {
        // The incremental path must never cost a document its diagnostics: start afresh.
        analyzer.reset();
        connection.console.error(`rapport-bts: incremental analysis failed for ${uri}: ${(e as Error).stack ?? String(e)}`);
        result = analyze(text, settings, registry);
      }
      lastAnalysis = { uri, version: current.version, ms: performance.now() - t0, ...analyzer.last };
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
    if (!result || documents.get(uri)?.version !== version) return;
    // Let changes that arrived during the analysis be applied before publishing: a result of a
    // version that is no longer current is dropped (a newer analysis is scheduled).
    await new Promise((resolve) => setImmediate(resolve));
    const now = results.get(uri);
    if (documents.get(uri)?.version !== version || now?.result !== result || published.get(uri) === result) return;
    published.set(uri, result);
    for (const l of listeners) {
      // A failing feature must not take the others (or the process: validate runs unawaited) down.
      try {
        l(uri, version, result);
      } catch (e) {
        connection.console.error(`rapport-bts: a listener failed for ${uri}: ${(e as Error).stack ?? String(e)}`);
      }
    }
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
  registerCodeLens(ctx);
  registerPlan(ctx);
  registerCompetences(ctx);
  registerStats(ctx, () => ({ lastAnalysis }));
  onRuleError((code, e) => connection.console.error(`rapport-bts: rule ${code} failed: ${(e as Error)?.stack ?? String(e)}`));

  documents.onDidOpen((e) => {
    openedVersion.set(e.document.uri, e.document.version);
    changedSince.delete(e.document.uri);
    void validate(e.document.uri);
  });
  documents.onDidChangeContent((e) => {
    // TextDocuments also fires a change when a document opens: that one is analysed already.
    if (openedVersion.get(e.document.uri) === e.document.version) return;
    openedVersion.delete(e.document.uri);
    schedule(e.document.uri, DEBOUNCE_MS);
  });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    results.delete(uri);
    analyzers.delete(uri);
    changedSince.delete(uri);
    published.delete(uri);
    openedVersion.delete(uri);
    settingsCache.delete(uri);
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
