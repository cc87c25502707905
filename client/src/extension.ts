// The VS Code client: starts the language server and shows what it reports.

import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { STATS_REQUEST, SUMMARY_NOTIFICATION, type ServerStats } from '../../server/src/protocol';
import { StatusBar, type ReportSummary } from './statusBar';
import { registerNewReport } from './newReport';
import { COMMANDS, insertSection, revealLine, selectRange, showBreakdown } from './pages';
import { PlanView, type PlanNode } from './planView';
import { CLASSE_COMMAND, checkWorkspace, classeMessage, type ClasseMessage } from './classe';
import type { ClassSummary } from '../../server/src/classe/row';
import { EXPORT_COMMANDS, exportReport, type ExportOptions } from './export';
import { registerSnippets } from './snippets';

let client: LanguageClient | undefined;

/** A server that dies is restarted, up to MAX_RESTARTS times within RESTART_WINDOW_MS. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60_000;

/**
 * vscode-languageclient's default policy (restart up to 4 times in 3 minutes), with the message
 * shown when it gives up in the student's language and saying what to do.
 */
function restartPolicy(): ErrorHandler {
  let restarts: number[] = [];
  return {
    // A message that could not be read or written: carry on for the first three, as the default does.
    error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
    closed: () => {
      const now = Date.now();
      restarts = restarts.filter((t) => now - t < RESTART_WINDOW_MS);
      if (restarts.length < MAX_RESTARTS) {
        restarts.push(now);
        return { action: CloseAction.Restart };
      }
      const message = `Rapport BTS : le serveur de vérification s'est arrêté ${restarts.length + 1} fois en 3 minutes et ne sera plus relancé. Lance la commande « Développeur : Recharger la fenêtre » pour le redémarrer ; la sortie « Rapport BTS » montre ce qui s'est passé.`;
      void vscode.window.showErrorMessage(message);
      return { action: CloseAction.DoNotRestart, message, handled: true };
    },
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
      { scheme: 'vscode-remote', language: 'markdown' },
    ],
    synchronize: { configurationSection: 'rapport' },
    // A function: a restarted server gets the settings of the moment.
    // The breakdown lens opens a quick pick here (other editors get the server's own command), and
    // diagnostics are pushed: VS Code's client would pull them only for documents shown in a tab.
    initializationOptions: () => ({
      settings: vscode.workspace.getConfiguration('rapport'),
      clientCommands: [COMMANDS.breakdown, COMMANDS.placeholder],
      diagnostics: 'push',
    }),
    errorHandler: restartPolicy(),
    middleware: {
      // A diagnostic's code opens the rule's page shipped inside the extension (docs/rules/<code>.md,
      // in the .vsix), not a web address that may not be reachable.
      handleDiagnostics: (uri, diagnostics, next) => {
        for (const d of diagnostics) {
          const code = typeof d.code === 'object' ? d.code.value : d.code;
          if (d.source === 'rapport-bts' && typeof code === 'string' && /^[a-z-]+$/.test(code)) {
            d.code = { value: code, target: vscode.Uri.file(context.asAbsolutePath(path.join('docs', 'rules', `${code}.md`))) };
          }
        }
        next(uri, diagnostics);
      },
      // LSP commands have no tooltip: the page lenses say what "a page" means under the page model.
      provideCodeLenses: async (document, token, next) => {
        const lenses = await next(document, token);
        const plan = summaries.get(document.uri.toString())?.plan;
        if (lenses && plan) for (const l of lenses) if (l.command) l.command.tooltip = plan.pageModel;
        return lenses;
      },
    },
  };
  client = new LanguageClient('rapportBts', 'Rapport BTS', serverOptions, clientOptions);

  const statusBar = new StatusBar();
  context.subscriptions.push(statusBar);
  context.subscriptions.push(registerNewReport(context));
  const summaries = new Map<string, ReportSummary>();
  const onSummary = new vscode.EventEmitter<ReportSummary>();
  context.subscriptions.push(onSummary);

  const planView = new PlanView();
  context.subscriptions.push(planView);
  context.subscriptions.push(...registerSnippets(context, (doc) => !!summaries.get(doc.uri.toString())?.bts));
  const lc = client;
  // The plan follows the active editor: a report shows its plan, any other file empties the
  // view with a message. A panel or a preview taking the focus (no text editor, or the Output's)
  // keeps the plan while its report is still on screen.
  const showPlanOf = (editor: vscode.TextEditor | undefined) => {
    const doc = editor && ['file', 'untitled', 'vscode-remote'].includes(editor.document.uri.scheme) ? editor.document : undefined;
    if (!doc) {
      const shown = planView.uri;
      if (!shown || !vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === shown)) planView.clear();
      return;
    }
    const uri = doc.uri.toString();
    const s = summaries.get(uri);
    const name = doc.isUntitled ? 'ce document' : `« ${vscode.workspace.asRelativePath(doc.uri)} »`;
    if (s?.plan) planView.show(uri, s.plan);
    else if (s || doc.languageId !== 'markdown') {
      planView.clear(`${name[0]!.toUpperCase()}${name.slice(1)} n'est pas un rapport de stage (pas de « bts: » dans son en-tête) : ouvre ton rapport pour voir son plan.`);
    } else planView.clear(`Lecture de ${name}…`); // its summary follows
  };
  const asUri = (u: unknown): vscode.Uri | undefined =>
    u instanceof vscode.Uri ? u : typeof u === 'string' ? vscode.Uri.parse(u) : vscode.window.activeTextEditor?.document.uri;
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.breakdown, async (arg?: unknown) => {
      const uri = asUri(arg);
      const plan = uri ? summaries.get(uri.toString())?.plan : undefined;
      if (!uri || !plan) {
        void vscode.window.showInformationMessage('Rapport BTS : ouvre un rapport de stage (en-tête avec « bts: ») pour voir ses pages.');
        return;
      }
      await showBreakdown(lc, uri, plan);
    }),
    // Run by VS Code after a quick fix inserting a skeleton (the server adds it to the code action).
    vscode.commands.registerCommand(COMMANDS.placeholder, (uri: unknown, range: unknown) => selectRange(asUri(uri), range)),
    vscode.commands.registerCommand(COMMANDS.reveal, async (arg: unknown, line?: number) => {
      const node = arg as PlanNode | undefined;
      const uri = node && typeof node === 'object' && 'kind' in node ? vscode.Uri.parse(node.uri) : asUri(arg);
      const at = node && typeof node === 'object' && 'kind' in node ? node.line : line;
      if (uri && typeof at === 'number') await revealLine(uri, at);
    }),
    vscode.commands.registerCommand(COMMANDS.insert, async (arg: unknown, id?: string, options?: { confirm?: boolean }) => {
      const node = arg as PlanNode | undefined;
      const fromNode = !!node && typeof node === 'object' && 'kind' in node;
      const uri = fromNode ? vscode.Uri.parse(node!.uri) : asUri(arg);
      const section = fromNode ? node!.id : id;
      if (!uri || !section) return false;
      if (options?.confirm) {
        const label = fromNode ? node!.label : planView.items().find((n) => n.id === section)?.label ?? section;
        const insert = 'Insérer';
        const ok = await vscode.window.showInformationMessage(
          `La section « ${label} » manque. L'insérer à sa place dans le rapport ?`,
          insert,
        );
        if (ok !== insert) return false;
      }
      return insertSection(lc, uri, section);
    }),
    ...(['pdf', 'docx'] as const).map((format) =>
      vscode.commands.registerCommand(EXPORT_COMMANDS[format], async (arg?: unknown, options?: ExportOptions) => {
        const node = arg as PlanNode | undefined;
        const uri = node && typeof node === 'object' && 'kind' in node ? vscode.Uri.parse(node.uri) : arg === undefined && planView.uri && !vscode.window.activeTextEditor ? vscode.Uri.parse(planView.uri) : asUri(arg);
        if (!uri) {
          void vscode.window.showInformationMessage("Rapport BTS : ouvre un rapport de stage (en-tête avec « bts: ») pour l'exporter.");
          return undefined;
        }
        return exportReport(lc, uri, format, options);
      }),
    ),
  );
  // Editor title menu: the export buttons show on reports only.
  const setReportContext = (editor: vscode.TextEditor | undefined) => {
    const s = editor ? summaries.get(editor.document.uri.toString()) : undefined;
    void vscode.commands.executeCommand('setContext', 'rapportBts.isReport', !!s?.bts);
  };

  context.subscriptions.push(vscode.commands.registerCommand(CLASSE_COMMAND, () => checkWorkspace(lc)));

  await client.start();
  context.subscriptions.push(
    client.onNotification(SUMMARY_NOTIFICATION, (s: ReportSummary) => {
      summaries.set(s.uri, s);
      statusBar.update(vscode.window.activeTextEditor, summaries);
      setReportContext(vscode.window.activeTextEditor);
      const active = vscode.window.activeTextEditor;
      if (active?.document.uri.toString() === s.uri) showPlanOf(active);
      else if (planView.uri === s.uri) {
        if (s.plan) planView.show(s.uri, s.plan);
        else showPlanOf(active);
      }
      // Last: listeners (tests, other views) see the status bar and the plan already updated.
      onSummary.fire(s);
    }),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      statusBar.update(e, summaries);
      setReportContext(e);
      showPlanOf(e);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => summaries.delete(d.uri.toString())),
  );
  statusBar.update(vscode.window.activeTextEditor, summaries);
  showPlanOf(vscode.window.activeTextEditor);

  return {
    summaryOf: (uri: vscode.Uri) => summaries.get(uri.toString()),
    onDidUpdateSummary: onSummary.event,
    statusBarText: () => statusBar.text,
    planItems: () => planView.items(),
    planUri: () => planView.uri,
    planMessage: () => planView.message,
    serverStats: () => lc.sendRequest<ServerStats>(STATS_REQUEST),
    checkWorkspace: () => checkWorkspace(lc),
    classeMessage,
  };
}

export interface ExtensionApi {
  summaryOf(uri: vscode.Uri): ReportSummary | undefined;
  onDidUpdateSummary: vscode.Event<ReportSummary>;
  statusBarText(): string | undefined;
  /** Rows of the "Plan du rapport" view (total, expected sections in order, page groups). */
  planItems(): PlanNode[];
  /** The report the plan view shows. */
  planUri(): string | undefined;
  /** The message the plan view shows instead of rows (no report), undefined with a plan. */
  planMessage(): string | undefined;
  /** The server's `rapport/stats` (process id, memory…): waits for a restarting server. */
  serverStats(): Promise<ServerStats>;
  /** Runs "Check all reports in the folder": the class summary (also shown in its webview). */
  checkWorkspace(): Promise<ClassSummary | undefined>;
  /** Handles a message as the summary's webview sends it (`open` a finding, `save`): false without a summary shown. */
  classeMessage(m: ClasseMessage): Promise<boolean>;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
