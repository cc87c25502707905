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
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createAnalyzer, type Analyzer, type UpdateInfo } from '../core/analyze';
import { watchFraming } from './framing';
import { mergeChange, type ChangeHint } from '../core/parse/incremental';
import { sanitizeSettings } from '../core/model/settings';
import type { AnalysisResult, AnalysisSettings } from '../core/types';
import { registerClasse } from './features/classe';
import { registerCodeActions } from './features/codeActions';
import { competenceCapabilities, registerCompetences } from './features/competences';
import { isMarkdown, type ServerContext } from './features/context';
import { SOURCE, pullDiagnostics, registerDiagnostics } from './features/diagnostics';
import { registerStats } from './features/stats';
import { registerCodeLens } from './features/codeLens';
import { registerPlan } from './features/plan';
import { ExactCounter } from './features/exact';
import { registerExport } from './features/export';
import { changeFromClient, negotiatePositionEncoding, withPositionEncoding, type PositionEncoding } from './positionEncoding';
import { withImageSize } from '../host/imageSize';
import { getRegistryOrFallback } from '../host/registry';
import { rules } from '../rules';

declare const VERSION: string;

/**
 * Adaptive delay before an analysis: an edit that comes alone (nothing typed for BURST_GAP_MS)
 * is analysed at once; within a burst of typing, the analyses are coalesced: at most one runs
 * at a time, the next waits a few times the cost of the last one (at least BURST_MIN_MS, at
 * most BURST_MAX_MS), and the last version is always analysed and published.
 */
const BURST_GAP_MS = 60;
const BURST_MIN_MS = 8;
const BURST_MAX_MS = 60;

/** Capabilities each feature adds to the initialize result. */
const capabilities: InitializeResult['capabilities'] = {
  textDocumentSync: TextDocumentSyncKind.Incremental,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  codeLensProvider: { resolveProvider: false },
  ...competenceCapabilities, // hoverProvider, completionProvider (C…, A…, -)
};

/** Sent when the analysis of a document version is settled (see `settled`): `{ uri, version }`. */
export const ANALYSIS_SETTLED_NOTIFICATION = 'rapport/analysisSettled';

/**
 * The last line of defence of a server process: an error nobody caught (a rejected promise no
 * handler awaited, a throw in a timer) is logged and the server keeps serving its other requests
 * and documents instead of exiting. Installed by the server's entry points, not by tests.
 */
export function keepServing(log: (message: string) => void): void {
  const report = (what: string) => (e: unknown) => {
    try {
      log(`rapport-bts: ${what}: ${(e as Error)?.stack ?? String(e)}`);
    } catch {
      // Logging itself failed (the connection is gone): nothing more to do.
    }
  };
  process.on('unhandledRejection', report('unhandled rejection'));
  process.on('uncaughtException', report('uncaught exception'));
}

