// The LSP test harness: one client over the real server, either as a process
// (`rapport-bts lsp --stdio`, the way an editor runs it) or in-process on memory streams. It
// records what the server publishes and waits on the server's `rapport/analysisSettled`
// notification for a version, never on a delay. A test that registers its own handler for a
// notification the harness listens to replaces the harness's: use `onPublish` instead.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  ConfigurationRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

const root = join(__dirname, '..', '..');

/** The notification the server sends once the analysis of a document version is settled. */
export const ANALYSIS_SETTLED = 'rapport/analysisSettled';

interface Waiter {
  test: () => boolean;
  resolve: () => void;
}

export class LspClient {
  readonly conn: ProtocolConnection;
  readonly messages: string[] = [];
  /** Every publication, in order. */
  readonly publications: PublishDiagnosticsParams[] = [];
  /** Settled versions per document, in order. */
  private readonly settledVersions = new Map<string, number[]>();
  private readonly waiters: Waiter[] = [];
  configuration: unknown = {};
  /** Called on each publication (a test's own hook; the harness records them all anyway). */
  onPublish: ((p: PublishDiagnosticsParams) => void) | undefined;
  stderr = '';
  /** Resolves when the server stops (process exit code; null in-process). */
  readonly exited: Promise<number | null>;
  private readonly proc: ChildProcessWithoutNullStreams | undefined;

  private constructor(conn: ProtocolConnection, proc?: ChildProcessWithoutNullStreams) {
    this.conn = conn;
    this.proc = proc;
    this.exited = proc ? new Promise((resolve) => proc.once('exit', (code) => resolve(code))) : new Promise(() => {});
    proc?.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.publications.push(p);
      this.onPublish?.(p);
      this.wake();
    });
    conn.onNotification(ANALYSIS_SETTLED, (p: { uri: string; version: number }) => {
      const list = this.settledVersions.get(p.uri) ?? [];
      list.push(p.version);
      this.settledVersions.set(p.uri, list);
      this.wake();
    });
    conn.onNotification(ShowMessageNotification.type, (p) => {
      this.messages.push(p.message);
      this.wake();
    });
    conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => this.configuration));
    conn.onRequest(RegistrationRequest.type, () => null);
  }

  /**
   * The server as an editor starts it: `node dist/cli.js lsp --stdio`; `nodeArgs` go before the
   * script (`--expose-gc` lets `rapport/stats { gc: true }` collect), `env` is added to this process's.
   * Without exact page counts (RAPPORT_BTS_EXACT=off) unless `env` turns them on
   * (`RAPPORT_BTS_EXACT: 'on'`): a test of something else gets no typesetting process a second
   * after each change, which took the CPU of the tests running beside it.
   */
  static stdio(options: { nodeArgs?: string[]; env?: Record<string, string> } = {}): LspClient {
    const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), join(root, 'dist', 'cli.js'), 'lsp', '--stdio'], {
      cwd: root,
      env: { ...process.env, RAPPORT_BTS_EXACT: 'off', ...options.env },
    });
    const client = new LspClient(createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin)), proc);
    client.conn.listen();
    return client;
  }

  /**
   * The server in this process on memory streams; `setup` registers the test's own handlers
   * before the connection listens. (`start` is `startServer` from server/src/lsp/server.ts.)
   */
  static inProcess(start: (toServer: PassThrough, toClient: PassThrough) => void, setup: (client: LspClient) => void = () => {}): LspClient {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    start(toServer, toClient);
    const client = new LspClient(createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer)));
    setup(client);
    client.conn.listen();
    return client;
  }

  private wake(): void {
    for (const w of [...this.waiters]) {
      if (w.test()) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  /** Resolves once `test` holds (checked on each message from the server); fails after `timeoutMs` with `what`. */
  until(test: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`timeout: ${what}\n${this.stderr}`));
      }, timeoutMs);
      const waiter: Waiter = { test, resolve: () => (clearTimeout(timer), resolve()) };
      this.waiters.push(waiter);
    });
  }

  /** The publications for a document, in order. */
  published(uri: string): PublishDiagnosticsParams[] {
    return this.publications.filter((p) => p.uri === uri);
  }

  /** Resolves when the analysis of this version of the document is settled (published, nothing pending). */
  settled(uri: string, version: number, timeoutMs?: number): Promise<void> {
    return this.until(() => (this.settledVersions.get(uri) ?? []).includes(version), `analysis of ${uri} version ${version} settled`, timeoutMs);
  }

  /** Resolves with the next publication for `uri` after the `after`-th one. */
  async next(uri: string, after = this.published(uri).length, timeoutMs?: number): Promise<PublishDiagnosticsParams> {
    await this.until(() => this.published(uri).length > after, `diagnostics published for ${uri}`, timeoutMs);
    return this.published(uri)[after]!;
  }

  open(uri: string, text: string, version = 1): void {
    void this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): void {
    void this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  /** Races a request against the server's death, so a crash fails with its stderr, not a timeout. */
  request<T>(p: Promise<T>): Promise<T> {
    const died = this.exited.then((code) => {
      throw new Error(`the server exited (code ${code}) — stderr:\n${this.stderr}`);
    });
    return Promise.race([p, died]);
  }

  /** Shutdown and exit; resolves with the process exit code (null in-process). */
  async stop(): Promise<number | null> {
    let code: number | null = null;
    if (this.proc && this.proc.exitCode === null) {
      await this.request(this.conn.sendRequest(ShutdownRequest.type));
      void this.conn.sendNotification(ExitNotification.type);
      code = await this.exited;
    }
    this.conn.dispose();
    return code;
  }

  /** Writes raw bytes to the server's stdin (protocol abuse tests; stdio servers only). */
  writeRaw(bytes: string | Buffer): void {
    if (!this.proc) throw new Error('writeRaw needs a server process');
    this.proc.stdin.write(bytes);
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }
}