export function startServer(given?: Connection): Connection {
  const connection = given ?? createConnection(ProposedFeatures.all);
  if (!given) keepServing((m) => connection.console.error(m));
  // Where each document changed since its last analysis, from the change events themselves: the
  // incremental analyzer then need not compare the texts (see mergeChange in analysis/incremental.ts).
  const changedSince = new Map<string, ChangeHint | 'unknown'>();
  // Bumped on every change: a client may send versions that do not increase, and the latest
  // text must still be the one analysed and published (versions alone cannot tell).
  const revisions = new Map<string, number>();
  const revisionOf = (uri: string) => revisions.get(uri) ?? 0;
  // The columns the client counts in (negotiated at initialize); the server works in UTF-16.
  let positionEncoding: PositionEncoding = 'utf-16';
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (doc, changes, version) => {
      revisions.set(doc.uri, revisionOf(doc.uri) + 1);
      let hint = changedSince.get(doc.uri);
      for (const sent of changes) {
        const change = changeFromClient(doc, sent, positionEncoding);
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
  // Invalid profiles never stop the server: it says so once (file and key) and keeps serving.
  const { registry, problem: profileProblem } = getRegistryOrFallback();
  if (profileProblem) connection.console.error(profileProblem);
  const results = new Map<string, { revision: number; result: AnalysisResult }>();
  // One incremental analyzer per open document: it keeps the syntax tree between versions.
  const analyzers = new Map<string, Analyzer>();
  // The result last handed to the listeners, per document: never publish one twice.
  const published = new Map<string, AnalysisResult>();
  // The version each document was opened with: its change event is the open itself.
  const opening = new Set<string>();
  let lastAnalysis: (UpdateInfo & { uri: string; version: number; ms: number }) | undefined;
  const settingsCache = new Map<string, Promise<AnalysisSettings>>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  // Per document: the time of its last change, whether an analysis is running, and whether a
  // change came during it (then one more analysis follows).
  const lastChangeAt = new Map<string, number>();
  const running = new Set<string>();
  const dirty = new Set<string>();
  let lastMs = 0;
  const reportedProblems = new Set<string>();
  const listeners: ((uri: string, version: number, result: AnalysisResult) => void)[] = [];
  let hasConfiguration = false;
  let clientCapabilities: ClientCapabilities = {};
  let clientCommands: string[] = [];
    const commands = new Map<string, (args: unknown[]) => Promise<unknown> | unknown>();
  let globalSettings: unknown;

  const getSettings = (uri: string): Promise<AnalysisSettings> => {
    let p = settingsCache.get(uri);
    if (!p) {
      const raw: Promise<unknown> = hasConfiguration
        ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'rapport' }).then((v) => v, () => globalSettings)
        : Promise.resolve(globalSettings);
      p = raw.then((value) => {
        let sanitized: ReturnType<typeof sanitizeSettings>;
        try {
          sanitized = sanitizeSettings(value, registry.ids());
        } catch (e) {
          // No setting may stop the analysis: whatever the shape, the defaults apply.
          connection.console.error(`rapport-bts: settings rejected: ${(e as Error)?.stack ?? String(e)}`);
          sanitized = { settings: {}, problems: ['Les réglages « rapport » sont illisibles : valeurs par défaut utilisées.'] };
        }
        const { settings, problems } = sanitized;
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

  // Documents analysed again only because their exact figures arrived: `lastAnalysis` (rapport/stats)
  // keeps describing the last edit.
  const exactRefresh = new Set<string>();
  // Exact page counts: typeset in a worker after a pause; when the figures of the open text come
  // back, the document is analysed again with them.
  const exact = new ExactCounter(
    (uri) => {
      const d = documents.get(uri);
      return d && isMarkdown(d) ? { version: d.version, text: d.getText() } : undefined;
    },
    (uri) => getSettings(uri),
    (uri) => {
      results.delete(uri);
      exactRefresh.add(uri);
      void validateGuarded(uri).then(() => settled(uri));
    },
    (msg) => connection.console.error(msg),
  );

  /** Analyses the current version of a document, reusing the cached result when it is current. */
  const analysisOf = async (uri: string): Promise<AnalysisResult | undefined> => {
    const doc = documents.get(uri);
    if (!doc || !isMarkdown(doc)) return undefined;
    const cached = results.get(uri);
    if (cached && cached.revision === revisionOf(uri)) return cached.result;
    let baseSettings: AnalysisSettings;
    try {
      baseSettings = await getSettings(uri);
    } catch (e) {
      connection.console.error(`rapport-bts: settings failed for ${uri}: ${(e as Error)?.stack ?? String(e)}`);
      settingsCache.delete(uri);
      baseSettings = withImageSize({}, uri);
    }
    const current = documents.get(uri);
    if (!current) return undefined;
    const again = results.get(uri);
    const revision = revisionOf(uri);
    if (again && again.revision === revision) return again.result;
    let analyzer = analyzers.get(uri);
    if (!analyzer) analyzers.set(uri, (analyzer = createAnalyzer({ registry, rules, log: (m, level) => connection.console[level === 'error' ? 'error' : 'log'](`rapport-bts: ${uri}: ${m}`) })));
    const text = current.getText();
    const settings = exact.settingsFor(uri, baseSettings, text);
    const t0 = performance.now();
    try {
      const hint = changedSince.get(uri);
      changedSince.delete(uri);
      // The analyzer falls back to a full analysis by itself (and logs why) when the incremental path fails.
      const result = analyzer.update(text, settings, hint === 'unknown' ? undefined : hint);
      if (!exactRefresh.delete(uri)) lastAnalysis = { uri, version: current.version, ms: performance.now() - t0, ...analyzer.last };
      results.set(uri, { revision, result });
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
    const revision = revisionOf(uri);
    const result = await analysisOf(uri);
    if (!result || !documents.get(uri) || revisionOf(uri) !== revision) return;
    // Let changes that arrived during the analysis be applied before publishing: a result of a
    // version that is no longer current is dropped (a newer analysis is scheduled).
    await new Promise((resolve) => setImmediate(resolve));
    const now = results.get(uri);
    if (!documents.get(uri) || revisionOf(uri) !== revision || now?.result !== result || published.get(uri) === result) return;
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

  const burstDelay = () => Math.min(BURST_MAX_MS, Math.max(BURST_MIN_MS, 4 * lastMs));
  const run = async (uri: string) => {
    running.add(uri);
    dirty.delete(uri);
    try {
      await validate(uri);
    } finally {
      running.delete(uri);
      lastMs = lastAnalysis?.ms ?? lastMs;
    }
    if (dirty.has(uri) && documents.get(uri)) schedule(uri, burstDelay());
    else void settled(uri);
  };
  /**
   * Tells the client that the analysis of the document's current version is settled: published
   * (or found unchanged) and nothing else pending for it. Tests wait on it instead of sleeping.
   */
  const settled = async (uri: string) => {
    // After the listeners' own notifications (the summary waits on the settings once).
    await new Promise((resolve) => setImmediate(resolve));
    const doc = documents.get(uri);
    if (!doc || timers.has(uri) || running.has(uri) || dirty.has(uri)) return;
    void connection.sendNotification(ANALYSIS_SETTLED_NOTIFICATION, { uri, version: doc.version });
  };
  /** validate runs unawaited: whatever fails is logged, never left to reject. */
  const validateGuarded = (uri: string): Promise<void> =>
    validate(uri).catch((e: unknown) => connection.console.error(`rapport-bts: validation failed for ${uri}: ${(e as Error)?.stack ?? String(e)}`));

  const schedule = (uri: string, delay: number) => {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        run(uri).catch((e: unknown) => connection.console.error(`rapport-bts: validation failed for ${uri}: ${(e as Error)?.stack ?? String(e)}`));
      }, delay),
    );
  };
  /** A change: analysed at once when isolated, coalesced within a burst. */
  const changed = (uri: string) => {
    const now = performance.now();
    const before = lastChangeAt.get(uri);
    lastChangeAt.set(uri, now);
    if (running.has(uri)) {
      dirty.add(uri);
      return;
    }
    const isolated = before === undefined || now - before > BURST_GAP_MS;
    schedule(uri, isolated ? 0 : burstDelay());
  };

  const ctx: ServerContext = {
    // Positions in and out converted to the negotiated encoding (identity for UTF-16).
    connection: withPositionEncoding(connection, documents, () => positionEncoding),
    documents,
    registry,
    rules,
    client: () => clientCapabilities,
    clientCommands: () => clientCommands,
    positionEncoding: () => positionEncoding,
    onCommand: (name, run) => void commands.set(name, run),
    // With the exact page figures when they were counted on the text now open.
    getSettings: async (uri) => {
      const settings = await getSettings(uri);
      const d = documents.get(uri);
      return d ? exact.settingsFor(uri, settings, d.getText()) : settings;
    },
    analysisOf,
    onDidAnalyze: (l) => listeners.push(l),
  };

  connection.onInitialize((params: InitializeParams) => {
    clientCapabilities = params.capabilities ?? {};
    positionEncoding = negotiatePositionEncoding(clientCapabilities);
    hasConfiguration = !!clientCapabilities.workspace?.configuration;
    const options = (params.initializationOptions ?? {}) as { settings?: unknown; clientCommands?: unknown; diagnostics?: unknown };
    globalSettings = options.settings;
    clientCommands = Array.isArray(options.clientCommands) ? options.clientCommands.filter((c): c is string => typeof c === 'string') : [];
    // A client may ask for pushed diagnostics although it could pull them (VS Code's client pulls
    // only for the documents visible in a tab; pushed, every open report shows in Problems).
    if (options.diagnostics === 'push' && clientCapabilities.textDocument?.diagnostic) {
      clientCapabilities = { ...clientCapabilities, textDocument: { ...clientCapabilities.textDocument, diagnostic: undefined } };
    }
    const pull = pullDiagnostics(clientCapabilities);
    return {
      capabilities: {
        ...capabilities,
        positionEncoding,
        ...(pull ? { diagnosticProvider: { identifier: SOURCE, interFileDependencies: false, workspaceDiagnostics: false } } : {}),
        executeCommandProvider: { commands: [...commands.keys()] },
      },
      serverInfo: { name: 'rapport-bts', version: VERSION },
    };
  });
  connection.onInitialized(() => {
    if (profileProblem) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message: profileProblem });
    // Only a client that registers capabilities dynamically may be asked to (eglot warns otherwise);
    // the others send workspace/didChangeConfiguration anyway, or not at all.
    if (hasConfiguration && clientCapabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'rapport' }).catch(() => undefined);
    }
  });

  registerDiagnostics(ctx);
  registerCodeActions(ctx);
  registerCodeLens(ctx);
  registerPlan(ctx);
  registerCompetences(ctx);
  registerClasse(ctx);
  registerStats(ctx, () => ({ lastAnalysis, exact: exact.stats }));
  registerExport(ctx, exact);
  connection.onExecuteCommand(async (params) => {
    const run = commands.get(params.command);
    if (!run) return null;
    try {
      return await run(params.arguments ?? []);
    } catch (e) {
      connection.console.error(`rapport-bts: command ${params.command} failed: ${(e as Error).stack ?? String(e)}`);
      return null;
    }
  });

  documents.onDidOpen((e) => {
    opening.add(e.document.uri);
    changedSince.delete(e.document.uri);
    void validateGuarded(e.document.uri).then(() => settled(e.document.uri));
    if (isMarkdown(e.document)) exact.schedule(e.document.uri);
  });
  documents.onDidChangeContent((e) => {
    // TextDocuments also fires a change when a document opens: that one is analysed already.
    if (opening.delete(e.document.uri)) return;
    changed(e.document.uri);
    if (isMarkdown(e.document)) exact.schedule(e.document.uri);
  });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    results.delete(uri);
    analyzers.delete(uri);
    changedSince.delete(uri);
    published.delete(uri);
    opening.delete(uri);
    revisions.delete(uri);
    settingsCache.delete(uri);
    lastChangeAt.delete(uri);
    dirty.delete(uri);
    exact.forget(uri);
    exactRefresh.delete(uri);
    // The document's content memos (paragraph scores, heading matches…) go with its analyzer.
  });
  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    reportedProblems.clear();
    if (!hasConfiguration) {
      const sent: unknown = change?.settings;
      globalSettings = sent !== null && typeof sent === 'object' ? (sent as { rapport?: unknown }).rapport : undefined;
    }
    results.clear();
    for (const doc of documents.all()) void validateGuarded(doc.uri).then(() => settled(doc.uri));
    exact.resetAll(documents.all().filter(isMarkdown).map((d) => d.uri));
    if (pullDiagnostics(clientCapabilities) && clientCapabilities.workspace?.diagnostics?.refreshSupport) {
      connection.languages.diagnostics.refresh();
    }
  });

  connection.onShutdown(() => exact.dispose());
  documents.listen(connection);
  connection.listen();
  // Over stdio, a lying Content-Length would leave the server alive and deaf: it ends instead,
  // and the client starts a new one (see framing.ts). Attached after the reader, so both see every chunk.
  if (!given && process.argv.includes('--stdio')) {
    const silence = Number(process.env.RAPPORT_BTS_FRAMING_SILENCE_MS);
    watchFraming(
      process.stdin,
      (why) => {
        const message = `rapport-bts: flux LSP illisible (${why}) : le serveur s'arrête pour être relancé par l'éditeur.\n`;
        try {
          process.stderr.write(message);
        } catch {
          // stderr gone too: exit all the same.
        }
        process.exit(1);
      },
      silence > 0 ? silence : undefined,
    );
  }
  return connection;
}
